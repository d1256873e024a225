"""Writes of documents: check → inspect → scan → store → log. A refused file leaves nothing: no
row and no bytes (the bytes are written last, and removed again if the row cannot be saved)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.db import transaction
from django.utils.text import get_valid_filename

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.agreements.models import Agreement
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.partners.models import Organisation
from brobygger.people.models import Person

from . import inspection, scanning
from .models import PartnerDocument, PersonDocument, StoredFile
from .storage import file_delete, file_store

NAME_MAX = 120


@dataclass(frozen=True, kw_only=True)
class DocumentData:
    """What an upload writes: the user's title and kind, and the file as it came."""

    title: str
    kind: str
    file_name: str
    content: bytes


def display_name(file_name: str, extension: str) -> str:
    """The name shown for the file: the base of the name it came with, without any path, made
    safe, with the extension of what the file turned out to be."""
    base = file_name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    try:
        safe = get_valid_filename(base)
    except SuspiciousFileOperation:  # a name such as "..": a plain one instead
        safe = ""
    safe = safe.strip("._")[: NAME_MAX - len(extension) - 1] or "dokument"
    return f"{safe}.{extension}"


def _fill(document: StoredFile, *, actor: User, data: DocumentData) -> StoredFile:
    try:
        found = inspection.inspect(data.content)
        document.scan = scanning.scan(data.content)
    except ValidationError as refused:
        raise ValidationError({"file": refused.messages}) from None
    document.title = data.title.strip()
    document.kind = data.kind
    document.original_name = display_name(data.file_name, found.extension)
    document.content_type = found.content_type
    document.size = len(data.content)
    document.sha256 = hashlib.sha256(data.content).hexdigest()
    document.uploaded_by = actor
    document.stored_name = "pending"
    document.full_clean(exclude=["stored_name"])
    return document


def _store(document: StoredFile, content: bytes, extension: str) -> None:
    """Write the bytes, then the row; if the row fails, the bytes go again."""
    document.stored_name = file_store(content, extension)
    try:
        with transaction.atomic():
            document.save()
    except Exception:
        file_delete(document.stored_name)
        raise


@transaction.atomic
def person_document_add(*, actor: User, person: Person, data: DocumentData) -> PersonDocument:
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    document = PersonDocument(person=person)
    _fill(document, actor=actor, data=data)
    _store(document, data.content, document.original_name.rsplit(".", 1)[-1])
    access_record(
        user=actor,
        action=AccessAction.CREATE,
        obj=document,
        person_id=person.pk,
        municipality_id=person.municipality_id,
    )
    return document


@transaction.atomic
def partner_document_add(
    *, actor: User, owner: Organisation | Agreement, data: DocumentData
) -> PartnerDocument:
    require_permission(actor, Permission.MANAGE_PARTNERS, municipality_id=owner.municipality_id)
    if isinstance(owner, Organisation):
        document = PartnerDocument(organisation=owner, municipality_id=owner.municipality_id)
    else:
        document = PartnerDocument(agreement=owner, municipality_id=owner.municipality_id)
    _fill(document, actor=actor, data=data)
    _store(document, data.content, document.original_name.rsplit(".", 1)[-1])
    return document


@transaction.atomic
def document_remove(*, actor: User, document: PersonDocument | PartnerDocument) -> None:
    """Delete the row; its file follows once the transaction has committed (signals.py)."""
    if isinstance(document, PersonDocument):
        person = document.person
        require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
        access_record(
            user=actor,
            action=AccessAction.DELETE,
            obj=document,
            person_id=person.pk,
            municipality_id=person.municipality_id,
        )
    else:
        require_permission(
            actor, Permission.MANAGE_PARTNERS, municipality_id=document.municipality_id
        )
    document.delete()


def person_documents_erase(person: Person) -> int:
    """Erasure and retention: her documents go, rows and files (the caller holds the
    transaction and has checked the permission)."""
    deleted, _by_model = PersonDocument.objects.filter(person=person).delete()
    return deleted
