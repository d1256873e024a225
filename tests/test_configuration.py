"""Settings, deployment checks and the console script, run as a user would run them."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], **environment: str) -> subprocess.CompletedProcess[str]:
    # Run as a fresh shell would: no test database and no test-harness flags.
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(environment)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "url", ["not a url", "mysql://user@localhost/brobygger", "postgres://localhost", "foo://x"]
)
def test_bad_database_url_stops_with_one_line(url: str) -> None:
    result = _run(["-m", "brobygger.cli", "check"], DATABASE_URL=url)

    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("brobygger: configuration error: DATABASE_URL")
    assert "Traceback" not in result.stderr


def test_production_settings_pass_check_deploy() -> None:
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        FIELD_ENCRYPTION_KEY=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        ALLOWED_HOSTS="brobygger.example",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _run(
        ["manage.py", "check"],
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="",
        ALLOWED_HOSTS="brobygger.example",
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_postgresql_connections_run_without_jit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from config.settings.environment import database_from_env

    monkeypatch.setenv("DATABASE_URL", "postgres://u@db:5432/brobygger")
    config = database_from_env(tmp_path / "unused.sqlite3")
    assert config["OPTIONS"]["options"] == "-c jit=off"
