"""The long suites (`make test-long`): the load test and the fault tests.

They run servers as separate processes (gunicorn, the task worker, the import command) against
a throwaway PostgreSQL 15 cluster of their own (scripts/with_postgres.py), with production
settings and fresh secrets (benchmarks/load/server.py), and kill them with SIGKILL. The test
process itself never opens that database: it asks tests/long/probe.py, run in the servers'
environment, or reads a few columns with psycopg.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from benchmarks.load.server import BIN, ROOT, environment, manage, postgres_cluster

PROBE = Path(__file__).resolve().parent / "probe.py"
ARTIFACTS = ROOT / "test-artifacts" / "long"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--load-duration",
        type=int,
        default=300,
        help="seconds of steady state in the load test (default 300; shorter while developing)",
    )


@pytest.fixture(scope="session")
def fault_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A cluster with the small demo, and the environment of every process that uses it."""
    work = tmp_path_factory.mktemp("faults")
    with postgres_cluster() as url:
        env = environment(url, import_root=work / "imports")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "demo", "--scale", "small", log=work / "demo.log")
        yield env


Probe = Callable[..., dict[str, Any]]


@pytest.fixture(scope="session")
def probe(fault_database: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Probe:
    arguments_dir = tmp_path_factory.mktemp("probe")

    def run(command: str, **arguments: Any) -> dict[str, Any]:
        path = arguments_dir / f"{command}-{time.monotonic_ns()}.json"
        path.write_text(json.dumps(arguments), encoding="utf-8")
        done = subprocess.run(
            [str(BIN / "python"), str(PROBE), command, json.dumps({"@file": str(path)})],
            env=fault_database,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"probe {command} failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    return run


@pytest.fixture(scope="session")
def sql(fault_database: dict[str, str]) -> Iterator[psycopg.Connection[Any]]:
    """A plain connection for polling a batch's progress (autocommit: no transaction is
    held open, so it never blocks the processes under test)."""
    with psycopg.connect(fault_database["DATABASE_URL"], autocommit=True) as connection:
        yield connection


@pytest.fixture
def record(request: pytest.FixtureRequest) -> Callable[..., None]:
    """Keep a test's figures in test-artifacts/long/<test>.json, for the report."""

    def write(**facts: Any) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{request.node.name}.json"
        path.write_text(json.dumps(facts, indent=2) + "\n", encoding="utf-8")

    return write
