"""Which outreach methods work: seed 004 asks "how effective is each method, with its pros
and cons". Defined here and nowhere else.

* **Attribution**: a person counts for the method of her *first* source (the earliest
  ``PersonSource``), however many ways she was met later. People without a source count as
  "no method recorded" so that the totals add up.
* **Intake**: the people of the target group identified in the period (``Period``); what
  happened to them is followed until the end of the period.
* **Contacted**: reached "contacted" or a later step, or started an intervention or an
  outcome, by the end of the period. **In an intervention**: an enrolment started by then.
  **Job or education**: an ordinary job or education started by then.
* **Rates** are of the people identified, with Wilson 95 % score intervals (the closed form,
  checked against SciPy's ``binomtest(...).proportion_ci(method="wilson")``), which stay
  inside 0–100 % and are honest for the small counts a method often has.
* **Hours and cost per contacted person**: the hours and cost recorded on the method's outreach
  activities done in the period, divided by the people of that method contacted. A method none
  of whose activities recorded a cost has no cost ("not recorded", ``None``), never 0 kr.: a
  recorded 0 kr. (a free stand at the library) is a figure, a missing one is not.
* **Days to contact**: the median number of days from identification to the first contact.
* **One method** (``method_figures``, on its entry in the methods library): its figures per
  member municipality and in all, from the partnership's start to its end (or today).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connections, models
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from brobygger.outreach.models import (
    ActivityStatus,
    MethodCategory,
    OutreachActivity,
    OutreachMethod,
)
from brobygger.partnerships.models import Municipality, Partnership
from brobygger.people.models import PipelineStatus

from .criteria import facts_for_aggregates, registered_in
from .models import PersonFact
from .periods import Period

NO_METHOD = 0
# The two-sided 95 % quantile of the standard normal distribution: SciPy's
# ``norm.ppf(0.975)``, written out so that this module does not import SciPy's statistics
# (0.3 s of every start); a test holds the two equal.
Z_95 = 1.959963984540054


class DaysBetween(models.Func):
    """The whole days from the second date to the first (a negative number if earlier)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = models.IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


@dataclass(frozen=True)
class Share:
    """``count`` of ``of`` people, with its Wilson 95 % interval; no rate when ``of`` is 0."""

    count: int
    of: int

    @property
    def rate(self) -> float | None:
        return self.count / self.of if self.of else None

    @property
    def interval(self) -> tuple[float, float] | None:
        """The Wilson score interval, in its closed form: the same numbers as SciPy's
        ``binomtest(k, n).proportion_ci(method="wilson")`` (a test holds them together) at a
        hundredth of the cost, which matters for a report with thousands of them."""
        if not self.of:
            return None
        n, p = self.of, self.count / self.of
        denominator = 1 + Z_95**2 / n
        centre = (p + Z_95**2 / (2 * n)) / denominator
        half = Z_95 * math.sqrt(p * (1 - p) / n + Z_95**2 / (4 * n * n)) / denominator
        return max(0.0, centre - half), min(1.0, centre + half)

    def as_dict(self) -> dict[str, object]:
        interval = self.interval
        return {
            "count": self.count,
            "rate": None if self.rate is None else round(self.rate, 4),
            "low": None if interval is None else round(interval[0], 4),
            "high": None if interval is None else round(interval[1], 4),
        }


class Days:
    """Days from identification to first contact: how many people took each number of days.
    A row added to another is kept as its part, and the days are counted up only when a
    median is read (and then kept): a national table adds up thousands of rows and shows a
    few hundred medians, and a part that has been counted up holds at most one entry per
    number of days, however many people it covers. Medians are read once the table is
    built. Plain dictionaries, not ``Counter``s: a national table makes 7,000 of these, and a
    Counter takes several times as long to make and to add to."""

    __slots__ = ("_counted", "_own", "_parts")

    def __init__(self, counted: dict[int, int] | None = None) -> None:
        """``counted``: people by number of days, taken over as this row's own count."""
        self._own: dict[int, int] = counted if counted is not None else {}
        self._parts: list[Days] = []
        self._counted: dict[int, int] | None = None

    def count(self, days: int, people: int) -> None:
        self._own[days] = self._own.get(days, 0) + people
        self._counted = None

    def add(self, other: Days) -> None:
        self._parts.append(other)
        self._counted = None

    def counted(self) -> dict[int, int]:
        """People by number of days (not to be changed: it may be this row's own count)."""
        if self._counted is None:
            if not self._parts:
                self._counted = self._own
            else:
                counted = dict(self._own)
                for part in self._parts:
                    for days, people in part.counted().items():
                        counted[days] = counted.get(days, 0) + people
                self._counted = counted
        return self._counted

    def median(self) -> float | None:
        """The median of the people's days (``statistics.median`` of the expanded list)."""
        counted = self.counted()
        people = sum(counted.values())
        if not people:
            return None
        low, high = (people - 1) // 2, people // 2  # the middle one, or the middle two
        seen = 0
        found: list[int] = []
        for days in sorted(counted):
            seen += counted[days]
            while len(found) < 2 and seen > (low, high)[len(found)]:
                found.append(days)
            if len(found) == 2:
                break
        return found[0] if low == high else (found[0] + found[1]) / 2


@dataclass
class MethodRow:
    """The figures of one method, one category, or all methods together."""

    key: str
    label: str | Promise
    category: str = ""
    identified: int = 0
    contacted_count: int = 0
    intervention_count: int = 0
    outcome_count: int = 0
    hours: Decimal = Decimal(0)
    cost: Decimal | None = None  # None: no activity of the method recorded a cost
    days_to_contact: Days = field(default_factory=Days, repr=False)

    @property
    def contacted(self) -> Share:
        return Share(self.contacted_count, self.identified)

    @property
    def intervention(self) -> Share:
        return Share(self.intervention_count, self.identified)

    @property
    def outcome(self) -> Share:
        return Share(self.outcome_count, self.identified)

    @property
    def hours_per_contacted(self) -> Decimal | None:
        return (self.hours / self.contacted_count) if self.contacted_count else None

    @property
    def cost_recorded(self) -> bool:
        return self.cost is not None

    @property
    def cost_per_contacted(self) -> Decimal | None:
        """None when nobody was contacted or no cost was recorded (``cost_recorded`` tells
        which)."""
        if self.cost is None or not self.contacted_count:
            return None
        return self.cost / self.contacted_count

    @property
    def median_days_to_contact(self) -> float | None:
        return self.days_to_contact.median()

    def add(self, other: MethodRow) -> None:
        self.identified += other.identified
        self.contacted_count += other.contacted_count
        self.intervention_count += other.intervention_count
        self.outcome_count += other.outcome_count
        self.hours += other.hours
        if other.cost is not None:
            self.cost = (self.cost or Decimal(0)) + other.cost
        self.days_to_contact.add(other.days_to_contact)

    def as_dict(self) -> dict[str, object]:
        def number(value: Decimal | float | None) -> float | None:
            return None if value is None else round(float(value), 2)

        return {
            "key": self.key,
            "label": str(self.label),
            "category": self.category,
            "identified": self.identified,
            "contacted": self.contacted.as_dict(),
            "intervention": self.intervention.as_dict(),
            "outcome": self.outcome.as_dict(),
            "hours": number(self.hours),
            "cost": number(self.cost),
            "hours_per_contacted": number(self.hours_per_contacted),
            "cost_per_contacted": number(self.cost_per_contacted),
            "median_days_to_contact": number(self.median_days_to_contact),
        }


@dataclass(frozen=True)
class Effectiveness:
    methods: list[MethodRow]
    categories: list[MethodRow]
    total: MethodRow

    @property
    def total_rows(self) -> list[MethodRow]:
        return [self.total]

    def as_dict(self) -> dict[str, object]:
        return {
            "methods": [row.as_dict() for row in self.methods],
            "categories": [row.as_dict() for row in self.categories],
            "total": self.total.as_dict(),
        }


@dataclass(frozen=True)
class Comparison:
    """The method figures of each municipality, and of all of them together."""

    by_municipality: dict[int, Effectiveness]
    total: Effectiveness


def effectiveness(*, municipality_ids: Iterable[int], period: Period) -> Effectiveness:
    """The method figures for the people of these municipalities identified in the period."""
    return compare(municipality_ids=municipality_ids, period=period).total


@dataclass(frozen=True)
class Reached:
    """Who had got where by the end of the period: conditions on her fact row."""

    first_contact: Q  # a status step of contact (the start of "days to contact")
    enrolled: Q
    outcome: Q

    @property
    def contacted(self) -> Q:
        """An intervention or an outcome implies contact even where the step was skipped."""
        return self.first_contact | self.enrolled | self.outcome

    @property
    def moved_on(self) -> Q:
        """In an intervention, or a job or education."""
        return self.enrolled | self.outcome


def reached_by(period: Period) -> Reached:
    end = period.end
    return Reached(
        first_contact=Q(first_contacted_on__lte=end),
        enrolled=Q(first_enrolled_on__lte=end),
        outcome=Q(first_outcome_on__lte=end),
    )


def intake_facts(
    municipality_ids: Sequence[int], period: Period, where: Q | None = None
) -> models.QuerySet[PersonFact]:
    """The fact rows of the intake (module docstring): the people of these municipalities
    identified in the period, not merged, in the target group. For counts only. ``where`` (a
    target-group definition's filter) narrows the people first. The method page's other
    sections (``channels``, ``adjusted``) count the same people."""
    return (
        facts_for_aggregates(municipality_ids=municipality_ids, where=where)
        .filter(registered_in(period, "registered_at"), merged=False)
        .exclude(status=PipelineStatus.NOT_IN_TARGET_GROUP)
        .order_by()
    )


def method_key() -> Coalesce:
    """The method of her first source (her fact row), ``NO_METHOD`` when none is recorded."""
    return Coalesce(F("first_method_id"), NO_METHOD, output_field=models.IntegerField())


def compare(
    *, municipality_ids: Iterable[int], period: Period, where: Q | None = None
) -> Comparison:
    """The method figures per municipality and together, from three grouped queries over
    the people and their rows of the fact table; ``where`` (a target-group definition's
    filter) narrows the people first."""
    ids = sorted(set(municipality_ids))
    reached = reached_by(period)
    intake = intake_facts(ids, period, where).annotate(method_key=method_key())
    counts = (
        intake.order_by()
        .values("municipality_id", "method_key")
        .annotate(
            identified=Count("pk"),
            contacted=Count("pk", filter=reached.contacted),
            intervention=Count("pk", filter=reached.enrolled),
            outcome=Count("pk", filter=reached.outcome),
        )
    )
    # Days to contact: from the day she was identified to her first contact (her row),
    # counted by the database as how many people took each number of days.
    days = (
        intake.filter(reached.first_contact)
        .order_by()
        .annotate(days=DaysBetween("first_contacted_on", "identified_on"))
        .values_list("municipality_id", "method_key", "days")
        .annotate(people=Count("pk"))
    )
    effort = (
        OutreachActivity.objects.filter(
            municipality_id__in=ids,
            status=ActivityStatus.DONE,
            done_on__gte=period.start,
            done_on__lte=period.end,
        )
        .order_by()
        .values("municipality_id", "method")
        .annotate(hours=Sum("hours"), cost=Sum("cost"))
    )

    methods = {m.pk: m for m in OutreachMethod.objects.all()}
    rows: dict[int, dict[int, MethodRow]] = {pk: {} for pk in ids}
    # A method's name in the interface's language, once (a national table has 7,000 rows).
    labels = {pk: str(method) for pk, method in methods.items()}

    def new_row(method_id: int) -> MethodRow:
        method = methods.get(method_id)
        if method is None:
            return MethodRow("none", _("No method recorded"))
        return MethodRow(str(method.pk), labels[method.pk], method.category)

    def row(municipality_id: int, method_id: int) -> MethodRow:
        per = rows[municipality_id]
        if method_id not in per:
            per[method_id] = new_row(method_id)
        return per[method_id]

    for line in counts:
        r = row(line["municipality_id"], line["method_key"])
        r.identified = line["identified"]
        r.contacted_count = line["contacted"]
        r.intervention_count = line["intervention"]
        r.outcome_count = line["outcome"]
    # Tens of thousands of lines nationally: gathered per row in plain dictionaries first.
    histograms: dict[tuple[int, int], dict[int, int]] = {}
    for municipality_id, method_id, days_to_contact, people in _tuples(days):
        counted = histograms.get((municipality_id, method_id))
        if counted is None:
            counted = histograms[municipality_id, method_id] = {}
        days_to_contact = days_to_contact if days_to_contact > 0 else 0
        counted[days_to_contact] = counted.get(days_to_contact, 0) + people
    for (municipality_id, method_id), counted in histograms.items():
        row(municipality_id, method_id).days_to_contact = Days(counted)
    for spent in effort:
        r = row(spent["municipality_id"], spent["method"])
        r.hours = spent["hours"] or Decimal(0)
        r.cost = spent["cost"]  # the Sum of no recorded cost is None: "not recorded"

    together: dict[int, MethodRow] = {}
    for per in rows.values():
        for method_id, r in per.items():
            together.setdefault(method_id, new_row(method_id)).add(r)
    return Comparison(
        by_municipality={pk: _summarise(per, methods) for pk, per in rows.items()},
        total=_summarise(together, methods),
    )


@dataclass(frozen=True)
class MethodFigures:
    """The figures of one outreach method over the partnership's period, for its entry in the
    methods library."""

    method: OutreachMethod
    period: Period
    total: MethodRow
    by_municipality: list[tuple[Municipality, MethodRow]]
    # Every method's figures, from which these were picked (to hide small numbers alike).
    compared: Comparison


def method_figures(*, partnership: Partnership, method: OutreachMethod) -> MethodFigures | None:
    """The method's figures for the member municipalities from the partnership's start to its
    end (or today); None before the partnership has started."""
    today = timezone.localdate()
    period = Period(partnership.starts_on, min(today, partnership.ends_on))
    if period.end < period.start:
        return None
    municipalities = sorted(partnership.municipalities.all(), key=lambda m: m.name)
    compared = compare(municipality_ids=[m.pk for m in municipalities], period=period)

    def row(rows: list[MethodRow]) -> MethodRow:
        found = next((r for r in rows if r.key == str(method.pk)), None)
        return found or MethodRow(str(method.pk), method.name, method.category)

    return MethodFigures(
        method=method,
        period=period,
        total=row(compared.total.methods),
        by_municipality=[(m, row(compared.by_municipality[m.pk].methods)) for m in municipalities],
        compared=compared,
    )


def _tuples(queryset: models.QuerySet[Any, tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows of a ``values_list`` of whole numbers as the database gives them, without
    Django's per-row converters (a national histogram has tens of thousands of rows)."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def _summarise(rows: dict[int, MethodRow], methods: dict[int, OutreachMethod]) -> Effectiveness:
    """The rows in catalogue order, with a row per category and one for all methods."""
    labels = dict(MethodCategory.choices)
    category_order = list(labels)

    def order(item: tuple[int, MethodRow]) -> tuple[int, int, str]:
        method = methods.get(item[0])
        if method is None:
            return (len(category_order), 0, "")
        return (category_order.index(method.category), method.position, method.name)

    ordered = [r for _pk, r in sorted(rows.items(), key=order)]
    by_category: dict[str, MethodRow] = {}
    total = MethodRow("all", _("All methods"))
    for r in ordered:
        if r.category:
            label = labels.get(r.category, r.category)
            by_category.setdefault(r.category, MethodRow(r.category, label)).add(r)
        total.add(r)
    categories = [by_category[c] for c in category_order if c in by_category]
    return Effectiveness(methods=ordered, categories=categories, total=total)
