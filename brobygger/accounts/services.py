"""Writes to users and memberships: check → do → log, inside one transaction."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.http import HttpRequest

from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.partnerships.models import Municipality, Partnership

from .access import AnyUser, Permission, forget_memberships, require_permission
from .models import Membership, User


@dataclass(frozen=True)
class MembershipSpec:
    role: str
    municipality: Municipality | None = None
    partnership: Partnership | None = None


@transaction.atomic
def user_create(
    *,
    actor: AnyUser,
    username: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    organisation: str = "",
    memberships: Iterable[MembershipSpec] = (),
    password: str | None = None,
) -> User:
    """Create a staff user with their memberships."""
    require_permission(actor, Permission.MANAGE_USERS)
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        organisation=organisation,
    )
    # Without a password the account gets a random one nobody knows; the user sets their own
    # through the mailed link (Django only mails reset links to usable passwords).
    user.set_password(password or secrets.token_urlsafe(32))
    user.full_clean()
    user.save()
    _replace_memberships(user, memberships)
    access_record(user=actor, action=AccessAction.CREATE, obj=user)
    return user


@transaction.atomic
def user_update(
    *,
    actor: AnyUser,
    user: User,
    email: str,
    first_name: str,
    last_name: str,
    organisation: str,
    is_active: bool,
    memberships: Iterable[MembershipSpec],
) -> User:
    require_permission(actor, Permission.MANAGE_USERS)
    user.email = email
    user.first_name = first_name
    user.last_name = last_name
    user.organisation = organisation
    user.is_active = is_active
    user.full_clean()
    user.save()
    _replace_memberships(user, memberships)
    access_record(user=actor, action=AccessAction.CHANGE, obj=user)
    return user


def _replace_memberships(user: User, specs: Iterable[MembershipSpec]) -> None:
    wanted = {(s.role, s.municipality, s.partnership) for s in specs}
    existing = {(m.role, m.municipality, m.partnership): m for m in user.memberships.all()}
    for key, membership in existing.items():
        if key not in wanted:
            membership.delete()
    for role, municipality, partnership in wanted - existing.keys():
        membership = Membership(
            user=user, role=role, municipality=municipality, partnership=partnership
        )
        membership.full_clean()
        membership.save()
    forget_memberships(user)


def user_send_password_link(*, actor: AnyUser, user: User, request: HttpRequest) -> None:
    """Mail the user a link to choose a password (the same flow as "forgot password")."""
    require_permission(actor, Permission.MANAGE_USERS)
    form = PasswordResetForm({"email": user.email})
    if form.is_valid():
        form.save(
            request=request,
            use_https=request.is_secure(),
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
        )
