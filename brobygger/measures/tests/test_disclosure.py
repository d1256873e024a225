"""Every aggregate table of the pages, built as the pages build it (``measures.disclosure``),
checked for random figures: small numbers hidden from a viewer without person access, exact
for the municipality's own staff, and no hidden figure derivable from the shown ones and the
sums they make (an oracle of its own: the rank of the equations with and without the cell)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from django.core.cache import cache
from hypothesis import given, settings
from hypothesis import strategies as st

from brobygger.measures import disclosure, suppression
from brobygger.measures.disclosure import Viewer
from brobygger.measures.pipeline import Stage
from brobygger.measures.suppression import Cell, Sheet

IDS = [11, 12, 13, 14]
NOBODY = Viewer(frozenset())
OWN = Viewer(frozenset({12}))


def _derivable(sheet: Sheet, cells: list[Cell]) -> list[int]:
    hidden = [i for i, cell in enumerate(cells) if cell.suppressed]
    if not hidden:
        return []
    position = {cell: j for j, cell in enumerate(hidden)}
    rows = []
    for line in sheet.lines:
        row = np.zeros(len(hidden))
        for index in line.parts:
            if index in position:
                row[position[index]] += 1
        if line.total in position:
            row[position[line.total]] -= 1
        rows.append(row)
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for cell, j in position.items():
        unit = np.zeros(len(hidden))
        unit[j] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(cell)
    return found


class Recording(Viewer):
    """A viewer whose sheet is kept, so the test can check it."""

    sheets: list[Sheet]

    def sheet(self) -> Sheet:
        made = super().sheet()
        self.__dict__.setdefault("sheets", []).append(made)
        return made


def _check(viewer: Recording) -> None:
    for sheet in viewer.__dict__.get("sheets", []):
        cells = sheet.protect()
        assert _derivable(sheet, cells) == []
        for index, cell in enumerate(cells):
            if 0 < cell.value < 5 and index not in sheet.known:
                assert cell.suppressed


counts = st.lists(st.integers(min_value=0, max_value=12), min_size=4, max_size=4)


@settings(max_examples=60, deadline=None)
@given(counts, counts)
def test_part_of_whole_and_its_complement(parts: list[int], extra: list[int]) -> None:
    wholes = [p + e for p, e in zip(parts, extra, strict=True)]
    viewer = Recording(frozenset())
    shown = disclosure.part_of_whole(parts, wholes, IDS, viewer)
    _check(viewer)
    for part, value in zip(shown.parts, parts, strict=True):
        assert part.value == value
        assert (0 < value < 5) <= part.suppressed
    # A count whose complement is small is hidden too: 9 of 10 tells who the one is.
    for part, whole in zip(shown.parts, shown.wholes, strict=True):
        if 0 < whole.value - part.value < 5:
            assert part.suppressed or whole.suppressed


@settings(max_examples=60, deadline=None)
@given(st.lists(counts, min_size=2, max_size=4))
def test_funnel(increments: list[list[int]]) -> None:
    # Each stage is everybody of the next plus some: the stages only narrow.
    levels: list[list[int]] = []
    running = [0] * len(IDS)
    for step in reversed(increments):
        running = [r + s for r, s in zip(running, step, strict=True)]
        levels.insert(0, running)
    stages = [
        Stage(f"s{n}", f"s{n}", dict(zip(IDS, level, strict=True)))
        for n, level in enumerate(levels)
    ]
    viewer = Recording(frozenset())
    disclosure.funnel(stages, IDS, viewer)
    _check(viewer)
    own = Recording(frozenset({12}))
    shown = disclosure.funnel(stages, IDS, own)
    _check(own)
    assert all(not line.counts[1].suppressed for line in shown)  # 12 is hers


def test_a_viewer_who_may_see_every_municipality_sees_every_figure() -> None:
    stages = [Stage("a", "a", {11: 3, 12: 1}), Stage("b", "b", {11: 2, 12: 1})]
    shown = disclosure.funnel(stages, [11, 12], Viewer(frozenset(), everywhere=True))
    assert [str(c) for line in shown for c in [*line.counts, line.total]] == [
        "3",
        "1",
        "4",
        "2",
        "1",
        "3",
    ]
    hidden = disclosure.funnel(stages, [11, 12], NOBODY)
    assert str(hidden[0].counts[1]) == "<5"
    assert OWN.knows(12) and not OWN.knows(11)


def test_a_large_sheet_is_protected_once_for_the_same_figures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A national table's statuses are remembered under a digest of its figures and ties: the
    same figures again are not protected again, a changed figure is."""
    cache.clear()
    calls = []
    real = suppression.protect

    def counted(*args: Any, **kwargs: Any) -> list[suppression.Status]:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(suppression, "protect", counted)

    def sheet(first: int) -> list[Cell]:
        viewer = Viewer(frozenset())
        table = viewer.sheet()
        for row in range(disclosure.REMEMBER_FROM // 10):
            parts = [
                table.add(first if (row, j) == (0, 0) else (row * 7 + j) % 9) for j in range(9)
            ]
            table.total(parts)
        return table.protect()

    first = sheet(2)
    assert sheet(2) == first
    assert len(calls) == 1
    changed = sheet(3)
    assert len(calls) == 2
    assert changed[0].status == suppression.Status.PRIMARY and changed[0].value == 3
