"""The daily count of every saved list, run by the database task queue (`brobygger db_worker`).

Each run puts the next one in the queue for the following day, so one
`brobygger lists_snapshot --schedule` (idempotent; `make run` does it) keeps it going.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def next_run_at(now: datetime | None = None) -> datetime:
    """The next LISTS_SNAPSHOT_HOUR o'clock, local time, after ``now``."""
    local = timezone.localtime(now or timezone.now())
    hour = time(settings.LISTS_SNAPSHOT_HOUR)
    candidate = timezone.make_aware(datetime.combine(local.date(), hour))
    if candidate <= local:
        candidate = timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), hour))
    return candidate


def snapshot_schedule(now: datetime | None = None) -> datetime:
    """Make sure the next day's count is in the queue; returns when it runs."""
    pending = (
        DBTaskResult.objects.filter(
            task_path=snapshot_scheduled.module_path, status=TaskResultStatus.READY
        )
        .order_by("run_after")
        .first()
    )
    if pending is not None:
        run_after: datetime = pending.run_after
        return run_after
    run_after = next_run_at(now)
    snapshot_scheduled.using(run_after=run_after).enqueue()
    return run_after


@task()
def snapshot_scheduled() -> int:
    """Count every saved list today, queue tomorrow's run; returns the lists counted."""
    from .services import snapshots_take_all

    taken = snapshots_take_all()
    snapshot_schedule()
    return taken
