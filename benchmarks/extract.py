"""The evaluator's pseudonymised extract (``brobygger.evaluation``) of a partnership of all 98
municipalities, in both formats (XLSX in openpyxl's write-only mode, and the ZIP of CSV files).

    .venv/bin/python benchmarks/extract.py                    # the national demo (~100,000 people)
    .venv/bin/python benchmarks/extract.py --scale municipal  # 4 municipalities × 1,500 people
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python benchmarks/extract.py

Loads the demo at ``--scale`` into a fresh database (untimed), adds a partnership of every
municipality that has people and an evaluator of it, and times the whole service
(``services.extract_export``: the rows of every table, the file, the access log) three times
per format. The result records the rows per table, the file size and the load average.
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from typing import Any

from _harness import measure, report, setup_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="national", choices=["small", "municipal", "national"])
    options = parser.parse_args()
    database = setup_django(scale=options.scale)

    from brobygger.accounts.models import Membership, Role, User
    from brobygger.evaluation.services import ExtractFormat, extract_export
    from brobygger.partnerships.models import Municipality, Partnership

    everyone = Partnership.objects.create(
        name="Benchmark: alle kommuner", starts_on=date(2025, 1, 1), ends_on=date(2027, 12, 31)
    )
    everyone.municipalities.set(Municipality.objects.filter(people__isnull=False).distinct())
    evaluator = User.objects.create_user(username="bench-evaluator", password="x", is_demo=True)
    Membership.objects.create(user=evaluator, role=Role.EVALUATOR, partnership=everyone)

    result: dict[str, Any] = {
        "scale": options.scale,
        "municipalities": everyone.municipalities.count(),
    }
    for file_format in (ExtractFormat.XLSX, ExtractFormat.CSV):
        sizes: list[int] = []

        def run(file_format: ExtractFormat = file_format, sizes: list[int] = sizes) -> None:
            extract = extract_export(actor=evaluator, partnership=everyone, file_format=file_format)
            with extract.file as file:
                sizes.append(len(file.read()))
            result["rows"] = extract.counts

        result[str(file_format)] = {**measure(run, warmup=0, repeat=3), "bytes": sizes[-1]}
    result["load"] = os.getloadavg()[0]
    report(f"extract-{options.scale}", database, result)


if __name__ == "__main__":
    main()
