"""A role that requires two-factor login: nothing is reachable before it is set up."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from brobygger.accounts.models import Role, TwoFactorRequirement
from brobygger.accounts.tokens import api_token_create
from brobygger.testing import Cast

from .two_factor import code_for, code_for_pending, device_for, password_login

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
SETUP = "accounts:two-factor-setup"


@pytest.fixture
def caseworkers_must(cast: Cast) -> None:
    TwoFactorRequirement.objects.create(role=Role.CASEWORKER, required=True)


@pytest.mark.parametrize(
    "url_name", ["start:home", "people:list", "accounts:account", "partnerships:list"]
)
def test_every_page_sends_her_to_the_set_up(
    client: Client, cast: Cast, caseworkers_must: None, url_name: str
) -> None:
    password_login(client, cast.alice)

    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response["Location"] == reverse(SETUP)


def test_posts_and_the_session_api_are_refused_too(
    client: Client, cast: Cast, caseworkers_must: None
) -> None:
    client.force_login(cast.alice)

    assert client.post(reverse("people:list"))["Location"] == reverse(SETUP)
    assert client.get("/api/v1/persons")["Location"] == reverse(SETUP)


def test_htmx_requests_are_redirected_by_htmx(
    client: Client, cast: Cast, caseworkers_must: None
) -> None:
    client.force_login(cast.alice)

    response = client.get(reverse("people:list"), headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == reverse(SETUP)


def test_set_up_log_out_and_language_stay_reachable(
    client: Client, cast: Cast, caseworkers_must: None
) -> None:
    client.force_login(cast.alice)

    setup = client.get(reverse(SETUP))
    assert setup.status_code == 200
    assert 'data-testid="two-factor-required"' in setup.content.decode()
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 302
    assert client.post(reverse("accounts:logout"))["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_after_set_up_everything_is_reachable(
    client: Client, cast: Cast, caseworkers_must: None, time_machine: Any
) -> None:
    time_machine.move_to(NOON, tick=False)
    password_login(client, cast.alice)
    client.get(reverse(SETUP))

    client.post(reverse(SETUP), {"code": code_for_pending(client)})

    assert client.get(reverse("start:home")).status_code == 200
    assert client.get(reverse("people:list")).status_code == 200


def test_a_session_without_its_code_must_give_it_first(
    client: Client, cast: Cast, caseworkers_must: None, time_machine: Any
) -> None:
    # She had a device before the role required it, and this session never gave a code: every
    # page asks for the code, and the set-up page does not let the session replace the device.
    time_machine.move_to(NOON, tick=False)
    device = device_for(cast.alice)
    client.force_login(cast.alice)

    assert client.get(reverse("start:home"))["Location"] == reverse("accounts:login-code")
    assert client.get(reverse(SETUP))["Location"].startswith(reverse("accounts:login-code"))
    assert TOTPDevice.objects.filter(user=cast.alice).count() == 1

    response = client.post(reverse("accounts:login-code"), {"code": code_for(device)})

    assert response["Location"] == reverse("start:home")
    assert client.get(reverse("start:home")).status_code == 200


def test_roles_that_do_not_require_it_are_not_affected(
    client: Client, cast: Cast, caseworkers_must: None
) -> None:
    for user in (cast.lene, cast.kim, cast.ada):
        client.force_login(user)
        assert client.get(reverse("start:home")).status_code == 200


def test_it_applies_to_anyone_holding_one_required_role(client: Client, cast: Cast) -> None:
    TwoFactorRequirement.objects.create(role=Role.ADMINISTRATOR, required=True)
    TwoFactorRequirement.objects.create(role=Role.CASEWORKER, required=False)
    client.force_login(cast.ada)

    assert client.get(reverse("start:home"))["Location"] == reverse(SETUP)
    client.force_login(cast.alice)
    assert client.get(reverse("start:home")).status_code == 200


def test_the_api_takes_only_a_token_made_after_a_second_factor(
    client: Client, cast: Cast, caseworkers_must: None
) -> None:
    """A token made with the password alone would skip the code the role requires (issue 21,
    item 8); one made after a second factor is the credential itself."""
    _record, without = api_token_create(user=cast.alice, name="old", second_factor=False)
    _record, after_code = api_token_create(user=cast.alice, name="new", second_factor=True)

    assert client.get("/api/v1/persons", HTTP_AUTHORIZATION=f"Bearer {without}").status_code == 401
    assert (
        client.get("/api/v1/persons", HTTP_AUTHORIZATION=f"Bearer {after_code}").status_code == 200
    )


def test_nothing_is_required_by_default(client: Client, cast: Cast) -> None:
    password_login(client, cast.alice)

    assert client.get(reverse("start:home")).status_code == 200
