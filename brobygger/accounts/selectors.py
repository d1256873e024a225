"""Reads of users and memberships, always narrowed by the access policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from brobygger.partnerships.models import Municipality, Partnership

from .access import (
    AnyUser,
    Permission,
    get_visible_or_404,
    memberships_of,
    partnership_ids_visible_to,
    require_permission,
    scope_for,
)
from .models import ApiToken, Membership, Role, RoleGrant, TwoFactorRequirement, User


def role_summary(user: AnyUser) -> str:
    """E.g. "Sagsbehandler, Viborg" for the header."""
    parts = []
    for membership in memberships_of(user):
        where = membership.municipality or membership.partnership
        label = str(Role(membership.role).label)
        parts.append(f"{label}, {where.name}" if where else label)
    return "; ".join(parts)


def user_list(*, user: AnyUser, query: str = "") -> models.QuerySet[User]:
    """Users an administrator (all) or a municipal lead (own municipality's) may see."""
    scope = scope_for(user, Permission.VIEW_USERS)
    if scope.is_empty:
        raise Http404
    users = User.objects.all()
    if not scope.everywhere:
        users = users.filter(memberships__municipality_id__in=scope.municipality_ids).distinct()
    if query:
        users = users.filter(
            models.Q(username__icontains=query)
            | models.Q(first_name__icontains=query)
            | models.Q(last_name__icontains=query)
            | models.Q(email__icontains=query)
        )
    return (
        users.prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("municipality", "partnership"),
            )
        )
        .annotate(
            has_two_factor=Exists(
                TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True).values("pk")
            )
        )
        .order_by("username")
    )


def user_get(*, user: AnyUser, pk: int) -> User:
    return get_visible_or_404(user_list(user=user), user=user, pk=pk)


def municipalities_where(user: AnyUser, permission: Permission) -> models.QuerySet[Municipality]:
    """The municipalities where ``user`` may do what ``permission`` names, by name."""
    return Municipality.objects.filter(scope_for(user, permission).q("pk")).order_by("name")


def partnership_list(*, user: AnyUser) -> models.QuerySet[Partnership]:
    """The partnerships a user may open, each with its municipalities by name."""
    scope = partnership_ids_visible_to(user)
    partnerships = Partnership.objects.all()
    if not scope.everywhere:
        partnerships = partnerships.filter(scope.q("pk"))
    return partnerships.prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.order_by("name"))
    )


def partnership_get(*, user: AnyUser, pk: int) -> Partnership:
    return get_visible_or_404(partnership_list(user=user), user=user, pk=pk)


# Two-factor login. A user has it exactly when she has a confirmed TOTP device; her recovery
# codes (django-otp's static tokens) belong to it and go with it.


@dataclass(frozen=True)
class TwoFactorStatus:
    enabled: bool
    since: datetime | None
    recovery_codes_left: int
    required: bool


def two_factor_device(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def two_factor_required(user: AnyUser) -> bool:
    """Whether any of the user's roles requires two-factor login (annotated on her memberships
    by ``memberships_of``, which every page reads anyway)."""
    return any(
        membership.two_factor_required  # type: ignore[attr-defined]
        for membership in memberships_of(user)
    )


def two_factor_status(*, user: User) -> TwoFactorStatus:
    device = two_factor_device(user=user)
    left = 0
    if device is not None:
        left = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return TwoFactorStatus(
        enabled=device is not None,
        since=device.created_at if device is not None else None,
        recovery_codes_left=left,
        required=two_factor_required(user),
    )


@dataclass(frozen=True)
class TwoFactorRequirementRow:
    role: Role
    required: bool
    users: int
    users_with_two_factor: int


def two_factor_requirement_rows(*, user: AnyUser) -> list[TwoFactorRequirementRow]:
    """Every role, whether it requires two-factor login, and how many of its (active) users
    have set it up: what an administrator needs before she makes it required."""
    require_permission(user, Permission.MANAGE_USERS)
    required = set(
        TwoFactorRequirement.objects.filter(required=True).values_list("role", flat=True)
    )
    users: dict[str, int] = {}
    with_two_factor: dict[str, int] = {}
    for row in (
        Membership.objects.filter(user__is_active=True)
        .values("role")
        .annotate(
            users=Count("user", distinct=True),
            with_two_factor=Count(
                "user", distinct=True, filter=Q(user__totpdevice__confirmed=True)
            ),
        )
    ):
        users[row["role"]] = row["users"]
        with_two_factor[row["role"]] = row["with_two_factor"]
    return [
        TwoFactorRequirementRow(
            role=role,
            required=role.value in required,
            users=users.get(role.value, 0),
            users_with_two_factor=with_two_factor.get(role.value, 0),
        )
        for role in Role
    ]


def api_tokens_of(*, user: User) -> models.QuerySet[ApiToken]:
    """Her own tokens, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_get(*, user: User, pk: int) -> ApiToken:
    """One of her own tokens; anybody else's is a 404."""
    token = ApiToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        raise Http404
    return token


def granting_municipality(*, user: AnyUser) -> Municipality:
    """The municipality whose roles she grants permissions to: her own (the first, for the
    rare lead of several)."""
    ids = sorted(scope_for(user, Permission.GRANT_TO_ROLES).ids)
    if not ids:
        raise Http404
    return Municipality.objects.get(pk=ids[0])


def granted_roles(*, municipality: Municipality, permission: Permission) -> set[str]:
    return set(
        RoleGrant.objects.filter(municipality=municipality, permission=permission).values_list(
            "role", flat=True
        )
    )
