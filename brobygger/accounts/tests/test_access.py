from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from brobygger.accounts.access import (
    Permission,
    get_visible_or_404,
    has_permission,
    partnership_ids_visible_to,
    scope_for,
)
from brobygger.accounts.models import Membership, Role, User
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.people.models import Person
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


def test_caseworker_sees_people_of_own_municipality_only(cast: Cast) -> None:
    mine = PersonFactory(municipality=cast.viborg)
    PersonFactory(municipality=cast.hedensted)

    assert list(Person.objects.visible_to(cast.alice)) == [mine]


@pytest.mark.parametrize("name", ["kim", "eva", "ada", "bob"])
def test_roles_without_person_access_see_no_people(cast: Cast, name: str) -> None:
    PersonFactory(municipality=cast.viborg)

    assert not Person.objects.visible_to(getattr(cast, name)).exists()
    assert not has_permission(getattr(cast, name), Permission.VIEW_PEOPLE)


def test_policy_fails_closed_for_anonymous_inactive_and_memberless_users(cast: Cast) -> None:
    PersonFactory(municipality=cast.viborg)
    inactive = cast.alice
    inactive.is_active = False
    inactive.save()
    memberless = User.objects.create_user(username="nobody", password="x")

    for user in (AnonymousUser(), User.objects.get(pk=inactive.pk), memberless):
        assert scope_for(user, Permission.VIEW_PEOPLE).is_empty
        assert not Person.objects.visible_to(user).exists()


def test_caseworker_in_two_municipalities_sees_both(cast: Cast) -> None:
    Membership.objects.create(user=cast.alice, role=Role.CASEWORKER, municipality=cast.hedensted)
    alice = User.objects.get(pk=cast.alice.pk)
    PersonFactory(municipality=cast.viborg)
    PersonFactory(municipality=cast.hedensted)

    assert Person.objects.visible_to(alice).count() == 2


def test_administrator_has_system_wide_scope_but_no_person_level_data(cast: Cast) -> None:
    assert scope_for(cast.ada, Permission.MANAGE_USERS).everywhere
    assert scope_for(cast.ada, Permission.VIEW_PEOPLE).is_empty


def test_partnership_visibility(cast: Cast) -> None:
    assert partnership_ids_visible_to(cast.kim).allows(cast.partnership.pk)
    assert partnership_ids_visible_to(cast.alice).allows(cast.partnership.pk)
    assert partnership_ids_visible_to(AnonymousUser()).is_empty


def test_other_municipality_object_is_404_and_refusal_is_logged(cast: Cast) -> None:
    theirs = PersonFactory(municipality=cast.viborg)

    with pytest.raises(Http404):
        get_visible_or_404(Person.objects.visible_to(cast.charlie), user=cast.charlie, pk=theirs.pk)

    entry = AccessLogEntry.objects.get(action=AccessAction.REFUSED)
    assert entry.user == cast.charlie
    assert entry.person_id == theirs.pk
    assert entry.municipality_id == cast.viborg.pk


def test_missing_object_is_the_same_404_without_a_refusal(cast: Cast) -> None:
    with pytest.raises(Http404):
        get_visible_or_404(Person.objects.visible_to(cast.charlie), user=cast.charlie, pk=999_999)
    with pytest.raises(Http404):
        get_visible_or_404(Person.objects.visible_to(cast.charlie), user=cast.charlie, pk="x")

    assert not AccessLogEntry.objects.filter(action=AccessAction.REFUSED).exists()


def test_membership_scope_must_fit_role(cast: Cast) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Membership(user=cast.alice, role=Role.CASEWORKER).full_clean()
    with pytest.raises(ValidationError):
        Membership(user=cast.alice, role=Role.COORDINATOR, municipality=cast.viborg).full_clean()
    with pytest.raises(ValidationError):
        Membership(
            user=cast.alice, role=Role.ADMINISTRATOR, partnership=cast.partnership
        ).full_clean()
