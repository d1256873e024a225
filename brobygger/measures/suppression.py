"""Small numbers that identify nobody: primary and secondary suppression of a table of counts,
the way Danmarks Statistik publishes.

A pure module: values in, cells with a status out; no database and no request. Callers (the
pages, reports and exports seen by a role without person access) give it a table and show
what comes back (``Cell.__str__``):

* **Primary**: a count from 1 to ``threshold - 1`` is shown as "<5" (for the threshold 5).
* **Secondary**: a published total turns the other cells of its row or column into an
  equation; a row with one hidden cell and its total gives the hidden value away by
  subtraction, and a chain of such equations can pin a cell down across lines. So the
  equations are kept solved as cells are hidden, one at a time (``_Equations``), and each
  hidden cell whose value still follows from the shown cells gets a partner (shown as "–")
  from the equation that pins it, preferably beside it in a row or column, opening the
  fewest new lines, the smallest, until no hidden value follows.

A zero is not a small number (nobody to identify) and is hidden only as a partner. A cell the
viewer may see exactly anyway (``known``: her own municipality's, for her staff with person
access) is never hidden and never chosen as a partner: she knows it, so it protects nothing.

What the module does not promise: the bounds an attacker gets from counts being whole and not
negative (a hidden pair of cells whose sum is 1 is "0 and 1" in some order), and figures of
other tables on the same page that are not given to it as lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

DEFAULT_THRESHOLD = 5
# The modulus of the exact elimination (``determined``): a Mersenne prime.
_PRIME = 2**61 - 1


class Status(StrEnum):
    SHOWN = "shown"
    PRIMARY = "primary"  # a small number: "<5"
    SECONDARY = "secondary"  # hidden so that a small number cannot be worked out: "–"


@dataclass(frozen=True)
class Cell:
    """One published figure: its value and whether it may be shown."""

    value: int
    status: Status = Status.SHOWN
    threshold: int = DEFAULT_THRESHOLD

    @property
    def suppressed(self) -> bool:
        return self.status != Status.SHOWN

    def __str__(self) -> str:
        if self.status == Status.PRIMARY:
            return f"<{self.threshold}"
        if self.status == Status.SECONDARY:
            return "–"
        return str(self.value)

    @property
    def published(self) -> int | str:
        """The value for an export: the number, or the text that stands in for it."""
        return str(self) if self.suppressed else self.value


def exact(value: int) -> Cell:
    return Cell(value)


@dataclass(frozen=True)
class Line:
    """Cells (indices) whose values add up to the value of the cell ``total``."""

    parts: tuple[int, ...]
    total: int

    @cached_property
    def cells(self) -> tuple[int, ...]:
        return (*self.parts, self.total)


def is_small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def protect(
    values: Sequence[int],
    lines: Sequence[Line],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    known: Iterable[int] = (),
    small: Iterable[int] = (),
) -> list[Status]:
    """The status of each value: primary for the small ones (and those in ``small``, e.g. a
    count whose complement is small), then secondary partners, one at a time, until no hidden
    value follows from the shown values and the ``lines``. ``known`` cells are shown whatever
    they hold."""
    table = _Protection(values, lines, frozenset(known))
    for index, value in enumerate(values):
        if is_small(value, threshold):
            table.hide(index, Status.PRIMARY)
    for index in small:
        table.hide(index, Status.PRIMARY)
    table.unpin()
    return table.statuses


class _Protection:
    """The statuses of one table while its hidden cells are given partners."""

    def __init__(self, values: Sequence[int], lines: Sequence[Line], known: frozenset[int]):
        self.values, self.lines, self.known = values, lines, known
        self.statuses = [Status.SHOWN] * len(values)
        self.lines_of: dict[int, list[int]] = {}  # cell -> the lines (indices) it is in
        for number, line in enumerate(lines):
            for index in line.cells:
                self.lines_of.setdefault(index, []).append(number)
        self.hidden_in = [0] * len(lines)  # hidden cells per line
        self.equations = _Equations(lines)

    def hidden(self, index: int) -> bool:
        return self.statuses[index] != Status.SHOWN

    def hide(self, index: int, status: Status) -> None:
        if index not in self.known and not self.hidden(index):
            self.statuses[index] = status
            for number in self.lines_of.get(index, []):
                self.hidden_in[number] += 1
            self.equations.hide(index)

    def ranked(self, candidates: Iterable[int]) -> list[int]:
        """The cells that may still be hidden, best partner first: the one that opens the
        fewest lines with no hidden cell yet (each would need a partner of its own, and
        those partners more: suppression spreads through a linked table line by line), then
        the smallest, zeros last."""
        free = [i for i in set(candidates) if not self.hidden(i) and i not in self.known]

        def cost(i: int) -> tuple[int, bool, int, int]:
            opened = sum(1 for number in self.lines_of.get(i, []) if not self.hidden_in[number])
            return (opened, self.values[i] == 0, self.values[i], i)

        return sorted(free, key=cost)

    def partner(self, index: int) -> int | None:
        """A partner for a hidden cell the equations pin down: one of the shown cells of the
        equation that pins it (hiding any of them leaves it with two unknowns), preferring
        one that is not itself pinned by the shown cells once hidden, and one of its own lines
        (a row or column beside it, the way a table is read); None when all of them are known
        to the viewer."""
        equations = self.equations
        usable = [j for j in equations.pinning(index) if j not in self.known]
        unpinned = [j for j in usable if not equations.would_pin(j)]
        beside = {j for n in self.lines_of.get(index, []) for j in self.lines[n].cells}
        for candidates in (
            [j for j in unpinned if j in beside],
            unpinned,
            [j for j in usable if j in beside],
            usable,
        ):
            if candidates:
                return self.ranked(candidates)[0]
        return None

    def unpin(self) -> None:
        """Each hidden value the equations pin down gets a partner, the lowest first, until
        none is pinned (or none can be given one: the rest is known to the viewer anyway)."""
        stuck: set[int] = set()
        while True:
            pinned = self.equations.determined - stuck
            if not pinned:
                return
            index = min(pinned)
            chosen = self.partner(index)
            if chosen is None:
                stuck.add(index)
            else:
                self.hide(chosen, Status.SECONDARY)


class _Equations:
    """The lines' equations (the parts minus the total is zero), kept in reduced row echelon
    form over the hidden cells as cells are hidden one by one, so that the pinned ones (those
    whose value follows from the shown cells) are known after every step.

    A hidden cell's value follows from the rest when its unit vector lies in the row space of
    the equations restricted to the hidden cells: in reduced form, when it is the pivot of a
    row that holds no other hidden cell. Rows keep their shown cells too (each row is still
    a combination of lines over every cell), which is what lets a cell be added without
    starting again: hiding cell ``s``

    * where a row without a pivot holds ``s`` (such a row holds no other hidden cell: it is
      an equation over shown cells and ``s``), that row becomes ``s``'s pivot row, ``s`` is
      pinned, and ``s`` is taken out of every other row;
    * otherwise ``s`` only joins the rows that hold it, and each of their pivots that was
      pinned is now tied to ``s`` as well, and free.

    Hiding more cells only frees cells (the unknowns grow, the equations do not), so the
    work is one elimination step per hidden cell, not a solve per round. The arithmetic is
    exact, modulo the prime 2**61 - 1: it differs from the rational one only where the prime
    divides a minor of the system, a chance of the order of 2**-61 per table; a test holds
    it to a rank computed in floating point on random systems."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self.rows: list[dict[int, int]] = []
        self.holding: dict[int, set[int]] = {}  # cell -> the rows with a value in it
        for line in lines:
            row: dict[int, int] = {}
            for index in line.parts:
                row[index] = (row.get(index, 0) + 1) % _PRIME
            row[line.total] = (row.get(line.total, 0) - 1) % _PRIME
            row = {j: v for j, v in row.items() if v}
            if row:
                for j in row:
                    self.holding.setdefault(j, set()).add(len(self.rows))
                self.rows.append(row)
        self.hidden: set[int] = set()
        self.hidden_in = [0] * len(self.rows)  # hidden cells per row
        self.pivot_of: dict[int, int] = {}  # row -> its pivot cell
        self.determined: set[int] = set()  # the pinned hidden cells

    def hide(self, cell: int) -> None:
        if cell in self.hidden:
            return
        self.hidden.add(cell)
        holding = self.holding.get(cell, set())
        free = [r for r in holding if r not in self.pivot_of]
        if not free:
            for r in holding:
                self.hidden_in[r] += 1
                if self.hidden_in[r] == 2:
                    self.determined.discard(self.pivot_of[r])
            return
        pivot = min(free, key=lambda r: (len(self.rows[r]), r))
        row = self.rows[pivot]
        inverse = pow(row[cell], _PRIME - 2, _PRIME)
        for j in row:
            row[j] = row[j] * inverse % _PRIME
        self.pivot_of[pivot] = cell
        self.hidden_in[pivot] = 1
        self.determined.add(cell)
        for other in list(holding - {pivot}):
            self._subtract(other, pivot, cell)
            # Only ``cell`` of the pivot row is hidden: the other row lost it and gained
            # shown cells only.
            if other in self.pivot_of and self.hidden_in[other] == 1:
                self.determined.add(self.pivot_of[other])

    def pinning(self, cell: int) -> list[int]:
        """The shown cells of the equation that pins ``cell`` (a pinned cell)."""
        row = next(r for r in self.holding[cell] if self.pivot_of.get(r) == cell)
        return [j for j in self.rows[row] if j not in self.hidden]

    def would_pin(self, cell: int) -> bool:
        """Whether ``cell`` (shown) would be pinned by the shown cells alone once hidden."""
        return any(r not in self.pivot_of for r in self.holding.get(cell, ()))

    def _subtract(self, at: int, pivot: int, cell: int) -> None:
        """Take the pivot row (1 at ``cell``) times row ``at``'s value there from row ``at``."""
        target, row, holding = self.rows[at], self.rows[pivot], self.holding
        factor = target[cell]
        for j, value in row.items():
            if j in target:
                updated = (target[j] - factor * value) % _PRIME
                if updated:
                    target[j] = updated
                else:
                    del target[j]
                    holding[j].discard(at)
            else:
                target[j] = -factor * value % _PRIME
                holding[j].add(at)


def determined(lines: Sequence[Line], hidden: Iterable[int]) -> list[int]:
    """The hidden cells whose value follows from the shown cells and the lines."""
    equations = _Equations(lines)
    for cell in hidden:
        equations.hide(cell)
    return sorted(equations.determined)


@dataclass
class Grid:
    """A two-way table after suppression: ``cells[row][column]``, with the row totals (a last
    column), the column totals (a last row) and the grand total where the table has them."""

    cells: list[list[Cell]]
    row_totals: list[Cell] = field(default_factory=list)
    column_totals: list[Cell] = field(default_factory=list)
    grand: Cell | None = None


def grid(
    values: Sequence[Sequence[int]],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    row_totals: bool = True,
    column_totals: bool = True,
    known_columns: Iterable[int] = (),
    small: Iterable[tuple[int, int]] = (),
    exact_everywhere: bool = False,
) -> Grid:
    """Suppress a table of counts whose totals are published too: rows are e.g. stages or
    methods, columns municipalities (``known_columns``: the viewer's own, shown exactly; a
    total is the viewer's only when every part of it is). ``small``: (row, column) cells to
    hide as small numbers although their value is not (a count whose complement is small)."""
    rows = [list(row) for row in values]
    width = len(rows[0]) if rows else 0
    if exact_everywhere:
        known_columns = range(width)
    known_cols = frozenset(known_columns)
    height = len(rows)
    # The flat layout: the interior row by row, each row followed by its total, then the
    # column totals and the grand total.
    stride = width + (1 if row_totals else 0)
    flat: list[int] = []
    for row in rows:
        flat.extend(row)
        if row_totals:
            flat.append(sum(row))
    if column_totals:
        sums = [sum(row[j] for row in rows) for j in range(width)]
        flat.extend(sums)
        if row_totals:
            flat.append(sum(sums))
    last = height + (1 if column_totals else 0)
    lines = [
        Line(tuple(i * stride + j for j in range(width)), i * stride + width)
        for i in range(last)
        if row_totals
    ]
    lines += [
        Line(tuple(i * stride + j for i in range(height)), height * stride + j)
        for j in range(stride)
        if column_totals
    ]
    all_known = bool(width) and known_cols >= frozenset(range(width))
    known = [
        i * stride + j
        for i in range(last)
        for j in range(stride)
        if j in known_cols or (all_known and j == width)
    ]
    statuses = protect(
        flat,
        lines,
        threshold=threshold,
        known=known,
        small=[i * stride + j for i, j in small],
    )
    out = [Cell(value, status, threshold) for value, status in zip(flat, statuses, strict=True)]
    return Grid(
        cells=[out[i * stride : i * stride + width] for i in range(height)],
        row_totals=[out[i * stride + width] for i in range(height)] if row_totals else [],
        column_totals=out[height * stride : height * stride + width] if column_totals else [],
        grand=out[height * stride + width] if row_totals and column_totals else None,
    )


class Sheet:
    """Figures that are tied to each other in any way a table shows them: add each count
    (``add``), say which add up to which (``line``, ``total``), then ``protect`` them all at
    once. A figure a page does not show but that follows from it (the people of a stage who
    went no further, a count's complement) is added too, so that a small one is protected."""

    def __init__(self, threshold: int = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        self.values: list[int] = []
        self.lines: list[Line] = []
        self.known: set[int] = set()
        self.small: set[int] = set()

    def add(self, value: int, *, known: bool = False) -> int:
        self.values.append(value)
        index = len(self.values) - 1
        if known:
            self.known.add(index)
        return index

    def line(self, parts: Iterable[int], total: int) -> None:
        self.lines.append(Line(tuple(parts), total))

    def total(self, parts: Sequence[int], *, known: bool = False) -> int:
        """A new figure, the sum of ``parts``, tied to them."""
        index = self.add(sum(self.values[i] for i in parts), known=known)
        self.line(parts, index)
        return index

    def protect(self) -> list[Cell]:
        statuses = protect(
            self.values,
            self.lines,
            threshold=self.threshold,
            known=self.known,
            small=self.small,
        )
        return [
            Cell(value, status, self.threshold)
            for value, status in zip(self.values, statuses, strict=True)
        ]


def rate(numerator: Cell, denominator: Cell) -> float | None:
    """The share, or None when either count is hidden or nobody is in the denominator."""
    if numerator.suppressed or denominator.suppressed or not denominator.value:
        return None
    return numerator.value / denominator.value
