"""Backing up and restoring the database: `brobygger backup` and `brobygger restore`.

SQLite is copied with its online backup API, a consistent snapshot while the server keeps
running; PostgreSQL with ``pg_dump --format=custom`` and ``pg_restore``, connected with the
settings of ``DATABASES``. The password goes to the PostgreSQL tools in ``PGPASSWORD`` and
is never put on a command line or printed. Encrypted fields (CPR) stay encrypted in a backup:
restoring it needs the same ``FIELD_ENCRYPTION_KEY`` (docs/operations.md).
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess  # nosec B404  # runs pg_dump and pg_restore only, see _run
import tempfile
import time
from pathlib import Path
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.connection import ConnectionDoesNotExist

from .health import unapplied_migrations

SQLITE_HEADER = b"SQLite format 3\x00"
POSTGRESQL_HEADER = b"PGDMP"  # pg_dump's custom format

# libpq reads these OPTIONS (dj-database-url puts ?sslmode=... there) from the environment.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why in one line."""


def backup(*, alias: str, out: Path) -> dict[str, Any]:
    """Write the database to ``out``: first to a temporary file beside it (readable by the
    owner only), renamed into place when complete, so a failed backup never leaves a file
    that looks like a backup."""
    connection = _connection(alias)
    out = out.expanduser().absolute()
    if not out.parent.is_dir():
        raise BackupError(f"the folder {out.parent} does not exist")
    started = time.perf_counter()
    descriptor, partial_name = tempfile.mkstemp(
        dir=out.parent, prefix=f".{out.name}.", suffix=".partial"
    )
    os.close(descriptor)
    partial = Path(partial_name)
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(connection, partial)
        else:
            _postgresql_backup(connection.settings_dict, partial)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return {
        "database": connection.vendor,
        "file": str(out),
        "bytes": out.stat().st_size,
        "seconds": round(time.perf_counter() - started, 1),
    }


def restore(*, alias: str, source: Path) -> dict[str, Any]:
    """Replace the database's contents with the backup ``source``, all or nothing."""
    connection = _connection(alias)
    source = source.expanduser().absolute()
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    kind = backup_kind(source)
    if kind is None:
        raise BackupError(f"{source} is not a Brobygger backup (neither SQLite nor pg_dump)")
    if kind != connection.vendor:
        raise BackupError(
            f"{source} is a {kind} backup and the database is {connection.vendor}; "
            f"restore it into a {kind} database"
        )
    if connection.vendor == "sqlite":
        _sqlite_restore(connection, source)
    else:
        _postgresql_restore(connection, source)
    return {
        "database": connection.vendor,
        "file": str(source),
        "unapplied_migrations": unapplied_migrations(alias),
    }


def backup_kind(path: Path) -> str | None:
    with path.open("rb") as file:
        header = file.read(len(SQLITE_HEADER))
    if header.startswith(SQLITE_HEADER):
        return "sqlite"
    if header.startswith(POSTGRESQL_HEADER):
        return "postgresql"
    return None


def _connection(alias: str) -> BaseDatabaseWrapper:
    try:
        connection = connections[alias]
    except ConnectionDoesNotExist:
        raise BackupError(f"no database named {alias!r} in DATABASES") from None
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"cannot back up a {connection.vendor} database")
    return connection


# ----------------------------------------------------------------------------------- SQLite


def _sqlite_backup(connection: BaseDatabaseWrapper, path: Path) -> None:
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        # All pages in one step: a consistent snapshot. In WAL mode the server's other
        # connections go on reading and writing meanwhile.
        connection.connection.backup(target)
        # One self-contained file, with no write-ahead log beside it.
        target.execute("PRAGMA journal_mode=DELETE")
        check = _quick_check(target)
    except sqlite3.Error as error:
        raise BackupError(f"the SQLite backup failed: {error}") from None
    finally:
        target.close()
    if check != "ok":
        raise BackupError(f"the SQLite backup is damaged: {check}")


def _quick_check(database: sqlite3.Connection) -> str:
    """SQLite's check of the file's structure. CHECK constraints are left out: they were
    enforced when the rows were written, and some call functions that only Django's own
    connections define (REGEXP)."""
    database.execute("PRAGMA ignore_check_constraints = ON")
    return str(database.execute("PRAGMA quick_check").fetchone()[0])


def _sqlite_restore(connection: BaseDatabaseWrapper, path: Path) -> None:
    source = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        check = _quick_check(source)
        if check != "ok":
            raise BackupError(f"{path} is damaged: {check}")
        if not source.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone():
            raise BackupError(f"{path} is an SQLite file but not a Brobygger backup")
        connection.ensure_connection()
        # The backup API copies page by page under one lock: the database is either
        # entirely the old one or entirely the backup.
        source.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(f"the SQLite restore failed: {error}") from None
    finally:
        source.close()
    connection.close()


# ------------------------------------------------------------------------------- PostgreSQL


def pg_binary(name: str) -> str:
    """A PostgreSQL client program: on the PATH, else the newest in Debian's versioned
    folders (as scripts/with_postgres.py finds them). It must not be older than the server."""
    found = shutil.which(name)
    if found:
        return found
    candidates = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    if not candidates:
        raise BackupError(f"{name} not found; install the PostgreSQL client programs")
    return max(candidates, key=_major_version)


def _major_version(path: str) -> tuple[int, ...]:
    folder = Path(path).parent.parent.name  # /usr/lib/postgresql/15/bin/pg_dump → 15
    return tuple(int(part) for part in folder.split(".") if part.isdigit())


def pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """The environment for pg_dump and pg_restore: the connection settings as libpq's
    variables, so that the password never appears in a command line (``ps`` shows those)."""
    environment = dict(os.environ)
    for setting, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings_dict.get(setting):
            environment[variable] = str(settings_dict[setting])
    options = settings_dict.get("OPTIONS") or {}
    for option, variable in LIBPQ_OPTIONS.items():
        if options.get(option):
            environment[variable] = str(options[option])
    return environment


def _postgresql_backup(settings_dict: dict[str, Any], path: Path) -> None:
    environment = pg_environment(settings_dict)
    _run(
        [
            pg_binary("pg_dump"),
            "--format=custom",
            "--no-password",
            f"--file={path}",
            f"--dbname={settings_dict['NAME']}",
        ],
        environment,
    )
    # Read the table of contents back: the file is a complete archive.
    _run([pg_binary("pg_restore"), "--list", str(path)], environment)


def _postgresql_restore(connection: BaseDatabaseWrapper, path: Path) -> None:
    environment = pg_environment(connection.settings_dict)
    pg_restore = pg_binary("pg_restore")
    # A file that is no archive is refused before anything is dropped.
    _run([pg_restore, "--list", str(path)], environment)
    # Our own connection would hold locks that the restore waits for.
    connection.close()
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            # All or nothing: a failed restore leaves the database as it was.
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        ],
        environment,
    )


def _run(command: list[str], environment: dict[str, str]) -> None:
    # A fixed program (pg_dump, pg_restore); the arguments are a list, never a shell line.
    result = subprocess.run(  # noqa: S603  # nosec B603
        command, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        message = " ".join(result.stderr.split()) or f"exit code {result.returncode}"
        raise BackupError(f"{Path(command[0]).name} failed: {message}")
