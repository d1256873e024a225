"""Writes of a person's contact with the job centre: her own sign-up through a campaign link,
each try to reach her (and its correction by its author), the invitation letters, and her
visits to a place of local presence.

A contact moves her forward in the pipeline: a first attempt makes her "contact attempted",
getting through makes her "contacted"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_bulk_record, access_record
from brobygger.core.concurrency import version_bump
from brobygger.core.pdf import render_pdf
from brobygger.languages.models import DANISH, Language
from brobygger.outreach.models import LetterTemplate, OutreachActivity, OutreachLocation
from brobygger.outreach.selectors import letter_in_language, letter_versions

from .display import CONTACT_ATTEMPT
from .models import (
    REACHED_OUTCOMES,
    ConsentMethod,
    ContactAttempt,
    ContactChannel,
    ContactOutcome,
    DropInVisit,
    Person,
    PipelineStatus,
    StatusEvent,
)
from .selectors import person_lock
from .services import (
    Consent,
    NewPerson,
    Origin,
    person_build,
    person_create,
    person_status_advance,
    person_status_set,
)
from .signals import person_signed_up


@transaction.atomic
def contact_attempt_record(
    *,
    actor: User,
    person: Person,
    channel: str,
    outcome: str,
    occurred_at: datetime | None = None,
    note: str = "",
    follow_up_on: date | None = None,
    next_action: str = "",
) -> ContactAttempt:
    """Log one attempt to reach a person and move her forward in the pipeline: a first
    attempt makes her "contact attempted", getting through makes her "contacted".

    ``follow_up_on`` (and ``next_action``) set her next follow-up in the same step ("ring igen
    tirsdag"), so that it lands on the caseworker's work list."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    if follow_up_on is not None and follow_up_on < timezone.localdate():
        raise ValidationError({"follow_up_on": _("The next follow-up cannot be in the past.")})
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
    if follow_up_on is not None:
        # The edit form shows the follow-up: a form opened before this conflicts.
        version_bump(locked)
        locked.follow_up_on = follow_up_on
        locked.next_action = next_action[:200]
        locked.save(update_fields=["follow_up_on", "next_action", "version", "updated_at"])
        person.follow_up_on, person.next_action = locked.follow_up_on, locked.next_action
    person.status = locked.status
    access_record(user=actor, action=AccessAction.CREATE, obj=attempt)
    return attempt


def _own_attempt(actor: User, attempt: ContactAttempt) -> Person:
    """The attempt's person, locked, when the actor logged the attempt: only its author
    corrects or removes it (anyone else logs a new one)."""
    person = attempt.person
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    if attempt.made_by_id != actor.pk:
        raise PermissionDenied
    return person_lock(user=actor, person=person)


def _attempt_words(attempt: ContactAttempt) -> str:
    when = formats.date_format(timezone.localtime(attempt.occurred_at), "SHORT_DATETIME_FORMAT")
    words = f"{when} {attempt.get_channel_display()}: {attempt.get_outcome_display()}"
    return f"{words} ({attempt.note})" if attempt.note else words


def _history(actor: User, person: Person, before: str, after: str) -> None:
    """The correction in her change history (with the person's own entries, so erasure takes
    it away with hers)."""
    LogEntry.objects.log_create(
        person,
        action=LogEntry.Action.UPDATE,
        changes={CONTACT_ATTEMPT: [before, after]},
        actor=actor,
    )


@transaction.atomic
def contact_attempt_correct(
    *, actor: User, attempt: ContactAttempt, channel: str, outcome: str, note: str
) -> ContactAttempt:
    """Correct a wrongly clicked attempt (channel, outcome, note) by its author; the status it
    moved is worked out again from her attempts."""
    locked = _own_attempt(actor, attempt)
    before = _attempt_words(attempt)
    attempt.channel, attempt.outcome, attempt.note = channel, outcome, note
    attempt.full_clean()
    attempt.save(update_fields=["channel", "outcome", "note", "updated_at"])
    _history(actor, locked, before, _attempt_words(attempt))
    _status_from_attempts(actor, locked)
    access_record(user=actor, action=AccessAction.CHANGE, obj=attempt)
    return attempt


@transaction.atomic
def contact_attempt_remove(*, actor: User, attempt: ContactAttempt) -> None:
    """Remove a wrongly clicked attempt, by its author; the status it moved is worked out again."""
    locked = _own_attempt(actor, attempt)
    access_record(user=actor, action=AccessAction.DELETE, obj=attempt)
    _history(actor, locked, _attempt_words(attempt), str(_("removed")))
    attempt.delete()
    _status_from_attempts(actor, locked)


# The statuses that contact attempts set by themselves (``contact_attempt_record``).
_ATTEMPT_STATUSES = (PipelineStatus.CONTACT_ATTEMPTED, PipelineStatus.CONTACTED)


def _status_from_attempts(actor: User, person: Person) -> None:
    """After a correction or removal: where attempts alone put her, put her again. A status
    reached by other means (a first conversation, an intervention, an outcome) stands; so does
    one set by hand above what the attempts give."""
    if person.status not in _ATTEMPT_STATUSES:
        return
    outcomes = set(person.contact_attempts.values_list("outcome", flat=True))
    if outcomes & REACHED_OUTCOMES:
        wanted: str = PipelineStatus.CONTACTED
    elif outcomes:
        wanted = PipelineStatus.CONTACT_ATTEMPTED
    else:
        wanted = _status_before_attempts(person)
    if wanted != person.status:
        person_status_set(
            actor=actor,
            person=person,
            to_status=wanted,
            note=_("Corrected: a contact attempt was corrected or removed."),
        )


def _status_before_attempts(person: Person) -> str:
    """The status she had before contact attempts moved her (normally "identified")."""
    event = (
        StatusEvent.objects.filter(person=person, to_status__in=_ATTEMPT_STATUSES)
        .order_by("occurred_on", "recorded_at", "id")
        .first()
    )
    return event.from_status if event and event.from_status else PipelineStatus.IDENTIFIED


_MERGE_FIELD = re.compile(r"\{(\w+)\}")


def letter_text(template: LetterTemplate, *, person: Person, sender: User, day: date) -> str:
    """The body with its merge fields filled in; an unknown field is left as written."""
    address = ", ".join(
        part
        for part in (
            " ".join(p for p in (person.street, person.floor_door) if p),
            " ".join(p for p in (person.postal_code, person.city) if p),
        )
        if part
    )
    values = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "full_name": str(person),
        "address": address,
        "municipality": person.municipality.official_name,
        "caseworker": sender.get_full_name() or sender.username,
        "date": day.strftime("%d.%m.%Y"),
    }
    return _MERGE_FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), template.body)


@dataclass(frozen=True)
class Letter:
    """One person's letter: her language's version first (when it is not Danish), then the
    Danish one; ``fallback`` when her language has no version and she gets Danish only."""

    person: Person
    parts: list[tuple[LetterTemplate, str]]
    fallback: bool


def letter_for(
    template: LetterTemplate,
    *,
    person: Person,
    sender: User,
    day: date,
    versions: dict[str, LetterTemplate] | None = None,
) -> Letter:
    """The letter ``template`` for ``person`` in her preferred language and Danish."""
    language = person.preferred_language
    versions = letter_versions(template) if versions is None else versions
    own = letter_in_language(template, language, versions)
    danish = letter_in_language(template, None, versions)
    parts = [own] if own.pk == danish.pk else [own, danish]
    wanted = language.code if language is not None else DANISH
    return Letter(
        person=person,
        parts=[(part, letter_text(part, person=person, sender=sender, day=day)) for part in parts],
        fallback=own.language.code != wanted,
    )


@transaction.atomic
def invitation_letters(
    *, actor: User, template: LetterTemplate, people: list[Person]
) -> InvitationLetters:
    """One PDF with a letter per person, each in her preferred language and in Danish
    (Danish only where her language has no version); each letter is recorded as a contact
    attempt, with the languages it was written in.

    The PDF is made first: if it fails, no attempt is recorded."""
    for person in people:
        require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    today = timezone.localdate()
    versions = letter_versions(template)
    letters = [
        letter_for(template, person=person, sender=actor, day=today, versions=versions)
        for person in people
    ]
    content = render_pdf("people/letter.html", {"letters": letters, "today": today})
    for letter in letters:
        codes = "+".join(part.language.code for part, _text in letter.parts)
        contact_attempt_record(
            actor=actor,
            person=letter.person,
            channel=ContactChannel.LETTER,
            outcome=ContactOutcome.SENT,
            note=f"{template.name} ({codes})",
        )
    access_bulk_record(
        user=actor,
        action=AccessAction.EXPORT,
        rows=(person.municipality_id for person in people),
        purpose="contact:letters",
        search_criterion=template.name[:500],
    )
    return InvitationLetters(
        pdf=content, in_danish_only=sum(1 for letter in letters if letter.fallback)
    )


@dataclass(frozen=True)
class InvitationLetters:
    """The letters' PDF, and how many people got Danish only because their language has no
    version of the letter (the caseworker is told)."""

    pdf: bytes
    in_danish_only: int


@transaction.atomic
def drop_in_record(
    *,
    actor: User,
    location: OutreachLocation,
    occurred_on: date,
    person: Person | None = None,
    anonymous_count: int = 0,
    topic: str = "",
) -> DropInVisit:
    """A visit at a location. A known person's visit is also a contact: it is logged as a
    drop-in attempt that reached her, which moves her forward in the pipeline."""
    require_permission(actor, Permission.MANAGE_OUTREACH, municipality_id=location.municipality_id)
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
    if person is not None and person.municipality_id != location.municipality_id:
        raise ValidationError({"person": _("The person belongs to another municipality.")})
    visit = DropInVisit(
        location=location,
        occurred_on=occurred_on,
        person=person,
        anonymous_count=0 if person else anonymous_count,
        topic=topic,
        recorded_by=actor,
    )
    try:
        visit.full_clean()
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise ValidationError(
                {"anonymous_count": _("Give the number of visitors, or the person.")}
            ) from None
        raise
    visit.save()
    if person is not None:
        contact_attempt_record(
            actor=actor,
            person=person,
            channel=ContactChannel.DROP_IN,
            outcome=ContactOutcome.REACHED,
            note=f"{location}: {topic}".rstrip(": "),
        )
    access_record(
        user=actor,
        action=AccessAction.CREATE,
        obj=visit,
        person_id=person.pk if person else None,
        municipality_id=location.municipality_id,
    )
    return visit


@transaction.atomic
def interest_submit(
    *, activity: OutreachActivity, name: str, phone: str, language: Language, consent_text: str
) -> Person:
    """A citizen's own sign-up through a campaign link: a person "identified" in the
    activity's municipality, found by the activity, with her consent as she gave it, and the
    language she wrote in as her preferred one. The data came from her, so there is no duty
    to inform her."""
    first_name, _space, last_name = name.strip().partition(" ")
    today = timezone.localdate()
    consent = Consent(
        given_on=today,
        method=ConsentMethod.PUBLIC_FORM,
        language=language.code,
        scope=consent_text[:500],
    )
    person = person_build(
        NewPerson(
            first_name=first_name[:100],
            last_name=last_name.strip()[:100],
            phone=phone,
            preferred_language=language,
        ),
        municipality=activity.municipality,
        consent=consent,
        today=today,
    )
    origin = Origin(
        method=activity.method,
        activity=activity,
        partner=activity.partner,
        note=f"{activity.campaign_code} ({language.code})",
    )
    created = person_create(person, actor=None, origin=origin, purpose="public:interest")
    person_signed_up.send(sender=Person, person=created)
    return created
