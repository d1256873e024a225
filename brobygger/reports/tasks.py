"""The daily run of the quarterly report reminders in the database task queue; each run puts
the next morning's in the queue, so one `brobygger report_reminders --schedule` keeps it going."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django_tasks import task

from brobygger.cases.tasks import morning_queue


def reminders_schedule(now: datetime | None = None) -> datetime:
    """Make sure the next morning's run is in the queue; returns when it runs."""
    return morning_queue(reminders_scheduled, now)


@task()
def reminders_scheduled() -> int:
    from .reminders import reminders_send

    sent = reminders_send(base_url=settings.TASKS_DIGEST_BASE_URL)
    reminders_schedule()
    return sent
