"""Imported lists: their sources, imports, rows and the possible duplicates they leave for
review. In Viborg unless told otherwise."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import factory

from brobygger.accounts.tests.factories import UserFactory
from brobygger.linkage.models import (
    CandidateStatus,
    DuplicateCandidate,
    ImportBatch,
    ImportPhase,
    ImportRow,
    ImportStatus,
    ListSource,
    RowOutcome,
)
from brobygger.outreach.tests.factories import method
from brobygger.partnerships.tests.factories import municipality
from brobygger.people.tests.factories import PersonFactory

FINISHED = datetime(2026, 11, 16, 10, 5, tzinfo=ZoneInfo("Europe/Copenhagen"))


class ListSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ListSource

    municipality = factory.LazyFunction(municipality)
    name = factory.Sequence(lambda n: f"Sprogskolen {n:03d}")
    method = factory.LazyFunction(method)
    column_mapping = factory.LazyFunction(lambda: {"Fornavn": "first_name"})


class ImportBatchFactory(factory.django.DjangoModelFactory):
    """A finished import of two rows: one new person, one matched; ``running=True``,
    ``failed=True`` or ``uploaded=True`` for an import in another state."""

    class Meta:
        model = ImportBatch

    municipality = factory.LazyFunction(municipality)
    source = factory.SubFactory(
        ListSourceFactory, municipality=factory.SelfAttribute("..municipality")
    )
    original_name = "liste.csv"
    encoding = "utf-8"
    status = ImportStatus.DONE
    rows_total = 2
    rows_done = 2
    new_count = 1
    matched_count = 1
    started_at = FINISHED
    finished_at = FINISHED
    created_by = factory.SubFactory(UserFactory, caseworker=True)

    class Params:
        uploaded = factory.Trait(
            status=ImportStatus.UPLOADED,
            rows_done=0,
            new_count=0,
            matched_count=0,
            started_at=None,
            finished_at=None,
        )
        running = factory.Trait(
            status=ImportStatus.RUNNING,
            phase=ImportPhase.LINKING,
            new_count=0,
            matched_count=0,
            finished_at=None,
        )
        failed = factory.Trait(
            status=ImportStatus.FAILED, error="Filen kunne ikke læses", new_count=0
        )


class ImportRowFactory(factory.django.DjangoModelFactory):
    """A row that became a new person; ``rejected=True`` for one with a problem."""

    class Meta:
        model = ImportRow

    batch = factory.SubFactory(ImportBatchFactory)
    row_number = factory.Sequence(lambda n: n + 2)
    values = factory.LazyFunction(dict)
    outcome = RowOutcome.NEW
    person = factory.SubFactory(
        PersonFactory, municipality=factory.SelfAttribute("..batch.municipality")
    )

    class Params:
        rejected = factory.Trait(
            outcome=RowOutcome.REJECTED,
            person=None,
            values=factory.LazyFunction(lambda: {"first_name": "", "last_name": "Warsame"}),
            problems=factory.LazyFunction(
                lambda: [{"column": "Fornavn", "message": "Mangler", "rejects": True}]
            ),
        )


class DuplicateCandidateFactory(factory.django.DjangoModelFactory):
    """Two people of one municipality who may be the same, waiting for review (the older
    person is ``person_a``); ``different=True`` once someone decided they are not."""

    class Meta:
        model = DuplicateCandidate

    municipality = factory.LazyFunction(municipality)
    person_a = factory.SubFactory(
        PersonFactory, municipality=factory.SelfAttribute("..municipality")
    )
    person_b = factory.SubFactory(
        PersonFactory,
        municipality=factory.SelfAttribute("..municipality"),
        first_name=factory.SelfAttribute("..person_a.first_name"),
        last_name=factory.SelfAttribute("..person_a.last_name"),
    )
    probability = 0.82
    evidence = factory.LazyFunction(lambda: {"first_name": ["exact", 4.2]})

    class Params:
        later = factory.Trait(status=CandidateStatus.LATER)
        different = factory.Trait(
            status=CandidateStatus.DIFFERENT,
            decided_at=FINISHED,
            decided_by=factory.SubFactory(UserFactory, caseworker=True),
        )
