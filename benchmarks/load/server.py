"""Servers for the long suites: the environment of a production-like Brobygger on a throwaway
PostgreSQL cluster, gunicorn, the task worker, and how to stop them (politely or with SIGKILL).

Used by benchmarks/load/run.py and tests/long/. Every process is started in its own session
(process group), so that stopping it stops its children too (gunicorn's workers), and nothing
is left behind.
"""

from __future__ import annotations

import base64
import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SETTINGS = "benchmarks.load.server_settings"

if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

from with_postgres import postgres_cluster  # noqa: E402

__all__ = [
    "BIN",
    "ROOT",
    "Gunicorn",
    "environment",
    "free_port",
    "manage",
    "postgres_cluster",
    "stop",
]


def environment(database_url: str, *, import_root: Path) -> dict[str, str]:
    """Production settings (benchmarks/load/server_settings.py) with fresh secrets: one
    environment per run, shared by every process of the run (the CPR key must agree)."""
    python_path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "SECRET_KEY": secrets.token_urlsafe(60),
        "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "IMPORT_ROOT": str(import_root),
        "PYTHONPATH": python_path,
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict[str, str], *args: str, log: Path | None = None) -> None:
    """``python manage.py ARGS`` in the run's environment, its output in ``log`` (or
    discarded); raises with the end of the output if it fails."""
    with tempfile.TemporaryFile() if log is None else log.open("wb") as output:
        done = subprocess.run(
            [str(BIN / "python"), str(ROOT / "manage.py"), *args],
            env=env,
            cwd=ROOT,
            check=False,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        if done.returncode != 0:
            output.seek(0)
            tail = output.read()[-3000:].decode(errors="replace")
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{tail}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stop(process: subprocess.Popen[bytes], *, kill: bool = False, timeout: float = 15) -> None:
    """Stop a process started by ``start_new_session`` and its whole group: SIGTERM and a
    grace period, or at once with SIGKILL. Safe to call twice."""
    if process.poll() is not None and not kill:
        return
    try:
        os.killpg(process.pid, signal.SIGKILL if kill else signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)
    if kill:
        # Reap the group's stragglers (workers whose master died first are re-parented).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


class Gunicorn:
    """gunicorn serving config.wsgi on a loopback port.

    ``threads`` > 1 uses the gthread worker. The default, 3 processes × 2 threads, serves six
    requests at once on 2 cores with three interpreters (no one GIL for all); measured against
    2 × 4, 4 × 2 and 5 sync workers with ``run.py --compare`` it was as good as any (README)."""

    def __init__(
        self,
        env: dict[str, str],
        *,
        log: Path,
        workers: int = 3,
        threads: int = 2,
        port: int | None = None,
    ) -> None:
        self.env, self.log, self.workers, self.threads = env, log, workers, threads
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def description(self) -> str:
        kind = "gthread" if self.threads > 1 else "sync"
        return f"gunicorn --workers {self.workers} --threads {self.threads} ({kind})"

    def start(self, *, timeout: float = 180) -> Gunicorn:
        command = [
            str(BIN / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            "gthread" if self.threads > 1 else "sync",
            "--threads",
            str(self.threads),
            "--timeout",
            "60",
            "--graceful-timeout",
            "10",
            "--no-control-socket",
            # Longer than a client's pause between clicks: a connection closed by the server
            # just as the client reuses it is reset (a load balancer in front, with a shorter
            # idle timeout of its own, has the same rule).
            "--keep-alive",
            "30",
            # Import the application once, before forking: the workers start at once and
            # share its memory (it imports SciPy, scikit-learn and Splink: seconds of CPU).
            "--preload",
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_ready(timeout=timeout)
        return self

    def wait_ready(self, *, timeout: float) -> None:
        """Until the login page answers 200 (the application is loaded and the database
        answers), or fail with the end of the log."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.url}/login/", timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.25)
        tail = self.log.read_text(errors="replace")[-3000:]
        self.stop(kill=True)
        raise RuntimeError(f"gunicorn did not start on {self.url}:\n{tail}")

    def pids(self) -> list[int]:
        """The master and its workers."""
        assert self.process is not None
        found = subprocess.run(
            ["pgrep", "-g", str(self.process.pid)], capture_output=True, text=True, check=False
        )
        return [int(pid) for pid in found.stdout.split()]

    def stop(self, *, kill: bool = False) -> None:
        if self.process is not None:
            stop(self.process, kill=kill)
