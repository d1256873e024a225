from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from brobygger.accounts.access import AnyUser, Permission, scope_for

from .models import AccessAction, AccessLogEntry

# Refused attempts in one day that the Danish norm treats as a reason to stop and look.
REFUSED_LIMIT = 3


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


# Uses of personal data that a volume check counts: looking, searching, revealing, exporting.
VOLUME_ACTIONS = (
    AccessAction.VIEW,
    AccessAction.SEARCH,
    AccessAction.REVEAL,
    AccessAction.EXPORT,
)


@dataclass(frozen=True)
class UserDay:
    username: str
    day: date
    uses: int
    people: int
    exported_rows: int
    refused: int
    unusual: bool


def access_volumes(
    *, user: AnyUser, days: int = 30, today: date | None = None
) -> tuple[list[UserDay], int]:
    """Per user and day over the last ``days``: uses of personal data, distinct people,
    exported rows and refused attempts. A day is unusual when its uses pass the threshold
    (``ACCESS_LOG_UNUSUAL_PER_DAY`` or three times the median user-day, whichever is higher)
    or when it holds three refused attempts (the Danish norm's blocking limit, FACTS F9)."""
    today = today or timezone.localdate()
    scope = scope_for(user, Permission.VIEW_ACCESS_LOG)
    entries = AccessLogEntry.objects.filter(
        scope.q("municipality_id"), occurred_at__gte=_start_of(today - timedelta(days=days - 1))
    ).exclude(username="")
    grouped = (
        entries.annotate(day=TruncDate("occurred_at", tzinfo=timezone.get_current_timezone()))
        .values("username", "day")
        .annotate(
            uses=Count("id", filter=Q(action__in=VOLUME_ACTIONS)),
            people=Count("person_id", distinct=True, filter=Q(action__in=VOLUME_ACTIONS)),
            exported_rows=Coalesce(Sum("row_count", filter=Q(action=AccessAction.EXPORT)), 0),
            refused=Count("id", filter=Q(action=AccessAction.REFUSED)),
        )
        .order_by()
    )
    rows = [row for row in grouped if row["uses"] or row["refused"]]
    uses = sorted(row["uses"] for row in rows)
    median = uses[len(uses) // 2] if uses else 0
    threshold = max(settings.ACCESS_LOG_UNUSUAL_PER_DAY, 3 * median)
    result = [
        UserDay(
            username=row["username"],
            day=row["day"],
            uses=row["uses"],
            people=row["people"],
            exported_rows=row["exported_rows"],
            refused=row["refused"],
            unusual=row["uses"] > threshold or row["refused"] >= REFUSED_LIMIT,
        )
        for row in rows
    ]
    result.sort(key=lambda d: (not d.unusual, -d.uses, -d.refused, d.username))
    return result, threshold
