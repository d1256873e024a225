"""A web process settles once it has loaded: every view imported, the heap frozen."""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Iterator

import pytest
from django.urls import clear_url_caches, get_resolver


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_the_wsgi_module_settles_the_process(unfrozen: None) -> None:
    clear_url_caches()
    sys.modules.pop("config.wsgi", None)
    wsgi = importlib.import_module("config.wsgi")
    assert callable(wsgi.application)
    # The URL configuration (and every view it imports) was loaded before the freeze.
    assert "url_patterns" in vars(get_resolver())
    assert gc.get_freeze_count() > 10_000
