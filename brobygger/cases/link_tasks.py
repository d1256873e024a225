"""The referrers' reminders, run by the database task queue (`brobygger db_worker`) each
morning: each run sends what is due and puts the next morning's run in the queue, so one
`brobygger referral_reminders --schedule` (idempotent) keeps it going."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django_tasks import task

from .tasks import morning_queue


def reminders_schedule(now: datetime | None = None) -> datetime:
    """Make sure the next morning's reminders are in the queue; returns when they run."""
    return morning_queue(reminders_scheduled, now)


@task()
def reminders_scheduled() -> int:
    """Send this morning's reminders, queue tomorrow's run; returns the e-mails sent."""
    from .link_services import reminders_send

    sent = reminders_send(base_url=settings.TASKS_DIGEST_BASE_URL)
    reminders_schedule()
    return sent
