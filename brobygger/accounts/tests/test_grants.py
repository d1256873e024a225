"""Separation of duties when roles are granted (issue 21, item 4): nobody gives herself a role,
and a role that reaches people is granted in the municipality's sight."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from brobygger.accounts.models import Membership, Role, User
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.audit.selectors import access_log_list
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


def _roles(user: User, *memberships: tuple[str, int | None]) -> dict[str, object]:
    data: dict[str, object] = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "organisation": "",
        "is_active": "on",
        "memberships-TOTAL_FORMS": str(len(memberships)),
        # Every form counts as sent (not an untouched extra form), as the page sends them.
        "memberships-INITIAL_FORMS": str(len(memberships)),
    }
    for index, (role, municipality) in enumerate(memberships):
        data[f"memberships-{index}-role"] = role
        if municipality is not None:
            data[f"memberships-{index}-municipality"] = municipality
    return data


def test_an_administrator_cannot_give_herself_a_caseworker_role(client: Client, cast: Cast) -> None:
    PersonFactory(municipality=cast.hedensted, first_name="Hodan")
    client.force_login(cast.ada)
    url = reverse("accounts:user-update", kwargs={"user_id": cast.ada.pk})
    response = client.post(
        url, _roles(cast.ada, (Role.ADMINISTRATOR, None), (Role.CASEWORKER, cast.hedensted.pk))
    )

    assert response.status_code == 200
    assert "Nobody can give herself a role" in response.content.decode()
    assert list(cast.ada.memberships.values_list("role", flat=True)) == [Role.ADMINISTRATOR]
    assert client.get(reverse("people:list"), {"q": "Hodan"}).status_code == 404
    assert not AccessLogEntry.objects.filter(action=AccessAction.GRANT).exists()


def test_she_may_still_give_up_a_role_of_her_own(client: Client, cast: Cast) -> None:
    Membership.objects.create(user=cast.ada, role=Role.CASEWORKER, municipality=cast.viborg)
    client.force_login(cast.ada)
    url = reverse("accounts:user-update", kwargs={"user_id": cast.ada.pk})
    assert client.post(url, _roles(cast.ada, (Role.ADMINISTRATOR, None))).status_code == 302
    assert list(cast.ada.memberships.values_list("role", flat=True)) == [Role.ADMINISTRATOR]


def test_a_grant_to_someone_else_is_logged_and_told_to_the_municipalitys_lead(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(cast.ada)
    url = reverse("accounts:user-update", kwargs={"user_id": cast.bob.pk})
    data = _roles(cast.bob, (Role.VOLUNTEER_COORDINATOR, cast.viborg.pk))
    data.update(
        {
            "memberships-TOTAL_FORMS": "2",
            "memberships-INITIAL_FORMS": "2",
            "memberships-1-role": Role.CASEWORKER,
            "memberships-1-municipality": cast.viborg.pk,
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)

    assert response.status_code == 302
    grant = AccessLogEntry.objects.get(action=AccessAction.GRANT)
    assert (grant.username, grant.municipality_id, grant.search_criterion) == (
        "ada",
        cast.viborg.pk,
        "role=caseworker",
    )
    assert grant in access_log_list(user=cast.lene)
    assert grant not in access_log_list(user=cast.charlie)
    told = [message for message in mail.outbox if cast.lene.email in message.to]
    assert len(told) == 1 and "Bob" in told[0].subject and "Viborg" in told[0].subject


def test_a_role_without_access_to_people_is_granted_without_a_notice(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(cast.ada)
    url = reverse("accounts:user-update", kwargs={"user_id": cast.alice.pk})
    data = _roles(
        cast.alice,
        (Role.CASEWORKER, cast.viborg.pk),
        (Role.VOLUNTEER_COORDINATOR, cast.viborg.pk),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    assert not AccessLogEntry.objects.filter(action=AccessAction.GRANT).exists()
    assert not mail.outbox
