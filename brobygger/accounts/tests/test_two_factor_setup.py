"""Turning two-factor login on and off from one's own account page."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from brobygger.accounts.models import Role, TwoFactorRequirement
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.testing import Cast

from .two_factor import code_for, code_for_pending, password_login, pending_device

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def frozen(time_machine: Any) -> Any:
    time_machine.move_to(NOON, tick=False)
    return time_machine


def _turn_on(client: Client) -> tuple[TOTPDevice, Any]:
    client.get(reverse("accounts:two-factor-setup"))
    response = client.post(reverse("accounts:two-factor-setup"), {"code": code_for_pending(client)})
    device = TOTPDevice.objects.get(confirmed=True)
    return device, response


def test_the_account_page_offers_two_factor_login(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)

    response = client.get(reverse("accounts:account"))

    assert response.status_code == 200
    assert response.context["two_factor"].enabled is False
    assert reverse("accounts:two-factor-setup") in response.content.decode()


def test_the_header_links_to_the_account_page(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)

    page = client.get(reverse("start:home")).content.decode()

    assert f'href="{reverse("accounts:account")}"' in page


def test_set_up_shows_a_qr_code_and_the_key_in_text(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)

    response = client.get(reverse("accounts:two-factor-setup"))

    page = response.content.decode()
    device = pending_device(client)
    device.user = cast.alice
    assert '<svg width="' in page and 'class="qr-code"' in page
    assert response.context["secret"].replace(" ", "") in device.config_url
    assert "issuer=Brobygger" in device.config_url
    # Opening the page writes no device (issue 21, item 10): only a confirmed code does.
    assert not TOTPDevice.objects.exists()
    # Reloading shows the same secret: a code already scanned stays good.
    again = client.get(reverse("accounts:two-factor-setup"))
    assert again.context["secret"] == response.context["secret"]
    assert not TOTPDevice.objects.exists()


def test_a_wrong_code_does_not_turn_it_on(client: Client, cast: Cast, frozen: Any) -> None:
    client.force_login(cast.alice)
    client.get(reverse("accounts:two-factor-setup"))
    wrong = f"{(int(code_for_pending(client)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("accounts:two-factor-setup"), {"code": wrong})

    assert response.status_code == 200
    assert response.context["form"].has_error("code", "wrong_code")
    assert not TOTPDevice.objects.exists()


def test_the_right_code_turns_it_on_with_recovery_codes(
    client: Client, cast: Cast, frozen: Any
) -> None:
    client.force_login(cast.alice)

    device, response = _turn_on(client)

    assert device.confirmed is True
    codes = response.context["codes"]
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=cast.alice).values_list("token", flat=True)
    )
    # This session counts as verified at once.
    assert client.session["otp_device_id"] == device.persistent_id
    assert AccessLogEntry.objects.filter(
        user=cast.alice, action=AccessAction.CHANGE, object_id=str(cast.alice.pk)
    ).exists()
    account = client.get(reverse("accounts:account"))
    assert account.context["two_factor"].enabled is True
    assert account.context["two_factor"].recovery_codes_left == 10


def test_after_turning_it_on_the_next_login_asks_for_a_code(
    client: Client, cast: Cast, frozen: Any
) -> None:
    password_login(client, cast.alice)
    _turn_on(client)
    client.post(reverse("accounts:logout"))

    assert password_login(client, cast.alice)["Location"] == reverse("accounts:login-code")


def test_a_new_phone_replaces_the_old_device(client: Client, cast: Cast, frozen: Any) -> None:
    client.force_login(cast.alice)
    old, _response = _turn_on(client)
    frozen.shift(60)

    new, response = _turn_on(client)

    assert list(TOTPDevice.objects.filter(user=cast.alice)) == [new]
    assert new.pk != old.pk
    assert client.session["otp_device_id"] == new.persistent_id


def test_turning_it_off_takes_a_code(client: Client, cast: Cast, frozen: Any) -> None:
    client.force_login(cast.alice)
    device, _response = _turn_on(client)
    frozen.shift(60)

    refused = client.post(reverse("accounts:two-factor-disable"), {"code": "123"})
    assert refused.context["form"].has_error("code", "wrong_code")
    assert TOTPDevice.objects.filter(user=cast.alice).exists()

    frozen.shift(60)
    response = client.post(reverse("accounts:two-factor-disable"), {"code": code_for(device)})

    assert response["Location"] == reverse("accounts:account")
    assert not TOTPDevice.objects.filter(user=cast.alice).exists()
    assert not StaticToken.objects.filter(device__user=cast.alice).exists()


def test_it_cannot_be_turned_off_when_the_role_requires_it(
    client: Client, cast: Cast, frozen: Any
) -> None:
    client.force_login(cast.alice)
    device, _response = _turn_on(client)
    TwoFactorRequirement.objects.create(role=Role.CASEWORKER, required=True)
    frozen.shift(60)

    response = client.post(reverse("accounts:two-factor-disable"), {"code": code_for(device)})

    assert response.status_code == 200
    assert response.context["required"] is True
    assert TOTPDevice.objects.filter(user=cast.alice, confirmed=True).exists()
