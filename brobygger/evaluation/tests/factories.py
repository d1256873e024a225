"""A partnership's pseudonym key (made on the first extract; a factory for tests that need
one before)."""

from __future__ import annotations

import secrets

import factory

from brobygger.core.crypto import encrypt
from brobygger.evaluation.models import PseudonymKey
from brobygger.partnerships.tests.factories import PartnershipFactory


class PseudonymKeyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PseudonymKey

    partnership = factory.SubFactory(PartnershipFactory)
    secret = factory.LazyFunction(lambda: encrypt(secrets.token_hex(32)))
