"""Administrators decide per role whether two-factor login is required, and reset devices."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from brobygger.accounts import services
from brobygger.accounts.models import Role, TwoFactorRequirement
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.testing import Cast

from .two_factor import device_for

pytestmark = pytest.mark.django_db

PAGE = "accounts:two-factor-requirements"


def test_administrator_makes_it_required_for_roles(client: Client, cast: Cast) -> None:
    device_for(cast.alice)
    client.force_login(cast.ada)

    page = client.get(reverse(PAGE))
    assert page.status_code == 200
    # One of the two active caseworkers (Alice, Charlie) has set it up.
    assert page.context["form"].fields[Role.CASEWORKER].help_text.startswith("1 ")

    response = client.post(reverse(PAGE), {Role.CASEWORKER: "on", Role.MUNICIPAL_LEAD: "on"})

    assert response["Location"] == reverse(PAGE)
    assert set(
        TwoFactorRequirement.objects.filter(required=True).values_list("role", flat=True)
    ) == {Role.CASEWORKER, Role.MUNICIPAL_LEAD}
    assert (
        AccessLogEntry.objects.filter(
            user=cast.ada, action=AccessAction.CHANGE, object_type="accounts.twofactorrequirement"
        ).count()
        == 2
    )

    client.post(reverse(PAGE), {Role.CASEWORKER: "on"})

    assert set(
        TwoFactorRequirement.objects.filter(required=True).values_list("role", flat=True)
    ) == {Role.CASEWORKER}


def test_the_user_list_links_to_the_page_and_shows_who_has_it(client: Client, cast: Cast) -> None:
    device_for(cast.alice)
    client.force_login(cast.ada)

    response = client.get(reverse("accounts:user-list"))

    assert reverse(PAGE) in response.content.decode()
    with_two_factor = {u.username for u in response.context["page"] if u.has_two_factor}
    assert with_two_factor == {"alice"}


@pytest.mark.parametrize("name", ["alice", "bob", "lene", "charlie", "kim", "eva"])
def test_nobody_else_reaches_the_requirements(client: Client, cast: Cast, name: str) -> None:
    client.force_login(getattr(cast, name))

    assert client.get(reverse(PAGE)).status_code == 404
    assert client.post(reverse(PAGE), {Role.CASEWORKER: "on"}).status_code == 404
    assert not TwoFactorRequirement.objects.exists()


def test_the_service_refuses_others(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        services.two_factor_requirements_set(actor=cast.lene, required_roles={Role.CASEWORKER})
    assert not TwoFactorRequirement.objects.exists()


def test_administrator_resets_a_lost_phone(client: Client, cast: Cast) -> None:
    device_for(cast.alice)
    client.force_login(cast.ada)
    url = reverse("accounts:user-update", kwargs={"user_id": cast.alice.pk})
    assert client.get(url).context["two_factor"].enabled is True

    response = client.post(
        reverse("accounts:user-two-factor-reset", kwargs={"user_id": cast.alice.pk})
    )

    assert response["Location"] == url
    assert not TOTPDevice.objects.filter(user=cast.alice).exists()
    assert AccessLogEntry.objects.filter(
        user=cast.ada, action=AccessAction.CHANGE, object_id=str(cast.alice.pk)
    ).exists()


@pytest.mark.parametrize("name", ["lene", "charlie", "alice"])
def test_others_cannot_reset(client: Client, cast: Cast, name: str) -> None:
    device_for(cast.alice)
    client.force_login(getattr(cast, name))

    response = client.post(
        reverse("accounts:user-two-factor-reset", kwargs={"user_id": cast.alice.pk})
    )

    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=cast.alice).exists()
