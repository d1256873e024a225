"""Small numbers that identify nobody: primary and secondary suppression of a table of counts,
the way Danmarks Statistik publishes.

A pure module: values in, cells with a status out; no database and no request. Callers (the
pages, reports and exports seen by a role without person access) give it a table and show
what comes back (``Cell.__str__``):

* **Primary**: a count from 1 to ``threshold - 1`` is shown as "<5" (for the threshold 5).
* **Secondary**: a published total turns the other cells of its row or column into an
  equation; a row with one hidden cell and its total gives the hidden value away by
  subtraction. So every line (a row or column with its total) holds no hidden cell or at
  least two, the second being the line's smallest cell (shown as "–"); and since a chain of
  such lines can still pin a cell down, the table is then checked as a whole, by linear
  algebra: a hidden cell whose value follows from the shown cells and the totals gets one
  more hidden partner, until none does.

A zero is not a small number (nobody to identify) and is hidden only as a partner. A cell the
viewer may see exactly anyway (``known``: her own municipality's, for her staff with person
access) is never hidden and never chosen as a partner: she knows it, so it protects nothing.

What the module does not promise: the bounds an attacker gets from counts being whole and not
negative (a hidden pair of cells whose sum is 1 is "0 and 1" in some order), and figures of
other tables on the same page that are not given to it as lines.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Sequence
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
    count whose complement is small), then secondary partners until no hidden value follows
    from the shown values and the ``lines``. ``known`` cells are shown whatever they hold."""
    table = _Protection(values, lines, frozenset(known))
    for index, value in enumerate(values):
        if is_small(value, threshold):
            table.hide(index, Status.PRIMARY)
    for index in small:
        table.hide(index, Status.PRIMARY)
    if not any(table.hidden(i) for i in range(len(values))):
        return table.statuses
    while True:
        table.pair_lines()
        if not table.unpin():
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

    def hidden(self, index: int) -> bool:
        return self.statuses[index] != Status.SHOWN

    def hide(self, index: int, status: Status) -> None:
        if index not in self.known and not self.hidden(index):
            self.statuses[index] = status
            for number in self.lines_of.get(index, []):
                self.hidden_in[number] += 1

    def partner(self, candidates: Iterable[int]) -> int | None:
        free = self.ranked(candidates)
        return free[0] if free else None

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

    def neighbours(self, indices: Iterable[int]) -> list[int]:
        return [
            j
            for i in indices
            for number in self.lines_of.get(i, [])
            for j in self.lines[number].cells
        ]

    def pair_lines(self) -> None:
        """The line rule: no line with exactly one hidden cell."""
        changed = True
        while changed:
            changed = False
            for number, line in enumerate(self.lines):
                if self.hidden_in[number] == 1:
                    chosen = self.partner(line.cells)
                    if chosen is not None:
                        self.hide(chosen, Status.SECONDARY)
                        changed = True

    def unpin(self) -> bool:
        """The whole table: each hidden value the equations still pin down gets a partner,
        from its own lines or else from the lines of every hidden cell. False when none is
        left to give one (or none can be given: the rest is known to the viewer anyway)."""
        hidden = [self.hidden(i) for i in range(len(self.values))]
        changed = False
        # The cells of the lines of every hidden cell, best partner first: gathered once a round.
        wider: Iterator[int] | None = None
        for index in determined(self.values, self.lines, hidden):
            if any(self.hidden(i) and not hidden[i] for i in self.neighbours([index])):
                continue  # a partner chosen this round already sits beside it: check again
            chosen = self.partner(self.neighbours([index]))
            if chosen is None:
                if wider is None:
                    everything = [i for i, is_hidden in enumerate(hidden) if is_hidden]
                    wider = iter(self.ranked(self.neighbours(everything)))
                chosen = next((i for i in wider if not self.hidden(i)), None)
            if chosen is not None:
                self.hide(chosen, Status.SECONDARY)
                changed = True
        return changed


def determined(values: Sequence[int], lines: Sequence[Line], hidden: Sequence[bool]) -> list[int]:
    """The hidden cells whose value follows from the shown cells and the lines: those whose
    unit vector lies in the row space of the lines' equations over the hidden cells. In the
    reduced row echelon form of those equations, that is a row holding its pivot alone.

    The equations are sparse (a line touches a row's or column's cells) and a national table
    holds thousands of hidden cells, so they are reduced by sparse Gauss-Jordan elimination,
    shortest row first, which keeps the fill-in small. The arithmetic is exact, modulo the
    prime 2**61 - 1: the rank modulo the prime equals the rational rank unless the prime
    divides one of the minors, a chance of the order of 2**-61 per table; a test holds the
    result to a rank computed in floating point on random tables."""
    column_of = {index: j for j, index in enumerate(i for i, h in enumerate(hidden) if h)}
    cell_of = {j: index for index, j in column_of.items()}
    rows: list[dict[int, int]] = []
    for line in lines:
        row: dict[int, int] = {}
        for index in line.parts:
            if index in column_of:
                j = column_of[index]
                row[j] = (row.get(j, 0) + 1) % _PRIME
        if line.total in column_of:
            j = column_of[line.total]
            row[j] = (row.get(j, 0) - 1) % _PRIME
        row = {j: v for j, v in row.items() if v}
        if row:
            rows.append(row)
    pivots = _reduce(rows)
    return sorted(cell_of[j] for j, r in pivots.items() if len(rows[r]) == 1)


def _reduce(rows: list[dict[int, int]]) -> dict[int, int]:
    """Gauss-Jordan elimination of ``rows`` (column -> value, modulo ``_PRIME``) in place:
    returns each pivot column's row, each pivot row scaled to 1 at its pivot, and no pivot
    column left in any other row. The pivot is taken from the shortest row left."""
    holding: dict[int, set[int]] = {}  # column -> the rows with a value in it
    for r, row in enumerate(rows):
        for j in row:
            holding.setdefault(j, set()).add(r)
    queue = [(len(row), r) for r, row in enumerate(rows)]
    heapq.heapify(queue)
    done: set[int] = set()
    pivots: dict[int, int] = {}
    while queue:
        length, r = heapq.heappop(queue)
        row = rows[r]
        if r in done or length != len(row):
            if r not in done and row:
                heapq.heappush(queue, (len(row), r))  # it changed since: queue it anew
            continue
        done.add(r)
        if not row:
            continue
        column = min(row, key=lambda j: (len(holding[j]), j))
        inverse = pow(row[column], _PRIME - 2, _PRIME)
        for j in row:
            row[j] = row[j] * inverse % _PRIME
        pivots[column] = r
        for other in list(holding[column] - {r}):
            _subtract(rows[other], other, row, column, holding)
            if other not in done:
                heapq.heappush(queue, (len(rows[other]), other))
    return pivots


def _subtract(
    target: dict[int, int], at: int, row: dict[int, int], column: int, holding: dict[int, set[int]]
) -> None:
    """Take ``row`` (1 at ``column``) times target's value there from ``target`` (row ``at``)."""
    factor = target[column]
    for j, value in row.items():
        updated = (target.get(j, 0) - factor * value) % _PRIME
        if updated:
            if j not in target:
                holding[j].add(at)
            target[j] = updated
        elif j in target:
            del target[j]
            holding[j].discard(at)


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
