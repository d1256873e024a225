"""The load test as a long suite: benchmarks/load/run.py, 50 simulated caseworkers and leads
against gunicorn on PostgreSQL with the municipal demo, for five minutes of steady state.

    make test-long                                            # five minutes
    .venv/bin/pytest -m long tests/long/test_load.py --load-duration 60   # while developing

A full run writes benchmarks/results/load.json (the README quotes it); a shorter one keeps
its figures in the test's temporary directory. No request may fail, and every write that a
simulated user was told succeeded must be in the database.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from benchmarks.load.server import BIN, ROOT

pytestmark = pytest.mark.long

FULL_RUN_SECONDS = 300
P95_TARGET_MS = 300


def test_fifty_caseworkers_at_work(
    request: pytest.FixtureRequest, tmp_path: Path, record: Callable[..., Any]
) -> None:
    duration: int = request.config.getoption("--load-duration")
    out = (
        ROOT / "benchmarks" / "results" / "load.json"
        if duration >= FULL_RUN_SECONDS
        else tmp_path / "load.json"
    )
    done = subprocess.run(
        [
            str(BIN / "python"),
            str(ROOT / "benchmarks" / "load" / "run.py"),
            "--duration",
            str(duration),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.exists(), f"run.py wrote no results:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    result = json.loads(out.read_text(encoding="utf-8"))
    summary, writes = result["summary"], result["writes"]["summary"]
    record(summary=summary, writes=writes, machine=result["machine"], results=str(out))

    assert summary["steady_state_reached"], "not every simulated user could log in"
    assert summary["errors"] == 0, result["failures"]
    assert writes["acknowledged"] > 0
    assert writes["found"] == writes["acknowledged"], result["writes"]["missing"]
    assert summary["p95_ms"] < P95_TARGET_MS, (
        f"p95 {summary['p95_ms']} ms (p50 {summary['p50_ms']}, p99 {summary['p99_ms']}) at "
        f"{summary['requests_per_s']} requests/s; load average before the run "
        f"{result['machine']['load_before']}"
    )
    assert done.returncode == 0, done.stdout[-3000:]
