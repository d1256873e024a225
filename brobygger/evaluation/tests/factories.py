"""A partnership's pseudonym key (made on the first extract; a factory for tests that need
one before), and an extract asked for (waiting for the worker unless told otherwise)."""

from __future__ import annotations

import secrets

import factory

from brobygger.accounts.tests.factories import UserFactory
from brobygger.core.crypto import encrypt
from brobygger.evaluation.models import ExtractFormat, ExtractRun, PseudonymKey
from brobygger.partnerships.tests.factories import PartnershipFactory


class PseudonymKeyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PseudonymKey

    partnership = factory.SubFactory(PartnershipFactory)
    secret = factory.LazyFunction(lambda: encrypt(secrets.token_hex(32)))


class ExtractRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExtractRun

    partnership = factory.SubFactory(PartnershipFactory)
    requested_by = factory.SubFactory(UserFactory)
    file_format = ExtractFormat.CSV
