"""Writes: the bulk actions of the people list (each in one transaction: all or nothing),
the export of a selection, and saved lists (save, rename, share, delete, the daily count).

A bulk action takes a ``Selection`` (``selectors.selection_of``): the people the actor may
act on; the ids she may not see or change are only counted there and never reach a service."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import Membership, Role, User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_bulk_record, access_record
from brobygger.core.exports import safe_cell
from brobygger.meetings.models import Session
from brobygger.meetings.services import invitations_create
from brobygger.messaging.models import MessageTemplate
from brobygger.messaging.services import messages_send
from brobygger.partnerships.models import Municipality
from brobygger.people.filters import PersonFilters
from brobygger.people.models import Person
from brobygger.people.services import person_status_change, person_update

from . import selectors
from .models import ListSnapshot, SavedList
from .selectors import Selection


@dataclass(frozen=True)
class BulkResult:
    """What a bulk action did: ``done`` people changed (or invited, texted, exported),
    ``unchanged`` left as they were and why (one reason per person), ``hidden`` ids she may
    not see or change (untouched)."""

    done: int
    hidden: int
    unchanged: list[tuple[Person, str]] = field(default_factory=list)


def _require_change(actor: User, people: Iterable[Person]) -> None:
    for municipality_id in {person.municipality_id for person in people}:
        require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=municipality_id)


def _with_person(person: Person, error: ValidationError) -> ValidationError:
    return ValidationError(
        _("%(name)s: %(problem)s") % {"name": person, "problem": " ".join(error.messages)}
    )


@transaction.atomic
def bulk_assign(*, actor: User, selection: Selection, caseworker: User) -> BulkResult:
    """Make ``caseworker`` the caseworker of every chosen person. She must be a caseworker
    of each person's municipality; otherwise nobody changes."""
    _require_change(actor, selection.people)
    municipalities = set(
        Membership.objects.filter(user=caseworker, role=Role.CASEWORKER).values_list(
            "municipality_id", flat=True
        )
    )
    done = 0
    unchanged: list[tuple[Person, str]] = []
    for person in selection.people:
        if person.municipality_id not in municipalities or not caseworker.is_active:
            raise ValidationError(
                _("%(worker)s is not a caseworker in %(municipality)s, where %(name)s lives.")
                % {
                    "worker": caseworker.get_full_name() or caseworker,
                    "municipality": person.municipality.name,
                    "name": person,
                }
            )
        if person.assigned_caseworker_id == caseworker.pk:
            unchanged.append((person, _("She already has this caseworker.")))
            continue
        person_update(
            actor=actor,
            person=person,
            changes={"assigned_caseworker": caseworker},
            version=person.version,
        )
        done += 1
    return BulkResult(done=done, hidden=selection.hidden, unchanged=unchanged)


@transaction.atomic
def bulk_status(*, actor: User, selection: Selection, to_status: str, note: str = "") -> BulkResult:
    """Move every chosen person to ``to_status`` today, with the same note (the status
    service's rules hold for each; one that fails undoes all). Those who already have the
    status are left as they are."""
    _require_change(actor, selection.people)
    done = 0
    unchanged: list[tuple[Person, str]] = []
    for person in selection.people:
        if person.status == to_status:
            unchanged.append((person, _("She already has this status.")))
            continue
        try:
            person_status_change(actor=actor, person=person, to_status=to_status, note=note)
        except ValidationError as error:
            raise _with_person(person, error) from error
        done += 1
    return BulkResult(done=done, hidden=selection.hidden, unchanged=unchanged)


@transaction.atomic
def bulk_invite(
    *,
    actor: User,
    selection: Selection,
    session: Session,
    channel: str,
    template: MessageTemplate | None = None,
) -> BulkResult:
    """Invite the chosen people of the session's municipality to the session (by letter or
    text message, the meetings' rules); the others are told, not invited."""
    ours = [p for p in selection.people if p.municipality_id == session.municipality_id]
    unchanged = [
        (p, _("She lives in another municipality than the session's."))
        for p in selection.people
        if p.municipality_id != session.municipality_id
    ]
    invited = invitations_create(
        actor=actor, session=session, people=ours, channel=channel, template=template
    )
    unchanged += [(p, _("She is already invited.")) for p in invited.already_invited]
    unchanged += [(refusal.person, refusal.reason) for refusal in invited.not_texted]
    return BulkResult(done=len(invited.created), hidden=selection.hidden, unchanged=unchanged)


@transaction.atomic
def bulk_text(
    *,
    actor: User,
    selection: Selection,
    template: MessageTemplate | None = None,
    body: str | None = None,
) -> BulkResult:
    """Text every chosen person who may be texted (consent, a Danish mobile number); the
    refused are counted with the reason."""
    _require_change(actor, selection.people)
    sent = messages_send(actor=actor, people=selection.people, template=template, body=body)
    return BulkResult(
        done=len(sent.queued),
        hidden=selection.hidden,
        unchanged=[(refusal.person, refusal.reason) for refusal in sent.refused],
    )


EXPORT_FORMATS = ("csv", "xlsx")


def _export_rows(people: list[Person]) -> list[list[object]]:
    header: list[object] = [
        _("Id"),
        _("First name"),
        _("Last name"),
        _("Municipality"),
        _("Status"),
        _("Caseworker"),
        _("Phone"),
        _("Preferred language"),
        _("Follow up on"),
    ]
    rows = [header]
    for person in people:
        worker = person.assigned_caseworker
        rows.append(
            [
                person.pk,
                person.first_name,
                person.last_name,
                person.municipality.name,
                person.get_status_display(),
                (worker.get_full_name() or worker.get_username()) if worker else "",
                str(person.phone or ""),
                person.preferred_language.name if person.preferred_language else "",
                person.follow_up_on.isoformat() if person.follow_up_on else "",
            ]
        )
    return [[safe_cell(value) for value in row] for row in rows]


def bulk_export(*, actor: User, selection: Selection, fmt: str) -> bytes:
    """The chosen people as a CSV or XLSX file; the export is in the access log, one entry
    per municipality with its row count."""
    if fmt not in EXPORT_FORMATS:
        raise ValidationError(_("Choose CSV or XLSX."))
    for municipality_id in {person.municipality_id for person in selection.people}:
        require_permission(actor, Permission.VIEW_PEOPLE, municipality_id=municipality_id)
    rows = _export_rows(selection.people)
    if fmt == "csv":
        text = io.StringIO()
        csv.writer(text, delimiter=";").writerows(rows)
        content = ("\ufeff" + text.getvalue()).encode("utf-8")
    else:
        book = Workbook()
        sheet = book.active
        assert sheet is not None  # nosec B101  # a new workbook always has a sheet; for mypy
        sheet.title = _("People")
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        content = out.getvalue()
    access_bulk_record(
        user=actor,
        action=AccessAction.EXPORT,
        rows=[person.municipality_id for person in selection.people],
        purpose=_("Export of chosen people"),
    )
    return content


# Saved lists.


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the list a name.")})
    if len(name) > 100:
        raise ValidationError({"name": _("The name can be at most 100 characters.")})
    return name


@transaction.atomic
def saved_list_create(
    *,
    actor: User,
    municipality: Municipality,
    name: str,
    filters: PersonFilters,
    shared: bool = False,
) -> SavedList:
    """Save the search under a name, in one of her municipalities; its count of today is
    its first snapshot."""
    require_permission(actor, Permission.VIEW_PEOPLE, municipality_id=municipality.pk)
    if filters.is_empty():
        raise ValidationError(_("Choose at least one filter to save."))
    filters.check_exists()
    saved = SavedList(
        municipality=municipality,
        owner=actor,
        name=_check_name(name),
        filters=filters.as_data(),
        shared=shared,
    )
    saved.full_clean()
    saved.save()
    snapshot_take(saved=saved, user=actor)
    access_record(user=actor, action=AccessAction.CREATE, obj=saved)
    return saved


def _require_owner(actor: User, saved: SavedList) -> None:
    if saved.owner_id != actor.pk:
        raise PermissionDenied


@transaction.atomic
def saved_list_update(*, actor: User, saved: SavedList, name: str, shared: bool) -> SavedList:
    """Rename, share or stop sharing: her own lists only."""
    _require_owner(actor, saved)
    saved.name = _check_name(name)
    saved.shared = shared
    saved.full_clean()
    saved.save(update_fields=["name", "shared", "updated_at"])
    access_record(user=actor, action=AccessAction.CHANGE, obj=saved)
    return saved


def may_delete(user: User, saved: SavedList) -> bool:
    """The owner, or a lead of the municipality when the list is shared."""
    if saved.owner_id == user.pk:
        return True
    return (
        saved.shared
        and Membership.objects.filter(
            user=user, role=Role.MUNICIPAL_LEAD, municipality_id=saved.municipality_id
        ).exists()
    )


@transaction.atomic
def saved_list_delete(*, actor: User, saved: SavedList) -> None:
    if not may_delete(actor, saved):
        raise PermissionDenied
    access_record(user=actor, action=AccessAction.DELETE, obj=saved)
    saved.delete()


def snapshot_take(*, saved: SavedList, user: User, today: date | None = None) -> int | None:
    """Record how many people the list finds today (counted as the owner sees them); None
    when its filters no longer hold."""
    try:
        filters = selectors.list_filters(saved)
    except ValidationError:
        return None
    count = selectors.list_count(user=user, filters=filters)
    ListSnapshot.objects.update_or_create(
        saved_list=saved, taken_on=today or timezone.localdate(), defaults={"count": count}
    )
    return count


def snapshots_take_all(*, today: date | None = None) -> int:
    """The daily count of every saved list whose owner is active; returns how many."""
    taken = 0
    for saved in SavedList.objects.filter(owner__is_active=True).select_related("owner"):
        if snapshot_take(saved=saved, user=saved.owner, today=today) is not None:
            taken += 1
    return taken
