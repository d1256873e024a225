"""Every page and download a logged-in user gets says ``Cache-Control: no-store``.

Walks every URL pattern (``tests/urlwalk.py``) with GET as each role that sees personal or
report data, with objects of Viborg and the cast's partnership, and checks every 200: pages,
PDFs, spreadsheets, JSON. Static files and the public pages keep their caching.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from brobygger.accounts.models import User
from brobygger.testing import Cast

from .urlwalk import NOT_OBJECTS, VIBORG_OBJECTS, all_urls, data_protection_officer

pytestmark = pytest.mark.django_db

# Not walked: logging out would end the walk's session.
SKIPPED = {"accounts:logout"}


ROLES: dict[str, Callable[[Cast], User]] = {
    "caseworker": lambda cast: cast.alice,
    "volunteer coordinator": lambda cast: cast.bob,
    "municipal lead": lambda cast: cast.lene,
    "coordinator": lambda cast: cast.kim,
    "evaluator": lambda cast: cast.eva,
    "administrator": lambda cast: cast.ada,
    "data protection officer": data_protection_officer,
}


def _walk(client: Client, cast: Cast) -> dict[str, str]:
    """GET every URL; the Cache-Control of each 200, by path and content type."""
    seen: dict[str, str] = {}
    for name, arguments in all_urls():
        if name in SKIPPED:
            continue
        kwargs: dict[str, object] = {}
        for argument in arguments:
            if argument == "partnership_id":
                kwargs[argument] = cast.partnership.pk  # the partnership roles' own
            elif argument in NOT_OBJECTS:
                kwargs[argument] = NOT_OBJECTS[argument]
            else:
                kwargs[argument] = VIBORG_OBJECTS[argument](cast)
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        response = client.get(url)
        if response.status_code == 200:
            key = f"{url} ({response.get('Content-Type', '').split(';')[0]})"
            seen[key] = response.get("Cache-Control", "")
    return seen


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_and_download_is_no_store(client: Client, cast: Cast, role: str) -> None:
    client.force_login(ROLES[role](cast))

    seen = _walk(client, cast)

    assert len(seen) >= 10, seen  # the walk reached the role's pages
    cached = {url: value for url, value in seen.items() if "no-store" not in value}
    assert cached == {}


def test_downloads_are_among_the_walked_responses(client: Client, cast: Cast) -> None:
    client.force_login(cast.lene)

    seen = _walk(client, cast)

    downloads = [url for url in seen if "(text/html)" not in url]
    assert any("application/pdf" in url for url in downloads), downloads
    assert all("no-store" in seen[url] for url in downloads)


def test_static_files_and_public_pages_keep_their_caching(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    static = client.get("/static/dkfds/css/dkfds.min.css")
    client.logout()
    public = client.get(reverse("accounts:password-reset"))

    assert static.status_code == 200
    assert "no-store" not in static.get("Cache-Control", "")
    assert public.status_code == 200
    assert "no-store" not in public.get("Cache-Control", "")


def test_an_api_token_response_is_no_store(client: Client, cast: Cast) -> None:
    from brobygger.accounts.tokens import api_token_create

    _record, token = api_token_create(user=cast.alice, name="walk", second_factor=False)

    response = client.get("/api/v1/persons", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
