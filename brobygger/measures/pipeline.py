"""The figures around the criteria: the pipeline funnel of a period and the trend per quarter
(``periods.Quarter``).

Both count people of the criteria's cohort (``criteria.cohort``) with one grouped query per
figure, so the dashboard costs the same for four municipalities as for one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from brobygger.people.models import PipelineStatus
from brobygger.people.selectors import people_for_aggregates

from .criteria import cohort, count_where, registered_in
from .periods import Period, Quarter


@dataclass(frozen=True)
class Stage:
    key: str
    label: str | Promise
    counts: dict[int, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def funnel(*, municipality_ids: Iterable[int], period: Period) -> list[Stage]:
    """How far the target group had come by the end of the period, per municipality: each
    stage counts the people who reached it (or a later one), so the stages only narrow. One
    grouped query over the cohort and their rows of the fact table."""
    ids = sorted(set(municipality_ids))
    people = cohort(people_for_aggregates(municipality_ids=ids), period)
    end = period.end
    enrolled = Q(fact__first_enrolled_on__lte=end)
    outcome = Q(fact__first_outcome_on__lte=end)
    # An intervention or an outcome implies contact even where the status step was skipped.
    contacted = Q(fact__first_contacted_on__lte=end) | enrolled | outcome
    conversation = Q(fact__first_conversation_on__lte=end) | enrolled | outcome
    stages = (
        ("identified", _("Identified"), Q()),
        ("attempted", _("Contact attempted"), Q(fact__first_attempted_on__lte=end) | contacted),
        ("contacted", _("Contacted"), contacted),
        ("conversation", _("First conversation held"), conversation),
        ("intervention", _("In an intervention or further"), enrolled | outcome),
        ("outcome", _("Ordinary job or education"), outcome),
    )
    counts = count_where(people, {key: condition for key, _label, condition in stages})
    return [Stage(key, label, counts[key]) for key, label, _condition in stages]


@dataclass(frozen=True)
class TrendRow:
    quarter: Quarter
    identified: int
    contacted: int
    enrolled: int
    outcomes: int


def trend(*, municipality_ids: Iterable[int], quarters: list[Quarter]) -> list[TrendRow]:
    """Per quarter: people newly identified, first contacted, first enrolled and with a first
    job or education start. Each person counts once, in the quarter of her first time."""
    if not quarters:
        return []
    ids = sorted(set(municipality_ids))
    people = people_for_aggregates(municipality_ids=ids).filter(merged_into__isnull=True)
    span = Period(quarters[0].period.start, quarters[-1].period.end)

    def per_quarter(people: QuerySet[Any], day: Any) -> dict[Quarter, int]:
        rows = (
            people.annotate(year=ExtractYear(day), quarter=ExtractQuarter(day))
            .order_by()
            .values("year", "quarter")
            .annotate(n=Count("pk"))
            .values_list("year", "quarter", "n")
        )
        return {Quarter(year, quarter): n for year, quarter, n in rows}

    identified = per_quarter(
        people.exclude(status=PipelineStatus.NOT_IN_TARGET_GROUP).filter(registered_in(span)),
        "created_at",
    )

    def first_dates(field: str) -> dict[Quarter, int]:
        """People whose first ``field`` date (her row of the fact table) is in the span."""
        first = f"fact__{field}"
        return per_quarter(
            people.filter(**{f"{first}__gte": span.start, f"{first}__lte": span.end}), first
        )

    contacted = first_dates("first_contacted_on")
    enrolled = first_dates("first_enrolled_on")
    outcomes = first_dates("first_outcome_on")
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
