"""The five success criteria of seed 004, each defined here and nowhere else.

Every criterion is a share of people: a numerator and a denominator, both sets of people of
the municipalities in question, for a period ``[start, end]``. A person is counted once
however many jobs or interventions she has. Records merged into another do not count (their
events moved to the record they were merged into).

* **Target group** (the cohort): people identified on or before ``end``, except those found
  not to be in the target group.
* **Contacted**: people of the cohort who reached "contacted" (or a later step on the way
  forward) on or before ``end`` ("dem, som Jobcentret opnår kontakt med").

``network`` (target 50 %)
    the cohort with an enrolment in a network-oriented intervention running in the period,
    of the cohort;
``job`` (25 %)
    the cohort with an ordinary job started in the period, of the cohort;
``education`` (10 %)
    the cohort with an ordinary education started in the period, of the cohort;
``company`` (75 %)
    the contacted who completed a company-oriented intervention that ended in the period, of
    the contacted;
``confidence`` (75 %)
    the contacted whose latest answer on or before ``end`` is higher than their first (asked
    at the first conversation, before any intervention), of the contacted. Someone never
    asked, or asked once, does not count as higher.

A criterion with a denominator of zero has no rate (shown as "—", never 0 %). The targets are
seed 004's unless a partnership has set its own (``CriterionTarget``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.lookups import GreaterThan
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from brobygger.interventions.models import (
    Completion,
    ConfidenceMeasure,
    Enrolment,
    Outcome,
    OutcomeKind,
)
from brobygger.partnerships.models import Municipality, Partnership
from brobygger.people.models import Person, PipelineStatus
from brobygger.people.selectors import people_for_aggregates

from .models import CriterionTarget, PersonFact
from .periods import Period

# Reaching one of these means the municipality got in contact with her.
CONTACT_REACHED = (
    PipelineStatus.CONTACTED,
    PipelineStatus.FIRST_CONVERSATION,
    PipelineStatus.IN_INTERVENTION,
    PipelineStatus.ORDINARY_JOB,
    PipelineStatus.ORDINARY_EDUCATION,
    PipelineStatus.ACTIVE_CITIZEN,
)

People = models.QuerySet[Person]
Facts = models.QuerySet[PersonFact]


def registered_by(period: Period, field: str = "created_at") -> Q:
    """People registered (identified) on or before the period's last day (``field``: her
    record's ``created_at``, or ``registered_at`` on her row of the fact table)."""
    return Q(**{f"{field}__lt": period.ends_before})


def registered_in(period: Period, field: str = "created_at") -> Q:
    return Q(**{f"{field}__gte": period.starts_at, f"{field}__lt": period.ends_before})


NARROW_SETS_UP_TO = 12  # municipalities


def having(records: models.QuerySet[Any], municipality_ids: Iterable[int] | None = None) -> Q:
    """People with at least one of these records (which point at a person). Written as
    ``id IN (SELECT person_id ...)``: the database builds the set once and probes it, where a
    correlated EXISTS can be run once per person. With ``municipality_ids`` of a handful of
    municipalities (a partnership), the set is built from their records only; for a larger
    scope the join costs more than it saves (measured: benchmarks/criteria.py)."""
    if municipality_ids is not None:
        ids = list(municipality_ids)
        if len(ids) <= NARROW_SETS_UP_TO:
            records = records.filter(person__municipality_id__in=ids)
    return Q(pk__in=records.order_by().values("person_id"))


# Each set of people is a condition on her row of the fact table (``PersonFact``, kept by
# the services in the transaction of every write): counting all of them is one grouped query
# over the narrow table of the municipalities' rows (``facts_for_aggregates``), which a
# target-group definition narrows before any of them is applied.


def facts_for_aggregates(*, municipality_ids: Iterable[int], where: Q | None = None) -> Facts:
    """The fact rows of the people of these municipalities, for counts only (the caller has
    checked an aggregate permission). ``where`` (a target-group definition's filter over her
    record's fields, ``targetgroups``) narrows them first."""
    ids = list(municipality_ids)
    facts = PersonFact.objects.all()
    # A partnership of every municipality (a national one) needs no filter, and testing each
    # row against 98 ids cost a tenth of every scan of the national fact table.
    if not set(ids) >= set(Municipality.objects.values_list("pk", flat=True)):
        facts = facts.filter(municipality_id__in=ids)
    if where is not None:
        chosen = people_for_aggregates(municipality_ids=ids, where=where)
        facts = facts.filter(person__in=chosen.order_by().values("pk"))
    return facts


def cohort_where(period: Period) -> Q:
    return (
        registered_by(period, "registered_at")
        & Q(merged=False)
        & ~Q(status=PipelineStatus.NOT_IN_TARGET_GROUP)
    )


def _contacted(period: Period) -> Q:
    """Beyond the cohort: contacted by the end of the period."""
    return Q(first_contacted_on__lte=period.end)


def contacted_where(period: Period) -> Q:
    return cohort_where(period) & _contacted(period)


def _hers(records: models.QuerySet[Any]) -> Q:
    """She has one of these records (asked per person, for the few the row cannot answer)."""
    return Q(Exists(records.filter(person=OuterRef("person_id"))))


def _known(field: str) -> Q:
    """Her row has a date in ``field``. Put before a condition that may ask her records: a
    comparison with an empty date is NULL, not false, so the database goes on to the rest of
    the condition, and PostgreSQL asked the records of every person without such a date
    (90,000 times on the national table, most of the dashboard's time)."""
    return Q(**{f"{field}__isnull": False})


def any_in(first: str, last: str, records: models.QuerySet[Any], period: Period) -> Q:
    """She has a record dated in the period, from the first and last date of her row: yes
    when either falls in it; only when they lie on both sides of it are her ``records`` (those
    dated in the period) asked."""
    return (
        _known(first)
        & Q(**{f"{first}__lte": period.end, f"{last}__gte": period.start})
        & (
            Q(**{f"{first}__gte": period.start})
            | Q(**{f"{last}__lte": period.end})
            | _hers(records)
        )
    )


def _network(period: Period) -> Q:
    """Beyond the cohort: an enrolment in a network-oriented intervention running in the
    period. The one that runs longest (her row) answers it unless it starts after the period
    while an earlier one may have run in it; then her enrolments are asked."""
    running = Q(network_longest_ended_on__isnull=True) | Q(
        network_longest_ended_on__gte=period.start
    )
    enrolments = Enrolment.objects.filter(
        intervention_type__network_oriented=True, started_on__lte=period.end
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
    return (
        _known("network_first_on")
        & Q(network_first_on__lte=period.end)
        & running
        & (Q(network_longest_started_on__lte=period.end) | _hers(enrolments))
    )


# The columns of the fact table for each kind of outcome: ``<prefix>_first_on`` and ``_last_on``.
OUTCOME_COLUMNS = {OutcomeKind.ORDINARY_JOB: "job", OutcomeKind.ORDINARY_EDUCATION: "education"}


def _outcome_of(kind: str) -> Callable[[Period], Q]:
    """Beyond the cohort: an outcome of this kind started in the period."""
    prefix = OUTCOME_COLUMNS[OutcomeKind(kind)]

    def where(period: Period) -> Q:
        outcomes = Outcome.objects.filter(
            kind=kind, started_on__gte=period.start, started_on__lte=period.end
        )
        return any_in(f"{prefix}_first_on", f"{prefix}_last_on", outcomes, period)

    return where


def _company(period: Period) -> Q:
    """Beyond the cohort: contacted, and a company-oriented intervention completed in the
    period."""
    completed = Enrolment.objects.filter(
        intervention_type__company_oriented=True,
        completion=Completion.COMPLETED,
        ended_on__gte=period.start,
        ended_on__lte=period.end,
    )
    return _contacted(period) & any_in("company_first_on", "company_last_on", completed, period)


def _confidence(period: Period) -> Q:
    """Beyond the cohort: contacted, and her latest answer by the end higher than her first:
    her row's latest, unless she answered again after the period (then her latest answer by
    its end is looked up)."""
    latest_by_end = (
        ConfidenceMeasure.objects.filter(person=OuterRef("person_id"), measured_on__lte=period.end)
        .order_by("-measured_on", "-id")
        .values("score")[:1]
    )
    baseline = F("baseline_score")
    return (
        _contacted(period)
        & _known("baseline_on")
        & Q(baseline_on__lte=period.end)
        & (
            Q(latest_on__lte=period.end, latest_score__gt=baseline)
            | (Q(latest_on__gt=period.end) & Q(GreaterThan(Subquery(latest_by_end), baseline)))
        )
    )


def _select(where: Callable[[Period], Q]) -> Callable[[People, Period], People]:
    """The people of a set, from their rows of the fact table (for lists of people)."""

    def select(people: People, period: Period) -> People:
        rows = PersonFact.objects.filter(where(period)).order_by().values("person_id")
        return people.filter(pk__in=rows)

    return select


def _in_cohort(beyond: Callable[[Period], Q]) -> Callable[[Period], Q]:
    return lambda period: cohort_where(period) & beyond(period)


# Every set is the cohort and a condition of its own ("beyond the cohort"). Counting several
# sets in one query, the cohort is the query's filter and each set adds its own condition:
# repeating the cohort in each of them cost SQLite 40 of the criteria query's 87 ms nationally.
def _nothing_more(period: Period) -> Q:
    return Q()


_network_where = _in_cohort(_network)
_company_where = _in_cohort(_company)
_confidence_where = _in_cohort(_confidence)

cohort = _select(cohort_where)
contacted = _select(contacted_where)
_networked = _select(_network_where)
_company_completed = _select(_company_where)
_more_confident = _select(_confidence_where)


def _outcome(kind: str) -> Callable[[People, Period], People]:
    select = _select(_in_cohort(_outcome_of(kind)))
    BEYOND_COHORT[select] = _outcome_of(kind)
    return select


# The condition of each set beyond the cohort, for counting several sets in one query.
BEYOND_COHORT: dict[Callable[[People, Period], People], Callable[[Period], Q]] = {
    cohort: _nothing_more,
    contacted: _contacted,
    _networked: _network,
    _company_completed: _company,
    _more_confident: _confidence,
}


@dataclass(frozen=True)
class Criterion:
    key: str
    title: str | Promise
    target: Decimal
    numerator: Callable[[People, Period], People]
    denominator: Callable[[People, Period], People]


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "network",
        _("At least half of the target group take part in a network-oriented intervention"),
        Decimal("0.50"),
        _networked,
        cohort,
    ),
    Criterion(
        "job",
        _("25 per cent of the target group get an ordinary job"),
        Decimal("0.25"),
        _outcome(OutcomeKind.ORDINARY_JOB),
        cohort,
    ),
    Criterion(
        "education",
        _("10 per cent of the target group start an ordinary education"),
        Decimal("0.10"),
        _outcome(OutcomeKind.ORDINARY_EDUCATION),
        cohort,
    ),
    Criterion(
        "company",
        _("75 per cent of those contacted complete a company-oriented intervention"),
        Decimal("0.75"),
        _company_completed,
        contacted,
    ),
    Criterion(
        "confidence",
        _("75 per cent of those contacted believe more in their job chances than before contact"),
        Decimal("0.75"),
        _more_confident,
        contacted,
    ),
)
BY_KEY = {criterion.key: criterion for criterion in CRITERIA}


@dataclass(frozen=True)
class Result:
    criterion: Criterion
    numerator: int
    denominator: int
    target: Decimal

    @property
    def rate(self) -> Decimal | None:
        """None when nobody is in the denominator: "—", never 0 %."""
        if not self.denominator:
            return None
        return Decimal(self.numerator) / Decimal(self.denominator)

    @property
    def on_track(self) -> bool | None:
        rate = self.rate
        return None if rate is None else rate >= self.target

    def as_dict(self) -> dict[str, object]:
        rate = self.rate
        return {
            "key": self.criterion.key,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "rate": None if rate is None else float(round(rate, 4)),
            "target": float(self.target),
            "on_track": self.on_track,
        }


Targets = Mapping[str, Decimal]


def targets_for(partnership: Partnership | None) -> dict[str, Decimal]:
    """Seed 004's targets, overridden by the partnership's own where it has set one."""
    targets = {criterion.key: criterion.target for criterion in CRITERIA}
    if partnership is not None:
        own = CriterionTarget.objects.filter(partnership=partnership, key__in=targets)
        targets.update(own.values_list("key", "target"))
    return targets


@dataclass(frozen=True)
class Breakdown:
    """The criteria for each municipality and for all of them together. A person belongs to
    one municipality, so the total is the sum of the municipalities' figures."""

    by_municipality: dict[int, list[Result]]
    total: list[Result]


def compute_by_municipality(
    *,
    municipality_ids: Iterable[int],
    period: Period,
    targets: Targets | None = None,
    criteria: Iterable[Criterion] = CRITERIA,
    where: Q | None = None,
) -> Breakdown:
    """The criteria of these municipalities, counted with one grouped query over the people
    and their rows of the fact table. Aggregates only:
    callers that show the people behind a figure use ``people_behind`` through the access
    policy. ``where`` (a target-group definition's filter) narrows the people first."""
    ids = sorted(set(municipality_ids))
    criteria = list(criteria)
    targets = targets or {criterion.key: criterion.target for criterion in criteria}
    facts = facts_for_aggregates(municipality_ids=ids, where=where).filter(cohort_where(period))
    selects = list(dict.fromkeys(s for c in criteria for s in (c.numerator, c.denominator)))
    counted = count_where(facts, {f"n{i}": BEYOND_COHORT[s](period) for i, s in enumerate(selects)})

    def counts(select: Callable[[People, Period], People]) -> dict[int, int]:
        return counted[f"n{selects.index(select)}"]

    by_municipality: dict[int, list[Result]] = {pk: [] for pk in ids}
    total: list[Result] = []
    for criterion in criteria:
        numerators, denominators = counts(criterion.numerator), counts(criterion.denominator)
        target = targets[criterion.key]
        for pk in ids:
            by_municipality[pk].append(
                Result(criterion, numerators.get(pk, 0), denominators.get(pk, 0), target)
            )
        total.append(
            Result(criterion, sum(numerators.values()), sum(denominators.values()), target)
        )
    return Breakdown(by_municipality=by_municipality, total=total)


def count_where(facts: Facts, conditions: Mapping[str, Q]) -> dict[str, dict[int, int]]:
    """How many of these rows meet each condition, per municipality (one grouped query)."""
    rows = (
        facts.order_by()
        .values("municipality_id")
        .annotate(**{key: Count("pk", filter=where) for key, where in conditions.items()})
    )
    counts: dict[str, dict[int, int]] = {key: {} for key in conditions}
    for row in rows:
        figures = cast("dict[str, int]", row)
        for key in conditions:
            if figures[key]:
                counts[key][figures["municipality_id"]] = figures[key]
    return counts


def compute(
    *,
    municipality_ids: Iterable[int],
    period: Period,
    targets: Targets | None = None,
    criteria: Iterable[Criterion] = CRITERIA,
    where: Q | None = None,
) -> list[Result]:
    """The criteria for the people of these municipalities together."""
    return compute_by_municipality(
        municipality_ids=municipality_ids,
        period=period,
        targets=targets,
        criteria=criteria,
        where=where,
    ).total


def people_behind(people: People, criterion: Criterion, period: Period, *, part: str) -> People:
    """The people of a figure (``part`` is "numerator" or "denominator"); ``people`` must
    already be narrowed by the access policy (``Person.objects.visible_to(user)``)."""
    select = criterion.numerator if part == "numerator" else criterion.denominator
    return select(people, period)
