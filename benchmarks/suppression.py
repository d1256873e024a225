"""Small-number suppression (``brobygger.measures.suppression``) on tables of the sizes the
pages show: four municipalities, and all 98, by a handful of stages or 25 method rows, with
counts drawn so that many are small (exponential, means 15 to 60).

    .venv/bin/python benchmarks/suppression.py

No database: the module is pure. Each line is the median of 5 runs of ``grid`` (primary and
secondary suppression with the linear-algebra check) and how many cells it hid. The last,
``linked``, is a sheet tied the way the method page ties its figures: per municipality and
method the people identified, contacted and not contacted (contacted + not = identified), and
in an intervention; totals per municipality, per method and overall for each figure.
"""

from __future__ import annotations

import os
import random
from typing import Any

from _harness import ROOT, measure, report

TABLES = [(6, 4, 20), (6, 98, 20), (25, 98, 15), (25, 98, 60)]


def main() -> None:
    import sys

    sys.path.insert(0, str(ROOT))
    from brobygger.measures.suppression import grid

    rng = random.Random(1)
    results = []
    for rows, columns, mean in TABLES:
        values = [
            [int(rng.expovariate(1 / mean)) for _column in range(columns)] for _row in range(rows)
        ]
        table = grid(values)
        hidden = sum(cell.suppressed for row in table.cells for cell in row)
        timing = measure(lambda values=values: grid(values), warmup=1, repeat=5)
        results.append({"rows": rows, "columns": columns, "mean": mean, "hidden": hidden, **timing})
    sheet = _linked(rng, municipalities=98, methods=35, mean=8)
    hidden = sum(cell.suppressed for cell in sheet.protect())
    timing = measure(sheet.protect, warmup=0, repeat=3)
    linked = {"municipalities": 98, "methods": 35, "cells": len(sheet.values), "hidden": hidden}
    report(
        "suppression",
        "none",
        {"tables": results, "linked": {**linked, **timing}, "load": os.getloadavg()[0]},
    )


def _linked(rng: random.Random, *, municipalities: int, methods: int, mean: float) -> Any:
    from brobygger.measures.suppression import Sheet

    sheet = Sheet()
    figures: dict[str, list[list[int]]] = {"identified": [], "contacted": [], "intervention": []}
    for _m in range(municipalities):
        row: dict[str, list[int]] = {name: [] for name in figures}
        for _k in range(methods):
            identified = int(rng.expovariate(1 / mean))
            contacted = rng.randint(0, identified)
            cells = {
                "identified": sheet.add(identified),
                "contacted": sheet.add(contacted),
                "intervention": sheet.add(rng.randint(0, contacted)),
            }
            sheet.line([cells["contacted"], sheet.add(identified - contacted)], cells["identified"])
            for name, index in cells.items():
                row[name].append(index)
        for name in figures:
            figures[name].append(row[name])
    for rows in figures.values():
        per_municipality = [sheet.total(row) for row in rows]
        per_method = [sheet.total([row[k] for row in rows]) for k in range(methods)]
        sheet.line(per_municipality, sheet.total(per_method))
    return sheet


if __name__ == "__main__":
    main()
