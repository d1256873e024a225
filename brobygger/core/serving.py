"""What a web process does once it has loaded, before it serves its first request.

Everything loaded at start-up (Django, the apps, the URL configuration and every view it
imports, the template libraries) lives as long as the process. ``settle`` loads it all and
then freezes it for Python's garbage collector (``gc.freeze``): a full collection no longer
walks those objects. A page that makes many objects (the national method page: tens of
thousands of figures and cells) triggered full collections that took 0.1–0.2 s of some
requests, walking the whole start-up heap each time. Frozen objects are also left alone by
the collector after gunicorn forks its workers, so the workers keep sharing those memory pages.
"""

from __future__ import annotations

import atexit
import gc

from django.urls import get_resolver


def settle() -> None:
    """Import every view (through the URL configuration), then freeze the heap."""
    get_resolver().url_patterns  # noqa: B018 - imported for its side effect
    gc.collect()
    gc.freeze()
    # At exit the frozen objects go back to the collector, so that extension modules that
    # count their objects at shutdown (DuckDB's nanobind) find them freed, not leaked.
    atexit.register(gc.unfreeze)
