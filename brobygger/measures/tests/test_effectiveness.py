"""Method effectiveness and the pipeline figures against hand-computed fixtures."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.interventions.models import Enrolment, InterventionType, Outcome, OutcomeKind
from brobygger.measures.effectiveness import Share, compare
from brobygger.measures.periods import Period, Quarter, quarters_between
from brobygger.measures.pipeline import funnel, trend
from brobygger.measures.services import refresh_facts
from brobygger.outreach.models import ActivityStatus, OutreachActivity, OutreachMethod
from brobygger.people.merging import person_merge
from brobygger.people.models import Person, PersonSource, PipelineStatus, StatusEvent
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
Q3 = Period(date(2026, 7, 1), date(2026, 9, 30))


def _person(municipality: object, created: date, *methods: OutreachMethod) -> Person:
    person = PersonFactory(municipality=municipality)
    Person.objects.filter(pk=person.pk).update(
        created_at=datetime(created.year, created.month, created.day, 10, tzinfo=COPENHAGEN)
    )
    refresh_facts([person.pk])  # the update went behind the services' back
    for method in methods:
        PersonSource.objects.create(person=person, method=method)
    return person


def _contact(person: Person, on: date, status: str = "contacted") -> None:
    StatusEvent.objects.create(
        person=person, from_status="identified", to_status=status, occurred_on=on
    )


@pytest.fixture
def methods() -> tuple[OutreachMethod, OutreachMethod]:
    lists, posters = OutreachMethod.objects.order_by("category", "position")[:2]
    return lists, posters


def test_the_normal_quantile_is_scipys() -> None:
    from scipy.stats import norm

    from brobygger.measures.effectiveness import Z_95

    assert float(norm.ppf(0.975)) == Z_95


def test_share_uses_the_wilson_interval() -> None:
    low, high = Share(1, 2).interval  # type: ignore[misc]
    # Wilson score interval for 1 of 2 at 95 %: 0.0945 to 0.9055.
    assert (round(low, 4), round(high, 4)) == (0.0945, 0.9055)
    zero_low, zero_high = Share(0, 10).interval  # type: ignore[misc]
    assert zero_low == 0 and round(zero_high, 4) == 0.2775
    assert Share(0, 0).rate is None and Share(0, 0).interval is None


@pytest.mark.parametrize("n", [1, 2, 7, 30, 101, 1000])
def test_wilson_closed_form_equals_scipy(n: int) -> None:
    from scipy.stats import binomtest

    for k in range(0, n + 1, max(1, n // 7)):
        ours = Share(k, n).interval
        low, high = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
        assert ours is not None
        assert ours == pytest.approx((low, high), abs=1e-12)


def test_hand_computed_methods(cast: Cast, methods: tuple[OutreachMethod, ...]) -> None:
    lists, posters = methods
    # Found through lists first (a poster later does not move her): contacted after 10 days,
    # in an internship, then a job.
    a = _person(cast.viborg, date(2026, 7, 1), lists, posters)
    _contact(a, date(2026, 7, 11))
    Enrolment.objects.create(
        person=a,
        intervention_type=InterventionType.objects.get(name="Virksomhedspraktik"),
        started_on=date(2026, 8, 1),
    )
    Outcome.objects.create(person=a, kind=OutcomeKind.ORDINARY_JOB, started_on=date(2026, 9, 1))
    # Lists, contacted after 30 days.
    b = _person(cast.viborg, date(2026, 7, 5), lists)
    _contact(b, date(2026, 8, 4), status="first_conversation")
    # Lists, never reached.
    _person(cast.viborg, date(2026, 8, 1), lists)
    # Lists, contacted only after the period: not contacted in it.
    late = _person(cast.viborg, date(2026, 9, 1), lists)
    _contact(late, date(2026, 10, 2))
    # Posters in Hedensted, contacted the same day.
    c = _person(cast.hedensted, date(2026, 7, 2), posters)
    _contact(c, date(2026, 7, 2))
    # No source recorded.
    _person(cast.viborg, date(2026, 7, 3))
    # Identified before the period: not part of its intake.
    _person(cast.viborg, date(2026, 6, 30), lists)
    # A merged record counts once, as the record it was merged into.
    kept = _person(cast.viborg, date(2026, 7, 20), lists)
    gone = _person(cast.viborg, date(2026, 7, 21), lists)
    person_merge(actor=cast.lene, survivor=kept, merged=gone)
    OutreachActivity.objects.create(
        municipality=cast.viborg,
        method=lists,
        title="Ring op",
        planned_on=date(2026, 7, 15),
        status=ActivityStatus.DONE,
        done_on=date(2026, 7, 15),
        hours=Decimal("12"),
        cost=Decimal("3000"),
    )
    OutreachActivity.objects.create(
        municipality=cast.viborg,
        method=lists,
        title="Aflyst",
        planned_on=date(2026, 7, 16),
        status=ActivityStatus.CANCELLED,
        hours=Decimal("99"),
    )

    result = compare(municipality_ids=[cast.viborg.pk, cast.hedensted.pk], period=Q3)
    viborg = {row.key: row for row in result.by_municipality[cast.viborg.pk].methods}
    row = viborg[str(lists.pk)]
    assert (row.identified, row.contacted_count) == (5, 2)
    assert (row.intervention_count, row.outcome_count) == (1, 1)
    assert row.hours_per_contacted == Decimal(6)
    assert row.cost_per_contacted == Decimal(1500)
    assert row.median_days_to_contact == 20  # 10 and 30 days
    assert viborg["none"].identified == 1
    assert str(posters.pk) not in viborg

    total = result.total
    assert total.total.identified == 7
    assert total.total.contacted_count == 3
    together = {row.key: row for row in total.methods}
    assert together[str(posters.pk)].identified == 1
    assert together[str(posters.pk)].median_days_to_contact == 0
    # Each municipality's figures add up to the partnership's.
    for key, combined in together.items():
        parts = [
            r
            for figures in result.by_municipality.values()
            for r in figures.methods
            if r.key == key
        ]
        assert combined.identified == sum(r.identified for r in parts)
        assert combined.contacted_count == sum(r.contacted_count for r in parts)


def test_quarters() -> None:
    assert Quarter.parse("2026Q3").period == Q3
    assert Quarter.parse("2026-q4").period == Period(date(2026, 10, 1), date(2026, 12, 31))
    assert Quarter.of(date(2026, 2, 28)) == Quarter(2026, 1)
    assert Quarter(2026, 4).next() == Quarter(2027, 1)
    assert [str(q) for q in quarters_between(date(2025, 11, 5), date(2026, 4, 1))] == [
        "2025Q4",
        "2026Q1",
        "2026Q2",
    ]
    for wrong in ("2026Q5", "Q3 2026", "", "2026"):
        with pytest.raises(ValueError, match="quarter"):
            Quarter.parse(wrong)


def test_funnel_and_trend(cast: Cast) -> None:
    a = _person(cast.viborg, date(2026, 7, 1))
    _contact(a, date(2026, 7, 10))
    Enrolment.objects.create(
        person=a,
        intervention_type=InterventionType.objects.get(name="Virksomhedspraktik"),
        started_on=date(2026, 10, 5),
    )
    # An outcome without a recorded contact still counts as contacted.
    b = _person(cast.viborg, date(2026, 4, 1))
    Outcome.objects.create(person=b, kind=OutcomeKind.ORDINARY_JOB, started_on=date(2026, 8, 1))
    _person(cast.hedensted, date(2026, 8, 1))
    _person(cast.viborg, date(2026, 10, 1))  # after the period

    stages = {
        s.key: s for s in funnel(municipality_ids=[cast.viborg.pk, cast.hedensted.pk], period=Q3)
    }
    assert stages["identified"].counts == {cast.viborg.pk: 2, cast.hedensted.pk: 1}
    assert stages["contacted"].total == 2
    assert stages["conversation"].total == 1  # b, by her outcome
    # a's internship starts after the period; b went straight to a job.
    assert stages["intervention"].total == 1
    assert stages["outcome"].total == 1
    totals = [s.total for s in stages.values()]
    assert totals == sorted(totals, reverse=True)

    rows = trend(
        municipality_ids=[cast.viborg.pk, cast.hedensted.pk],
        quarters=[Quarter(2026, 2), Quarter(2026, 3), Quarter(2026, 4)],
    )
    assert [(r.identified, r.contacted, r.enrolled, r.outcomes) for r in rows] == [
        (1, 0, 0, 0),
        (2, 1, 0, 1),
        (1, 0, 1, 0),
    ]


def test_the_trend_counts_registrations_by_their_local_date(cast: Cast) -> None:
    """A quarter starts at midnight in Copenhagen: 23:30 on 30 June is the second quarter,
    00:30 on 1 July (22:30 UTC on 30 June) the third. Records outside the target group and
    records merged into another are not counted."""
    late = PersonFactory(municipality=cast.viborg)
    early = PersonFactory(municipality=cast.viborg)
    outside = PersonFactory(municipality=cast.viborg, status=PipelineStatus.NOT_IN_TARGET_GROUP)
    survivor = PersonFactory(municipality=cast.viborg)
    merged = PersonFactory(municipality=cast.viborg)
    at = {
        late.pk: datetime(2026, 6, 30, 23, 30, tzinfo=COPENHAGEN),
        early.pk: datetime(2026, 7, 1, 0, 30, tzinfo=COPENHAGEN),
        outside.pk: datetime(2026, 7, 2, 12, tzinfo=COPENHAGEN),
        survivor.pk: datetime(2026, 8, 2, 12, tzinfo=COPENHAGEN),
        merged.pk: datetime(2026, 8, 3, 12, tzinfo=COPENHAGEN),
    }
    for pk, created in at.items():
        Person.objects.filter(pk=pk).update(created_at=created)
    refresh_facts(list(at))
    person_merge(actor=cast.alice, survivor=survivor, merged=merged)

    rows = trend(municipality_ids=[cast.viborg.pk], quarters=[Quarter(2026, 2), Quarter(2026, 3)])
    assert [r.identified for r in rows] == [1, 2]


@pytest.fixture
def english(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


def test_method_page(english: Client, cast: Cast, methods: tuple[OutreachMethod, ...]) -> None:
    lists, _posters = methods
    person = _person(cast.viborg, date(2026, 7, 1), lists)
    _contact(person, date(2026, 7, 3))
    url = reverse("measures:methods", kwargs={"partnership_id": cast.partnership.pk})
    english.force_login(cast.kim)
    response = english.get(url, {"start": "01.07.2026", "end": "30.09.2026"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-chart="method-chart"' in page and 'data-testid="methods"' in page
    assert lists.name_en in page  # the English interface shows the English name
    # One of one contacted: the coordinator (no person access) sees a small number, no rate.
    assert "100.0\u00a0%" not in page
    assert ">&lt;5<" in page  # a cell, not the note that explains it
    assert 'data-testid="compare"' in page and 'data-municipality="791"' in page
    # Viborg's lead, who may see Viborg's people, sees Viborg's exact figures.
    english.force_login(cast.lene)
    own = english.get(
        url, {"start": "01.07.2026", "end": "30.09.2026", "municipality": cast.viborg.pk}
    )
    assert "100.0\u00a0%" in own.content.decode()
    english.force_login(cast.kim)
    one = english.get(url, {"start": "01.07.2026", "end": "30.09.2026", "municipality": "x"})
    assert one.status_code == 200  # an unknown municipality shows the whole partnership
    # Counts only: a caseworker (no aggregate permission) gets nothing.
    english.force_login(cast.alice)
    assert english.get(url).status_code == 404


def test_method_page_links_to_the_methods_library(english: Client, cast: Cast) -> None:
    english.force_login(cast.kim)
    url = reverse("measures:methods", kwargs={"partnership_id": cast.partnership.pk})
    library = reverse("knowledge:library", kwargs={"partnership_id": cast.partnership.pk})
    assert library in english.get(url).content.decode()


def test_a_method_with_no_recorded_cost_is_not_recorded_not_zero(
    english: Client, cast: Cast, methods: tuple[OutreachMethod, ...]
) -> None:
    """Hours without a cost are not 0 kr.; a recorded 0 kr. (a free stand) is."""
    lists, posters = methods
    for method, cost in ((lists, None), (posters, Decimal(0))):
        person = _person(cast.viborg, date(2026, 7, 1), method)
        _contact(person, date(2026, 7, 3))
        OutreachActivity.objects.create(
            municipality=cast.viborg,
            method=method,
            title="Stand",
            planned_on=date(2026, 7, 10),
            status=ActivityStatus.DONE,
            done_on=date(2026, 7, 10),
            hours=Decimal(3),
            cost=cost,
        )
    result = compare(municipality_ids=[cast.viborg.pk], period=Q3).total
    rows = {row.key: row for row in result.methods}
    unrecorded, free = rows[str(lists.pk)], rows[str(posters.pk)]
    assert unrecorded.cost is None and unrecorded.cost_per_contacted is None
    assert unrecorded.as_dict()["cost"] is None
    assert unrecorded.as_dict()["cost_per_contacted"] is None
    assert free.cost_per_contacted == 0 and free.as_dict()["cost"] == 0
    assert result.total.cost == 0  # the recorded costs only

    # Viborg's lead sees Viborg's exact figures (to others, one person is a small number).
    english.force_login(cast.lene)
    url = reverse("measures:methods", kwargs={"partnership_id": cast.partnership.pk})
    chosen = {"start": "01.07.2026", "end": "30.09.2026", "municipality": cast.viborg.pk}
    page = english.get(url, chosen).content.decode()
    unrecorded_row = re.search(rf'<tr data-method="{lists.pk}">(.*?)</tr>', page, re.S)
    free_row = re.search(rf'<tr data-method="{posters.pk}">(.*?)</tr>', page, re.S)
    assert unrecorded_row and free_row
    assert "not recorded" in unrecorded_row[1] and "kr." not in unrecorded_row[1]
    assert "0&nbsp;kr." in free_row[1]
