"""Reads of outreach activities and methods, narrowed by the access policy."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date, timedelta

from django.db import models
from django.utils import timezone

from brobygger.accounts.access import AnyUser, get_visible_or_404

from .models import (
    ActivityStatus,
    OutreachActivity,
    OutreachLocation,
)


def activity_list(
    *,
    user: AnyUser,
    status: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> models.QuerySet[OutreachActivity]:
    activities = OutreachActivity.objects.visible_to(user).select_related(
        "method", "responsible", "municipality"
    )
    if status in ActivityStatus.values:
        activities = activities.filter(status=status)
    if date_from:
        activities = activities.filter(planned_on__gte=date_from)
    if date_to:
        activities = activities.filter(planned_on__lte=date_to)
    return activities.annotate(people_found=models.Count("sources", distinct=True))


def activity_get(*, user: AnyUser, pk: int) -> OutreachActivity:
    return get_visible_or_404(activity_list(user=user), user=user, pk=pk)


def activities_by_week(
    activities: models.QuerySet[OutreachActivity],
) -> OrderedDict[tuple[int, int], list[OutreachActivity]]:
    """The plan view's grouping: ISO year and week number → that week's activities."""
    weeks: OrderedDict[tuple[int, int], list[OutreachActivity]] = OrderedDict()
    for activity in activities.order_by("planned_on", "id"):
        year, week, _day = activity.planned_on.isocalendar()
        weeks.setdefault((year, week), []).append(activity)
    return weeks


def activity_choices(
    *, user: AnyUser, municipality_id: int | None = None, around: date
) -> models.QuerySet[OutreachActivity]:
    """Activities a registration can be attributed to: not cancelled, within two months."""
    from datetime import timedelta

    activities = activity_list(
        user=user, date_from=around - timedelta(days=61), date_to=around + timedelta(days=61)
    ).exclude(status=ActivityStatus.CANCELLED)
    if municipality_id is not None:
        activities = activities.filter(municipality_id=municipality_id)
    return activities


def location_list(*, user: AnyUser) -> models.QuerySet[OutreachLocation]:
    since = timezone.localdate() - timedelta(days=30)
    return (
        OutreachLocation.objects.visible_to(user)
        .select_related("municipality")
        .annotate(
            named_visits=models.Count(
                "visits",
                filter=models.Q(visits__occurred_on__gte=since, visits__person__isnull=False),
            ),
            anonymous_visits=models.Sum(
                "visits__anonymous_count", filter=models.Q(visits__occurred_on__gte=since)
            ),
        )
    )


def location_get(*, user: AnyUser, pk: int) -> OutreachLocation:
    return get_visible_or_404(location_list(user=user), user=user, pk=pk)
