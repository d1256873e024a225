"""`brobygger backup` and `brobygger restore`, on the suite's own database engine.

The round trip runs on SQLite in the SQLite suite and on PostgreSQL in the PostgreSQL suite
(`make test` runs both): the fresh database it restores into is a new file, or a second
database on the same server.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.utils import load_backend

from brobygger.operations import backup as operations_backup
from brobygger.people.models import Person
from brobygger.people.tests.factories import PersonFactory

PASSWORD = "pg-secret-9f2c"  # a made-up password that must never show


def _fingerprint(alias: str) -> dict[str, tuple[int, str]]:
    """Per model: the number of rows and a checksum of their primary keys."""
    fingerprint = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        keys = model._base_manager.using(alias).order_by("pk").values_list("pk", flat=True)
        digest = hashlib.sha256("\n".join(str(key) for key in keys).encode()).hexdigest()
        fingerprint[model._meta.label] = (len(keys), digest)
    return fingerprint


def _temporary_alias(alias: str, settings_dict: dict[str, Any]) -> None:
    # A connection made here, not a DATABASES entry: Django's test case refuses entries that
    # the test did not declare, and declaring one would make pytest-django create it.
    connections[alias] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)


def _drop_alias(alias: str) -> None:
    connections[alias].close()
    del connections[alias]


@pytest.fixture
def fresh_database(tmp_path: Path) -> Iterator[str]:
    """An empty database as a temporary DATABASES entry: a new SQLite file, or a new database
    on the suite's PostgreSQL server."""
    alias = "restored"
    settings_dict = copy.deepcopy(connection.settings_dict)
    quoted = connection.ops.quote_name(f"{settings_dict['NAME']}_restored")
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "restored.sqlite3")
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
            cursor.execute(f"CREATE DATABASE {quoted}")
        settings_dict["NAME"] = f"{settings_dict['NAME']}_restored"
    _temporary_alias(alias, settings_dict)
    try:
        yield alias
    finally:
        _drop_alias(alias)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")


# Committed data, so that pg_dump (another connection) sees it; the serialised rollback puts
# back the municipalities of the data migration that the flush afterwards removes.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restored_backup_has_every_record_of_every_model(
    fresh_database: str, tmp_path: Path
) -> None:
    call_command("demo", "--scale", "small", "--seed", "2", stdout=io.StringIO())
    before = _fingerprint(DEFAULT_DB_ALIAS)
    out = tmp_path / "brobygger.backup"

    printed = io.StringIO()
    call_command("backup", "--out", str(out), stdout=printed)

    summary = json.loads(printed.getvalue())
    assert summary["database"] == connection.vendor
    assert summary["bytes"] == out.stat().st_size > 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # personal data: the owner only
    assert [path.name for path in tmp_path.iterdir()] == ["brobygger.backup"]
    PersonFactory()  # after the backup: not in it

    printed = io.StringIO()
    call_command("restore", str(out), "--database", fresh_database, "--no-input", stdout=printed)

    assert json.loads(printed.getvalue())["unapplied_migrations"] == 0
    after = _fingerprint(fresh_database)
    assert after == before
    assert Person.objects.count() == before[Person._meta.label][0] + 1
    assert before[Person._meta.label][0] >= 240
    assert sum(count for count, _digest in before.values()) > 2000


@pytest.mark.django_db
def test_backup_into_a_missing_folder_stops_with_one_line(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup", "--out", str(tmp_path / "missing" / "b.backup"))


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_no_backup(tmp_path: Path) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("not a backup")

    with pytest.raises(CommandError, match="is not a Brobygger backup"):
        call_command("restore", str(file), "--no-input")


@pytest.mark.django_db
def test_restore_refuses_a_backup_of_the_other_database_engine(tmp_path: Path) -> None:
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    file = tmp_path / "other.backup"
    header = {"sqlite": operations_backup.SQLITE_HEADER, "postgresql": b"PGDMP"}[other]
    file.write_bytes(header + bytes(100))

    with pytest.raises(CommandError, match=f"is a {other} backup"):
        call_command("restore", str(file), "--no-input")


@pytest.mark.django_db
def test_restore_asks_before_replacing_the_database(tmp_path: Path) -> None:
    file = tmp_path / "b.backup"
    file.write_bytes(b"anything")

    with (
        mock.patch("builtins.input", return_value="no") as asked,
        pytest.raises(CommandError, match="nothing was changed"),
    ):
        call_command("restore", str(file))

    assert "replaces every record" in asked.call_args.args[0]


@pytest.fixture
def postgresql_alias() -> Iterator[str]:
    """A PostgreSQL DATABASES entry with a password, never connected to."""
    alias = "remote"
    _temporary_alias(
        alias,
        {
            **copy.deepcopy(connection.settings_dict),
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "brobygger",
            "HOST": "db.internal",
            "PORT": 5432,
            "USER": "brobygger",
            "PASSWORD": PASSWORD,
            "OPTIONS": {"sslmode": "require", "options": "-c jit=off"},
        },
    )
    try:
        yield alias
    finally:
        _drop_alias(alias)


def test_the_postgresql_password_travels_in_the_environment_only(
    postgresql_alias: str, tmp_path: Path
) -> None:
    runs: list[tuple[list[str], dict[str, str]]] = []

    def run(command: list[str], *, env: dict[str, str], **kwargs: Any) -> Any:
        runs.append((command, env))
        return subprocess.CompletedProcess(command, 0, stdout="", stderr="")

    with (
        mock.patch.object(operations_backup, "pg_binary", side_effect=lambda name: name),
        mock.patch.object(operations_backup.subprocess, "run", side_effect=run),
    ):
        summary = operations_backup.backup(alias=postgresql_alias, out=tmp_path / "b.backup")

    [(dump, environment), (check, _environment)] = runs
    assert dump[0] == "pg_dump" and "--format=custom" in dump and "--dbname=brobygger" in dump
    assert check[:2] == ["pg_restore", "--list"]
    assert environment["PGPASSWORD"] == PASSWORD
    assert environment["PGHOST"] == "db.internal"
    assert environment["PGPORT"] == "5432"
    assert environment["PGUSER"] == "brobygger"
    assert environment["PGSSLMODE"] == "require"
    assert all(PASSWORD not in argument for command, _env in runs for argument in command)
    assert PASSWORD not in json.dumps(summary)


def test_a_failed_pg_dump_leaves_no_file(postgresql_alias: str, tmp_path: Path) -> None:
    failed = subprocess.CompletedProcess(
        [], 1, stdout="", stderr='pg_dump: error: connection to server at "db.internal" failed'
    )

    with (
        mock.patch.object(operations_backup, "pg_binary", side_effect=lambda name: name),
        mock.patch.object(operations_backup.subprocess, "run", return_value=failed),
        pytest.raises(operations_backup.BackupError, match="pg_dump failed: pg_dump: error"),
    ):
        operations_backup.backup(alias=postgresql_alias, out=tmp_path / "b.backup")

    assert list(tmp_path.iterdir()) == []
