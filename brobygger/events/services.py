"""Writes of matchmaking events: check → do → log, each in one transaction.

The rules that hold across the services:

- Without sit-outs, neither side may have more participants than there are tables (each
  round every association and every company needs a table). Adding participants, changing
  the tables and making the schedule each refuse what would break it, naming the numbers.
- A stored schedule always matches the participants, wishes and table settings it was made
  from: changing any of them while the event is scheduled removes the schedule (the event
  returns to planning), in the same transaction as the change.
- A held event keeps its schedule; only follow-ups are recorded.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.audit.writes import record_save, write_municipality_id
from brobygger.core.inputs import as_values
from brobygger.partners.models import Organisation, Review
from brobygger.partnerships.models import Municipality

from . import schedules
from .models import (
    Event,
    EventStatus,
    FollowUp,
    Participant,
    ScheduledMeeting,
    Side,
    Wish,
    side_of,
)


@dataclasses.dataclass(frozen=True, kw_only=True)
class EventData:
    """What ``event_save`` writes: the event's date and place, its rounds and tables, and the
    settings the schedule is made with. The defaults are the model's."""

    title: str
    held_on: date
    starts_at: time = time(16, 0)
    place: str = ""
    rounds: int = 6
    tables: int = 10
    minutes_per_round: int = 10
    changeover_minutes: int = 5
    mutual_weight: int | None = None
    one_sided_weight: int | None = None
    fill_empty_seats: bool = True
    allow_sit_outs: bool = False
    min_meetings: int = 1
    notes: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class FollowUpData:
    """What ``follow_up_record`` writes: who of the pair wants to continue (None: not asked
    yet), and a note."""

    association_continues: bool | None = None
    company_continues: bool | None = None
    note: str = ""


# Fields the schedule is made from: changing one makes a stored schedule wrong.
SCHEDULE_FIELDS = (
    "rounds",
    "tables",
    "mutual_weight",
    "one_sided_weight",
    "fill_empty_seats",
    "allow_sit_outs",
    "min_meetings",
)


def _lock(event: Event) -> Event:
    """Lock the event's row: two coordinators may change its participants, wishes or
    schedule at the same moment, and the schedule must match what it was made from."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _refuse_if_held(event: Event) -> None:
    if event.status == EventStatus.HELD:
        raise ValidationError(
            _("The event has been held: its participants, wishes and schedule no longer change.")
        )


def _drop_schedule(*, actor: User, event: Event) -> bool:
    """Remove a stored schedule (the event goes back to planning). True if there was one."""
    if event.status != EventStatus.SCHEDULED:
        return False
    event.meetings.all().delete()
    record_save(
        actor=actor,
        record=event,
        values={"status": EventStatus.PLANNING, "statistics": {}, "scheduled_at": None},
    )
    return True


def _side_counts(event: Event) -> tuple[int, int]:
    sides = list(event.participants.values_list("side", flat=True))
    return sides.count(Side.ASSOCIATION), sides.count(Side.COMPANY)


@transaction.atomic
def event_save(
    *,
    actor: User,
    data: EventData,
    municipality: Municipality | None = None,
    event: Event | None = None,
) -> tuple[Event, bool]:
    """Create an event in ``municipality``, or change one (it stays in its own). Returns the
    event and whether a stored schedule was removed because a setting it was made from
    changed."""
    municipality_id = write_municipality_id(
        actor=actor, permission=Permission.MANAGE_PARTNERS, record=event, chosen=municipality
    )
    if event is None:
        record = Event(municipality_id=municipality_id, created_by=actor)
        return record_save(actor=actor, record=record, data=data), False
    record = _lock(event)
    changed = [f for f in SCHEDULE_FIELDS if getattr(data, f) != getattr(record, f)]
    if changed and record.status == EventStatus.HELD:
        raise ValidationError(
            _("The event has been held: rounds, tables and weights no longer change.")
        )
    for name, value in as_values(data).items():
        setattr(record, name, value)
    associations, companies = _side_counts(record)
    problems = schedules.capacity_problems(
        event=record, associations=associations, companies=companies
    )
    if problems:
        raise ValidationError({"tables": problems})
    dropped = _drop_schedule(actor=actor, event=record) if changed else False
    saved = record_save(actor=actor, record=record, data=data)
    return saved, dropped


@transaction.atomic
def participants_add(
    *, actor: User, event: Event, organisations: Iterable[Organisation]
) -> tuple[list[Participant], bool]:
    """Add partners to the event, all or none. Each must be an approved partner of the
    event's municipality, of a kind that takes part, and not in the event already.
    Returns the new participants and whether a stored schedule was removed."""
    require_permission(actor, Permission.MANAGE_PARTNERS, municipality_id=event.municipality_id)
    event = _lock(event)
    _refuse_if_held(event)
    organisations = list(organisations)
    if not organisations:
        raise ValidationError(_("Choose at least one partner to add."))
    already = set(event.participants.values_list("organisation_id", flat=True))
    errors = []
    new = []
    for organisation in organisations:
        side = side_of(organisation.kind)
        if organisation.municipality_id != event.municipality_id:
            errors.append(
                _("%(name)s is a partner of another municipality.") % {"name": organisation}
            )
        elif organisation.review != Review.APPROVED:
            errors.append(
                _("%(name)s has not been approved as a partner yet.") % {"name": organisation}
            )
        elif side is None:
            errors.append(
                _("%(name)s is a %(kind)s; only associations and companies take part.")
                % {"name": organisation, "kind": organisation.get_kind_display().lower()}
            )
        elif organisation.pk in already:
            errors.append(_("%(name)s already takes part.") % {"name": organisation})
        else:
            already.add(organisation.pk)
            new.append(Participant(event=event, organisation=organisation, side=side))
    if errors:
        raise ValidationError(errors)
    associations, companies = _side_counts(event)
    associations += sum(1 for p in new if p.side == Side.ASSOCIATION)
    companies += sum(1 for p in new if p.side == Side.COMPANY)
    problems = schedules.capacity_problems(
        event=event, associations=associations, companies=companies
    )
    if problems:
        raise ValidationError(problems)
    dropped = _drop_schedule(actor=actor, event=event)
    saved = [
        record_save(actor=actor, record=participant, municipality_id=event.municipality_id)
        for participant in new
    ]
    return saved, dropped


@transaction.atomic
def participant_update(*, actor: User, participant: Participant, contact_name: str) -> Participant:
    """Who comes for the participant: printed on the programme, so the schedule stays."""
    event = participant.event
    require_permission(actor, Permission.MANAGE_PARTNERS, municipality_id=event.municipality_id)
    return record_save(
        actor=actor,
        record=participant,
        values={"contact_name": contact_name},
        municipality_id=event.municipality_id,
    )


@transaction.atomic
def participant_save(
    *,
    actor: User,
    participant: Participant,
    contact_name: str,
    targets: Iterable[Participant],
) -> bool:
    """Who comes for the participant and whom they want to meet, together or not at all.
    Returns whether a stored schedule was removed."""
    participant_update(actor=actor, participant=participant, contact_name=contact_name)
    _count, dropped = wishes_set(actor=actor, participant=participant, targets=targets)
    return dropped


@transaction.atomic
def participant_remove(*, actor: User, participant: Participant) -> bool:
    """Take a participant out of the event, with the wishes to and from them. Returns
    whether a stored schedule was removed."""
    require_permission(
        actor, Permission.MANAGE_PARTNERS, municipality_id=participant.event.municipality_id
    )
    event = _lock(participant.event)
    _refuse_if_held(event)
    dropped = _drop_schedule(actor=actor, event=event)
    access_record(
        user=actor,
        action=AccessAction.DELETE,
        obj=participant,
        municipality_id=event.municipality_id,
    )
    participant.delete()
    return dropped


@transaction.atomic
def wishes_set(
    *, actor: User, participant: Participant, targets: Iterable[Participant]
) -> tuple[int, bool]:
    """Replace whom ``participant`` wants to meet. Every target must take part in the same
    event on the other side. Returns how many wishes the participant now has and whether a
    stored schedule was removed (only if the wishes changed)."""
    event = participant.event
    require_permission(actor, Permission.MANAGE_PARTNERS, municipality_id=event.municipality_id)
    event = _lock(event)
    _refuse_if_held(event)
    targets = list(targets)
    errors = []
    for target in targets:
        if target.pk == participant.pk:
            errors.append(_("A participant cannot wish to meet themselves."))
        elif target.event_id != event.pk:
            errors.append(_("%(name)s does not take part in this event.") % {"name": target})
        elif target.side == participant.side:
            errors.append(
                _(
                    "%(source)s and %(target)s are on the same side; wishes go between an "
                    "association and a company."
                )
                % {"source": participant, "target": target}
            )
    if errors:
        raise ValidationError(errors)
    wanted = {target.pk: target for target in targets}
    current = dict(participant.wishes_made.values_list("to_participant_id", "pk"))
    removed = [pk for target_id, pk in current.items() if target_id not in wanted]
    added = [target for pk, target in wanted.items() if pk not in current]
    if not removed and not added:
        return len(current), False
    dropped = _drop_schedule(actor=actor, event=event)
    for wish in Wish.objects.filter(pk__in=removed):
        access_record(
            user=actor, action=AccessAction.DELETE, obj=wish, municipality_id=event.municipality_id
        )
        wish.delete()
    for target in added:
        record_save(
            actor=actor,
            record=Wish(event=event, from_participant=participant, to_participant=target),
            municipality_id=event.municipality_id,
        )
    return len(wanted), dropped


@transaction.atomic
def schedule_make(*, actor: User, event: Event) -> Event:
    """Make the schedule that meets the most wishes, and store it in place of the old one.

    Everything happens in one transaction: if the scheduler refuses the event, or a meeting
    cannot be stored, the old schedule (if any) is still there and nothing new is."""
    require_permission(actor, Permission.MANAGE_PARTNERS, municipality_id=event.municipality_id)
    event = _lock(event)
    _refuse_if_held(event)
    meetings, statistics = schedules.build_schedule(event)
    event.meetings.all().delete()
    ScheduledMeeting.objects.bulk_create(meetings)
    return record_save(
        actor=actor,
        record=event,
        values={
            "status": EventStatus.SCHEDULED,
            "statistics": dataclasses.asdict(statistics),
            "scheduled_at": timezone.now(),
        },
    )


@transaction.atomic
def event_mark_held(*, actor: User, event: Event) -> Event:
    """The event took place as scheduled: from now on only follow-ups are recorded."""
    require_permission(actor, Permission.MANAGE_PARTNERS, municipality_id=event.municipality_id)
    event = _lock(event)
    if event.status != EventStatus.SCHEDULED:
        raise ValidationError(_("Only an event with a schedule can be marked as held."))
    if event.held_on > timezone.localdate():
        raise ValidationError(
            _("The event is on %(date)s; it can be marked as held from that day.")
            % {"date": date_format(event.held_on, "SHORT_DATE_FORMAT")}
        )
    return record_save(actor=actor, record=event, values={"status": EventStatus.HELD})


@transaction.atomic
def follow_up_record(*, actor: User, meeting: ScheduledMeeting, data: FollowUpData) -> FollowUp:
    """Who of a pair that met wants to continue, after the event."""
    event = meeting.event
    require_permission(actor, Permission.MANAGE_PARTNERS, municipality_id=event.municipality_id)
    event = _lock(event)
    if event.status != EventStatus.HELD:
        raise ValidationError(_("Follow-ups are recorded once the event has been held."))
    follow_up = FollowUp.objects.filter(
        event=event, association_id=meeting.association_id, company_id=meeting.company_id
    ).first() or FollowUp(
        event=event, association_id=meeting.association_id, company_id=meeting.company_id
    )
    follow_up.recorded_by = actor
    return record_save(
        actor=actor,
        record=follow_up,
        data=data,
        municipality_id=event.municipality_id,
    )
