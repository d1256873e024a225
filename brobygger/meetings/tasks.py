"""The daily reminder run, in the database task queue (`brobygger db_worker`): each run records
tomorrow's reminders and queues the next run for the following day, so one
`brobygger meetings remind --schedule` (idempotent; `make run` does it) keeps it going."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def next_run_at(now: datetime | None = None) -> datetime:
    """The next REMINDER_HOUR o'clock, local time, after ``now``."""
    local = timezone.localtime(now or timezone.now())
    hour = time(settings.MEETING_REMINDER_HOUR)
    candidate = timezone.make_aware(datetime.combine(local.date(), hour))
    if candidate <= local:
        candidate = timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), hour))
    return candidate


def _pending() -> DBTaskResult | None:
    return (
        DBTaskResult.objects.filter(
            task_path=reminders_scheduled.module_path, status=TaskResultStatus.READY
        )
        .order_by("run_after")
        .first()
    )


def reminders_schedule(now: datetime | None = None) -> datetime:
    """Make sure the next daily reminder run is in the queue; returns when it runs."""
    pending = _pending()
    if pending is not None:
        run_after: datetime = pending.run_after
        return run_after
    run_after = next_run_at(now)
    reminders_scheduled.using(run_after=run_after).enqueue()
    return run_after


@task()
def reminders_scheduled() -> int:
    """Record tomorrow's reminders, queue the next day's run; returns the reminders recorded."""
    from .services import reminders_record

    recorded = reminders_record(today=timezone.localdate())
    reminders_schedule()
    return recorded
