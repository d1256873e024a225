"""The daily e-mail of tasks due, run by the database task queue (`brobygger db_worker`).

Each run puts the next one in the queue for the following morning, so one
`brobygger tasks_digest --schedule` (idempotent; `make run` does it) keeps it going.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task, TaskResultStatus
from django_tasks_db.models import DBTaskResult


def next_run_at(now: datetime | None = None) -> datetime:
    """The next TASKS_DIGEST_HOUR o'clock, local time, after ``now``."""
    local = timezone.localtime(now or timezone.now())
    hour = time(settings.TASKS_DIGEST_HOUR)
    candidate = timezone.make_aware(datetime.combine(local.date(), hour))
    if candidate <= local:
        candidate = timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), hour))
    return candidate


def morning_queue(scheduled: Task[[], int], now: datetime | None = None) -> datetime:
    """Make sure the next morning's run of ``scheduled`` is in the queue (once); returns
    when it runs."""
    pending = (
        DBTaskResult.objects.filter(task_path=scheduled.module_path, status=TaskResultStatus.READY)
        .order_by("run_after")
        .first()
    )
    if pending is not None:
        run_after: datetime = pending.run_after
        return run_after
    run_after = next_run_at(now)
    scheduled.using(run_after=run_after).enqueue()
    return run_after


def digest_schedule(now: datetime | None = None) -> datetime:
    """Make sure the next morning's digest is in the queue; returns when it runs."""
    return morning_queue(digest_scheduled, now)


@task()
def digest_scheduled() -> int:
    """Send this morning's e-mails, queue tomorrow's run; returns the e-mails sent."""
    from .digest import digest_send

    sent = digest_send(base_url=settings.TASKS_DIGEST_BASE_URL)
    digest_schedule()
    return sent
