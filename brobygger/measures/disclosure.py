"""The partnership's figures as a viewer may see them: small numbers hidden (``suppression``)
for every municipality except those where she may see the people themselves.

The municipality's own staff with person access (``Permission.VIEW_PEOPLE`` there) see its
exact counts; everybody else (the coordinator, the evaluator, the steering group, another
municipality's staff) sees "<5" for a count from 1 to 4 and "–" for a figure hidden so that a
small one cannot be worked out. The threshold is ``settings.BROBYGGER_SMALL_NUMBER_THRESHOLD``.

Each figure of a page is given to one ``Sheet`` with everything it adds up with: a
municipality's figure and the partnership's, a method's and its category's and all methods',
a count and the people of its denominator it leaves out, a stage of the funnel and the next.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache

from brobygger.accounts.access import AnyUser, Permission, scope_for

from .criteria import Breakdown, Criterion
from .effectiveness import Comparison, Effectiveness, MethodRow, Share
from .pipeline import Stage, TrendRow
from .suppression import DEFAULT_THRESHOLD, Cell, Sheet, Status


def threshold() -> int:
    return int(getattr(settings, "BROBYGGER_SMALL_NUMBER_THRESHOLD", DEFAULT_THRESHOLD))


@dataclass(frozen=True)
class Viewer:
    """The municipalities whose exact counts a user may see."""

    exact: frozenset[int]
    everywhere: bool = False

    def knows(self, municipality_id: int) -> bool:
        return self.everywhere or municipality_id in self.exact

    def knows_all(self, municipality_ids: Sequence[int]) -> bool:
        return all(self.knows(pk) for pk in municipality_ids)

    def sheet(self) -> Sheet:
        return RememberedSheet(threshold())


# A sheet this large takes from tens of milliseconds (a four-municipality quarterly report:
# about 1,000 figures) to seconds (a national method table: 29,000) to protect, far more than
# its digest; its statuses are kept in Django's cache under a digest of everything they
# follow from. Smaller sheets (a dashboard's) are protected in a few milliseconds.
REMEMBER_FROM = 500


class RememberedSheet(Sheet):
    """A ``Sheet`` whose statuses, once worked out for a large table, are reused for the same
    figures, ties and viewer's knowledge (the digest covers every value, line, known cell and
    the threshold, so a changed figure is a new entry: nothing is ever stale). The cache
    holds statuses only: counts of people, never a person."""

    def protect(self) -> list[Cell]:
        if len(self.values) < REMEMBER_FROM:
            return super().protect()
        # The lines as plain tuples: their repr is the C one, a dataclass's is Python's.
        lines = [(line.parts, line.total) for line in self.lines]
        digest = hashlib.sha256(
            repr(
                (self.threshold, self.values, lines, sorted(self.known), sorted(self.small))
            ).encode()
        ).hexdigest()
        key = f"measures:protected:{digest}"
        statuses = cache.get(key)
        if not isinstance(statuses, list) or len(statuses) != len(self.values):
            cells = super().protect()
            cache.set(key, [cell.status.value for cell in cells], _remember_seconds())
            return cells
        # A national table has tens of thousands of cells but few distinct ones: a cell is
        # immutable, so equal cells are one object.
        by_value = {status.value: status for status in Status}
        made: dict[tuple[int, str], Cell] = {}
        cells = []
        for value, status in zip(self.values, statuses, strict=True):
            cell = made.get((value, status))
            if cell is None:
                cell = made[value, status] = Cell(value, by_value[status], self.threshold)
            cells.append(cell)
        return cells


def _remember_seconds() -> int:
    return int(settings.BROBYGGER_SUPPRESSION_CACHE_SECONDS)


def viewer_of(user: AnyUser) -> Viewer:
    scope = scope_for(user, Permission.VIEW_PEOPLE)
    return Viewer(scope.ids, scope.everywhere)


def spread(
    sheet: Sheet, viewer: Viewer, ids: Sequence[int], values: Sequence[int]
) -> tuple[list[int], int]:
    """One figure for each municipality and the partnership's, their sum."""
    parts = [
        sheet.add(value, known=viewer.knows(pk)) for pk, value in zip(ids, values, strict=True)
    ]
    return parts, sheet.total(parts, known=viewer.knows_all(ids))


def tie(sheet: Sheet, count: int, whole: int, *, known: bool) -> None:
    """Tie a count to its denominator through the people it leaves out."""
    rest = sheet.add(sheet.values[whole] - sheet.values[count], known=known)
    sheet.line([count, rest], whole)


# The success criteria ------------------------------------------------------------------


@dataclass(frozen=True)
class ShownResult:
    criterion: Criterion
    numerator: Cell
    denominator: Cell
    target: Decimal

    @property
    def hidden(self) -> bool:
        return self.numerator.suppressed or self.denominator.suppressed

    @property
    def rate(self) -> Decimal | None:
        """None when hidden or nobody is in the denominator."""
        if self.hidden or not self.denominator.value:
            return None
        return Decimal(self.numerator.value) / Decimal(self.denominator.value)

    @property
    def on_track(self) -> bool | None:
        rate = self.rate
        return None if rate is None else rate >= self.target


@dataclass(frozen=True)
class ShownCriteria:
    by_municipality: dict[int, list[ShownResult]]
    total: list[ShownResult]


def add_criteria(
    sheet: Sheet, breakdown: Breakdown, ids: Sequence[int], viewer: Viewer
) -> Callable[[list[Cell]], ShownCriteria]:
    """Each criterion as a table of numerators and of the rest of the denominator, per
    municipality, with the partnership's figures as its totals; read it after protecting."""
    ids = sorted(ids)  # the same cells hidden whatever order a page lists the municipalities in
    indices = []
    for index, together in enumerate(breakdown.total):
        lines = [breakdown.by_municipality[pk][index] for pk in ids]
        numerators, numerator = spread(sheet, viewer, ids, [r.numerator for r in lines])
        denominators, denominator = spread(sheet, viewer, ids, [r.denominator for r in lines])
        for pk, count, of in zip(ids, numerators, denominators, strict=True):
            tie(sheet, count, of, known=viewer.knows(pk))
        tie(sheet, numerator, denominator, known=viewer.knows_all(ids))
        indices.append((together, numerators, denominators, numerator, denominator))

    def read(cells: list[Cell]) -> ShownCriteria:
        by_municipality: dict[int, list[ShownResult]] = {pk: [] for pk in ids}
        total: list[ShownResult] = []
        for together, numerators, denominators, numerator, denominator in indices:
            criterion, target = together.criterion, together.target
            for pk, count, of in zip(ids, numerators, denominators, strict=True):
                by_municipality[pk].append(ShownResult(criterion, cells[count], cells[of], target))
            total.append(ShownResult(criterion, cells[numerator], cells[denominator], target))
        return ShownCriteria(by_municipality, total)

    return read


def criteria(breakdown: Breakdown, ids: Sequence[int], viewer: Viewer) -> ShownCriteria:
    sheet = viewer.sheet()
    return add_criteria(sheet, breakdown, ids, viewer)(sheet.protect())


# The funnel and the trend ------------------------------------------------------------------


@dataclass(frozen=True)
class ShownStage:
    stage: Stage
    counts: list[Cell]
    total: Cell


def funnel(stages: Sequence[Stage], ids: Sequence[int], viewer: Viewer) -> list[ShownStage]:
    """Each stage per municipality and for the partnership; a stage is everybody who reached
    it or a later one, so the people who stopped at a stage (the difference from the next) are
    tied in as well."""
    sheet = viewer.sheet()
    rows = [spread(sheet, viewer, ids, [s.counts.get(pk, 0) for pk in ids]) for s in stages]
    for (parts, total), (next_parts, next_total) in zip(rows, rows[1:], strict=False):
        for pk, reached, further in zip(ids, parts, next_parts, strict=True):
            tie(sheet, further, reached, known=viewer.knows(pk))
        tie(sheet, next_total, total, known=viewer.knows_all(ids))
    cells = sheet.protect()
    return [
        ShownStage(stage, [cells[i] for i in parts], cells[total])
        for stage, (parts, total) in zip(stages, rows, strict=True)
    ]


@dataclass(frozen=True)
class ShownTrendRow:
    row: TrendRow
    identified: Cell
    contacted: Cell
    enrolled: Cell
    outcomes: Cell

    @property
    def quarter(self) -> object:
        return self.row.quarter


def trend(rows: Sequence[TrendRow], ids: Sequence[int], viewer: Viewer) -> list[ShownTrendRow]:
    """The partnership's new people per quarter: no totals are published, so a small number
    alone is hidden."""
    sheet = viewer.sheet()
    known = viewer.knows_all(ids)
    indices = [
        [sheet.add(v, known=known) for v in (r.identified, r.contacted, r.enrolled, r.outcomes)]
        for r in rows
    ]
    cells = sheet.protect()
    return [
        ShownTrendRow(row, *(cells[i] for i in line))
        for row, line in zip(rows, indices, strict=True)
    ]


# The outreach methods ----------------------------------------------------------------------


@dataclass(frozen=True)
class ShownShare:
    count: Cell
    of: Cell

    @property
    def hidden(self) -> bool:
        return self.count.suppressed or self.of.suppressed

    def _share(self) -> Share | None:
        return None if self.hidden else Share(self.count.value, self.of.value)

    @property
    def rate(self) -> float | None:
        share = self._share()
        return None if share is None else share.rate

    @property
    def interval(self) -> tuple[float, float] | None:
        share = self._share()
        return None if share is None else share.interval


@dataclass(frozen=True)
class ShownMethodRow:
    row: MethodRow
    identified: Cell
    contacted: ShownShare
    intervention: ShownShare
    outcome: ShownShare

    @property
    def key(self) -> str:
        return self.row.key

    @property
    def label(self) -> object:
        return self.row.label

    @property
    def category(self) -> str:
        return self.row.category

    @property
    def effort_hidden(self) -> bool:
        """Hours, cost and days per contacted person of a hidden count would show the count."""
        return self.contacted.hidden

    @property
    def hours_per_contacted(self) -> Decimal | None:
        return None if self.effort_hidden else self.row.hours_per_contacted

    @property
    def cost_recorded(self) -> bool:
        return self.row.cost_recorded

    @property
    def cost_per_contacted(self) -> Decimal | None:
        return None if self.effort_hidden else self.row.cost_per_contacted

    @property
    def median_days_to_contact(self) -> float | None:
        return None if self.effort_hidden else self.row.median_days_to_contact


@dataclass(frozen=True)
class ShownEffectiveness:
    methods: list[ShownMethodRow]
    categories: list[ShownMethodRow]
    total: ShownMethodRow

    @property
    def total_rows(self) -> list[ShownMethodRow]:
        return [self.total]


@dataclass(frozen=True)
class ShownComparison:
    by_municipality: dict[int, ShownEffectiveness]
    total: ShownEffectiveness

    def find(self, municipality_id: int | None, row: MethodRow) -> ShownMethodRow:
        """One method's row in a municipality (None: the partnership); a method nobody was
        found by has only zeros, which hide nothing."""
        figures = self.total if municipality_id is None else self.by_municipality[municipality_id]
        found = next((r for r in figures.methods if r.key == row.key), None)
        if found is not None:
            return found
        zero = Cell(0)
        return ShownMethodRow(
            row, zero, ShownShare(zero, zero), ShownShare(zero, zero), ShownShare(zero, zero)
        )


MEASURES = ("identified", "contacted_count", "intervention_count", "outcome_count")


def methods(compared: Comparison, ids: Sequence[int], viewer: Viewer) -> ShownComparison:
    sheet = viewer.sheet()
    return add_methods(sheet, compared, ids, viewer)(sheet.protect())


def add_methods(
    sheet: Sheet, compared: Comparison, ids: Sequence[int], viewer: Viewer
) -> Callable[[list[Cell]], ShownComparison]:
    """The method figures of each municipality and the partnership, with every sum they make:
    a method's over the municipalities, the methods' of a category and of all methods, and a
    rate's count and the people it leaves out; read them after protecting."""
    ids = sorted(ids)  # the same cells hidden on every page that shows them
    everyone = viewer.knows_all(ids)

    def rows_of(figures: Effectiveness) -> dict[str, MethodRow]:
        return {r.key: r for r in [*figures.methods, *figures.categories, figures.total]}

    columns: list[tuple[int | None, dict[str, MethodRow]]] = [
        (pk, rows_of(compared.by_municipality[pk])) for pk in ids
    ]
    together = compared.total
    keys = [r.key for r in [*together.methods, *together.categories, together.total]]
    # index[(column, key, measure)]; the partnership's column is None.
    index: dict[tuple[int | None, str, str], int] = {}
    for key in keys:
        for measure in MEASURES:
            values = [getattr(rows[key], measure) if key in rows else 0 for _pk, rows in columns]
            parts, total = spread(sheet, viewer, ids, values)
            for pk, part in zip(ids, parts, strict=True):
                index[(pk, key, measure)] = part
            index[(None, key, measure)] = total
    by_column = _by_column(index)
    for column in [*ids, None]:
        known = everyone if column is None else viewer.knows(column)
        _method_lines(sheet, compared.total, by_column.get(column, {}))
        for key in keys:
            for measure in MEASURES[1:]:
                count, whole = index[(column, key, measure)], index[(column, key, "identified")]
                tie(sheet, count, whole, known=known)

    def shown(cells: list[Cell], column: int | None, row: MethodRow) -> ShownMethodRow:
        def cell(measure: str) -> Cell:
            return cells[index[(column, row.key, measure)]]

        identified = cell("identified")
        return ShownMethodRow(
            row,
            identified,
            ShownShare(cell("contacted_count"), identified),
            ShownShare(cell("intervention_count"), identified),
            ShownShare(cell("outcome_count"), identified),
        )

    def effectiveness(
        cells: list[Cell], column: int | None, figures: Effectiveness
    ) -> ShownEffectiveness:
        return ShownEffectiveness(
            methods=[shown(cells, column, r) for r in figures.methods],
            categories=[shown(cells, column, r) for r in figures.categories],
            total=shown(cells, column, figures.total),
        )

    def read(cells: list[Cell]) -> ShownComparison:
        return ShownComparison(
            by_municipality={
                pk: effectiveness(cells, pk, compared.by_municipality[pk]) for pk in ids
            },
            total=effectiveness(cells, None, compared.total),
        )

    return read


def _by_column(
    index: dict[tuple[int | None, str, str], int],
) -> dict[int | None, dict[tuple[int | None, str, str], int]]:
    """The cells of ``index`` grouped by their column (a municipality, or None)."""
    grouped: dict[int | None, dict[tuple[int | None, str, str], int]] = {}
    for place, cell in index.items():
        grouped.setdefault(place[0], {})[place] = cell
    return grouped


def _method_lines(
    sheet: Sheet, together: Effectiveness, index: dict[tuple[int | None, str, str], int]
) -> None:
    """In one column: the methods add up to all methods, and a category's methods to it."""
    method_keys = [r.key for r in together.methods]
    for measure in MEASURES:
        cell = {key: i for (_column, key, m), i in index.items() if m == measure}
        sheet.line([cell[k] for k in method_keys], cell[together.total.key])
        for category in together.categories:
            members = [cell[r.key] for r in together.methods if r.category == category.key]
            sheet.line(members, cell[category.key])


# Counts of people per municipality ---------------------------------------------------------


@dataclass(frozen=True)
class ShownPart:
    """A count of people and the count it is part of, for each municipality and together."""

    parts: list[Cell]
    wholes: list[Cell]
    part: Cell
    whole: Cell


def part_of_whole(
    parts: Sequence[int], wholes: Sequence[int], ids: Sequence[int], viewer: Viewer
) -> ShownPart:
    """E.g. the people contacted of all people, per municipality and together."""
    sheet = viewer.sheet()
    part_cells, part = spread(sheet, viewer, ids, parts)
    whole_cells, whole = spread(sheet, viewer, ids, wholes)
    for pk, count, of in zip(ids, part_cells, whole_cells, strict=True):
        tie(sheet, count, of, known=viewer.knows(pk))
    tie(sheet, part, whole, known=viewer.knows_all(ids))
    cells = sheet.protect()
    return ShownPart(
        [cells[i] for i in part_cells], [cells[i] for i in whole_cells], cells[part], cells[whole]
    )
