"""Writes to the people registry: check → do → log, inside one transaction.

This is the one writer of people: ``person_build`` builds every new person (the rules of a
new record live there), ``person_register`` (a caseworker), ``person_create`` (one, e.g. her
own sign-up on the public form) and ``people_create`` (a list, in bulk) save them with their
search keys, source, first status event and access log entry, and ``person_fill_blanks`` with
``people_found_again`` complete the people a list finds again."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, fields
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
from brobygger.languages.models import Language
from brobygger.outreach.models import OutreachActivity, OutreachMethod
from brobygger.outreach.partner_picking import NewPartner, PartnerRecord, partner_resolve
from brobygger.partnerships.models import Municipality

from .cpr import cpr_birth_date, cpr_lookup_hash, normalise_cpr
from .models import (
    PIPELINE_ORDER,
    LegalBasis,
    Person,
    PersonNameKey,
    PersonSource,
    PipelineStatus,
    StatusEvent,
)
from .names import name_keys, romanised_name
from .selectors import person_lock
from .signals import tell_records_moved


def one_month_after(day: date) -> date:
    """The same day next month, or the month's last day (31 January → 28/29 February)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class NewPerson:
    """What is known of a person when she is registered; blank where nothing is known. Text
    as it is to be kept (the form or the row check that read it cleaned it), the CPR number
    as its 10 digits."""

    first_name: str
    last_name: str = ""
    birth_date: date | None = None
    cpr: str = ""
    phone: str = ""
    email: str = ""
    street: str = ""
    floor_door: str = ""
    postal_code: str = ""
    city: str = ""
    # The language she wrote to us in (the public form's): letters and messages use it.
    preferred_language: Language | None = None


@dataclass(frozen=True)
class Consent:
    """Her consent as she gave it; the legal basis is then art. 6(1)(a)."""

    given_on: date
    method: str
    language: str = ""
    scope: str = ""


@dataclass(frozen=True)
class Origin:
    """How people came to our knowledge: the source written for each of them (the method
    that found them, the activity, the partner or the named person who referred them, a
    note), and the note of their first status event."""

    method: OutreachMethod
    activity: OutreachActivity | None = None
    partner: PartnerRecord | None = None
    referred_by: str = ""
    note: str = ""
    event_note: str = ""


# What a record takes from ``NewPerson`` as it is (the CPR number is kept encrypted).
KEPT = tuple(field.name for field in fields(NewPerson) if field.name != "cpr")
# Blank fields of a person that a list finding her again may fill.
FILLABLE = tuple(name for name in KEPT if name != "first_name")
# The municipality and the users are objects the caller holds: checking that each exists
# would cost a query per person, thousands for a list.
REFERENCES = ["municipality", "created_by", "assigned_caseworker"]


def person_build(
    data: NewPerson,
    *,
    municipality: Municipality,
    created_by: User | None = None,
    caseworker: User | None = None,
    from_third_party: bool = False,
    consent: Consent | None = None,
    today: date | None = None,
) -> Person:
    """A new person, validated and not yet saved (``person_create``, ``people_create``).

    Data that did not come from her (``from_third_party``) starts the GDPR art. 14 duty to
    inform: she must be told within one month, and the deadline shows as a task until done.
    The CPR number is kept encrypted with its lookup hash and gives a missing birth date."""
    day = today or timezone.localdate()
    person = Person(
        **{name: getattr(data, name) for name in KEPT},
        municipality=municipality,
        created_by=created_by,
        assigned_caseworker=caseworker,
        inform_due_on=one_month_after(day) if from_third_party else None,
    )
    person_romanise(person)
    if consent is not None:
        person.legal_basis = LegalBasis.CONSENT
        for field in fields(Consent):  # given_on, method, language, scope
            setattr(person, f"consent_{field.name}", getattr(consent, field.name))
    if data.cpr:
        person.cpr_ciphertext = encrypt(data.cpr)
        person.cpr_hash = cpr_lookup_hash(data.cpr)
        person.birth_date = person.birth_date or cpr_birth_date(data.cpr)
    person.full_clean(exclude=REFERENCES)
    return person


@transaction.atomic
def person_register(
    *,
    actor: User,
    first_name: str,
    method: OutreachMethod,
    municipality: Municipality | None = None,
    last_name: str = "",
    phone: str = "",
    cpr: str = "",
    birth_date: date | None = None,
    source_note: str = "",
    from_third_party: bool = False,
    activity: OutreachActivity | None = None,
    partner: PartnerRecord | None = None,
    new_partner: NewPartner | None = None,
    referred_by: str = "",
) -> Person:
    """A caseworker registers a person with only what is known; the method that found her
    is required, and the caseworker becomes hers. She belongs to the municipality chosen, or
    else to that of the activity she was met at. The partner she was found through is one
    of the municipality's, or ``new_partner`` created with her."""
    if municipality is None:
        if activity is None:
            raise ValidationError({"municipality": _("Choose a municipality")})
        municipality = activity.municipality
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=municipality.pk)
    if activity is not None and activity.municipality_id != municipality.pk:
        raise ValidationError({"activity": _("The activity belongs to another municipality.")})
    data = NewPerson(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        birth_date=birth_date,
        phone=phone.strip(),
        cpr=normalise_cpr(cpr) if cpr else "",
    )
    person = person_build(
        data,
        municipality=municipality,
        created_by=actor,
        caseworker=actor,
        from_third_party=from_third_party,
    )
    origin = Origin(
        method=method,
        activity=activity,
        partner=partner_resolve(
            actor=actor,
            municipality_id=municipality.pk,
            partner=partner,
            new_partner=new_partner,
            field="partner",
        ),
        referred_by=referred_by.strip(),
        note=source_note,
    )
    return person_create(person, actor=actor, origin=origin)


def person_create(
    person: Person, *, actor: User | None, origin: Origin, purpose: str = ""
) -> Person:
    """Save one person built by ``person_build``, with what every new person has. Saved on
    her own, so that her change history starts with her creation. For a service that has
    checked permission (the public form needs none), inside its transaction."""
    person.save()
    _first_records([person], actor=actor, origin=origin, purpose=purpose)
    return person


def people_create(
    people: list[Person], *, actor: User | None, origin: Origin, username: str = ""
) -> None:
    """Save people built by ``person_build`` in bulk (a list of thousands), with what every
    new person has. For a service that has checked permission, inside its transaction;
    ``username`` names a writer without an account in the access log."""
    # The one bulk write of people: they were built for one municipality's registry.
    Person.objects.bulk_create(people, batch_size=500)
    _first_records(people, actor=actor, origin=origin, username=username)


def _first_records(
    people: list[Person],
    *,
    actor: User | None,
    origin: Origin,
    purpose: str = "",
    username: str = "",
) -> None:
    """What every new person has: her search keys, her source, her first status event
    ("identified", today) and the access log's entry of her creation."""
    keys = [
        PersonNameKey(person=person, key=key)
        for person in people
        for key in name_keys(person.first_name, person.last_name, person.name_variants)
    ]
    PersonNameKey.objects.bulk_create(keys, batch_size=2000)
    _sources_add(people, actor=actor, origin=origin)
    first = {"from_status": "", "occurred_on": timezone.localdate(), "note": origin.event_note}
    events = [StatusEvent(person=p, to_status=p.status, recorded_by=actor, **first) for p in people]
    StatusEvent.objects.bulk_create(events, batch_size=2000)
    # Bulk inserts send no model signals: the figures of the new people are told here.
    tell_records_moved(Person, [person.pk for person in people])
    for person in people:
        access_record(
            user=actor, action=AccessAction.CREATE, obj=person, purpose=purpose, username=username
        )


def _sources_add(people: list[Person], *, actor: User | None, origin: Origin) -> None:
    """``origin`` as a source of each of ``people``, validated once for all."""
    source = {
        "method": origin.method,
        "activity": origin.activity,
        "partner": origin.partner,
        "referred_by": origin.referred_by,
        "note": origin.note,
    }
    PersonSource(**source).full_clean(exclude=["person", *source, "recorded_by"])
    PersonSource.objects.bulk_create(
        [PersonSource(person=person, **source, recorded_by=actor) for person in people],
        batch_size=2000,
    )


def person_fill_blanks(person: Person, data: NewPerson) -> None:
    """What ``data`` knows and her record lacks (never overwrites), for
    ``people_found_again`` to save. A filled field raises the version, so an edit form opened
    before cannot blank it again. The caller holds the row inside its transaction."""
    filled = [name for name in FILLABLE if getattr(data, name) and not getattr(person, name)]
    for name in filled:
        setattr(person, name, getattr(data, name))
    person_romanise(person)
    if data.cpr and not person.cpr_ciphertext:
        person.cpr_ciphertext = encrypt(data.cpr)
        person.cpr_hash = cpr_lookup_hash(data.cpr)
    if filled:
        version_bump(person)


def people_found_again(
    people: list[Person], *, actor: User | None, origin: Origin, username: str = ""
) -> None:
    """People a source found again: save what ``person_fill_blanks`` filled in, log the
    change, and add the source to those who lack it (one per method and note). For a
    service that has checked permission, inside its transaction."""
    for person in people:
        person.full_clean(exclude=REFERENCES)
        person.save()
        access_record(user=actor, action=AccessAction.CHANGE, obj=person, username=username)
    has_it = set(
        PersonSource.objects.filter(
            person__in=people, method=origin.method, note=origin.note
        ).values_list("person_id", flat=True)
    )
    lacking = [person for person in people if person.pk not in has_it]
    _sources_add(lacking, actor=actor, origin=origin)
    tell_records_moved(Person, [person.pk for person in lacking])


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
    person_romanise(locked)
    locked.full_clean()
    locked.save()
    if NAME_FIELDS & changes.keys():
        refresh_name_keys(locked)
    access_record(user=actor, action=AccessAction.CHANGE, obj=locked)
    return locked


NAME_FIELDS = frozenset({"first_name", "last_name", "name_variants"})


def person_romanise(person: Person) -> None:
    """Set the romanised forms of her names (``names.romanised_name``) on the unsaved record:
    every write of a name passes here, so they never lag behind the names as typed."""
    person.first_name_latin = romanised_name(person.first_name)
    person.last_name_latin = romanised_name(person.last_name)


def refresh_name_keys(person: Person) -> None:
    """Keep the search keys and the romanised names in step with the names (same transaction
    as the name change)."""
    latin = (person.first_name_latin, person.last_name_latin)
    person_romanise(person)
    if (person.first_name_latin, person.last_name_latin) != latin:
        Person.objects.filter(pk=person.pk).update(
            first_name_latin=person.first_name_latin, last_name_latin=person.last_name_latin
        )
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
