"""Recovery codes: each logs in once instead of a code from the app."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from brobygger.accounts import services
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.testing import Cast

from .two_factor import device_for, password_login

pytestmark = pytest.mark.django_db


def _codes_for(cast: Cast) -> list[str]:
    device_for(cast.alice)
    return services.recovery_codes_renew(actor=cast.alice)


def test_a_recovery_code_logs_in_once(client: Client, cast: Cast) -> None:
    codes = _codes_for(cast)
    password_login(client, cast.alice)

    response = client.post(reverse("accounts:login-code"), {"code": codes[0].upper()})

    assert response["Location"] == reverse("start:home")
    assert int(client.session["_auth_user_id"]) == cast.alice.pk
    assert client.session["otp_device_id"] == StaticDevice.objects.get().persistent_id
    assert StaticToken.objects.count() == 9
    home = client.get(reverse("start:home"))
    assert any("9" in str(message) for message in home.context["messages"])

    other = Client()
    password_login(other, cast.alice)
    again = other.post(reverse("accounts:login-code"), {"code": codes[0]})

    assert again.context["form"].has_error("code", "wrong_code")
    assert "_auth_user_id" not in other.session
    assert AccessLogEntry.objects.filter(
        action=AccessAction.LOGIN_FAILED, username="alice"
    ).exists()


def test_new_recovery_codes_replace_the_old(client: Client, cast: Cast) -> None:
    old = _codes_for(cast)
    client.force_login(cast.alice)
    # A session that has passed its second factor may make new codes.
    session = client.session
    session["otp_device_id"] = StaticDevice.objects.get().persistent_id
    session.save()

    response = client.post(reverse("accounts:recovery-codes-renew"))

    new = response.context["codes"]
    assert len(new) == 10
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert stored == set(new)
    assert not stored & set(old)


def test_new_recovery_codes_need_a_verified_session(client: Client, cast: Cast) -> None:
    _codes_for(cast)
    client.force_login(cast.alice)

    response = client.post(reverse("accounts:recovery-codes-renew"))

    assert response["Location"].startswith(reverse("accounts:login-code"))
    assert StaticToken.objects.count() == 10
