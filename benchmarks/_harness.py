"""Shared set-up for benchmarks: a fresh database with demo data, and a timing helper.

Server time is measured through Django's test client: the whole middleware stack, views,
templates and queries, without the network. Each benchmark prints a JSON line and writes it
to benchmarks/results/<name>-<database>.json so the README can quote it.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def setup_django(*, scale: str | None, seed: int = 1) -> str:
    """Point Django at DATABASE_URL (or a new SQLite file), migrate and load demo data (none
    when ``scale`` is None: the benchmark brings its own). With BENCHMARK_REUSE_DATA=1 and a
    DATABASE_URL that already holds demo data, that data is used as it is (a national demo
    takes minutes to build)."""
    sys.path.insert(0, str(ROOT))
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.mkdtemp(prefix="brobygger-bench-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from brobygger.demo.generator import demo_data_present

    reuse = os.environ.get("BENCHMARK_REUSE_DATA") == "1" and demo_data_present()
    if scale is not None and not reuse:
        call_command("demo", "--scale", scale, "--seed", str(seed), verbosity=0)
    # Settled as config/wsgi.py settles a web process once it has loaded.
    from brobygger.core.serving import settle

    settle()
    return connection.vendor


def measure(run: Callable[[], Any], *, warmup: int, repeat: int) -> dict[str, float]:
    for _ in range(warmup):
        run()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "runs": repeat,
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[int(0.95 * (len(samples) - 1))], 2),
        "max_ms": round(samples[-1], 2),
    }


def report(name: str, database: str, result: dict[str, Any]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    result = {"benchmark": name, "database": database, **result}
    (RESULTS / f"{name}-{database}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))


def duckdb_copy(con: Any, tables: dict[str, tuple[str, dict[str, Any]]]) -> dict[str, int]:
    """Copy Django tables into DuckDB: for each table name, the model's label and the
    columns with their Arrow types. Returns the rows copied per table."""
    import pyarrow as pa
    from django.apps import apps

    copied = {}
    for table, (label, columns) in tables.items():
        model = apps.get_model(label)
        values: dict[str, list[Any]] = {name: [] for name in columns}
        rows = model._default_manager.order_by().values_list(*columns)
        for row in rows.iterator(chunk_size=20_000):
            for name, value in zip(columns, row, strict=True):
                values[name].append(value)
        arrow = pa.table({name: pa.array(values[name], kind) for name, kind in columns.items()})
        con.register("arrow_rows", arrow)
        con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM arrow_rows')  # noqa: S608
        con.unregister("arrow_rows")
        copied[table] = arrow.num_rows
    return copied
