"""The figures around the criteria: the pipeline funnel of a period and the trend per quarter
(``periods.Quarter``).

Both count people of the criteria's cohort (``criteria.cohort``) with one query per figure,
so the dashboard costs the same for four municipalities as for one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Q, Value
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from brobygger.people.models import PipelineStatus

from .criteria import cohort_where, count_where, facts_for_aggregates
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
    job or education start. Each person counts once, in the quarter of her first time.

    One query: for each figure, how many people had their first time on each day (a few
    hundred days a year), summed into quarters here. Counting each figure and quarter with a
    condition of its own made the database test every row 4 × quarters times."""
    if not quarters:
        return []
    ids = sorted(set(municipality_ids))
    facts = facts_for_aggregates(municipality_ids=ids, where=where).filter(merged=False)
    first, last = quarters[0].period.start, quarters[-1].period.end
    # Her first day of each figure; "identified" is her registration's local date.
    firsts = (
        ("identified_on", ~Q(status=PipelineStatus.NOT_IN_TARGET_GROUP)),
        ("first_contacted_on", Q()),
        ("first_enrolled_on", Q()),
        ("first_outcome_on", Q()),
    )
    per_day = [
        facts.filter(condition, **{f"{field}__gte": first, f"{field}__lte": last})
        .annotate(figure=Value(index), day=F(field))
        .values_list("figure", "day")
        .annotate(people=Count("pk"))
        .order_by()
        for index, (field, condition) in enumerate(firsts)
    ]
    position = {quarter: i for i, quarter in enumerate(quarters)}
    counted = [[0] * len(firsts) for _quarter in quarters]
    for figure, day, people in per_day[0].union(*per_day[1:], all=True):
        row = position.get(Quarter.of(day))
        if row is not None:
            counted[row][figure] += people
    return [TrendRow(quarter, *counted[i]) for i, quarter in enumerate(quarters)]
