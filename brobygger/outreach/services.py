"""Writes for outreach: contact attempts (and, later, activities and campaigns)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from brobygger.accounts.access import Permission, has_permission
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.people.models import Person, PipelineStatus
from brobygger.people.selectors import person_lock
from brobygger.people.services import person_status_advance

from .models import REACHED_OUTCOMES, ContactAttempt


@transaction.atomic
def contact_attempt_record(
    *,
    actor: User,
    person: Person,
    channel: str,
    outcome: str,
    occurred_at: datetime | None = None,
    note: str = "",
) -> ContactAttempt:
    """Log one attempt to reach a person and move her forward in the pipeline: a first
    attempt makes her "contact attempted", getting through makes her "contacted"."""
    if not has_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id):
        raise PermissionDenied
    # Lock the row: two caseworkers may record attempts on the same person at once.
    locked = person_lock(user=actor, person=person)
    attempt = ContactAttempt(
        person=locked,
        channel=channel,
        outcome=outcome,
        occurred_at=occurred_at or timezone.now(),
        made_by=actor,
        note=note,
    )
    attempt.full_clean()
    attempt.save()
    target = (
        PipelineStatus.CONTACTED
        if outcome in REACHED_OUTCOMES
        else PipelineStatus.CONTACT_ATTEMPTED
    )
    person_status_advance(
        actor=actor,
        person=locked,
        to_status=target,
        occurred_on=timezone.localdate(attempt.occurred_at),
    )
    person.status = locked.status
    access_record(user=actor, action=AccessAction.CREATE, obj=attempt)
    return attempt
