"""The figures around the criteria: the pipeline funnel of a period and the trend per quarter
(``periods.Quarter``).

Both count people of the criteria's cohort (``criteria.cohort``) with one grouped query per
figure, so the dashboard costs the same for four municipalities as for one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from brobygger.people.models import PipelineStatus

from .criteria import cohort_where, count_where, facts_for_aggregates, registered_in
from .periods import Period, Quarter


@dataclass(frozen=True)
class Stage:
    key: str
    label: str | Promise
    counts: dict[int, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def funnel(
    *, municipality_ids: Iterable[int], period: Period, where: Q | None = None
) -> list[Stage]:
    """How far the target group had come by the end of the period, per municipality: each
    stage counts the people who reached it (or a later one), so the stages only narrow. One
    grouped query over the cohort and their rows of the fact table."""
    ids = sorted(set(municipality_ids))
    facts = facts_for_aggregates(municipality_ids=ids, where=where).filter(cohort_where(period))
    end = period.end
    enrolled = Q(first_enrolled_on__lte=end)
    outcome = Q(first_outcome_on__lte=end)
    # An intervention or an outcome implies contact even where the status step was skipped.
    contacted = Q(first_contacted_on__lte=end) | enrolled | outcome
    conversation = Q(first_conversation_on__lte=end) | enrolled | outcome
    stages = (
        ("identified", _("Identified"), Q()),
        ("attempted", _("Contact attempted"), Q(first_attempted_on__lte=end) | contacted),
        ("contacted", _("Contacted"), contacted),
        ("conversation", _("First conversation held"), conversation),
        ("intervention", _("In an intervention or further"), enrolled | outcome),
        ("outcome", _("Ordinary job or education"), outcome),
    )
    counts = count_where(facts, {key: condition for key, _label, condition in stages})
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
    facts = facts_for_aggregates(municipality_ids=ids, where=where).filter(merged=False)
    first: dict[str, Callable[[Quarter], Q]] = {
        "identified": lambda quarter: (
            registered_in(quarter.period, "registered_at")
            & ~Q(status=PipelineStatus.NOT_IN_TARGET_GROUP)
        ),
        "contacted": lambda quarter: _within("first_contacted_on", quarter),
        "enrolled": lambda quarter: _within("first_enrolled_on", quarter),
        "outcomes": lambda quarter: _within("first_outcome_on", quarter),
    }
    counted = facts.aggregate(
        **{
            f"{figure}_{i}": Count("pk", filter=condition(quarter))
            for figure, condition in first.items()
            for i, quarter in enumerate(quarters)
        }
    )
    return [
        TrendRow(quarter, *(counted[f"{figure}_{i}"] for figure in first))
        for i, quarter in enumerate(quarters)
    ]


def _within(field: str, quarter: Quarter) -> Q:
    """Her first ``field`` date (her row of the fact table) falls in the quarter."""
    return Q(**{f"{field}__gte": quarter.period.start, f"{field}__lte": quarter.period.end})
