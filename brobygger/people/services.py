"""Writes to the people registry: check → do → log, inside one transaction."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction

from brobygger.accounts.access import AnyUser, Permission, has_permission
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.core.crypto import decrypt, encrypt
from brobygger.outreach.models import OutreachMethod
from brobygger.partnerships.models import Municipality

from .cpr import cpr_birth_date, cpr_lookup_hash, normalise_cpr
from .models import Person, PersonSource


def _require(actor: AnyUser, permission: Permission, municipality_id: int) -> None:
    if not has_permission(actor, permission, municipality_id=municipality_id):
        raise PermissionDenied


@transaction.atomic
def person_register(
    *,
    actor: User,
    municipality: Municipality,
    first_name: str,
    method: OutreachMethod,
    last_name: str = "",
    cpr: str = "",
    birth_date: date | None = None,
    source_note: str = "",
) -> Person:
    """Register a person with only what is known; the method that found her is required."""
    _require(actor, Permission.CHANGE_PEOPLE, municipality.pk)
    person = Person(
        municipality=municipality,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        birth_date=birth_date,
        created_by=actor,
    )
    if cpr:
        number = normalise_cpr(cpr)
        person.cpr_ciphertext = encrypt(number)
        person.cpr_hash = cpr_lookup_hash(number)
        person.birth_date = person.birth_date or cpr_birth_date(number)
    person.full_clean()
    person.save()
    source = PersonSource(person=person, method=method, note=source_note, recorded_by=actor)
    source.full_clean()
    source.save()
    access_record(user=actor, action=AccessAction.CREATE, obj=person)
    return person


def person_cpr_reveal(*, actor: User, person: Person) -> str:
    """The whole CPR number, for an explicit action that is written to the access log."""
    _require(actor, Permission.VIEW_PEOPLE, person.municipality_id)
    if not person.cpr_ciphertext:
        return ""
    access_record(user=actor, action=AccessAction.REVEAL, obj=person, purpose="people:cpr")
    number = decrypt(person.cpr_ciphertext)
    return f"{number[:6]}-{number[6:]}"
