"""Writes to users and memberships: check → do → log, inside one transaction."""

from __future__ import annotations

import math
import re
import secrets
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from brobygger.partnerships.models import Municipality, Partnership

from . import signals
from .access import (
    GRANTABLE,
    PERSON_ACCESS_ROLES,
    AnyUser,
    Permission,
    forget_memberships,
    require_permission,
)
from .models import Membership, Role, RoleGrant, TwoFactorRequirement, User
from .selectors import two_factor_device, two_factor_required


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
    signals.changed(actor, user, created=True)
    _replace_memberships(actor=actor, user=user, specs=memberships)
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
    signals.changed(actor, user)
    _replace_memberships(actor=actor, user=user, specs=memberships)
    return user


def _replace_memberships(*, actor: AnyUser, user: User, specs: Iterable[MembershipSpec]) -> None:
    """Make the user's memberships ``specs``. Separation of duties: nobody grants a role to
    herself, and a role that reaches people is granted in the municipality's sight: the grant is
    in her access log (so her lead and data protection officer see it) and her leads are told.
    Removing a role needs neither."""
    wanted = {(s.role, s.municipality, s.partnership) for s in specs}
    existing = {(m.role, m.municipality, m.partnership): m for m in user.memberships.all()}
    added = wanted - existing.keys()
    if added and actor.pk == user.pk:
        raise ValidationError(
            _("Nobody can give herself a role. Ask another administrator."), code="self_grant"
        )
    for key, membership in existing.items():
        if key not in wanted:
            membership.delete()
    for role, municipality, partnership in sorted(added, key=str):
        membership = Membership(
            user=user, role=role, municipality=municipality, partnership=partnership
        )
        membership.full_clean()
        membership.save()
        if role in PERSON_ACCESS_ROLES and municipality is not None:
            _person_access_granted(actor=actor, membership=membership)
    forget_memberships(user)


def _person_access_granted(*, actor: AnyUser, membership: Membership) -> None:
    municipality = membership.municipality
    assert municipality is not None  # nosec B101  # person-access roles are municipal
    signals.person_access_granted.send(
        sender=Membership,
        actor=actor,
        user=membership.user,
        municipality_id=municipality.pk,
        role=membership.role,
    )
    leads = User.objects.filter(
        is_active=True,
        memberships__role=Role.MUNICIPAL_LEAD,
        memberships__municipality=municipality,
    ).exclude(email="")
    if isinstance(actor, User):
        leads = leads.exclude(pk=actor.pk)
    recipients = sorted({lead.email for lead in leads})
    if not recipients:
        return
    context = {
        "user": membership.user.get_full_name() or membership.user.username,
        "role": membership.get_role_display(),
        "municipality": municipality.name,
        "actor": getattr(actor, "username", ""),
    }
    subject = _("Brobygger: %(user)s was given access to people in %(municipality)s") % context
    body = (
        _(
            "%(actor)s gave %(user)s the role %(role)s in %(municipality)s, with access to the "
            "municipality's people. The grant is in the access log. If it is not right, ask an "
            "administrator to take the role away."
        )
        % context
    )
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients))


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


# Two-factor login (django-otp). A code is verified in its own short transaction that locks the
# device row (two tabs cannot use one code twice) and commits the throttling counter even when
# the code is wrong: the ValidationError is raised only after that transaction.

TOTP_CODE = re.compile(r"^[0-9]{6}$")
RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Brobygger"
RECOVERY_DEVICE_NAME = "Recovery codes"


def _normalise_code(code: str) -> str:
    """People type codes with spaces ("123 456") and recovery codes in capitals."""
    return "".join(code.split()).replace("-", "").lower()


def _verify(device: Device, code: str) -> tuple[bool, float]:
    """Verify ``code`` on ``device`` (locked); returns (verified, seconds left of a throttle)."""
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, details = locked.verify_is_allowed()
        if not allowed:
            until = (details or {}).get("locked_until") or timezone.now()
            return False, max(1.0, (until - timezone.now()).total_seconds())
        return bool(locked.verify_token(code)), 0.0


def _refusal(wait_seconds: float) -> ValidationError:
    if wait_seconds:
        seconds = math.ceil(wait_seconds)
        return ValidationError(
            ngettext(
                "Too many wrong codes. Wait %(seconds)s second and try again.",
                "Too many wrong codes. Wait %(seconds)s seconds and try again.",
                seconds,
            )
            % {"seconds": seconds},
            code="throttled",
        )
    return ValidationError(
        _(
            "The code is not right. Enter the six digits your authenticator app shows now, "
            "or one of your recovery codes."
        ),
        code="wrong_code",
    )


def two_factor_code_verify(*, user: User, code: str) -> Device:
    """The device that accepts ``code``: her TOTP device for six digits, else her recovery codes
    (a recovery code works once).

    A wrong code, and any code while django-otp throttles the device (after each wrong code
    the wait doubles: 1, 2, 4, 8, ... seconds), raises ValidationError and is written to the
    access log as a refused login."""
    code = _normalise_code(code)
    model: type[Device] = TOTPDevice if TOTP_CODE.match(code) else StaticDevice
    device = model.objects.filter(user=user, confirmed=True).first()
    verified, wait_seconds = _verify(device, code) if device is not None else (False, 0.0)
    if verified and device is not None:
        return device
    signals.refused_login(user.get_username())
    raise _refusal(wait_seconds)


def totp_device_pending(*, actor: User, key: str) -> TOTPDevice:
    """The device the set-up page shows (its secret as a QR code and as text), not saved: the
    secret ``key`` waits in her session until a code from her app confirms it, so opening the
    page writes nothing, and a reload shows the same secret."""
    return TOTPDevice(user=actor, name=TOTP_DEVICE_NAME, key=key, confirmed=False)


def totp_device_confirm(*, actor: User, key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Turn two-factor login on with the secret ``key`` once she proves her app shows its codes:
    only then is the device saved.

    Replaces an earlier device (a new phone) and issues new recovery codes, returned to be
    shown once."""
    device = totp_device_pending(actor=actor, key=key)
    code = _normalise_code(code)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if not TOTP_CODE.match(code) or not totp.verify(int(code), tolerance=device.tolerance):
        raise _refusal(0.0)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor).delete()
        device.confirmed = True
        device.drift = totp.drift
        device.last_t = totp.t()  # the code just used cannot log in again
        device.full_clean()
        device.save()
        codes = _recovery_codes_issue(actor)
        signals.changed(actor, actor)
    return device, codes


@transaction.atomic
def recovery_codes_renew(*, actor: User) -> list[str]:
    """New recovery codes for a user with two-factor login; the old ones stop working."""
    if two_factor_device(user=actor) is None:
        raise ValidationError(_("Two-factor login is not on."), code="off")
    codes = _recovery_codes_issue(actor)
    signals.changed(actor, actor)
    return codes


def _recovery_codes_issue(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _index in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def two_factor_disable(*, actor: User, code: str) -> None:
    """Turn her own two-factor login off, with a code; not while a role of hers requires it."""
    if two_factor_required(actor):
        raise ValidationError(
            _("Two-factor login is required for your role and cannot be turned off."),
            code="required",
        )
    two_factor_code_verify(user=actor, code=code)
    with transaction.atomic():
        _devices_delete(actor)
        signals.changed(actor, actor)


@transaction.atomic
def two_factor_reset(*, actor: AnyUser, user: User) -> None:
    """An administrator removes a user's devices (a lost phone): she logs in with her password
    and, if a role of hers requires it, sets two-factor login up again at once."""
    require_permission(actor, Permission.MANAGE_USERS)
    _devices_delete(user)
    signals.changed(actor, user)


def _devices_delete(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def two_factor_requirements_set(*, actor: AnyUser, required_roles: Collection[str]) -> None:
    """Which roles require two-factor login; every other role does not."""
    require_permission(actor, Permission.MANAGE_USERS)
    for role in Role:
        requirement = TwoFactorRequirement.objects.filter(role=role.value).first()
        required = role.value in required_roles
        if requirement is None:
            if not required:
                continue
            requirement = TwoFactorRequirement(role=role.value)
        elif requirement.required == required:
            continue
        requirement.required = required
        requirement.full_clean()
        requirement.save()
        signals.changed(actor, requirement)


@transaction.atomic
def role_grants_set(
    *,
    actor: User,
    municipality: Municipality,
    permission: Permission,
    roles: Collection[str],
) -> None:
    """The roles of ``municipality`` granted ``permission`` beyond their own (only roles
    ``GRANTABLE`` lists for it); the grants of other roles are withdrawn. Her lead's."""
    require_permission(actor, Permission.GRANT_TO_ROLES, municipality_id=municipality.pk)
    allowed = GRANTABLE.get(permission, frozenset())
    if not set(roles) <= allowed:
        raise ValidationError({"roles": _("That permission cannot be granted to that role.")})
    existing = {
        grant.role: grant
        for grant in RoleGrant.objects.filter(municipality=municipality, permission=permission)
    }
    for role in sorted(allowed):
        grant = existing.get(role)
        if role in roles and grant is None:
            grant = RoleGrant.objects.create(
                municipality=municipality, role=role, permission=permission, granted_by=actor
            )
            signals.changed(actor, grant, created=True)
        elif role not in roles and grant is not None:
            signals.changed(actor, grant)
            grant.delete()
