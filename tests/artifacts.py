"""Figures that security tests leave in test-artifacts/ for SECURITY.md.

Tests run in parallel (pytest-xdist), each worker with part of the tests, so every test adds
its part to one JSON file under a file lock instead of writing the file whole."""

from __future__ import annotations

import fcntl
import json
from pathlib import Path
from typing import Any

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def add_to_summary(name: str, key: str, part: dict[str, Any]) -> Path:
    """Set ``key`` of ``test-artifacts/<name>.json`` to ``part``; other keys are kept."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.json"
    with (ARTIFACTS / f".{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            summary = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        except json.JSONDecodeError:
            summary = {}
        summary[key] = part
        path.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path
