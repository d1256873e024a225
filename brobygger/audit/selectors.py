from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import models
from django.utils import timezone

from brobygger.accounts.access import AnyUser, Permission, scope_for

from .models import AccessLogEntry


@dataclass(frozen=True)
class AccessLogFilters:
    username: str = ""
    action: str = ""
    person_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def access_log_list(
    *, user: AnyUser, filters: AccessLogFilters = AccessLogFilters()
) -> models.QuerySet[AccessLogEntry]:
    """Administrators see the whole log; a municipal lead sees entries about their
    municipality's records. Everyone else sees nothing."""
    scope = scope_for(user, Permission.VIEW_ACCESS_LOG)
    entries = AccessLogEntry.objects.filter(scope.q("municipality_id"))
    if filters.username:
        entries = entries.filter(username__iexact=filters.username)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.person_id is not None:
        entries = entries.filter(person_id=filters.person_id)
    if filters.date_from:
        entries = entries.filter(occurred_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        entries = entries.filter(occurred_at__lt=_start_of(filters.date_to + timedelta(days=1)))
    return entries.order_by("-occurred_at", "-id")
