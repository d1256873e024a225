"""A municipality grants a role of its own a permission the role does not hold by itself:
every caseworker of Viborg may read the sensitive case notes of Viborg's people, not only her
own caseworker. The lead sets it; the grant reaches only her municipality."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from brobygger.accounts.access import GRANTABLE, Permission, forget_memberships, has_permission
from brobygger.accounts.models import Role, RoleGrant
from brobygger.accounts.services import role_grants_set
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.cases.selectors import sensitive_readable
from brobygger.cases.tests.factories import CaseNoteFactory
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db

SENSITIVE = Permission.VIEW_SENSITIVE_NOTES


def test_only_roles_that_see_people_without_it_can_be_granted_it() -> None:
    assert GRANTABLE[SENSITIVE] == frozenset({Role.CASEWORKER})


def test_the_lead_grants_her_caseworkers_and_withdraws_it(client: Client, cast: Cast) -> None:
    person = PersonFactory()  # Viborg's; not Alice's own
    note = CaseNoteFactory(person=person, sensitive_health=True, text="Hemmelig tekst")
    assert not sensitive_readable(cast.alice, person)

    client.force_login(cast.lene)
    url = reverse("accounts:sensitive-notes-grants")
    assert client.get(url).status_code == 200
    assert client.post(url, {"caseworker": "on"}).status_code == 302
    forget_memberships(cast.alice)
    assert sensitive_readable(cast.alice, person)
    assert not has_permission(cast.charlie, SENSITIVE)  # Hedensted's caseworker: not granted
    assert AccessLogEntry.objects.filter(
        user=cast.lene, action=AccessAction.CREATE, municipality_id=cast.viborg.pk
    ).exists()
    client.force_login(cast.alice)
    page = client.get(reverse("cases:note", kwargs={"note_id": note.pk})).content.decode()
    assert "Hemmelig tekst" in page

    client.force_login(cast.lene)
    assert client.post(url, {}).status_code == 302
    forget_memberships(cast.alice)
    assert not RoleGrant.objects.exists()
    assert not sensitive_readable(cast.alice, person)


def test_a_grant_beyond_the_list_or_by_another_role_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        role_grants_set(
            actor=cast.lene,
            municipality=cast.viborg,
            permission=SENSITIVE,
            roles={Role.VOLUNTEER_COORDINATOR},
        )
    for actor, municipality in ((cast.alice, cast.viborg), (cast.lene, cast.hedensted)):
        with pytest.raises(PermissionDenied):
            role_grants_set(
                actor=actor, municipality=municipality, permission=SENSITIVE, roles={"caseworker"}
            )
    assert not RoleGrant.objects.exists()


def test_the_page_is_the_lead_s_only(client: Client, cast: Cast) -> None:
    url = reverse("accounts:sensitive-notes-grants")
    for user in (cast.alice, cast.bob, cast.kim, cast.eva, cast.ada):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
