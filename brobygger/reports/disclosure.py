"""A report's figures as its reader may see them: small numbers hidden for every municipality
whose people she may not see (``brobygger.measures.disclosure``), the same in the page, the
PDF, the workbook and the JSON, which all come from these figures.

Every count of the report goes into one sheet with what it adds up with (each municipality's
figure and the partnership's, the statuses and all people, a count and the rest of its
denominator, a method's and its category's), so no hidden figure of the report follows from
the others. A hidden count is written as the text "<5" or "–", a rate that would give it away
as "–".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from brobygger.measures.criteria import Breakdown
from brobygger.measures.disclosure import (
    ShownComparison,
    ShownCriteria,
    ShownMethodRow,
    ShownShare,
    Viewer,
    add_criteria,
    add_methods,
    spread,
    tie,
)
from brobygger.measures.effectiveness import Comparison
from brobygger.measures.suppression import Cell

Figures = dict[str, Any]
HIDDEN = "–"


def publish(
    *,
    per: Mapping[int, Figures],
    total: Figures,
    viewer: Viewer,
    methods: Comparison,
    criteria_to_date: Breakdown,
    criteria_period: Breakdown,
) -> None:
    """Write the hidden figures into ``per`` (by municipality) and ``total`` in place (for a
    viewer who does not know every municipality's exact figures)."""
    ids = sorted(per)
    sheet = viewer.sheet()
    readers: list[Callable[[list[Cell]], None]] = []
    columns: list[tuple[int | None, Figures]] = [*((pk, per[pk]) for pk in ids), (None, total)]

    def counts(where: Where, key: str) -> list[int]:
        """One count (``where(figures)[key]``) of every municipality and the partnership (the
        last), published back after protecting."""
        parts, together = spread(sheet, viewer, ids, [where(per[pk]).get(key, 0) for pk in ids])
        indices = [*parts, together]

        def read(cells: list[Cell]) -> None:
            for (_pk, figures), index in zip(columns, indices, strict=True):
                place = where(figures)
                if key in place:
                    place[key] = cells[index].published

        readers.append(read)
        return indices

    def known(column: int | None) -> bool:
        return viewer.knows_all(ids) if column is None else viewer.knows(column)

    # People: the statuses add up to all people; the contacted are some of the identified.
    statuses = [
        counts(_at("people", "status_at_end"), key) for key in total["people"]["status_at_end"]
    ]
    everybody = counts(_at("people"), "total_at_end")
    for position in range(len(columns)):
        sheet.line([line[position] for line in statuses], everybody[position])
    identified = counts(_at("people"), "identified_in_period")
    contacted = counts(_at("people"), "contacted_in_period")
    for position, (column, _figures) in enumerate(columns):
        tie(sheet, contacted[position], identified[position], known=known(column))

    # Outcomes by kind, and interventions by type and part (each municipality lists the types
    # it has figures for, so a type is looked up by name).
    for kind in total["outcomes"]:
        counts(_at("outcomes"), kind)
    for line in total["interventions"]:
        for part in ("started", "ongoing_at_end", "completed", "dropped_out"):
            counts(_intervention(line["type"]), part)

    to_date = add_criteria(sheet, criteria_to_date, ids, viewer)
    period = (
        to_date
        if criteria_period is criteria_to_date
        else add_criteria(sheet, criteria_period, ids, viewer)
    )
    shown_methods = add_methods(sheet, methods, ids, viewer)

    cells = sheet.protect()
    for read in readers:
        read(cells)
    _publish_criteria(columns, "criteria", to_date(cells))
    _publish_criteria(columns, "criteria_period", period(cells))
    _publish_methods(columns, shown_methods(cells))


Where = Callable[[Figures], dict[str, Any]]


def _at(*path: str) -> Where:
    """The dictionary at ``path`` in a municipality's (or the partnership's) figures."""

    def where(figures: Figures) -> dict[str, Any]:
        for step in path:
            figures = figures[step]
        return figures

    return where


def _intervention(name: str) -> Where:
    """The line of one intervention type (an empty one where the municipality has none)."""

    def where(figures: Figures) -> dict[str, Any]:
        found: dict[str, Any] = next(
            (line for line in figures["interventions"] if line["type"] == name), {}
        )
        return found

    return where


def _publish_criteria(
    columns: Sequence[tuple[int | None, Figures]], key: str, shown: ShownCriteria
) -> None:
    for column, figures in columns:
        results = shown.total if column is None else shown.by_municipality[column]
        for line, result in zip(figures[key], results, strict=True):
            line["numerator"] = result.numerator.published
            line["denominator"] = result.denominator.published
            if result.hidden:
                line["rate"] = HIDDEN
                line["on_track"] = None


def _publish_methods(columns: Sequence[tuple[int | None, Figures]], shown: ShownComparison) -> None:
    for column, figures in columns:
        effectiveness = shown.total if column is None else shown.by_municipality[column]
        rows = {
            r.key: r
            for r in [*effectiveness.methods, *effectiveness.categories, effectiveness.total]
        }
        methods = figures["methods"]
        for line in [*methods["methods"], *methods["categories"], methods["total"]]:
            row = rows.get(line["key"])
            if row is not None:
                _publish_method_row(line, row)


def _publish_method_row(line: dict[str, Any], row: ShownMethodRow) -> None:
    line["identified"] = row.identified.published
    for name in ("contacted", "intervention", "outcome"):
        share: ShownShare = getattr(row, name)
        line[name]["count"] = share.count.published
        if share.hidden:
            line[name].update(rate=HIDDEN, low=HIDDEN, high=HIDDEN)
    if row.effort_hidden:
        for name in ("hours_per_contacted", "cost_per_contacted", "median_days_to_contact"):
            line[name] = HIDDEN
