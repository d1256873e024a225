"""The figures around the criteria: the pipeline funnel of a period and the trend per quarter
(``periods.Quarter``).

Both count people of the criteria's cohort (``criteria.cohort``) with one grouped query per
figure, so the dashboard costs the same for four municipalities as for one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.db.models import Count, Min, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from brobygger.interventions.models import Enrolment, Outcome
from brobygger.people.models import PipelineStatus, StatusEvent
from brobygger.people.selectors import people_for_aggregates

from .criteria import CONTACT_REACHED, cohort, having, registered_in
from .periods import Period, Quarter


@dataclass(frozen=True)
class Stage:
    key: str
    label: str | Promise
    counts: dict[int, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _reached(statuses: Iterable[str], period: Period, ids: list[int]) -> Q:
    return having(
        StatusEvent.objects.filter(to_status__in=list(statuses), occurred_on__lte=period.end),
        ids,
    )


def funnel(
    *, municipality_ids: Iterable[int], period: Period, where: Q | None = None
) -> list[Stage]:
    """How far the target group had come by the end of the period, per municipality: each
    stage counts the people who reached it (or a later one), so the stages only narrow."""
    ids = sorted(set(municipality_ids))
    people = cohort(people_for_aggregates(municipality_ids=ids, where=where), period)
    enrolled = having(Enrolment.objects.filter(started_on__lte=period.end), ids)
    outcome = having(Outcome.objects.filter(started_on__lte=period.end), ids)
    # An intervention or an outcome implies contact even where the status step was skipped.
    contacted = _reached(CONTACT_REACHED, period, ids) | enrolled | outcome
    conversation = (
        _reached([s for s in CONTACT_REACHED if s != PipelineStatus.CONTACTED], period, ids)
        | enrolled
        | outcome
    )
    stages = (
        ("identified", _("Identified"), Q()),
        (
            "attempted",
            _("Contact attempted"),
            _reached((PipelineStatus.CONTACT_ATTEMPTED, *CONTACT_REACHED), period, ids) | contacted,
        ),
        ("contacted", _("Contacted"), contacted),
        ("conversation", _("First conversation held"), conversation),
        ("intervention", _("In an intervention or further"), enrolled | outcome),
        ("outcome", _("Ordinary job or education"), outcome),
    )
    rows = (
        people.order_by()
        .values("municipality_id")
        .annotate(**{key: Count("pk", filter=condition) for key, _label, condition in stages})
    )
    counts: dict[str, dict[int, int]] = {key: {} for key, _label, _condition in stages}
    for row in rows:
        figures = cast("dict[str, int]", row)
        for key in counts:
            counts[key][figures["municipality_id"]] = figures[key]
    return [Stage(key, label, counts[key]) for key, label, _condition in stages]


@dataclass(frozen=True)
class TrendRow:
    quarter: Quarter
    identified: int
    contacted: int
    enrolled: int
    outcomes: int


def trend(
    *, municipality_ids: Iterable[int], quarters: list[Quarter], where: Q | None = None
) -> list[TrendRow]:
    """Per quarter: people newly identified, first contacted, first enrolled and with a first
    job or education start. Each person counts once, in the quarter of her first time."""
    if not quarters:
        return []
    ids = sorted(set(municipality_ids))
    people = people_for_aggregates(municipality_ids=ids, where=where).filter(
        merged_into__isnull=True
    )
    span = Period(quarters[0].period.start, quarters[-1].period.end)

    def firsts(dates: Iterable[date | None]) -> dict[Quarter, int]:
        per: dict[Quarter, int] = {}
        for day in dates:
            if day is not None and span.start <= day <= span.end:
                quarter = Quarter.of(day)
                per[quarter] = per.get(quarter, 0) + 1
        return per

    identified = firsts(
        people.exclude(status=PipelineStatus.NOT_IN_TARGET_GROUP)
        .filter(registered_in(span))
        .order_by()
        .values_list("created_at__date", flat=True)
        .iterator(chunk_size=20_000)
    )

    def first_dates(queryset: QuerySet[Any], field: str) -> dict[Quarter, int]:
        """Each person's first ``field`` date, counted in its quarter."""
        return firsts(
            queryset.filter(person__in=people)
            .order_by()
            .values("person")
            .annotate(first=Min(field))
            .filter(first__gte=span.start, first__lte=span.end)
            .values_list("first", flat=True)
            .iterator(chunk_size=20_000)
        )

    contacted = first_dates(
        StatusEvent.objects.filter(to_status__in=CONTACT_REACHED), "occurred_on"
    )
    enrolled = first_dates(Enrolment.objects.all(), "started_on")
    outcomes = first_dates(Outcome.objects.all(), "started_on")
    return [
        TrendRow(
            quarter,
            identified.get(quarter, 0),
            contacted.get(quarter, 0),
            enrolled.get(quarter, 0),
            outcomes.get(quarter, 0),
        )
        for quarter in quarters
    ]
