from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


def test_anonymous_user_is_sent_to_login(client: Client) -> None:
    response = client.get(reverse("start:home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_interface_is_danish_by_default_whatever_the_browser_asks(client: Client) -> None:
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response["Content-Language"] == "da"
    assert '<html lang="da"' in response.content.decode()
    assert "Log ind" in response.content.decode()


def test_language_switch_to_english(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("start:home"))

    assert '<html lang="en"' in response.content.decode()
    assert "Log out" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "shown", "hidden"),
    [
        ("alice", ["/people/", "/partnerships/"], ["/users/", "/audit/access-log/"]),
        ("lene", ["/people/", "/users/", "/audit/access-log/"], []),
        ("kim", ["/partnerships/"], ["/people/", "/users/"]),
        ("eva", ["/partnerships/"], ["/people/", "/users/", "/audit/access-log/"]),
        ("ada", ["/users/", "/audit/access-log/"], ["/people/"]),
    ],
)
def test_navigation_fits_the_role(
    client: Client, cast: Cast, name: str, shown: list[str], hidden: list[str]
) -> None:
    client.force_login(getattr(cast, name))

    menu = {item["url"] for item in client.get(reverse("start:home")).context["navigation"]}

    assert set(shown) <= menu
    assert not set(hidden) & menu


def test_security_headers(client: Client) -> None:
    response = client.get(reverse("accounts:login"))

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self' 'nonce-" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert len(response["X-Request-ID"]) == 36


def test_every_script_tag_carries_the_nonce(client: Client) -> None:
    response = client.get(reverse("accounts:login"))
    content = response.content.decode()
    nonce = response.wsgi_request.csp_nonce

    assert content.count("<script") == content.count(f'nonce="{nonce}"') > 0


def test_coordinator_sees_partnership_with_four_municipalities(client: Client, cast: Cast) -> None:
    client.force_login(cast.kim)

    response = client.get(
        reverse("partnerships:detail", kwargs={"partnership_id": cast.partnership.pk})
    )

    names = [row["municipality"].name for row in response.context["rows"]]
    assert sorted(names) == ["Haderslev", "Hedensted", "Ringkøbing-Skjern", "Viborg"]


def test_the_settings_page_gathers_the_catalogues_for_the_administrator(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.ada)
    menu = {item["url"] for item in client.get(reverse("start:home")).context["navigation"]}
    assert reverse("start:settings") in menu
    assert reverse("outreach:method-list") not in menu

    page = client.get(reverse("start:settings"))

    links = {entry["url"] for entry in page.context["entries"]}
    assert {
        reverse("outreach:method-list"),
        reverse("languages:list"),
        reverse("outreach:form-texts"),
        reverse("meetings:wordings"),
        reverse("interventions:type-list"),
    } <= links
    for link in links:
        assert client.get(link).status_code == 200, link


def test_the_settings_page_is_not_for_a_caseworker(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    assert client.get(reverse("start:settings")).status_code in {403, 404}
    menu = {item["url"] for item in client.get(reverse("start:home")).context["navigation"]}
    assert reverse("start:settings") not in menu
