"""Writes for outreach: contact attempts (and, later, activities and campaigns)."""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime
from decimal import Decimal

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_bulk_record, access_record
from brobygger.audit.writes import record_save
from brobygger.core.concurrency import version_bump
from brobygger.core.pdf import render_pdf
from brobygger.partnerships.models import Municipality
from brobygger.people.display import CONTACT_ATTEMPT
from brobygger.people.models import (
    ConsentMethod,
    LegalBasis,
    Person,
    PersonSource,
    PipelineStatus,
    StatusEvent,
)
from brobygger.people.selectors import person_lock
from brobygger.people.services import person_status_advance, person_status_set, refresh_name_keys

from .models import (
    REACHED_OUTCOMES,
    ActivityStatus,
    ContactAttempt,
    ContactChannel,
    ContactOutcome,
    DropInVisit,
    LetterTemplate,
    OutreachActivity,
    OutreachLocation,
    OutreachMethod,
    PublicFormText,
)


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


ACTIVITY_FIELDS = (
    "method",
    "title",
    "place",
    "planned_on",
    "responsible",
    "partner",
    "hours",
    "cost",
    "notes",
)


@transaction.atomic
def activity_save(
    *,
    actor: User,
    municipality: Municipality,
    values: dict[str, object],
    activity: OutreachActivity | None = None,
) -> OutreachActivity:
    """Create an activity, or change one; ``values`` holds ``ACTIVITY_FIELDS``."""
    require_permission(actor, Permission.MANAGE_OUTREACH, municipality_id=municipality.pk)
    return record_save(
        actor=actor,
        record=activity or OutreachActivity(municipality=municipality),
        values=values,
        fields=ACTIVITY_FIELDS,
        municipality_id=municipality.pk,
    )


@transaction.atomic
def activity_mark_done(
    *,
    actor: User,
    activity: OutreachActivity,
    done_on: date | None = None,
    hours: Decimal | None = None,
    cost: Decimal | None = None,
) -> OutreachActivity:
    require_permission(actor, Permission.MANAGE_OUTREACH, municipality_id=activity.municipality_id)
    activity.status = ActivityStatus.DONE
    activity.done_on = done_on or timezone.localdate()
    if activity.done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    if hours is not None:
        activity.hours = hours
    if cost is not None:
        activity.cost = cost
    activity.full_clean()
    activity.save()
    access_record(
        user=actor,
        action=AccessAction.CHANGE,
        obj=activity,
        municipality_id=activity.municipality_id,
    )
    return activity


CAMPAIGN_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off a poster


@transaction.atomic
def campaign_enable(*, actor: User, activity: OutreachActivity) -> OutreachActivity:
    """Give the activity a public short link (kept if it had one) and switch it on."""
    require_permission(actor, Permission.MANAGE_OUTREACH, municipality_id=activity.municipality_id)
    if not activity.campaign_code:
        code = "".join(secrets.choice(CAMPAIGN_ALPHABET) for _ in range(8))
        while OutreachActivity.objects.filter(campaign_code=code).exists():
            code = "".join(secrets.choice(CAMPAIGN_ALPHABET) for _ in range(8))
        activity.campaign_code = code
    activity.campaign_active = True
    activity.save(update_fields=["campaign_code", "campaign_active", "updated_at"])
    access_record(
        user=actor,
        action=AccessAction.CHANGE,
        obj=activity,
        municipality_id=activity.municipality_id,
    )
    return activity


@transaction.atomic
def campaign_disable(*, actor: User, activity: OutreachActivity) -> OutreachActivity:
    require_permission(actor, Permission.MANAGE_OUTREACH, municipality_id=activity.municipality_id)
    activity.campaign_active = False
    activity.save(update_fields=["campaign_active", "updated_at"])
    access_record(
        user=actor,
        action=AccessAction.CHANGE,
        obj=activity,
        municipality_id=activity.municipality_id,
    )
    return activity


@transaction.atomic
def interest_submit(
    *, activity: OutreachActivity, name: str, phone: str, language: str, consent_text: str
) -> Person:
    """A citizen's own sign-up through a campaign link: a person "identified" in the
    activity's municipality, found by the activity, with her consent as she gave it."""
    first_name, _space, last_name = name.strip().partition(" ")
    today = timezone.localdate()
    person = Person(
        municipality_id=activity.municipality_id,
        first_name=first_name[:100],
        last_name=last_name.strip()[:100],
        phone=phone,
        legal_basis=LegalBasis.CONSENT,
        consent_given_on=today,
        consent_method=ConsentMethod.PUBLIC_FORM,
        consent_language=language,
        consent_scope=consent_text[:500],
    )
    person.full_clean()
    person.save()
    refresh_name_keys(person)
    PersonSource.objects.create(
        person=person,
        method=activity.method,
        activity=activity,
        note=f"{activity.campaign_code} ({language})",
    )
    StatusEvent.objects.create(
        person=person, from_status="", to_status=person.status, occurred_on=today
    )
    access_record(user=None, action=AccessAction.CREATE, obj=person, purpose="public:interest")
    return person


@transaction.atomic
def public_form_text_save(
    *, actor: User, texts: PublicFormText, values: dict[str, object]
) -> PublicFormText:
    require_permission(actor, Permission.MANAGE_CONFIGURATION)
    return record_save(actor=actor, record=texts, values=values, fields=values.keys())


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
        "municipality": f"{person.municipality.name} Kommune",
        "caseworker": sender.get_full_name() or sender.username,
        "date": day.strftime("%d.%m.%Y"),
    }
    return _MERGE_FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), template.body)


@transaction.atomic
def invitation_letters(*, actor: User, template: LetterTemplate, people: list[Person]) -> bytes:
    """One PDF with a letter per person; each letter is recorded as a contact attempt.

    The PDF is made first: if it fails, no attempt is recorded."""
    for person in people:
        require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    today = timezone.localdate()
    letters = [
        {"person": person, "text": letter_text(template, person=person, sender=actor, day=today)}
        for person in people
    ]
    content = render_pdf(
        "outreach/letter.html", {"template": template, "letters": letters, "today": today}
    )
    for person in people:
        contact_attempt_record(
            actor=actor,
            person=person,
            channel=ContactChannel.LETTER,
            outcome=ContactOutcome.SENT,
            note=f"{template.name} ({template.language})",
        )
    access_bulk_record(
        user=actor,
        action=AccessAction.EXPORT,
        rows=(person.municipality_id for person in people),
        purpose="outreach:letters",
        search_criterion=str(template)[:500],
    )
    return content


@transaction.atomic
def location_save(
    *,
    actor: User,
    municipality: Municipality,
    values: dict[str, object],
    location: OutreachLocation | None = None,
) -> OutreachLocation:
    require_permission(actor, Permission.MANAGE_OUTREACH, municipality_id=municipality.pk)
    return record_save(
        actor=actor,
        record=location or OutreachLocation(municipality=municipality),
        values=values,
        fields=("name", "kind", "address", "housing_area", "opening_hours", "is_active"),
        municipality_id=municipality.pk,
    )


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
def method_save(
    *, actor: User, values: dict[str, object], method: OutreachMethod | None = None
) -> OutreachMethod:
    """Add a method to the catalogue or change one. Methods in use are switched off rather
    than deleted, so first-touch statistics keep their history."""
    require_permission(actor, Permission.MANAGE_CONFIGURATION)
    return record_save(
        actor=actor,
        record=method or OutreachMethod(),
        values=values,
        fields=("name", "name_en", "category", "description", "is_active", "position"),
    )
