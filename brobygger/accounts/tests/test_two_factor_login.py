"""The login's second step: after the password, a user with a device enters a code."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.testing import Cast

from .two_factor import code_for, device_for, password_login

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def frozen(time_machine: Any) -> Any:
    time_machine.move_to(NOON, tick=False)
    return time_machine


def _logged_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def test_without_a_device_the_password_logs_in(client: Client, cast: Cast) -> None:
    response = password_login(client, cast.alice)

    assert response["Location"] == reverse("start:home")
    assert _logged_in_user_id(client) == cast.alice.pk


def test_with_a_device_the_password_alone_does_not_log_in(
    client: Client, cast: Cast, frozen: Any
) -> None:
    device_for(cast.alice)

    response = password_login(client, cast.alice)

    assert response["Location"] == reverse("accounts:login-code")
    assert _logged_in_user_id(client) is None
    assert client.get(reverse("start:home"))["Location"].startswith(reverse("accounts:login"))
    assert not AccessLogEntry.objects.filter(action=AccessAction.LOGIN).exists()


def test_the_right_code_logs_in_verified_and_is_logged(
    client: Client, cast: Cast, frozen: Any
) -> None:
    device = device_for(cast.alice)
    password_login(client, cast.alice)

    response = client.post(reverse("accounts:login-code"), {"code": code_for(device)})

    assert response["Location"] == reverse("start:home")
    assert _logged_in_user_id(client) == cast.alice.pk
    assert client.session["otp_device_id"] == device.persistent_id
    assert client.get(reverse("start:home")).status_code == 200
    assert AccessLogEntry.objects.filter(user=cast.alice, action=AccessAction.LOGIN).count() == 1


def test_the_code_step_keeps_where_she_was_going(client: Client, cast: Cast, frozen: Any) -> None:
    device = device_for(cast.alice)
    people = reverse("people:list")
    client.post(
        reverse("accounts:login"),
        {"username": "alice", "password": "correct-horse-battery-staple", "next": people},
    )

    response = client.post(reverse("accounts:login-code"), {"code": f" {code_for(device)} "})

    assert response["Location"] == people


def test_a_wrong_code_is_refused_in_place_and_logged(
    client: Client, cast: Cast, frozen: Any
) -> None:
    device = device_for(cast.alice)
    password_login(client, cast.alice)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("accounts:login-code"), {"code": wrong})

    assert response.status_code == 200
    assert response.context["form"].has_error("code", "wrong_code")
    assert _logged_in_user_id(client) is None
    refusal = AccessLogEntry.objects.get(action=AccessAction.LOGIN_FAILED)
    assert refusal.username == "alice"
    assert refusal.purpose == "accounts:login-code"


def test_wrong_codes_are_throttled_even_before_the_right_one(
    client: Client, cast: Cast, frozen: Any
) -> None:
    device = device_for(cast.alice)
    password_login(client, cast.alice)
    client.post(reverse("accounts:login-code"), {"code": "000000"})
    client.post(reverse("accounts:login-code"), {"code": "000001"})

    # Right away, even the right code must wait (django-otp: 1, 2, 4, ... seconds).
    response = client.post(reverse("accounts:login-code"), {"code": code_for(device)})

    assert response.context["form"].has_error("code", "throttled")
    assert _logged_in_user_id(client) is None
    assert AccessLogEntry.objects.filter(action=AccessAction.LOGIN_FAILED).count() == 3

    frozen.shift(3)
    response = client.post(reverse("accounts:login-code"), {"code": code_for(device)})

    assert _logged_in_user_id(client) == cast.alice.pk


def test_a_code_cannot_be_used_twice(client: Client, cast: Cast, frozen: Any) -> None:
    device = device_for(cast.alice)
    code = code_for(device)
    password_login(client, cast.alice)
    client.post(reverse("accounts:login-code"), {"code": code})
    other = Client()
    password_login(other, cast.alice)

    response = other.post(reverse("accounts:login-code"), {"code": code})

    assert response.context["form"].has_error("code", "wrong_code")


def test_the_pending_login_expires(client: Client, cast: Cast, frozen: Any) -> None:
    device = device_for(cast.alice)
    password_login(client, cast.alice)
    frozen.shift(6 * 60)

    response = client.post(reverse("accounts:login-code"), {"code": code_for(device)})

    assert response["Location"] == reverse("accounts:login")
    assert _logged_in_user_id(client) is None


def test_the_code_page_without_a_pending_login_goes_to_the_login(
    client: Client, cast: Cast
) -> None:
    assert client.get(reverse("accounts:login-code"))["Location"] == reverse("accounts:login")


def test_an_older_session_of_a_user_with_a_device_verifies_with_a_code(
    client: Client, cast: Cast, frozen: Any
) -> None:
    # Logged in before she turned two-factor login on: changing it asks for a code first.
    client.force_login(cast.alice)
    device = device_for(cast.alice)

    response = client.get(reverse("accounts:two-factor-setup"))
    assert response["Location"].startswith(reverse("accounts:login-code"))

    response = client.post(
        reverse("accounts:login-code"),
        {"code": code_for(device), "next": reverse("accounts:two-factor-setup")},
    )
    assert response["Location"] == reverse("accounts:two-factor-setup")
    assert client.session["otp_device_id"] == device.persistent_id
