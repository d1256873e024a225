"""The ``LOGGING`` setting: one console handler writing JSON lines or plain text.

Every record carries the request id (``brobygger.core.logs.RequestIdFilter``). JSON is for
production, where a log collector reads stdout; plain text is for a developer's terminal.
"""

from __future__ import annotations

from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS

from .environment import ConfigurationError

LOG_FORMATS = ("json", "plain")

# Record attributes that never reach a JSON line: Django's request loggers attach the
# request object, whose text form carries the query string (a search for a name, say).
NEVER_LOGGED = ["request"]


def logging_config(*, log_format: str, level: str) -> dict[str, Any]:
    if log_format not in LOG_FORMATS:
        raise ConfigurationError(f"LOG_FORMAT must be json or plain, not {log_format!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "brobygger.core.logs.RequestIdFilter"}},
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(levelname)s %(name)s %(message)s",
                "rename_fields": {"levelname": "level", "name": "logger"},
                "timestamp": True,
                "reserved_attrs": [*RESERVED_ATTRS, *NEVER_LOGGED],
            },
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "axes": {"level": "WARNING"},
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }
