"""OpenID Connect login against a stub provider running on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
from django.test import Client
from django.urls import reverse

from brobygger.accounts.models import Role, TwoFactorRequirement, User
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.testing import Cast

from .oidc_provider import StubProvider, new_key, running_provider
from .two_factor import code_for, device_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings: Any) -> Iterator[StubProvider]:
    with running_provider(StubProvider()) as stub:
        for name, value in stub.settings().items():
            setattr(settings, name, value)
        yield stub


def _log_in_at(client: Client, provider: StubProvider, next_url: str = "") -> Any:
    """Brobygger → the provider (which logs the user in at once) → the callback."""
    start = reverse("oidc:authenticate") + (f"?next={next_url}" if next_url else "")
    to_provider = client.get(start)
    assert to_provider.status_code == 302
    assert to_provider["Location"].startswith(provider.endpoint("authorize"))
    back = requests.get(to_provider["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302
    return client.get(back.headers["Location"])


def _user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def test_without_configuration_nothing_is_shown_or_routed(client: Client, cast: Cast) -> None:
    page = client.get(reverse("accounts:login")).content.decode()

    assert 'data-testid="login-oidc"' not in page
    assert client.get(reverse("oidc:authenticate")).status_code == 404
    assert client.get(reverse("oidc:callback") + "?code=x&state=y").status_code == 404


def test_the_login_page_offers_the_municipality_login(
    client: Client, cast: Cast, provider: StubProvider
) -> None:
    page = client.get(reverse("accounts:login")).content.decode()

    assert 'data-testid="login-oidc"' in page
    assert f'href="{reverse("oidc:authenticate")}"' in page


def test_an_existing_user_logs_in_with_pkce_and_the_login_is_logged(
    client: Client, cast: Cast, provider: StubProvider
) -> None:
    provider.claims = {"email": "ALICE@example.invalid"}

    response = _log_in_at(client, provider, next_url=reverse("people:list"))

    assert response.status_code == 302
    assert response["Location"] == reverse("people:list")
    assert _user_id(client) == cast.alice.pk
    request = provider.authorization_requests[0]
    assert request["code_challenge_method"] == "S256"
    assert request["nonce"]
    assert provider.token_requests[0]["code_verifier"]
    assert AccessLogEntry.objects.filter(user=cast.alice, action=AccessAction.LOGIN).exists()
    assert client.get(reverse("people:list")).status_code == 200


def test_an_unknown_user_is_refused_not_created_and_logged(
    client: Client, cast: Cast, provider: StubProvider
) -> None:
    provider.claims = {"email": "ukendt@example.invalid"}
    users_before = User.objects.count()

    response = _log_in_at(client, provider)

    assert response["Location"] == reverse("accounts:login")
    assert _user_id(client) is None
    assert User.objects.count() == users_before
    refusal = AccessLogEntry.objects.get(action=AccessAction.LOGIN_FAILED)
    assert refusal.username == "ukendt@example.invalid"
    assert refusal.purpose == "oidc:callback"
    login_page = client.get(response["Location"])
    assert any("ukendt@example.invalid" in str(m) for m in login_page.context["messages"])


def test_a_deactivated_user_is_refused(client: Client, cast: Cast, provider: StubProvider) -> None:
    User.objects.filter(pk=cast.alice.pk).update(is_active=False)
    provider.claims = {"email": "alice@example.invalid"}

    _log_in_at(client, provider)

    assert _user_id(client) is None
    assert AccessLogEntry.objects.filter(
        action=AccessAction.LOGIN_FAILED, username="alice@example.invalid"
    ).exists()


def test_a_forged_signature_is_refused_and_logged(
    client: Client, cast: Cast, provider: StubProvider
) -> None:
    provider.claims = {"email": "alice@example.invalid"}
    provider.signing_key = new_key()  # not the key the JWKS publishes

    response = _log_in_at(client, provider)

    assert response["Location"] == reverse("accounts:login")
    assert _user_id(client) is None
    assert AccessLogEntry.objects.filter(action=AccessAction.LOGIN_FAILED).count() == 1
    assert not AccessLogEntry.objects.filter(action=AccessAction.LOGIN).exists()


def test_an_id_token_for_another_client_is_refused(
    client: Client, cast: Cast, provider: StubProvider
) -> None:
    provider.claims = {"email": "alice@example.invalid"}
    provider.id_token_claims = {"aud": "another-application"}

    _log_in_at(client, provider)

    assert _user_id(client) is None
    assert AccessLogEntry.objects.filter(action=AccessAction.LOGIN_FAILED).count() == 1


def test_a_configured_claim_matches_the_user_name(
    client: Client, cast: Cast, provider: StubProvider, settings: Any
) -> None:
    settings.OIDC_USERNAME_CLAIM = "preferred_username"
    provider.claims = {"preferred_username": "alice", "email": "someone-else@example.invalid"}

    _log_in_at(client, provider)

    assert _user_id(client) == cast.alice.pk


def test_the_providers_mfa_counts_as_the_second_factor(
    client: Client, cast: Cast, provider: StubProvider
) -> None:
    TwoFactorRequirement.objects.create(role=Role.CASEWORKER, required=True)
    device_for(cast.alice)
    provider.claims = {"email": "alice@example.invalid"}
    provider.id_token_claims = {"amr": ["pwd", "mfa"]}

    response = _log_in_at(client, provider)

    assert response["Location"] == reverse("start:home")
    assert _user_id(client) == cast.alice.pk
    assert client.get(reverse("people:list")).status_code == 200


def test_an_nsis_substantial_login_counts_as_the_second_factor(
    client: Client, cast: Cast, provider: StubProvider
) -> None:
    TwoFactorRequirement.objects.create(role=Role.CASEWORKER, required=True)
    provider.claims = {"email": "alice@example.invalid"}
    provider.id_token_claims = {"acr": "https://data.gov.dk/concept/core/nsis/loa/Substantial"}

    _log_in_at(client, provider)

    assert client.get(reverse("people:list")).status_code == 200


def test_without_the_providers_mfa_a_user_with_a_device_enters_a_code(
    client: Client, cast: Cast, provider: StubProvider, time_machine: Any
) -> None:
    time_machine.move_to(datetime.now(tz=UTC), tick=False)
    device = device_for(cast.alice)
    provider.claims = {"email": "alice@example.invalid"}

    response = _log_in_at(client, provider)

    assert response["Location"] == reverse("accounts:login-code")
    assert _user_id(client) is None
    client.post(reverse("accounts:login-code"), {"code": code_for(device)})
    assert _user_id(client) == cast.alice.pk
    assert client.session["otp_device_id"] == device.persistent_id


def test_without_the_providers_mfa_a_required_role_sets_it_up(
    client: Client, cast: Cast, provider: StubProvider
) -> None:
    TwoFactorRequirement.objects.create(role=Role.CASEWORKER, required=True)
    provider.claims = {"email": "alice@example.invalid"}
    provider.id_token_claims = {"amr": ["pwd"]}

    _log_in_at(client, provider)

    assert _user_id(client) == cast.alice.pk
    assert client.get(reverse("start:home"))["Location"] == reverse("accounts:two-factor-setup")


def test_a_replayed_callback_is_refused(client: Client, cast: Cast, provider: StubProvider) -> None:
    provider.claims = {"email": "alice@example.invalid"}
    to_provider = client.get(reverse("oidc:authenticate"))
    back = requests.get(to_provider["Location"], allow_redirects=False, timeout=10)
    client.get(back.headers["Location"])
    client.post(reverse("accounts:logout"))

    response = client.get(back.headers["Location"])

    assert response["Location"] == reverse("accounts:login")
    assert _user_id(client) is None
