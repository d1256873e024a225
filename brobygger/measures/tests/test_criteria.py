"""The five success criteria against hand-computed fixtures and the issue's edge cases."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from brobygger.interventions.models import (
    Completion,
    ConfidenceMeasure,
    Enrolment,
    InterventionType,
    Outcome,
    OutcomeKind,
)
from brobygger.measures.criteria import BY_KEY, compute
from brobygger.measures.periods import Period
from brobygger.measures.services import refresh_facts
from brobygger.people.merging import person_merge
from brobygger.people.models import Person, PipelineStatus, StatusEvent
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db

Q3 = Period(date(2026, 7, 1), date(2026, 9, 30))
Q4 = Period(date(2026, 10, 1), date(2026, 12, 31))
COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def _person(
    municipality: object = None, *, created: date = date(2026, 6, 1), **fields: object
) -> Person:
    person = PersonFactory(**({"municipality": municipality} if municipality else {}), **fields)
    Person.objects.filter(pk=person.pk).update(
        created_at=datetime(created.year, created.month, created.day, 12, tzinfo=COPENHAGEN)
    )
    refresh_facts([person.pk])  # the update went behind the services' back
    return person


def _contact(person: Person, on: date) -> None:
    StatusEvent.objects.create(
        person=person, from_status="identified", to_status="contacted", occurred_on=on
    )


def _enrol(
    person: Person,
    name: str,
    start: date,
    end: date | None = None,
    completion: str = Completion.ONGOING,
) -> None:
    Enrolment.objects.create(
        person=person,
        intervention_type=InterventionType.objects.get(name=name),
        started_on=start,
        ended_on=end,
        completion=completion,
    )


def _results(
    cast: Cast, period: Period, municipalities: list[int] | None = None
) -> dict[str, tuple[int, int, Decimal | None]]:
    ids = municipalities or [cast.viborg.pk]
    return {
        r.criterion.key: (r.numerator, r.denominator, r.rate)
        for r in compute(municipality_ids=ids, period=period)
    }


def test_hand_computed_quarter(cast: Cast) -> None:
    # Four people in the target group, one not in it, one identified after the quarter.
    a = _person()
    b = _person()
    c = _person(status=PipelineStatus.MOVED_AWAY)  # moved away: still part of the target group
    d = _person()
    _person(status=PipelineStatus.NOT_IN_TARGET_GROUP)
    _person(created=date(2026, 10, 5))
    _contact(a, date(2026, 5, 20))  # contacted before the period: counts
    _contact(b, date(2026, 8, 1))
    _contact(c, date(2026, 8, 2))
    _enrol(
        a,
        "Madklub og sociale aktiviteter",
        date(2026, 6, 1),
        date(2026, 7, 15),
        Completion.COMPLETED,
    )
    _enrol(b, "Virksomhedspraktik", date(2026, 8, 1), date(2026, 9, 26), Completion.COMPLETED)
    _enrol(c, "Virksomhedspraktik", date(2026, 8, 1), date(2026, 9, 20), Completion.DROPPED_OUT)
    for day in (date(2026, 8, 3), date(2026, 9, 1)):  # two jobs: counted once
        Outcome.objects.create(person=b, kind=OutcomeKind.ORDINARY_JOB, started_on=day)
    Outcome.objects.create(
        person=d, kind=OutcomeKind.ORDINARY_EDUCATION, started_on=date(2026, 10, 2)
    )
    ConfidenceMeasure.objects.create(person=a, measured_on=date(2026, 6, 1), score=3)
    ConfidenceMeasure.objects.create(person=a, measured_on=date(2026, 9, 1), score=6)
    ConfidenceMeasure.objects.create(person=b, measured_on=date(2026, 8, 1), score=5)
    ConfidenceMeasure.objects.create(person=b, measured_on=date(2026, 10, 1), score=8)  # after Q3

    results = _results(cast, Q3)

    assert results["network"] == (1, 4, Decimal(1) / 4)
    assert results["job"] == (1, 4, Decimal(1) / 4)
    assert results["education"] == (0, 4, 0)
    assert results["company"] == (1, 3, Decimal(1) / 3)
    assert results["confidence"] == (1, 3, Decimal(1) / 3)
    q4 = _results(cast, Q4)
    assert q4["education"][:2] == (1, 5)
    assert q4["confidence"][:2] == (2, 3)


def test_an_enrolment_spanning_two_quarters_counts_in_both(cast: Cast) -> None:
    person = _person()
    _enrol(
        person,
        "Netværksgruppe for kvinder",
        date(2026, 9, 1),
        date(2026, 11, 1),
        Completion.COMPLETED,
    )
    assert _results(cast, Q3)["network"][:2] == (1, 1)
    assert _results(cast, Q4)["network"][:2] == (1, 1)


def test_a_zero_denominator_has_no_rate(cast: Cast) -> None:
    result = next(
        r
        for r in compute(municipality_ids=[cast.viborg.pk], period=Q3)
        if r.criterion.key == "company"
    )
    assert (result.denominator, result.rate, result.on_track) == (0, None, None)
    assert result.as_dict() == {
        "key": "company",
        "numerator": 0,
        "denominator": 0,
        "rate": None,
        "target": 0.75,
        "on_track": None,
    }


def test_a_merged_person_counts_once(cast: Cast) -> None:
    kept, other = _person(), _person()
    Outcome.objects.create(person=other, kind=OutcomeKind.ORDINARY_JOB, started_on=date(2026, 8, 3))
    person_merge(actor=cast.alice, survivor=kept, merged=other)
    assert _results(cast, Q3)["job"][:2] == (1, 1)


def test_municipalities_add_up_to_the_partnership(cast: Cast) -> None:
    for municipality in (cast.viborg, cast.hedensted):
        for index in range(3):
            person = _person(municipality)
            _contact(person, date(2026, 8, 1))
            if index:
                Outcome.objects.create(
                    person=person, kind=OutcomeKind.ORDINARY_JOB, started_on=date(2026, 8, 5)
                )
    both = _results(cast, Q3, [cast.viborg.pk, cast.hedensted.pk])
    viborg = _results(cast, Q3, [cast.viborg.pk])
    hedensted = _results(cast, Q3, [cast.hedensted.pk])
    for key in BY_KEY:
        assert both[key][0] == viborg[key][0] + hedensted[key][0]
        assert both[key][1] == viborg[key][1] + hedensted[key][1]
    assert both["job"][:2] == (4, 6)
