"""The share cell of the figure tables (``measures_cells.share_cell``)."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from brobygger.measures.disclosure import ShownShare
from brobygger.measures.effectiveness import Share
from brobygger.measures.suppression import Cell, Status


def _cell(share: object) -> str:
    with translation.override("da"):
        return Template("{% load measures_cells %}{% share_cell share %}").render(
            Context({"share": share})
        )


def test_a_shown_share_has_its_count_rate_and_interval() -> None:
    assert _cell(ShownShare(Cell(12), Cell(40))) == (
        '<td class="align-text-right">12 · 30,0\u00a0%<br>'
        '<span class="font-size-sm">18,1\u00a0%–45,4\u00a0%</span></td>'
    )
    assert _cell(Share(12, 40)) == _cell(ShownShare(Cell(12), Cell(40)))


def test_a_hidden_count_stands_alone_escaped() -> None:
    assert _cell(ShownShare(Cell(3, Status.PRIMARY), Cell(40))) == (
        '<td class="align-text-right">&lt;5</td>'
    )
    assert _cell(ShownShare(Cell(30), Cell(40, Status.SECONDARY))) == (
        '<td class="align-text-right">30</td>'
    )


def test_no_people_is_no_rate() -> None:
    assert _cell(Share(0, 0)) == '<td class="align-text-right">—</td>'
