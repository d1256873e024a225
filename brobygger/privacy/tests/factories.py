"""Retention rules, answered data-subject requests and runs of the retention purge."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import factory

from brobygger.accounts.tests.factories import UserFactory
from brobygger.partnerships.tests.factories import municipality
from brobygger.privacy.models import (
    DataSubjectRequest,
    PurgeRun,
    PurgeTrigger,
    RequestKind,
    RetentionRule,
)

FINISHED = datetime(2026, 11, 22, 3, 1, tzinfo=ZoneInfo("Europe/Copenhagen"))


class RetentionRuleFactory(factory.django.DjangoModelFactory):
    """Viborg's retention rule (one per municipality); ``short=True`` for short periods."""

    class Meta:
        model = RetentionRule
        django_get_or_create = ("municipality",)

    municipality = factory.LazyFunction(municipality)

    class Params:
        short = factory.Trait(never_contacted_months=3, after_last_activity_months=6)


class DataSubjectRequestFactory(factory.django.DjangoModelFactory):
    """An access request answered by Viborg's lead (``person_id=...`` for whom);
    ``erasure=True`` for an erasure."""

    class Meta:
        model = DataSubjectRequest

    municipality = factory.LazyFunction(municipality)
    person_id = factory.Sequence(lambda n: 900_000 + n)
    kind = RequestKind.ACCESS
    received_on = date(2026, 11, 16)
    answered_by = factory.SubFactory(UserFactory, municipal_lead=True)
    rows = 14

    class Params:
        erasure = factory.Trait(kind=RequestKind.ERASURE, rows=0)


class PurgeRunFactory(factory.django.DjangoModelFactory):
    """A finished scheduled purge that erased one person of Viborg; ``dry_run=True`` for a
    preview, ``unfinished=True`` for one still running (or stopped)."""

    class Meta:
        model = PurgeRun

    finished_at = FINISHED
    trigger = PurgeTrigger.SCHEDULE
    counts = factory.LazyFunction(lambda: {"791": {"people_never_contacted": 1}})

    class Params:
        from_page = factory.Trait(
            trigger=PurgeTrigger.PAGE, actor=factory.SubFactory(UserFactory, administrator=True)
        )
        unfinished = factory.Trait(finished_at=None)
