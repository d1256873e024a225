"""Personal API tokens (issue 21, item 8): made on her own account page, shown once, at most 90
days long, and for a role that requires two-factor login only after a second factor."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from brobygger.accounts.models import ApiToken, Role, TwoFactorRequirement
from brobygger.accounts.tokens import api_token_create, api_token_user
from brobygger.testing import SUITE_TODAY, Cast

from .two_factor import code_for, device_for, password_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


def _make(client: Client, name: str = "Rapportværktøj") -> str:
    response = client.post(reverse("accounts:api-token-create"), {"name": name})
    assert response.status_code == 200
    return str(response.context["new_token"])


def test_she_makes_a_token_that_is_shown_once_and_expires_in_90_days(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.alice)
    token = _make(client)

    record = ApiToken.objects.get(user=cast.alice)
    assert token.startswith("bbg_") and record.prefix == token[:8]
    assert timedelta(days=89) < record.expires_at - timezone.now() <= timedelta(days=90)
    assert record.second_factor is False  # no second factor in this session
    assert api_token_user(token) == cast.alice  # her role does not require one
    page = client.get(reverse("accounts:account")).content.decode()
    assert token not in page and "Rapportværktøj" in page and record.prefix in page


def test_a_token_needs_a_name(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    response = client.post(reverse("accounts:api-token-create"), {"name": ""})
    assert response.status_code == 200 and response.context["token_form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_with_two_factor_required_the_token_is_made_after_the_code(
    client: Client, cast: Cast, time_machine: Any
) -> None:
    TwoFactorRequirement.objects.create(role=Role.CASEWORKER, required=True)
    device = device_for(cast.alice)
    password_login(client, cast.alice)
    client.post(reverse("accounts:login-code"), {"code": code_for(device)})

    token = _make(client)

    assert ApiToken.objects.get().second_factor is True
    response = client.get("/api/v1/persons", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200


def test_a_token_can_be_revoked_by_her_and_nobody_else(client: Client, cast: Cast) -> None:
    record, token = api_token_create(user=cast.alice, name="x", second_factor=False)
    revoke = reverse("accounts:api-token-revoke", kwargs={"token_id": record.pk})
    client.force_login(cast.lene)
    assert client.post(revoke).status_code == 404
    assert api_token_user(token) == cast.alice

    client.force_login(cast.alice)
    assert client.post(revoke).status_code == 302
    assert api_token_user(token) is None


def test_no_token_lives_longer_than_90_days(cast: Cast) -> None:
    with pytest.raises(Exception, match="1 to 90 days"):
        api_token_create(user=cast.alice, name="x", second_factor=False, valid_days=365)


def test_the_command_wants_a_code_when_her_role_requires_two_factor(
    cast: Cast, capsys: pytest.CaptureFixture[str], time_machine: Any
) -> None:
    time_machine.move_to(SUITE_TODAY, tick=False)
    TwoFactorRequirement.objects.create(role=Role.CASEWORKER, required=True)
    device = device_for(cast.alice)
    with pytest.raises(CommandError, match="requires two-factor login"):
        call_command("api_token", "alice")
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    with translation.override("en"), pytest.raises(CommandError, match="not right"):
        call_command("api_token", "alice", "--code", wrong)
    assert not ApiToken.objects.exists()

    time_machine.shift(timedelta(seconds=5))  # past django-otp's wait after a wrong code
    call_command("api_token", "alice", "--code", code_for(device))
    token = capsys.readouterr().out.strip()
    assert ApiToken.objects.get().second_factor is True
    assert api_token_user(token) == cast.alice
