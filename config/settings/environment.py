"""Read settings from environment variables, failing with one clear line instead of a traceback."""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path
from typing import Any

import dj_database_url


class ConfigurationError(SystemExit):
    """Raised for a setting that cannot be used; exits with a one-line explanation."""

    def __init__(self, message: str) -> None:
        super().__init__(f"brobygger: configuration error: {message}")


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_networks(name: str) -> list[str]:
    """A comma-separated list of IP addresses or networks (``10.0.0.5``, ``10.0.0.0/24``)."""
    entries = env_list(name, [])
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ConfigurationError(
                f"{name} must list IP addresses or networks, not {entry!r}"
            ) from None
    return entries


SUPPORTED_DATABASE_ENGINES = {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}


def database_from_env(default_sqlite_path: Path) -> dict[str, Any]:
    """Parse DATABASE_URL; the default is an SQLite file in WAL mode inside the project."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        url = f"sqlite:///{default_sqlite_path}"
    try:
        config: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        )
    except Exception as error:  # dj-database-url raises plain ValueError and friends
        raise ConfigurationError(
            f"DATABASE_URL is not a usable database address ({error}); "
            "use e.g. postgres://user:password@host:5432/brobygger or sqlite:////path/db.sqlite3"
        ) from None
    engine = config.get("ENGINE", "")
    if engine not in SUPPORTED_DATABASE_ENGINES:
        raise ConfigurationError(
            f"DATABASE_URL names an unsupported database ({engine or 'unknown'}); "
            "Brobygger runs on SQLite or PostgreSQL"
        )
    if engine == "django.db.backends.sqlite3":
        if not config.get("NAME"):
            raise ConfigurationError("DATABASE_URL for SQLite needs a file path")
        config["CONN_MAX_AGE"] = 0
        config["CONN_HEALTH_CHECKS"] = False
        # WAL lets readers work while one writer writes; IMMEDIATE avoids the
        # "database is locked" upgrade deadlock between two writing requests.
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                " PRAGMA busy_timeout=5000;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    elif not config.get("NAME"):
        raise ConfigurationError("DATABASE_URL for PostgreSQL needs a database name")
    else:
        # PostgreSQL's JIT compiles each large aggregate (the criteria, the reports) for about
        # 0.3 s, longer than the query itself takes at 100,000 people: switch it off.
        options = config.setdefault("OPTIONS", {})
        options["options"] = " ".join(filter(None, [options.get("options", ""), "-c jit=off"]))
    return config


def is_running_tests() -> bool:
    return "pytest" in sys.modules
