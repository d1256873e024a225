"""Daily jobs in the database task queue (`brobygger db_worker`): each run queues the next
one, so one ``--schedule`` of its command (idempotent) keeps it going."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django_tasks.base import Task, TaskResultStatus
from django_tasks_db.models import DBTaskResult


def next_local_hour(hour: int, now: datetime | None = None) -> datetime:
    """The next ``hour`` o'clock, local time, after ``now``."""
    local = timezone.localtime(now or timezone.now())
    candidate = timezone.make_aware(datetime.combine(local.date(), time(hour)))
    if candidate <= local:
        candidate = timezone.make_aware(
            datetime.combine(local.date() + timedelta(days=1), time(hour))
        )
    return candidate


def daily_schedule(job: Task[[], Any], hour: int, now: datetime | None = None) -> datetime:
    """Make sure the next run of ``job`` is in the queue; returns when it runs."""
    pending = (
        DBTaskResult.objects.filter(task_path=job.module_path, status=TaskResultStatus.READY)
        .order_by("run_after")
        .first()
    )
    if pending is not None:
        run_after: datetime = pending.run_after
        return run_after
    run_after = next_local_hour(hour, now)
    job.using(run_after=run_after).enqueue()
    return run_after
