from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> None:
    cache.clear()


@pytest.fixture
def client(client: Client) -> Client:
    """Staff pages in English (the public pages take ``?lang=``)."""
    client.cookies["brobygger_language"] = "en"
    return client
