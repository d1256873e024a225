"""Saved lists of Viborg (the factories' default) and their daily counts."""

from __future__ import annotations

from datetime import date

import factory

from brobygger.accounts.tests.factories import UserFactory
from brobygger.lists.models import ListSnapshot, SavedList
from brobygger.partnerships.tests.factories import municipality


class SavedListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedList

    municipality = factory.LazyFunction(municipality)
    owner = factory.SubFactory(
        UserFactory, role="caseworker", municipality=factory.SelfAttribute("..municipality")
    )
    name = factory.Sequence(lambda n: f"Ikke kontaktet i 3 måneder ({n})")
    filters = factory.LazyFunction(lambda: {"not_contacted_months": 3})

    class Params:
        shared_in_municipality = factory.Trait(shared=True)
        identified_only = factory.Trait(filters={"status": "identified"})


class ListSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ListSnapshot

    saved_list = factory.SubFactory(SavedListFactory)
    taken_on = factory.Sequence(lambda n: date.fromordinal(date(2026, 11, 1).toordinal() + n))
    count = 12

    class Params:
        empty = factory.Trait(count=0)
