"""The suppression algorithm: small numbers hidden, and no hidden value can be worked out from
the shown cells and the totals (checked by brute-force linear algebra and, for random
tables, with hypothesis)."""

from __future__ import annotations

import itertools
from random import Random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from brobygger.measures.suppression import (
    Cell,
    Grid,
    Line,
    Status,
    determined,
    grid,
    protect,
    rate,
)


def _layout(table: Grid) -> tuple[list[list[Cell]], int, int]:
    """The table with its totals as one matrix (last row and column the totals)."""
    rows = [[*row, total] for row, total in zip(table.cells, table.row_totals, strict=True)]
    assert table.grand is not None
    rows.append([*table.column_totals, table.grand])
    return rows, len(rows), len(rows[0])


def _derivable(table: Grid) -> list[tuple[int, int]]:
    """Brute force: the hidden cells whose value is the same in every solution of the row and
    column equations, found by checking whether the cell's unit vector lies in the row space
    of the equations over the hidden cells."""
    rows, height, width = _layout(table)
    hidden = [(i, j) for i in range(height) for j in range(width) if rows[i][j].suppressed]
    if not hidden:
        return []
    equations = [
        [(1 if j < width - 1 else -1) if a == i else 0 for a, j in hidden] for i in range(height)
    ]
    equations += [
        [(1 if i < height - 1 else -1) if b == j else 0 for i, b in hidden] for j in range(width)
    ]
    matrix = np.array(equations, dtype=float)
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for k, cell in enumerate(hidden):
        unit = np.zeros(len(hidden))
        unit[k] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(cell)
    return found


def test_a_small_number_is_hidden_with_a_partner_in_its_row_and_column() -> None:
    table = grid([[1, 20, 30], [10, 11, 40]])
    assert str(table.cells[0][0]) == "<5"
    assert table.cells[0][0].status == Status.PRIMARY
    # Its row's smallest other cell, and its column's, are hidden too.
    assert table.cells[0][1].status == Status.SECONDARY
    assert table.cells[1][0].status == Status.SECONDARY
    assert str(table.cells[0][1]) == "–"
    assert not table.cells[1][2].suppressed
    assert str(table.cells[1][2]) == "40"
    assert _derivable(table) == []


def test_nothing_small_nothing_hidden() -> None:
    table = grid([[0, 5], [7, 9]])
    assert not any(cell.suppressed for row in table.cells for cell in row)
    assert table.grand == Cell(21)


def test_a_small_total_is_hidden_too() -> None:
    table = grid([[2, 0], [0, 0]])
    assert table.grand is not None and table.grand.suppressed
    assert table.row_totals[0].suppressed
    assert _derivable(table) == []


def test_the_threshold_is_a_parameter() -> None:
    assert not grid([[4, 30]], threshold=3).cells[0][0].suppressed
    assert str(grid([[4, 30], [40, 50]], threshold=10).cells[0][0]) == "<10"


def test_known_columns_are_shown_exactly_and_not_used_as_partners() -> None:
    table = grid([[2, 3, 50], [30, 40, 60]], known_columns=[0])
    assert str(table.cells[0][0]) == "2"
    assert table.cells[0][1].status == Status.PRIMARY
    # The partner comes from the other columns (or the total), never her own.
    assert not table.cells[1][0].suppressed
    assert _derivable(table) == []


def test_a_viewer_who_knows_every_column_sees_everything() -> None:
    table = grid([[1, 2], [3, 4]], exact_everywhere=True)
    assert not any(c.suppressed for row in table.cells for c in [*row])
    assert table.grand is not None and not table.grand.suppressed


def test_a_count_whose_complement_is_small_can_be_hidden() -> None:
    table = grid([[48, 60], [50, 60]], small=[(0, 0)])
    assert table.cells[0][0].status == Status.PRIMARY
    assert _derivable(table) == []


def test_rates_of_hidden_counts_are_hidden() -> None:
    assert rate(Cell(1, Status.PRIMARY), Cell(10)) is None
    assert rate(Cell(5), Cell(10)) == 0.5
    assert rate(Cell(0), Cell(0)) is None  # nobody in the denominator: "—"


def test_brute_force_on_every_small_table() -> None:
    """Every 2×2 table of values from {0, 1, 3, 7}: nothing hidden can be worked out."""
    for values in itertools.product([0, 1, 3, 7], repeat=4):
        table = grid([list(values[:2]), list(values[2:])])
        assert _derivable(table) == [], values


counts = st.integers(min_value=0, max_value=30)


@st.composite
def tables(draw: st.DrawFn) -> list[list[int]]:
    height = draw(st.integers(min_value=1, max_value=5))
    width = draw(st.integers(min_value=1, max_value=6))
    return [[draw(counts) for _j in range(width)] for _i in range(height)]


@settings(max_examples=150, deadline=None)
@given(tables())
def test_no_hidden_value_follows_from_the_rest(values: list[list[int]]) -> None:
    table = grid(values)
    rows, height, width = _layout(table)
    for i in range(height):
        for j in range(width):
            cell = rows[i][j]
            assert cell.value == (values[i][j] if i < height - 1 and j < width - 1 else cell.value)
            if 0 < cell.value < 5:
                assert cell.suppressed
    # Every row and column (each has a published total) holds no hidden cell or two.
    for line in [*rows, *zip(*rows, strict=True)]:
        assert sum(c.suppressed for c in line) != 1
    assert _derivable(table) == []


@settings(max_examples=80, deadline=None)
@given(tables(), st.sets(st.integers(min_value=0, max_value=5)))
def test_known_columns_never_help_to_work_out_the_others(
    values: list[list[int]], known: set[int]
) -> None:
    width = len(values[0])
    table = grid(values, known_columns=[j for j in known if j < width])
    for i, row in enumerate(table.cells):
        for j, cell in enumerate(row):
            if j in known:
                assert not cell.suppressed
            elif 0 < values[i][j] < 5:
                assert cell.suppressed
    # With her own columns shown, a hidden cell of the others still cannot be worked out.
    assert _derivable(table) == []


def _float_determined(size: int, lines: list[Line], hidden: list[int]) -> list[int]:
    """The hidden cells whose unit vector lies in the row space of the lines' equations over
    the hidden cells, by floating-point rank (the definition, slowly)."""
    if not hidden:
        return []
    column = {cell: k for k, cell in enumerate(hidden)}
    matrix = np.zeros((len(lines), len(hidden)))
    for r, line in enumerate(lines):
        for cell in line.parts:
            if cell in column:
                matrix[r, column[cell]] += 1
        if line.total in column:
            matrix[r, column[line.total]] -= 1
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for cell, k in column.items():
        unit = np.zeros((1, len(hidden)))
        unit[0, k] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(cell)
    return sorted(found)


@st.composite
def sheets(draw: st.DrawFn) -> tuple[list[int], list[Line]]:
    """Figures tied in any way a page ties them: totals of totals, overlapping lines, a
    figure in many lines (not only the rows and columns of one grid)."""
    values = draw(st.lists(counts, min_size=2, max_size=12))
    lines = []
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        parts = draw(st.lists(st.sampled_from(range(len(values))), min_size=1, max_size=5))
        values.append(sum(values[i] for i in parts))
        lines.append(Line(tuple(parts), len(values) - 1))
    return values, lines


@settings(max_examples=200, deadline=None)
@given(sheets(), st.randoms(use_true_random=False))
def test_the_pinned_cells_are_those_a_rank_computation_finds(
    sheet: tuple[list[int], list[Line]], random: Random
) -> None:
    """Hiding cells one at a time in any order keeps the equations' reduced form exact: the
    pinned cells are those whose unit vector lies in the row space over the hidden cells."""
    values, lines = sheet
    hidden = random.sample(range(len(values)), random.randint(0, len(values)))
    assert determined(lines, hidden) == _float_determined(len(values), lines, hidden)


@settings(max_examples=200, deadline=None)
@given(sheets(), st.sets(st.integers(min_value=0, max_value=20)))
def test_no_hidden_figure_of_a_sheet_follows_from_the_rest(
    sheet: tuple[list[int], list[Line]], known: set[int]
) -> None:
    values, lines = sheet
    statuses = protect(values, lines, known=known)
    hidden = [i for i, status in enumerate(statuses) if status != Status.SHOWN]
    for i, value in enumerate(values):
        if i in known:
            assert statuses[i] == Status.SHOWN
        elif 0 < value < 5:
            assert statuses[i] == Status.PRIMARY
    # What is left pinned would be pinned with every cell the viewer does not know hidden:
    # the known cells alone give it away, and no partner can help.
    unknown = [i for i in range(len(values)) if i not in known]
    beyond_help = set(_float_determined(len(values), lines, unknown))
    left = set(_float_determined(len(values), lines, hidden))
    assert left <= beyond_help, (left, statuses, values, lines, known)
