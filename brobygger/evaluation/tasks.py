"""Background work of the evaluation app, run by the database task queue (django-tasks): the
extract an evaluator asked for, and the daily deletion of old extracts."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django_tasks import task

from brobygger.core.schedule import daily_schedule


@task()
def extract_build(extract_id: int) -> str:
    from .services import extract_build_run

    return extract_build_run(extract_id).status


def expire_schedule(now: datetime | None = None) -> datetime:
    """Make sure the next daily deletion is in the queue; returns when it runs."""
    return daily_schedule(expire_scheduled, settings.EXTRACT_EXPIRE_HOUR, now)


@task()
def expire_scheduled() -> int:
    """Delete the extracts past their time, queue tomorrow's run; returns the files deleted."""
    from .services import extracts_expire

    deleted = extracts_expire()
    expire_schedule()
    return deleted
