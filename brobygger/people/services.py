"""Writes to the people registry: check → do → log, inside one transaction."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.core.concurrency import version_bump, version_claim
from brobygger.core.crypto import decrypt, encrypt
from brobygger.outreach.models import OutreachActivity, OutreachMethod
from brobygger.partnerships.models import Municipality

from .cpr import cpr_birth_date, cpr_lookup_hash, normalise_cpr
from .models import (
    PIPELINE_ORDER,
    Person,
    PersonNameKey,
    PersonSource,
    PipelineStatus,
    StatusEvent,
)
from .names import name_keys
from .selectors import person_lock


def one_month_after(day: date) -> date:
    """The same day next month, or the month's last day (31 January → 28/29 February)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def person_register(
    *,
    actor: User,
    municipality: Municipality,
    first_name: str,
    method: OutreachMethod,
    last_name: str = "",
    phone: str = "",
    cpr: str = "",
    birth_date: date | None = None,
    source_note: str = "",
    from_third_party: bool = False,
    activity: OutreachActivity | None = None,
) -> Person:
    """Register a person with only what is known; the method that found her is required.

    Data that did not come from the person herself starts the GDPR art. 14 duty to inform:
    she must be told within one month, and the deadline shows as a task until done."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=municipality.pk)
    if activity is not None and activity.municipality_id != municipality.pk:
        raise ValidationError({"activity": _("The activity belongs to another municipality.")})
    person = Person(
        municipality=municipality,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        birth_date=birth_date,
        phone=phone.strip(),
        created_by=actor,
        assigned_caseworker=actor,
        inform_due_on=one_month_after(timezone.localdate()) if from_third_party else None,
    )
    if cpr:
        number = normalise_cpr(cpr)
        person.cpr_ciphertext = encrypt(number)
        person.cpr_hash = cpr_lookup_hash(number)
        person.birth_date = person.birth_date or cpr_birth_date(number)
    person.full_clean()
    person.save()
    refresh_name_keys(person)
    source = PersonSource(
        person=person, method=method, activity=activity, note=source_note, recorded_by=actor
    )
    source.full_clean()
    source.save()
    StatusEvent.objects.create(
        person=person,
        from_status="",
        to_status=person.status,
        occurred_on=timezone.localdate(),
        recorded_by=actor,
    )
    access_record(user=actor, action=AccessAction.CREATE, obj=person)
    return person


@transaction.atomic
def person_status_change(
    *,
    actor: User,
    person: Person,
    to_status: str,
    occurred_on: date | None = None,
    note: str = "",
) -> StatusEvent:
    """Move a person along the pipeline; the event and the current status change together."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    # Lock the row: two caseworkers may move the same person at the same moment.
    locked = person_lock(user=actor, person=person)
    event = _status_event(
        locked, to_status=to_status, actor=actor, occurred_on=occurred_on, note=note
    )
    person.status = locked.status
    access_record(user=actor, action=AccessAction.CHANGE, obj=locked)
    return event


def _status_event(
    person: Person, *, to_status: str, actor: User, occurred_on: date | None, note: str
) -> StatusEvent:
    """Record the move and save the new status; the caller holds the row lock."""
    if to_status not in PipelineStatus.values:
        raise ValidationError({"to_status": _("Choose a status from the list.")})
    if to_status == person.status:
        raise ValidationError({"to_status": _("The person already has this status.")})
    day = occurred_on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
    event = StatusEvent(
        person=person,
        from_status=person.status,
        to_status=to_status,
        occurred_on=day,
        recorded_by=actor,
        note=note,
    )
    event.full_clean()
    event.save()
    person.status = to_status
    person.save(update_fields=["status", "updated_at"])
    return event


@transaction.atomic
def person_take(*, actor: User, person: Person) -> Person:
    """ "Take her": the actor becomes the caseworker of a person nobody has taken yet. When a
    colleague was quicker, nothing changes and ValidationError names the colleague."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    locked = person_lock(user=actor, person=person)
    if locked.assigned_caseworker_id == actor.pk:
        return locked
    if locked.assigned_caseworker is not None:
        raise ValidationError(
            _("%(colleague)s is already her caseworker.")
            % {
                "colleague": locked.assigned_caseworker.get_full_name()
                or locked.assigned_caseworker
            }
        )
    # The edit form shows the caseworker: a form opened before this conflicts.
    version_bump(locked)
    locked.assigned_caseworker = actor
    locked.save(update_fields=["assigned_caseworker", "version", "updated_at"])
    access_record(user=actor, action=AccessAction.CHANGE, obj=locked)
    return locked


def person_status_set(
    *, actor: User, person: Person, to_status: str, note: str = ""
) -> StatusEvent:
    """Move her to ``to_status``, forward or back, today (e.g. after a wrongly clicked contact
    attempt is corrected). For use inside another service's transaction that already checked
    permission and holds the row lock."""
    return _status_event(person, to_status=to_status, actor=actor, occurred_on=None, note=note)


def person_status_advance(
    *, actor: User, person: Person, to_status: str, occurred_on: date, note: str = ""
) -> StatusEvent | None:
    """Move forward automatically (e.g. after a contact attempt), never backward.

    For use inside another service's transaction that already checked permission and holds
    the row lock."""
    if PIPELINE_ORDER.index(to_status) <= PIPELINE_ORDER.index(person.status):
        return None
    return _status_event(
        person, to_status=to_status, actor=actor, occurred_on=occurred_on, note=note
    )


@transaction.atomic
def person_update(
    *, actor: User, person: Person, changes: dict[str, object], version: int
) -> Person:
    """Save edited fields (validated by the form that produced ``changes``) made to
    ``version`` of the record; if someone has saved since, raise ``EditConflict``."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    version_claim(person, version=version)
    locked = person_lock(user=actor, person=person)
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.full_clean()
    locked.save()
    if NAME_FIELDS & changes.keys():
        refresh_name_keys(locked)
    access_record(user=actor, action=AccessAction.CHANGE, obj=locked)
    return locked


NAME_FIELDS = frozenset({"first_name", "last_name", "name_variants"})


def refresh_name_keys(person: Person) -> None:
    """Keep the search keys in step with the names (same transaction as the name change)."""
    wanted = name_keys(person.first_name, person.last_name, person.name_variants)
    PersonNameKey.objects.filter(person=person).exclude(key__in=wanted).delete()
    PersonNameKey.objects.bulk_create(
        [PersonNameKey(person=person, key=key) for key in wanted], ignore_conflicts=True
    )


Delivered = TypeVar("Delivered")


def person_cpr_reveal(
    *, actor: User, person: Person, deliver: Callable[[str], Delivered]
) -> Delivered:
    """Deliver the whole CPR number (``DDMMYY-XXXX`` written out) through ``deliver``, for an
    explicit action that is written to the access log.

    The reveal is logged after ``deliver`` has returned, i.e. once the page that shows the
    number exists: a page that fails to render shows nothing, so it logs nothing, and no
    number leaves without its log entry (a failing log write fails the request)."""
    require_permission(actor, Permission.VIEW_PEOPLE, municipality_id=person.municipality_id)
    if not person.cpr_ciphertext:
        return deliver("")
    number = decrypt(person.cpr_ciphertext)
    delivered = deliver(f"{number[:6]}-{number[6:]}")
    access_record(user=actor, action=AccessAction.REVEAL, obj=person, purpose="people:cpr")
    return delivered
