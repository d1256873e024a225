"""Writes of sessions, invitations, replies, reminders and attendance: check → do → log.

Attendance goes through the services of the apps below: ``interventions.services`` creates or
completes her enrolment of the session's intervention type, ``people.contacts`` records her
contact (channel "meeting", outcome "reached"). Undoing attendance takes back exactly what it
made, if nothing else has changed it since.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, has_permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_bulk_record, access_record
from brobygger.audit.writes import record_save
from brobygger.core.concurrency import EditConflict, version_claim
from brobygger.core.inputs import from_object
from brobygger.interventions import selectors as intervention_selectors
from brobygger.interventions.models import Completion, Enrolment, InterventionType
from brobygger.interventions.services import EnrolmentData, enrolment_remove, enrolment_save
from brobygger.languages.models import Language
from brobygger.languages.selectors import language_or_danish
from brobygger.messaging.models import MessageTemplate
from brobygger.messaging.services import Refusal, messages_send
from brobygger.partners.models import Organisation
from brobygger.partnerships.models import Municipality
from brobygger.people.contacts import contact_attempt_record, contact_attempt_remove
from brobygger.people.models import ContactChannel, ContactOutcome, Person

from .models import Attendance, Channel, Invitation, InvitationWording, Reminder, Reply, Session
from .replies import reply_interpret
from .selectors import wording_for

# The channels this installation invites by. A letter is printed from the session's page
# (``letters_pdf``). Text messages join this tuple when the messaging app is merged: their
# sending is one call in ``invitations_create`` (and in ``reminders_record``), marked there.
CHANNELS_AVAILABLE: tuple[str, ...] = (Channel.LETTER, Channel.SMS)


@dataclass(frozen=True)
class SessionData:
    kind: str
    title: str
    date: date
    starts_at: time
    ends_at: time
    place: str
    address: str
    languages: list[Language]
    interpreter: bool
    interpreter_language: Language | None
    capacity: int | None
    host: Organisation | None
    intervention_type: InterventionType | None
    notes: str


def _check_session(data: SessionData, municipality_id: int) -> None:
    errors: dict[str, str] = {}
    if data.host is not None and data.host.municipality_id != municipality_id:
        errors["host"] = _("The host must be a partner of the session's municipality.")
    if data.interpreter_language is not None and not data.interpreter:
        errors["interpreter_language"] = _("Tick that an interpreter is present, or leave it out.")
    if data.starts_at and data.ends_at and data.ends_at <= data.starts_at:
        errors["ends_at"] = _("The session must end after it starts.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def session_save(
    *,
    actor: User,
    data: SessionData,
    municipality: Municipality | None = None,
    session: Session | None = None,
    version: int | None = None,
) -> Session:
    """A new session in ``municipality``, or a change of ``session`` made to ``version``."""
    if session is None:
        if municipality is None:
            raise ValidationError({"municipality": _("Choose the municipality.")})
        require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=municipality.pk)
        session = Session(municipality=municipality, created_by=actor)
    else:
        require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=session.municipality_id)
        if session.is_cancelled:
            raise ValidationError(_("A cancelled session cannot be changed."))
        version_claim(session, version=version)
        session = Session.objects.select_for_update().get(pk=session.pk)
    _check_session(data, session.municipality_id)
    return record_save(actor=actor, record=session, data=data)


@transaction.atomic
def session_cancel(*, actor: User, session: Session) -> Session:
    """The session will not take place; it stays in the list, marked, with its invitations."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=session.municipality_id)
    if session.is_cancelled:
        raise ValidationError(_("The session is already cancelled."))
    if session.date < timezone.localdate():
        raise ValidationError(_("A session that has taken place cannot be cancelled."))
    session.cancelled_at = timezone.now()
    session.save(update_fields=["cancelled_at", "updated_at"])
    access_record(user=actor, action=AccessAction.CHANGE, obj=session)
    return session


def sms_merge_fields(session: Session) -> dict[str, str]:
    """The session's details as a text message's meeting fields (messaging's templates)."""
    place = ", ".join(part for part in (session.place, session.address) if part)
    return {
        "meeting_date": f"{session.date:%d.%m.%Y}",
        "meeting_time": f"{session.starts_at:%H:%M}",
        "meeting_place": place,
    }


def invitation_merge_fields(session: Session, *, name: str = "") -> dict[str, str]:
    """The session's details as the merge fields of an invitation text (letters now, text
    messages when the messaging app is merged): {name}, {title}, {date}, {start}, {end},
    {place}, {address}."""
    return {
        "name": name,
        "title": session.title,
        "date": f"{session.date:%d.%m.%Y}",
        "start": f"{session.starts_at:%H:%M}",
        "end": f"{session.ends_at:%H:%M}",
        "place": session.place,
        "address": session.address,
    }


@dataclass(frozen=True)
class InvitationsResult:
    created: list[Invitation]
    already_invited: list[Person]
    # How many more are invited than the session has room for (0: within its capacity).
    over_capacity: int
    # By text message: those who could not be texted, and why (they are not invited).
    not_texted: list[Refusal] = field(default_factory=list)


def _open_for_invitations(session: Session) -> None:
    if session.is_cancelled:
        raise ValidationError(_("The session is cancelled."))
    if session.date < timezone.localdate():
        raise ValidationError(_("The session has taken place; nobody more can be invited."))


@transaction.atomic
def invitations_create(
    *,
    actor: User,
    session: Session,
    people: Iterable[Person],
    channel: str,
    template: MessageTemplate | None = None,
) -> InvitationsResult:
    """Invite each person once (a second invitation of the same person is skipped and told),
    in her preferred language or Danish. More invitations than the session has room for are
    allowed and told (``over_capacity``): not everyone invited comes.

    By text message, ``template`` is sent to each in her language with the session's date, time
    and place; she is invited only if the message could be queued (``not_texted`` says why
    not: no consent, no mobile number, too long)."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=session.municipality_id)
    if channel not in CHANNELS_AVAILABLE:
        raise ValidationError({"channel": _("Invitations cannot be sent by this channel.")})
    # One invitation round at a time per session: the count against capacity holds.
    session = Session.objects.select_for_update().get(pk=session.pk)
    _open_for_invitations(session)
    people = list({person.pk: person for person in people}.values())
    strangers = [p for p in people if p.municipality_id != session.municipality_id]
    if strangers:
        raise ValidationError(_("Only people of the session's municipality can be invited."))
    invited = set(session.invitations.values_list("person_id", flat=True))
    new = [p for p in people if p.pk not in invited]
    not_texted: list[Refusal] = []
    if channel == Channel.SMS:
        if template is None:
            raise ValidationError({"template": _("Choose the text message to send.")})
        sent = messages_send(
            actor=actor, people=new, template=template, context=sms_merge_fields(session)
        )
        not_texted = sent.refused
        texted = {message.person_id for message in sent.queued}
        new = [p for p in new if p.pk in texted]
    created = Invitation.objects.bulk_create(
        Invitation(
            session=session,
            person=person,
            channel=channel,
            language=language_or_danish(
                person.preferred_language.code if person.preferred_language_id else None  # type: ignore[union-attr]
            ),
            invited_by=actor,
        )
        for person in new
    )
    if created:
        access_bulk_record(
            user=actor,
            action=AccessAction.CREATE,
            rows=[p.municipality_id for p in new],
            obj=session,
            purpose=str(_("Invitation to a session")),
        )
    total = len(invited) + len(created)
    over = max(0, total - session.capacity) if session.capacity is not None else 0
    return InvitationsResult(
        created=created,
        already_invited=[p for p in people if p.pk in invited],
        over_capacity=over,
        not_texted=not_texted,
    )


@transaction.atomic
def invitation_reply_record(
    *, invitation: Invitation, reply: str, actor: User | None = None, text: str = ""
) -> Invitation:
    """Her answer: yes, no or maybe ("" takes a recorded answer back). Staff record it by hand
    (``actor``); the text-message webhook records it without a user (``actor=None``), once it
    has matched the sender to her, with her own words in ``text``."""
    if actor is not None:
        require_permission(
            actor, Permission.CHANGE_PEOPLE, municipality_id=invitation.person.municipality_id
        )
    if reply and reply not in Reply.values:
        raise ValidationError({"reply": _("Answer yes, no or maybe.")})
    if invitation.session.is_cancelled:
        raise ValidationError(_("The session is cancelled."))
    invitation.reply = reply
    invitation.replied_at = timezone.now() if reply else None
    invitation.reply_text = text[:500]
    invitation.save(update_fields=["reply", "replied_at", "reply_text", "updated_at"])
    if reply != Reply.YES:
        # No reminder for someone who is not coming (one already printed or sent stays).
        Reminder.objects.filter(invitation=invitation, done_at__isnull=True).delete()
    access_record(user=actor, action=AccessAction.CHANGE, obj=invitation)
    return invitation


def invitation_reply_from_text(*, person: Person, text: str) -> Invitation | None:
    """For the text-message webhook: her reply read as yes, no or maybe (in her invitation's
    language or Danish) and recorded on her invitation to the next session that has not taken
    place. ``None`` (nothing recorded) when she has no such invitation or the words are not
    understood; the message then stays for staff to read."""
    invitation = (
        Invitation.objects.filter(
            person=person,
            session__cancelled_at__isnull=True,
            session__date__gte=timezone.localdate(),
        )
        .select_related("session", "language", "person")
        .order_by("session__date", "session__starts_at", "pk")
        .first()
    )
    if invitation is None:
        return None
    reply = reply_interpret(text, invitation.language)
    if reply is None:
        return None
    return invitation_reply_record(invitation=invitation, reply=reply, text=text)


def invitation_reply_from_message(
    sender: Any, *, reply: Any, person: Person, **kwargs: Any
) -> bool:
    """The receiver of messaging's ``reply_received``: True when the text answered her
    invitation (the reply is then handled)."""
    return invitation_reply_from_text(person=person, text=reply.body) is not None


@transaction.atomic
def reminders_record(*, today: date) -> int:
    """A reminder for each accepted invitation to a session tomorrow, once. Letter reminders
    are listed on the session's page to print (or to phone about); returns how many were new.
    Runs without a user (the daily task)."""
    tomorrow = today + timedelta(days=1)
    due = list(
        Invitation.objects.filter(
            reply=Reply.YES,
            session__date=tomorrow,
            session__cancelled_at__isnull=True,
            reminder__isnull=True,
        )
    )
    created = Reminder.objects.bulk_create(
        [Reminder(invitation=i, channel=i.channel, due_on=today) for i in due],
        ignore_conflicts=True,
    )
    _text_reminders_send(
        Reminder.objects.filter(
            due_on=today,
            channel=Channel.SMS,
            done_at__isnull=True,
            invitation__in=[i.pk for i in due],
        ).select_related(
            "invitation__person",
            "invitation__session",
            "invitation__language",
            "invitation__invited_by",
        )
    )
    return len(created)


def _text_reminders_send(reminders: Iterable[Reminder]) -> None:
    """Text the reminders of invitations sent by text message, in her language, from the
    colleague who invited her (the daily task has no user of its own). One that cannot be sent
    (she withdrew her consent, the colleague no longer may) stays undone on the session's
    page, for staff to phone about."""
    now = timezone.now()
    for reminder in reminders:
        invitation = reminder.invitation
        actor, session = invitation.invited_by, invitation.session
        if actor is None or not has_permission(
            actor, Permission.CHANGE_PEOPLE, municipality_id=session.municipality_id
        ):
            continue
        heading = wording_for(invitation.language).row.reminder_heading
        body = f"{heading}: {session.title}, {session.date:%d.%m.%Y} {session.starts_at:%H:%M}"
        place = ", ".join(part for part in (session.place, session.address) if part)
        try:
            sent = messages_send(
                actor=actor,
                people=[invitation.person],
                body=f"{body}, {place}" if place else body,
            )
        except ValidationError:  # a title the message cannot carry (a brace, too long)
            continue
        if sent.queued:
            reminder.done_at = now
            reminder.save(update_fields=["done_at"])


@transaction.atomic
def letters_printed(
    *, actor: User, session: Session, invitations: list[Invitation], reminders: bool = False
) -> None:
    """The letters (or reminder letters) of ``invitations`` have been printed: mark them."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=session.municipality_id)
    now = timezone.now()
    ids = [i.pk for i in invitations]
    if reminders:
        Reminder.objects.filter(invitation_id__in=ids, done_at__isnull=True).update(done_at=now)
    else:
        Invitation.objects.filter(pk__in=ids, letter_printed_at__isnull=True).update(
            letter_printed_at=now
        )
    access_bulk_record(
        user=actor,
        action=AccessAction.EXPORT,
        rows=[i.person.municipality_id for i in invitations],
        obj=session,
        purpose=str(_("Invitation letters")),
    )


def _session_start(session: Session) -> datetime:
    start = timezone.make_aware(
        datetime.combine(session.date, session.starts_at), timezone.get_default_timezone()
    )
    return min(start, timezone.now())


def _ongoing_enrolment(actor: User, person: Person, session: Session) -> Enrolment | None:
    enrolments: QuerySet[Enrolment] = intervention_selectors.person_enrolments(
        user=actor, person=person
    )
    return (
        enrolments.filter(
            intervention_type=session.intervention_type,
            completion=Completion.ONGOING,
            started_on__lte=session.date,
        )
        .order_by("-started_on", "-pk")
        .first()
    )


def _enrolment_for(actor: User, person: Person, session: Session) -> tuple[Enrolment, bool]:
    """Complete her ongoing enrolment of the session's type, or create one for the day."""
    ongoing = _ongoing_enrolment(actor, person, session)
    if ongoing is not None:
        done = from_object(
            EnrolmentData, ongoing, completion=Completion.COMPLETED, ended_on=session.date
        )
        saved = enrolment_save(
            actor=actor, person=person, data=done, enrolment=ongoing, version=ongoing.version
        )
        return saved, False
    if session.intervention_type is None:
        raise ValueError("a session without an intervention type records no enrolment")
    data = EnrolmentData(
        intervention_type=session.intervention_type,
        provider=session.host,
        started_on=session.date,
        ended_on=session.date,
        completion=Completion.COMPLETED,
        result=_("Attended %(session)s") % {"session": session.title},
    )
    return enrolment_save(actor=actor, person=person, data=data), True


@transaction.atomic
def attendance_record(*, actor: User, session: Session, person: Person) -> Attendance:
    """She came: her enrolment of the session's intervention type (created, or her ongoing one
    completed) and her contact (meeting, reached) are recorded with it. Recording it twice
    changes nothing."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=session.municipality_id)
    if person.municipality_id != session.municipality_id:
        raise ValidationError(_("Only people of the session's municipality can attend."))
    if session.is_cancelled:
        raise ValidationError(_("The session is cancelled."))
    if session.date > timezone.localdate():
        raise ValidationError(_("The session has not taken place yet."))
    session = Session.objects.select_for_update().get(pk=session.pk)
    existing = Attendance.objects.filter(session=session, person=person).first()
    if existing is not None:
        return existing
    attendance = Attendance(session=session, person=person, recorded_by=actor)
    if session.intervention_type_id is not None:
        enrolment, created = _enrolment_for(actor, person, session)
        attendance.enrolment = enrolment
        attendance.enrolment_created = created
        attendance.enrolment_version = enrolment.version
    attendance.contact_attempt = contact_attempt_record(
        actor=actor,
        person=person,
        channel=ContactChannel.MEETING,
        outcome=ContactOutcome.REACHED,
        occurred_at=_session_start(session),
        note=str(session),
    )
    attendance.save()
    access_record(user=actor, action=AccessAction.CREATE, obj=attendance)
    return attendance


@transaction.atomic
def attendance_undo(*, actor: User, attendance: Attendance) -> None:
    """A wrong tap at the door: take away the attendance and what it created. Only who
    recorded it undoes it, and only while her enrolment is as the attendance left it;
    otherwise nothing changes and the reason is raised (ValidationError)."""
    person = attendance.person
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    if attendance.recorded_by_id != actor.pk:
        raise ValidationError(_("Only the colleague who recorded her attendance can undo it."))
    enrolment = attendance.enrolment
    try:
        if enrolment is not None and attendance.enrolment_version is not None:
            if attendance.enrolment_created:
                enrolment_remove(
                    actor=actor, enrolment=enrolment, version=attendance.enrolment_version
                )
            else:
                enrolment_save(
                    actor=actor,
                    person=person,
                    data=from_object(
                        EnrolmentData, enrolment, completion=Completion.ONGOING, ended_on=None
                    ),
                    enrolment=enrolment,
                    version=attendance.enrolment_version,
                )
    except EditConflict:
        raise ValidationError(
            _("Her enrolment has been changed since; correct it on her page instead.")
        ) from None
    if attendance.contact_attempt is not None:
        contact_attempt_remove(actor=actor, attempt=attendance.contact_attempt)
    access_record(user=actor, action=AccessAction.DELETE, obj=attendance)
    attendance.delete()


def attendance_toggle(*, actor: User, session: Session, person: Person) -> Attendance | None:
    """One tap at the door: record her attendance, or undo it. Returns the attendance, or
    ``None`` when it was undone."""
    existing = Attendance.objects.filter(session=session, person=person).first()
    if existing is None:
        return attendance_record(actor=actor, session=session, person=person)
    attendance_undo(actor=actor, attendance=existing)
    return None


MERGE_FIELDS = ("name", "title", "date", "start", "end", "place", "address")


@dataclass(frozen=True)
class WordingData:
    heading: str
    body: str
    reminder_heading: str
    yes_words: list[str]
    no_words: list[str]
    maybe_words: list[str]
    checked_by_translator: bool


@transaction.atomic
def wording_save(*, actor: User, language: Language, data: WordingData) -> InvitationWording:
    """A language's invitation text and reply words, new or changed (administrators). The text
    may use only the known merge fields; a word may mean only one answer."""
    require_permission(actor, Permission.MANAGE_CONFIGURATION)
    errors: dict[str, str] = {}
    unknown = sorted(set(re.findall(r"\{(\w+)\}", data.body)) - set(MERGE_FIELDS))
    if unknown:
        errors["body"] = _("Unknown merge fields: %(fields)s") % {
            "fields": ", ".join(f"{{{name}}}" for name in unknown)
        }
    lists = {"yes_words": data.yes_words, "no_words": data.no_words}
    lists["maybe_words"] = data.maybe_words
    seen: dict[str, str] = {}
    for name, words in lists.items():
        for word in words:
            key = word.casefold()
            if key in seen and seen[key] != name:
                errors[name] = _("“%(word)s” cannot mean two answers.") % {"word": word}
            seen[key] = name
    if not data.yes_words:
        errors["yes_words"] = _("Give at least one word for yes.")
    if not data.no_words:
        errors["no_words"] = _("Give at least one word for no.")
    if errors:
        raise ValidationError(errors)
    wording = InvitationWording.objects.filter(language=language).first()
    return record_save(
        actor=actor, record=wording or InvitationWording(language=language), data=data
    )
