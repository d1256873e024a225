"""Case notes, tasks and conversations of people of Viborg (the factories' default)."""

from __future__ import annotations

from datetime import date

import factory

from brobygger.accounts.tests.factories import UserFactory
from brobygger.cases.models import (
    CaseNote,
    CaseNoteRevision,
    Conversation,
    ConversationKind,
    DigestPreference,
    Task,
)
from brobygger.partnerships.tests.factories import municipality
from brobygger.people.tests.factories import PersonFactory


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    person = factory.SubFactory(PersonFactory)
    concerns_on = date(2026, 11, 20)
    text = factory.Sequence(lambda n: f"Talte med hende om praktik, samtale {n}.")
    author = factory.SubFactory(UserFactory)

    class Params:
        sensitive_health = factory.Trait(sensitive=True, category="health")


class CaseNoteRevisionFactory(factory.django.DjangoModelFactory):
    """An earlier version of a note (the correction service makes them)."""

    class Meta:
        model = CaseNoteRevision

    note = factory.SubFactory(CaseNoteFactory)
    concerns_on = date(2026, 11, 19)
    text = "Den første udgave af notatet."
    replaced_by = factory.SubFactory(UserFactory)


class DigestPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DigestPreference

    user = factory.SubFactory(UserFactory)
    daily_digest = True


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    municipality = factory.LazyFunction(lambda: municipality("791"))
    title = factory.Sequence(lambda n: f"Ring tilbage {n}")
    assignee = factory.SubFactory(UserFactory)
    due_on = date(2026, 11, 25)


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    person = factory.SubFactory(PersonFactory)
    kind = ConversationKind.FIRST
    held_on = date(2026, 11, 20)
    participants = "Hun og sagsbehandleren"
