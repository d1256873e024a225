"""Faults: a list import killed in the middle, and a server killed during a burst of
registrations. PostgreSQL (a throwaway cluster with the small demo), production settings,
SIGKILL: no process gets to clean up after itself.

* The import of a 20,000-row list (tests/long/synthetic_list.py) is killed while it saves to
  the registry: once in the task worker (the wizard's way), once in `brobygger import-list`.
  Nothing of it may reach the registry; the batch must say that it was interrupted; started
  again, it must create exactly the list's people, each once.
* Caseworkers register people as fast as the server answers; gunicorn (master and workers)
  is killed in the middle and started again. Every registration the server acknowledged
  must be in the database with the acknowledged id, and every registration in the database
  must be whole (its source, first status event, name keys, access log entry and change
  history), acknowledged or not.
"""

from __future__ import annotations

import re
import subprocess
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests

from benchmarks.load.server import BIN, ROOT, Gunicorn, stop
from tests.long.synthetic_list import SyntheticList, write_list

pytestmark = pytest.mark.long

Probe = Callable[..., dict[str, Any]]

ROWS = 20_000
SECONDS_INTO_SAVING = 5
PASSWORD = "brobygger-demo"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[SyntheticList, Path]:
    folder = tmp_path_factory.mktemp("list")
    made = write_list(folder / "liste.csv", rows=ROWS, seed=7)
    truth = folder / "cprs.txt"
    truth.write_text("\n".join(made.people), encoding="utf-8")
    return made, truth


def _start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        return subprocess.Popen(
            command,
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return _start(
        [
            str(BIN / "python"),
            "manage.py",
            "db_worker",
            "--interval",
            "0.5",
            "--no-startup-delay",
            "--no-reload",
        ],
        env,
        log,
    )


def _wait_for(check: Callable[[], Any], *, timeout: float, what: str, process: Any = None) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the process ended ({process.returncode}) before {what}")
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def _batch_row(sql: psycopg.Connection[Any], batch_id: int) -> tuple[str, str]:
    row = sql.execute(
        "SELECT status, phase FROM linkage_importbatch WHERE id = %s", [batch_id]
    ).fetchone()
    assert row is not None
    return row[0], row[1]


def _latest_batch(sql: psycopg.Connection[Any], source: str) -> int | None:
    row = sql.execute(
        "SELECT b.id FROM linkage_importbatch b JOIN linkage_listsource s ON s.id = b.source_id"
        " WHERE s.name = %s ORDER BY b.id DESC LIMIT 1",
        [source],
    ).fetchone()
    return row[0] if row else None


def _oldest_transaction_seconds(sql: psycopg.Connection[Any]) -> float:
    """The age of the oldest open transaction of another connection: the import's save."""
    row = sql.execute(
        "SELECT coalesce(max(extract(epoch FROM now() - xact_start)), 0) FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        " AND xact_start IS NOT NULL"
    ).fetchone()
    assert row is not None
    return float(row[0])


def _kill_while_saving(
    sql: psycopg.Connection[Any], batch_id: int, process: subprocess.Popen[bytes]
) -> float:
    """SIGKILL the process (and its group) a few seconds into the save transaction; returns
    how long that transaction had been open."""
    _wait_for(
        lambda: _batch_row(sql, batch_id)[1] == "saving",
        timeout=30 * 60,
        what="the import to start saving",
        process=process,
    )
    time.sleep(SECONDS_INTO_SAVING)
    assert _batch_row(sql, batch_id) == ("running", "saving"), "the save ended too soon"
    open_for = _oldest_transaction_seconds(sql)
    stop(process, kill=True)
    return open_for


def _assert_imported_exactly(facts: dict[str, Any], made: SyntheticList) -> None:
    assert facts["status"] == "done", facts["error"]
    assert (facts["new"], facts["matched"], facts["duplicates"], facts["rejected"]) == (
        len(made.people),
        0,
        made.duplicates,
        made.rejected,
    ), facts
    assert facts["created_equals_expected"], facts
    assert facts["created_people"] == facts["expected_people"] == len(made.people)
    assert facts["cpr_numbers_twice_in_municipality"] == 0
    assert facts["incomplete_people"] == []
    assert facts["rows_without_outcome"] == 0
    assert not facts["has_file"]


def test_an_import_whose_worker_is_killed_while_saving_is_started_again(
    fault_database: dict[str, str],
    probe: Probe,
    sql: psycopg.Connection[Any],
    synthetic: tuple[SyntheticList, Path],
    tmp_path: Path,
    record: Callable[..., None],
) -> None:
    made, truth = synthetic
    source = "Sprogskolen, tidligere kursister (stor)"
    before = probe("registry", municipality="791", source=source)
    queued = probe(
        "queue-import",
        csv=str(made.path),
        municipality="791",
        source=source,
        username="lead-791",
    )
    batch_id = queued["batch"]
    assert queued["status"] == "queued"

    worker = _worker(fault_database, tmp_path / "worker.log")
    try:
        open_for = _kill_while_saving(sql, batch_id, worker)
        assert open_for >= SECONDS_INTO_SAVING - 1, "no save transaction was open"

        # Nothing of the import is in the registry, and the batch still says "running".
        assert probe("registry", municipality="791", source=source) == before
        assert _batch_row(sql, batch_id) == ("running", "saving")
        # A new worker does not pick the lost task up by itself ...
        worker = _worker(fault_database, tmp_path / "worker.log")
        time.sleep(3)
        assert _batch_row(sql, batch_id)[0] == "running"
        # ... but the import pages see that nobody runs it any more.
        interrupted = probe("check-interrupted", batch_id=batch_id)
        assert interrupted["status"] == "failed"
        assert "interrupted" in interrupted["error"]
        assert interrupted["staged_rows"] == 0
        assert interrupted["has_file"]
        assert probe("registry", municipality="791", source=source) == before

        # Started again from the page, the worker imports it, exactly once.
        assert probe("restart-import", batch_id=batch_id, username="lead-791")["status"] == (
            "queued"
        )
        _wait_for(
            lambda: _batch_row(sql, batch_id)[0] in {"done", "failed", "cancelled"},
            timeout=30 * 60,
            what="the import started again to finish",
            process=worker,
        )
    finally:
        stop(worker)
    facts = probe("verify-import", batch_id=batch_id, cprs=str(truth))
    record(
        rows=ROWS,
        killed_after_seconds_in_save_transaction=round(open_for, 1),
        registry_before=before,
        after_kill="registry unchanged; batch running, then failed (interrupted)",
        rerun=facts,
    )
    _assert_imported_exactly(facts, made)
    after = probe("registry", municipality="791", source=source)
    assert after["people"] == before["people"] + len(made.people)
    assert after["sources_of_the_list"] == len(made.people)


def test_an_import_command_killed_while_saving_can_be_run_again(
    fault_database: dict[str, str],
    probe: Probe,
    sql: psycopg.Connection[Any],
    synthetic: tuple[SyntheticList, Path],
    tmp_path: Path,
    record: Callable[..., None],
) -> None:
    made, truth = synthetic
    source = "Integrationsprogrammet (stor)"
    before = probe("registry", municipality="766", source=source)
    command = [
        str(BIN / "python"),
        "manage.py",
        "import-list",
        str(made.path),
        "--municipality",
        "766",
        "--source",
        source,
    ]
    running = _start(command, fault_database, tmp_path / "import-1.log")
    try:
        killed = _wait_for(
            lambda: _latest_batch(sql, source), timeout=600, what="the batch", process=running
        )
        open_for = _kill_while_saving(sql, killed, running)
    finally:
        stop(running, kill=True)
    assert open_for >= SECONDS_INTO_SAVING - 1, "no save transaction was open"
    assert probe("registry", municipality="766", source=source) == before
    assert probe("check-interrupted", batch_id=killed)["status"] == "failed"

    again = subprocess.run(
        command, env=fault_database, cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert again.returncode == 0, again.stderr[-3000:]
    rerun = _latest_batch(sql, source)
    assert rerun is not None and rerun != killed
    facts = probe("verify-import", batch_id=rerun, cprs=str(truth))
    record(
        rows=ROWS,
        killed_after_seconds_in_save_transaction=round(open_for, 1),
        registry_before=before,
        rerun=facts,
    )
    _assert_imported_exactly(facts, made)
    after = probe("registry", municipality="766", source=source)
    assert after["people"] == before["people"] + len(made.people)
    assert after["sources_of_the_list"] == len(made.people)
    assert probe("batch", batch_id=killed)["new"] == 0


# The registration burst ----------------------------------------------------------------

CLIENTS = 16
LOGINS = ["cw-791", "cw-766", "cw-510", "cw-760"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
METHOD = re.compile(r'<select[^>]*\bname="method"[^>]*>.*?<option value="(\d+)"', re.S)


class Burst:
    """Client threads registering people; each remembers what it sent and what the server
    acknowledged (a redirect to the new person's page)."""

    def __init__(self, url: str, run: str) -> None:
        self.url, self.run = url, run
        self.stopping = threading.Event()
        self.server_up = threading.Event()
        self.server_up.set()
        # Every client logs in (most of a second of CPU each) before any registers.
        self.ready = threading.Barrier(CLIENTS, timeout=600)
        self.lock = threading.Lock()
        self.sent: list[str] = []
        self.acknowledged: dict[str, int] = {}
        self.acknowledged_at: list[float] = []
        self.problems: list[str] = []

    def client(self, number: int) -> None:
        try:
            self._register(number)
        except Exception as error:  # reported by the test, not lost in the thread
            with self.lock:
                self.problems.append(f"client {number}: {error!r}")

    def _register(self, number: int) -> None:
        session = requests.Session()
        login = session.get(f"{self.url}/login/", timeout=60)
        token = TOKEN.search(login.text)
        assert token, "no login form"
        response = session.post(
            f"{self.url}/login/",
            data={
                "csrfmiddlewaretoken": token.group(1),
                "username": LOGINS[number % len(LOGINS)],
                "password": PASSWORD,
            },
            allow_redirects=False,
            timeout=60,
        )
        assert response.status_code == 302, f"login: {response.status_code}"
        form = session.get(f"{self.url}/people/new/", timeout=60).text
        token, method = TOKEN.search(form), METHOD.search(form)
        assert token and method, "no registration form"
        self.ready.wait()
        for count in range(1, 100_000):
            if self.stopping.is_set():
                return
            # Digits kept apart by a "k": the registry's name key folds doubled letters and
            # digits ("…N11" is "…N1"), and the duplicate warning would stop the registration.
            marker = f"{self.run}T{_apart(number)}N{_apart(count)}"
            with self.lock:
                self.sent.append(marker)
            try:
                response = session.post(
                    f"{self.url}/people/new/",
                    data={
                        "csrfmiddlewaretoken": token.group(1),
                        "first_name": "Amal",
                        "last_name": marker,
                        "method": method.group(1),
                        "source_note": marker,
                    },
                    allow_redirects=False,
                    timeout=30,
                )
            except requests.RequestException:
                # In flight when the server died (or refused by it): unacknowledged. Go on
                # with new registrations once it is back.
                self.server_up.wait(timeout=600)
                continue
            location = re.fullmatch(r"/people/(\d+)/", response.headers.get("Location", ""))
            if response.status_code == 302 and location:
                with self.lock:
                    self.acknowledged[marker] = int(location.group(1))
                    self.acknowledged_at.append(time.monotonic())
            else:
                with self.lock:
                    self.problems.append(f"{marker}: {response.status_code}")


def _apart(number: int) -> str:
    return "k".join(str(number))


def test_registrations_acknowledged_before_a_server_is_killed_are_all_kept(
    fault_database: dict[str, str], probe: Probe, tmp_path: Path, record: Callable[..., None]
) -> None:
    server = Gunicorn(fault_database, log=tmp_path / "gunicorn.log").start()
    burst = Burst(server.url, run=f"Burst{uuid.uuid4().hex[:6]}")
    clients = [threading.Thread(target=burst.client, args=(n,)) for n in range(CLIENTS)]
    try:
        for client in clients:
            client.start()
        _wait_for(lambda: len(burst.acknowledged) >= 200, timeout=600, what="200 registrations")
        burst.server_up.clear()
        killed_at = time.monotonic()
        server.stop(kill=True)
        server.start()
        burst.server_up.set()
        _wait_for(
            lambda: sum(at > killed_at for at in burst.acknowledged_at) >= 200,
            timeout=600,
            what="200 registrations after the restart",
        )
    finally:
        burst.stopping.set()
        burst.server_up.set()
        for client in clients:
            client.join(timeout=120)
        server.stop()
    assert not burst.problems, burst.problems[:10]
    assert len(burst.sent) > len(burst.acknowledged), "the kill interrupted no registration"

    facts = probe(
        "verify-registrations",
        prefix=burst.run,
        acknowledged=burst.acknowledged,
        sent=burst.sent,
    )
    record(
        clients=CLIENTS,
        server=server.description,
        sent=len(burst.sent),
        acknowledged_before_kill=sum(at <= killed_at for at in burst.acknowledged_at),
        acknowledged_after_restart=sum(at > killed_at for at in burst.acknowledged_at),
        **facts,
    )

    assert facts["acknowledged_missing_or_other_id"] == []
    assert facts["twice"] == []
    assert facts["never_sent"] == []
    assert facts["incomplete"] == []
    assert facts["people"] == facts["acknowledged"] + facts["unacknowledged_present"]
