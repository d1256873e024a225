"""Run a command against a throwaway PostgreSQL 15 cluster.

    python scripts/with_postgres.py -- pytest -q

Starts a cluster in a temporary directory on a free loopback port (tuned for tests: no fsync),
exports DATABASE_URL for the command, and removes the cluster afterwards, whatever happens.
As root (CI), the cluster runs as the `postgres` system user, because initdb refuses root.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if not candidates:
        sys.exit(f"with_postgres: {name} not found; install the postgresql-15 package")
    return candidates[0]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def postgres_cluster() -> Iterator[str]:
    run_as: list[str] = []
    workdir = Path(tempfile.mkdtemp(prefix="brobygger-pg-"))
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
            owner = pwd.getpwnam("postgres")
        os.chown(workdir, owner.pw_uid, owner.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data, log = workdir / "data", workdir / "postgres.log"
    port = _free_port()
    subprocess.run(
        [
            *run_as,
            _binary("initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = (
        f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
    )
    subprocess.run(
        [*run_as, _binary("pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        subprocess.run(
            [
                _binary("createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "brobygger",
            ],
            check=True,
        )
        yield f"postgres://postgres@127.0.0.1:{port}/brobygger"
    finally:
        subprocess.run(
            [*run_as, _binary("pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            check=False,
            stdout=subprocess.DEVNULL,
        )
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    argv = sys.argv[1:]
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        sys.exit("usage: with_postgres.py -- COMMAND [ARGS...]")
    with postgres_cluster() as url:
        print(f"with_postgres: throwaway PostgreSQL cluster at {url}", flush=True)
        environment = {**os.environ, "DATABASE_URL": url}
        return subprocess.call(argv, env=environment)


if __name__ == "__main__":
    sys.exit(main())
