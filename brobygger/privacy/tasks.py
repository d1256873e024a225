"""The nightly purge, run by the database task queue (`brobygger db_worker`).

Each run puts the next one in the queue for the following night, so one
`brobygger purge --schedule` (idempotent; `make run` and the deployment do it) keeps it going.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def next_run_at(now: datetime | None = None) -> datetime:
    """The next PURGE_HOUR o'clock, local time, after ``now``."""
    local = timezone.localtime(now or timezone.now())
    candidate = timezone.make_aware(datetime.combine(local.date(), time(settings.PURGE_HOUR)))
    if candidate <= local:
        candidate = timezone.make_aware(
            datetime.combine(local.date() + timedelta(days=1), time(settings.PURGE_HOUR))
        )
    return candidate


def _pending() -> DBTaskResult | None:
    return (
        DBTaskResult.objects.filter(
            task_path=purge_scheduled.module_path, status=TaskResultStatus.READY
        )
        .order_by("run_after")
        .first()
    )


def next_scheduled_run() -> datetime | None:
    pending = _pending()
    return pending.run_after if pending else None


def purge_schedule(now: datetime | None = None) -> datetime:
    """Make sure the next nightly purge is in the queue; returns when it runs."""
    pending = _pending()
    if pending is not None:
        run_after: datetime = pending.run_after
        return run_after
    run_after = next_run_at(now)
    purge_scheduled.using(run_after=run_after).enqueue()
    return run_after


@task()
def purge_scheduled() -> int:
    """Apply the retention rules, queue the next night's run; returns the records removed."""
    from .models import PurgeTrigger
    from .purge import purge_run

    removed = purge_run(trigger=PurgeTrigger.SCHEDULE).total
    purge_schedule()
    return removed
