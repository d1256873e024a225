"""Writes of cooperation agreements, status meetings and calendar addresses: check → do → log.

Every write runs in one transaction; a ValidationError leaves nothing saved (an agreement
whose parties are refused is not half-written).

Status meetings follow the agreement:
- activating a draft creates its whole schedule (``schedule.meeting_dates``);
- changing the frequency, the first meeting or the period of an active agreement reschedules
  the meetings not yet held from today on: a meeting already on a new date is kept with what
  was written in it, the others are replaced; meetings that have been held are never touched;
- ending an agreement removes the meetings not held after today.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from brobygger.accounts.access import (
    ROLE_PERMISSIONS,
    Permission,
    has_permission,
    require_permission,
)
from brobygger.accounts.models import MUNICIPAL_ROLES, User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.audit.writes import record_save, write_municipality_id
from brobygger.core.concurrency import version_claim
from brobygger.core.inputs import as_values
from brobygger.partners.models import Organisation, Review
from brobygger.partnerships.models import Municipality

from .models import (
    AGENDA,
    CALENDAR_TOKEN_VALID,
    Agreement,
    AgreementStatus,
    CalendarToken,
    Party,
    StatusMeeting,
    calendar_token_hash,
)
from .schedule import add_months, meeting_dates

MIN_PARTIES = 2
# A change of any of these reschedules the meetings of an active agreement.
SCHEDULE_FIELDS = ("meeting_every_months", "first_meeting_on", "starts_on", "ends_on")
CALENDAR_TOKEN_BYTES = 32


@dataclass(frozen=True, kw_only=True)
class AgreementData:
    """What ``agreement_save`` writes of an agreement: its own fields in seed 002's order
    (the parties come as ``PartyValues``)."""

    title: str
    municipality_is_party: bool = True
    municipality_resources: str = ""
    municipality_signatory_name: str = ""
    municipality_signatory_role: str = ""
    municipality_signed_on: date | None = None
    purpose: str = ""
    what: str = ""
    when: str = ""
    how_often: str = ""
    how_long: str = ""
    how: str = ""
    where: str = ""
    how_much: str = ""
    progress_responsible: str = ""
    is_csr: bool = False
    meeting_every_months: int = 3
    first_meeting_on: date | None = None
    meeting_place: str = ""
    challenges: str = ""
    too_few_volunteers: str = ""
    starts_on: date
    ends_on: date


@dataclass(frozen=True, kw_only=True)
class StatusMeetingData:
    """What ``status_meeting_save`` writes: the meeting's date and place, who took part, the
    minutes of each item of the fixed agenda (``AGENDA``), and whether it has been held."""

    date: date
    time: time | None = None
    place: str = ""
    participants: str = ""
    how_is_it_going: str = ""
    positive_development: str = ""
    challenges_and_solutions: str = ""
    next_goal: str = ""
    interest_and_capacity: str = ""
    engagement: str = ""
    held: bool = False


@dataclass(frozen=True)
class PartyValues:
    """One party as a form hands it over."""

    organisation: Organisation
    resources: str = ""
    signatory_name: str = ""
    signatory_role: str = ""
    signed_on: date | None = None
    gains: str = ""


def _check_parties(
    *, municipality_id: int, parties: Sequence[PartyValues], municipality_is_party: bool
) -> None:
    organisation_ids = [party.organisation.pk for party in parties]
    if len(set(organisation_ids)) != len(organisation_ids):
        raise ValidationError({"parties": _("A partner can be a party only once.")})
    if any(party.organisation.municipality_id != municipality_id for party in parties):
        raise ValidationError(
            {"parties": _("Every party must be a partner of the agreement's municipality.")}
        )
    if any(party.organisation.review != Review.APPROVED for party in parties):
        raise ValidationError({"parties": _("A partner waiting for review cannot be a party.")})
    if len(parties) + (1 if municipality_is_party else 0) < MIN_PARTIES:
        raise ValidationError({"parties": _("An agreement needs at least two parties.")})


def first_meeting(agreement: Agreement) -> date:
    """The first meeting's date: as chosen, else one interval after the start."""
    return agreement.first_meeting_on or add_months(
        agreement.starts_on, agreement.meeting_every_months
    )


def _meetings_schedule(agreement: Agreement, *, from_day: date | None) -> None:
    """Make the un-held meetings (from ``from_day`` on, or all) follow the schedule."""
    schedule = meeting_dates(
        first=first_meeting(agreement),
        every_months=agreement.meeting_every_months,
        until=agreement.ends_on,
    )
    movable = agreement.meetings.filter(held=False)
    if from_day is not None:
        schedule = [day for day in schedule if day >= from_day]
        movable = movable.filter(date__gte=from_day)
    movable.exclude(date__in=schedule).delete()
    taken = set(agreement.meetings.values_list("date", flat=True))
    StatusMeeting.objects.bulk_create(
        StatusMeeting(agreement=agreement, date=day, place=agreement.meeting_place)
        for day in schedule
        if day not in taken
    )


def _parties_sync(*, actor: User, agreement: Agreement, parties: Sequence[PartyValues]) -> None:
    existing = {party.organisation_id: party for party in agreement.parties.all()}
    wanted = {values.organisation.pk for values in parties}
    for party in existing.values():
        if party.organisation_id not in wanted:
            access_record(user=actor, action=AccessAction.DELETE, obj=party)
            party.delete()
    for position, given in enumerate(parties):
        values = {**as_values(given), "position": position}
        del values["organisation"]  # the row's partner, never changed
        known = existing.get(given.organisation.pk)
        if known is not None and all(getattr(known, k) == v for k, v in values.items()):
            continue
        record_save(
            actor=actor,
            record=known or Party(agreement=agreement, organisation=given.organisation),
            values=values,
            municipality_id=agreement.municipality_id,
        )


@transaction.atomic
def agreement_save(
    *,
    actor: User,
    data: AgreementData,
    parties: Sequence[PartyValues],
    municipality: Municipality | None = None,
    agreement: Agreement | None = None,
    version: int | None = None,
    today: date | None = None,
) -> Agreement:
    """Create an agreement in ``municipality``, or change one (it stays in its own), with its
    parties. An active agreement's meetings are rescheduled from ``today`` when its frequency
    or period changes.

    A change names the ``version`` it was made to; if someone has saved the agreement since,
    ``EditConflict`` is raised and nothing is saved. The stored row is then read again (the
    claim locked it): the object handed in may already carry the new values (a ModelForm
    writes them onto its instance), and what changed is decided against what is saved, not
    against that."""
    # Permission first: a conflict shows the stored agreement.
    municipality_id = write_municipality_id(
        actor=actor, permission=Permission.MANAGE_PARTNERS, record=agreement, chosen=municipality
    )
    if agreement is not None:
        version_claim(agreement, version=version)
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement is not None and agreement.status == AgreementStatus.ENDED:
        raise ValidationError(_("An agreement that has ended cannot be changed."))
    _check_parties(
        municipality_id=municipality_id,
        parties=parties,
        municipality_is_party=data.municipality_is_party,
    )
    before = {name: getattr(agreement, name) for name in SCHEDULE_FIELDS} if agreement else {}
    old_place = agreement.meeting_place if agreement else ""
    record = agreement or Agreement(municipality_id=municipality_id, created_by=actor)
    saved = record_save(actor=actor, record=record, data=data)
    _parties_sync(actor=actor, agreement=saved, parties=parties)
    if saved.status == AgreementStatus.ACTIVE:
        today = today or timezone.localdate()
        if saved.meeting_place != old_place:
            saved.meetings.filter(held=False, date__gte=today, place=old_place).update(
                place=saved.meeting_place
            )
        if any(before[name] != getattr(saved, name) for name in SCHEDULE_FIELDS):
            _meetings_schedule(saved, from_day=today)
    return saved


@transaction.atomic
def agreement_activate(*, actor: User, agreement: Agreement) -> Agreement:
    """The parties have signed: the agreement applies, and its status meetings are planned.

    The row is locked first: two people activating at once plan the meetings once."""
    require_permission(actor, Permission.MANAGE_PARTNERS, municipality_id=agreement.municipality_id)
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if locked.status != AgreementStatus.DRAFT:
        raise ValidationError(_("Only a draft can be activated."))
    _check_parties(
        municipality_id=locked.municipality_id,
        parties=[
            PartyValues(organisation=party.organisation)
            for party in locked.parties.select_related("organisation")
        ],
        municipality_is_party=locked.municipality_is_party,
    )
    record_save(actor=actor, record=locked, values={"status": AgreementStatus.ACTIVE})
    _meetings_schedule(locked, from_day=None)
    agreement.status = locked.status
    return locked


@transaction.atomic
def agreement_end(*, actor: User, agreement: Agreement, today: date | None = None) -> Agreement:
    """The cooperation has ended: the meetings not held after today are removed."""
    require_permission(actor, Permission.MANAGE_PARTNERS, municipality_id=agreement.municipality_id)
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if locked.status != AgreementStatus.ACTIVE:
        raise ValidationError(_("Only an active agreement can be ended."))
    today = today or timezone.localdate()
    record_save(actor=actor, record=locked, values={"status": AgreementStatus.ENDED})
    locked.meetings.filter(held=False, date__gt=today).delete()
    agreement.status = locked.status
    return locked


@transaction.atomic
def status_meeting_save(
    *, actor: User, meeting: StatusMeeting, data: StatusMeetingData, today: date | None = None
) -> StatusMeeting:
    """The meeting's date, place, participants and minutes; "held" once it has taken place."""
    agreement = meeting.agreement
    require_permission(actor, Permission.MANAGE_PARTNERS, municipality_id=agreement.municipality_id)
    today = today or timezone.localdate()
    if data.held and data.date > today:
        raise ValidationError({"held": _("A meeting in the future cannot be marked as held.")})
    if agreement.meetings.filter(date=data.date).exclude(pk=meeting.pk).exists():
        raise ValidationError({"date": _("The agreement already has a status meeting that day.")})
    return record_save(actor=actor, record=meeting, data=data)


@transaction.atomic
def status_meeting_cancel(*, actor: User, meeting: StatusMeeting) -> None:
    """A meeting that will not take place; one that has been held is kept."""
    agreement = meeting.agreement
    require_permission(actor, Permission.MANAGE_PARTNERS, municipality_id=agreement.municipality_id)
    if meeting.held:
        raise ValidationError(_("A meeting that has been held cannot be cancelled."))
    access_record(user=actor, action=AccessAction.DELETE, obj=meeting)
    meeting.delete()


@transaction.atomic
def calendar_token_create(*, actor: User) -> tuple[CalendarToken, str]:
    """A new secret calendar address for ``actor``, valid for ``CALENDAR_TOKEN_VALID``; an
    older one stops working. Returns the record and the secret: only the secret's hash is
    stored, so this is the one time it can be shown."""
    CalendarToken.objects.filter(user=actor).delete()
    secret = secrets.token_urlsafe(CALENDAR_TOKEN_BYTES)
    token = CalendarToken(
        user=actor,
        token_hash=calendar_token_hash(secret),
        expires_at=timezone.now() + CALENDAR_TOKEN_VALID,
    )
    token.full_clean()
    token.save()
    access_record(user=actor, action=AccessAction.CREATE, obj=token)
    return token, secret


def calendar_token_touch(token: CalendarToken) -> None:
    """Remember when a calendar last fetched the feed (at most one write an hour)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(hours=1):
        CalendarToken.objects.filter(pk=token.pk).update(last_used_at=now)


# Reminders by e-mail -------------------------------------------------------------------------

MANAGING_ROLES = sorted(
    role for role in MUNICIPAL_ROLES if Permission.MANAGE_PARTNERS in ROLE_PERMISSIONS[role]
)


def reminder_recipients(agreement: Agreement) -> list[str]:
    """Who is reminded of an agreement's meetings: the staff member who wrote the agreement,
    while she is active and may still manage partners in its municipality; otherwise every
    active municipal staff member who may (caseworkers, the lead, volunteer coordinators).
    The partnership's coordinator is not e-mailed: she sees the meetings on her start page."""
    creator = agreement.created_by
    if (
        creator is not None
        and creator.is_active
        and creator.email
        and has_permission(
            creator, Permission.MANAGE_PARTNERS, municipality_id=agreement.municipality_id
        )
    ):
        return [creator.email]
    return sorted(
        set(
            User.objects.filter(
                is_active=True,
                memberships__municipality_id=agreement.municipality_id,
                memberships__role__in=MANAGING_ROLES,
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


@dataclass(frozen=True)
class ReminderResult:
    sent: int
    without_recipient: int


def status_meeting_reminders_send(
    *, today: date, within_days: int = 7, base_url: str = ""
) -> ReminderResult:
    """E-mail a reminder of each meeting not yet held in the next ``within_days`` days of an
    active agreement, once per meeting (``reminded_on``). A run that fails to send leaves the
    meeting unmarked for the next run; two runs at once send one e-mail (the mark is taken
    with a conditional UPDATE before sending, in the same transaction)."""
    meetings = (
        StatusMeeting.objects.filter(
            held=False,
            reminded_on__isnull=True,
            agreement__status=AgreementStatus.ACTIVE,
            date__gte=today,
            date__lte=today + timedelta(days=within_days),
        )
        .select_related("agreement", "agreement__created_by", "agreement__municipality")
        .order_by("date", "pk")
    )
    sent = without_recipient = 0
    for meeting in meetings:
        recipients = reminder_recipients(meeting.agreement)
        if not recipients:
            without_recipient += 1
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Status meeting %(date)s: %(title)s") % {
                "date": meeting.date.strftime("%d.%m.%Y"),
                "title": meeting.agreement.title,
            }
            body = render_to_string(
                "agreements/reminder_email.txt",
                {
                    "meeting": meeting,
                    "agenda": [question for _name, question in AGENDA],
                    "base_url": base_url.rstrip("/"),
                },
            )
        with transaction.atomic():
            claimed = StatusMeeting.objects.filter(pk=meeting.pk, reminded_on__isnull=True).update(
                reminded_on=today
            )
            if not claimed:
                continue
            send_mail(subject.replace("\n", " "), body, None, recipients)
        sent += 1
    return ReminderResult(sent=sent, without_recipient=without_recipient)
