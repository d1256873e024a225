"""Reads of users and memberships, always narrowed by the access policy."""

from __future__ import annotations

from django.db import models
from django.db.models import Prefetch
from django.http import Http404

from .access import AnyUser, Permission, get_visible_or_404, memberships_of, scope_for
from .models import Membership, Role, User


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
    return users.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("municipality", "partnership"),
        )
    ).order_by("username")


def user_get(*, user: AnyUser, pk: int) -> User:
    return get_visible_or_404(user_list(user=user), user=user, pk=pk)
