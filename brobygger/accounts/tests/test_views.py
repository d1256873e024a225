from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from brobygger.accounts.models import Membership, Role, User
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.testing import PASSWORD, Cast

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_and_logout_are_logged(client: Client, cast: Cast) -> None:
    response = _login(client, "alice")
    assert response.status_code == 302
    assert response["Location"] == reverse("start:home")

    client.post(reverse("accounts:logout"))

    actions = list(AccessLogEntry.objects.filter(user=cast.alice).values_list("action", flat=True))
    assert sorted(actions) == [AccessAction.LOGIN, AccessAction.LOGOUT]


def test_wrong_password_shows_error_and_is_logged(client: Client, cast: Cast) -> None:
    response = _login(client, "alice", "wrong")

    assert response.status_code == 200
    assert response.context["form"].errors
    assert AccessLogEntry.objects.filter(
        action=AccessAction.LOGIN_FAILED, username="alice"
    ).exists()


def test_five_wrong_passwords_lock_the_user_out_with_a_danish_message(
    client: Client, cast: Cast
) -> None:
    for _ in range(5):
        _login(client, "alice", "wrong")

    response = _login(client, "alice")  # even the right password is refused now

    assert response.status_code == 429
    assert "For mange forkerte adgangskoder" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link(client: Client, cast: Cast) -> None:
    response = client.post(reverse("accounts:password-reset"), {"email": cast.alice.email})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/password-reset/" in mail.outbox[0].body


def test_administrator_creates_user_with_membership(client: Client, cast: Cast) -> None:
    client.force_login(cast.ada)
    response = client.post(
        reverse("accounts:user-create"),
        {
            "username": "nadia",
            "email": "nadia@example.invalid",
            "first_name": "Nadia",
            "last_name": "",
            "organisation": "",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-role": Role.CASEWORKER,
            "memberships-0-municipality": cast.viborg.pk,
        },
    )

    assert response.status_code == 302
    nadia = User.objects.get(username="nadia")
    assert nadia.memberships.get().municipality == cast.viborg
    assert mail.outbox and "nadia" in mail.outbox[0].body


def test_caseworker_role_without_municipality_is_refused_in_place(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.ada)
    response = client.post(
        reverse("accounts:user-create"),
        {
            "username": "nadia",
            "email": "nadia@example.invalid",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-role": Role.CASEWORKER,
        },
    )

    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["municipality"]
    assert not User.objects.filter(username="nadia").exists()


def test_administrator_changes_roles(client: Client, cast: Cast) -> None:
    client.force_login(cast.ada)
    url = reverse("accounts:user-update", kwargs={"user_id": cast.alice.pk})
    response = client.post(
        url,
        {
            "email": "alice@example.invalid",
            "first_name": "Alice",
            "last_name": "",
            "organisation": "",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-role": Role.MUNICIPAL_LEAD,
            "memberships-0-municipality": cast.viborg.pk,
        },
    )

    assert response.status_code == 302
    assert list(Membership.objects.filter(user=cast.alice).values_list("role", flat=True)) == [
        Role.MUNICIPAL_LEAD
    ]


def test_municipal_lead_sees_own_users_but_cannot_manage(client: Client, cast: Cast) -> None:
    client.force_login(cast.lene)

    listing = client.get(reverse("accounts:user-list"))
    usernames = {u.username for u in listing.context["page"]}
    assert {"alice", "bob", "lene"} <= usernames
    assert "charlie" not in usernames
    assert client.get(reverse("accounts:user-create")).status_code == 404


@pytest.mark.parametrize("name", ["alice", "charlie", "kim", "eva"])
def test_other_roles_cannot_reach_user_management(client: Client, cast: Cast, name: str) -> None:
    client.force_login(getattr(cast, name))

    assert client.get(reverse("accounts:user-list")).status_code == 404
    assert (
        client.get(reverse("accounts:user-update", kwargs={"user_id": cast.alice.pk})).status_code
        == 404
    )
