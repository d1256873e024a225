"""The fact table (``PersonFact``) follows every service that writes what it sums up, in the
same transaction, and a rebuild from the records gives the same rows.

The root conftest compares the kept table with a rebuild after every test of the service
modules (people, interventions, erasure, the list import); this test walks one person through
every service that moves her row and compares after each step."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from brobygger.interventions.models import Completion, InterventionType, OutcomeKind
from brobygger.interventions.services import (
    ConfidenceData,
    EnrolmentData,
    OutcomeData,
    confidence_record,
    enrolment_remove,
    enrolment_save,
    outcome_record,
)
from brobygger.measures.models import PersonFact
from brobygger.measures.receivers import facts_after_migrate
from brobygger.measures.services import rebuild_facts, refresh_facts, stale_facts
from brobygger.outreach.models import OutreachMethod
from brobygger.people.contacts import contact_attempt_record
from brobygger.people.merging import merge_undo, person_merge
from brobygger.people.models import IntegrationPeriod, Person, StatusEvent
from brobygger.people.services import (
    Origin,
    people_found_again,
    person_register,
    person_status_change,
    person_update,
)
from brobygger.people.tests.factories import PersonFactory
from brobygger.privacy.services import person_erase
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


def _fact(person: Person) -> PersonFact:
    assert not stale_facts()
    return PersonFact.objects.get(person=person)


def test_every_service_keeps_her_row(cast: Cast) -> None:
    today = timezone.localdate()
    lists, posters = OutreachMethod.objects.order_by("category", "position")[:2]
    person = person_register(
        actor=cast.alice, municipality=cast.viborg, first_name="Malee", method=posters
    )
    fact = _fact(person)
    assert (fact.identified_on, fact.first_method_id, fact.status_to) == (
        today,
        posters.pk,
        "identified",
    )
    assert fact.first_contacted_on is None

    contact_attempt_record(actor=cast.alice, person=person, channel="sms", outcome="no_answer")
    assert _fact(person).first_attempted_on == today
    person_status_change(
        actor=cast.alice,
        person=person,
        to_status="contacted",
        occurred_on=today - timedelta(days=3),
    )
    fact = _fact(person)
    # Her latest step is the latest by its date: today's attempt, not the contact of before.
    assert (fact.first_contacted_on, fact.status_on, fact.status_to) == (
        today - timedelta(days=3),
        today,
        "contact_attempted",
    )
    person.refresh_from_db()
    person_update(
        actor=cast.alice,
        person=person,
        changes={"integration_period": IntegrationPeriod.COMPLETED},
        version=person.version,
    )
    assert _fact(person).integration_period == IntegrationPeriod.COMPLETED
    people_found_again([person], actor=cast.alice, origin=Origin(method=lists, note="list"))
    assert _fact(person).first_method_id == posters.pk  # the first touch stays the first

    practice = InterventionType.objects.get(name="Virksomhedspraktik")
    started = today - timedelta(days=20)
    enrolment = enrolment_save(
        actor=cast.alice,
        person=person,
        data=EnrolmentData(intervention_type=practice, started_on=started),
    )
    assert _fact(person).first_enrolled_on == started
    enrolment = enrolment_save(
        actor=cast.alice,
        person=person,
        enrolment=enrolment,
        version=enrolment.version,
        data=EnrolmentData(
            intervention_type=practice,
            started_on=started,
            ended_on=today,
            completion=Completion.COMPLETED,
        ),
    )
    assert (_fact(person).company_first_on, _fact(person).company_last_on) == (
        (today, today) if practice.company_oriented else (None, None)
    )
    # What a type is oriented to decides what its enrolments count for.
    practice.network_oriented = not practice.network_oriented
    practice.save()
    assert (_fact(person).network_first_on is not None) == practice.network_oriented
    enrolment_remove(actor=cast.alice, enrolment=enrolment, version=enrolment.version)
    assert _fact(person).first_enrolled_on is None

    outcome_record(
        actor=cast.alice,
        person=person,
        data=OutcomeData(kind=OutcomeKind.ORDINARY_JOB, started_on=today),
    )
    fact = _fact(person)
    assert (fact.first_outcome_on, fact.job_first_on, fact.education_first_on) == (
        today,
        today,
        None,
    )
    for days, score in ((10, 4), (0, 7)):
        confidence_record(
            actor=cast.alice,
            person=person,
            data=ConfidenceData(measured_on=today - timedelta(days=days), score=score),
        )
    fact = _fact(person)
    assert (fact.baseline_score, fact.latest_score) == (4, 7)

    # A merge moves the other record's events to her; undoing it moves them back.
    other = person_register(
        actor=cast.alice, municipality=cast.viborg, first_name="Malie", method=lists
    )
    person_status_change(
        actor=cast.alice,
        person=other,
        to_status="contacted",
        occurred_on=today - timedelta(days=30),
    )
    merge = person_merge(actor=cast.alice, survivor=person, merged=other)
    assert _fact(person).first_contacted_on == today - timedelta(days=30)
    assert (_fact(other).first_contacted_on, _fact(other).merged) == (None, True)
    merge_undo(actor=cast.alice, merge=merge)
    assert _fact(person).first_contacted_on == today - timedelta(days=3)
    assert (_fact(other).first_contacted_on, _fact(other).merged) == (
        today - timedelta(days=30),
        False,
    )

    # Erasure keeps the skeleton the figures count, and her row with it.
    person_erase(actor=cast.lene, person=person)
    assert _fact(person).job_first_on == today


def test_a_deleted_person_takes_her_row_with_her(cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    StatusEvent.objects.create(
        person=person, to_status="contacted", occurred_on=timezone.localdate()
    )
    assert PersonFact.objects.filter(person=person).exists()
    person.delete()
    assert not PersonFact.objects.exists()
    assert not stale_facts()


def test_a_write_that_rolls_back_takes_the_row_back(cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    with pytest.raises(RuntimeError), transaction.atomic():
        StatusEvent.objects.create(
            person=person, to_status="contacted", occurred_on=timezone.localdate()
        )
        assert PersonFact.objects.get(person=person).first_contacted_on is not None
        raise RuntimeError
    assert PersonFact.objects.get(person=person).first_contacted_on is None


def test_the_rebuild_and_its_check(cast: Cast) -> None:
    people = [PersonFactory(municipality=cast.viborg) for _ in range(3)]
    # A write behind the services' back (a raw queryset update) is what the check finds.
    StatusEvent.objects.bulk_create(
        [
            StatusEvent(person=p, to_status="contacted", occurred_on=timezone.localdate())
            for p in people
        ]
    )
    assert set(stale_facts()) == {p.pk for p in people}
    with pytest.raises(CommandError):
        call_command("rebuild_facts", "--check", stdout=StringIO())
    out = StringIO()
    call_command("rebuild_facts", stdout=out)
    assert json.loads(out.getvalue())["rows"] == Person._base_manager.count()
    assert not stale_facts()
    refresh_facts([people[0].pk])
    assert rebuild_facts() == Person._base_manager.count()
    assert not stale_facts()


def test_a_migrate_that_changed_the_table_rebuilds_its_rows(cast: Cast) -> None:
    """Rows are filled after ``migrate`` on the final schema (not by a migration calling the
    live code): only when a migration of ``measures`` was applied, and not backwards."""
    person = PersonFactory(municipality=cast.viborg)
    PersonFact.objects.all().delete()
    measures = MigrationLoader(None, ignore_no_migrations=True).graph.nodes[
        ("measures", "0002_person_facts")
    ]
    people = MigrationLoader(None, ignore_no_migrations=True).graph.nodes[
        ("people", "0001_initial")
    ]
    facts_after_migrate(None, plan=[(people, False)])
    facts_after_migrate(None, plan=[(measures, True)])
    assert not PersonFact.objects.exists()
    facts_after_migrate(None, plan=[(people, False), (measures, False)])
    assert PersonFact.objects.filter(person=person).exists()
    assert not stale_facts()


def test_aggregates_read_the_rows_of_the_municipalities_asked_for(cast: Cast) -> None:
    """A partnership of every municipality reads the fact table without a filter; any other
    reads its municipalities' rows only."""
    from brobygger.measures.criteria import facts_for_aggregates
    from brobygger.partnerships.models import Municipality
    from brobygger.people.tests.factories import PersonFactory

    viborg, hedensted = (
        PersonFactory(municipality=cast.viborg),
        PersonFactory(municipality=cast.hedensted),
    )
    everyone = list(Municipality.objects.values_list("pk", flat=True))
    assert len(everyone) > 2

    def people(ids: list[int]) -> set[int]:
        return set(facts_for_aggregates(municipality_ids=ids).values_list("pk", flat=True))

    assert people([cast.viborg.pk]) == {viborg.pk}
    assert people([pk for pk in everyone if pk != cast.hedensted.pk]) == {viborg.pk}
    assert people(everyone) == people(everyone + everyone) == {viborg.pk, hedensted.pk}
    assert "WHERE" not in str(facts_for_aggregates(municipality_ids=everyone).query)
