"""Small-number suppression (``brobygger.measures.suppression``) on tables of the sizes the
pages show: four municipalities, and all 98, by a handful of stages or 25 method rows, with
counts drawn so that many are small (exponential, means 15 to 60).

    .venv/bin/python benchmarks/suppression.py

No database: the module is pure. Each line is the median of 5 runs of ``grid`` (primary and
secondary suppression with the linear-algebra check) and how many cells it hid.
"""

from __future__ import annotations

import os
import random

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
    report("suppression", "none", {"tables": results, "load": os.getloadavg()[0]})


if __name__ == "__main__":
    main()
