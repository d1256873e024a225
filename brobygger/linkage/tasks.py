"""Background work of the linkage app, run by the database task queue (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from brobygger.accounts.models import User

from .imports import import_run


@task()
def import_list(batch_id: int, actor_id: int | None) -> str:
    actor = User.objects.get(pk=actor_id) if actor_id else None
    return import_run(batch_id, actor=actor).status
