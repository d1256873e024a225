"""The evaluator's pseudonymised extract (``brobygger.evaluation``) of a partnership of all 98
municipalities, in both formats (XLSX written by rust_xlsxwriter, and the ZIP of CSV files).

    .venv/bin/python benchmarks/extract.py                    # the national demo (~100,000 people)
    .venv/bin/python benchmarks/extract.py --scale municipal  # 4 municipalities × 1,500 people
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python benchmarks/extract.py

Loads the demo at ``--scale`` into a fresh database (untimed; with ``--database`` an existing
SQLite file that already holds it), adds a partnership of every municipality that has people
and an evaluator of it, and times the whole background job three times per format: asking
for the extract (``services.extract_request``; the test settings run the task at once, as the
worker would) through the file stored in ``EXTRACT_ROOT``, and reading it back. The result
records the rows per table, the file size and the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import date
from typing import Any

from _harness import measure, report, setup_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="national", choices=["small", "municipal", "national"])
    parser.add_argument("--database", help="an SQLite file with the demo at --scale loaded")
    options = parser.parse_args()
    if options.database:
        os.environ["DATABASE_URL"] = f"sqlite:///{os.path.abspath(options.database)}"
    database = setup_django(scale=None if options.database else options.scale)

    from brobygger.accounts.models import Membership, Role, User
    from brobygger.evaluation.models import ExtractFormat, ExtractStatus
    from brobygger.evaluation.services import extract_request
    from brobygger.partnerships.models import Municipality, Partnership

    everyone, _created = Partnership.objects.get_or_create(
        name="Benchmark: alle kommuner",
        defaults={"starts_on": date(2025, 1, 1), "ends_on": date(2027, 12, 31)},
    )
    everyone.municipalities.set(Municipality.objects.filter(people__isnull=False).distinct())
    evaluator, _created = User.objects.get_or_create(
        username="bench-evaluator", defaults={"is_demo": True}
    )
    Membership.objects.get_or_create(user=evaluator, role=Role.EVALUATOR, partnership=everyone)

    result: dict[str, Any] = {
        "scale": options.scale,
        "municipalities": everyone.municipalities.count(),
    }
    for file_format in (ExtractFormat.XLSX, ExtractFormat.CSV):
        sizes: list[int] = []
        cpu: list[float] = []

        def run(
            file_format: ExtractFormat = file_format,
            sizes: list[int] = sizes,
            cpu: list[float] = cpu,
        ) -> None:
            started = time.process_time()
            extract = extract_request(
                actor=evaluator, partnership=everyone, file_format=file_format
            )
            assert extract.status == ExtractStatus.DONE, extract.error
            with extract.file.open("rb") as file:
                sizes.append(len(file.read()))
            result["rows"] = extract.counts
            extract.file.delete()
            cpu.append(time.process_time() - started)

        result[str(file_format)] = {
            **measure(run, warmup=0, repeat=3),
            # This process's CPU time: on a shared machine the wall time also counts the waits.
            "cpu_median_s": round(statistics.median(cpu), 2),
            "bytes": sizes[-1],
        }
    result["load"] = os.getloadavg()[0]
    report(f"extract-{options.scale}", database, result)


if __name__ == "__main__":
    main()
