"""Reads of documents, each from the one access policy: a person's documents with her record
(VIEW_PEOPLE in her municipality), a partner's with the partners (MANAGE_PARTNERS)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import QuerySet

from brobygger.accounts.access import (
    AnyUser,
    Permission,
    get_visible_or_404,
    has_permission,
)
from brobygger.agreements.models import Agreement
from brobygger.partners.models import Organisation
from brobygger.people.models import Person

from .models import PartnerDocument, PersonDocument


def person_documents(*, user: AnyUser, person: Person) -> QuerySet[PersonDocument]:
    return (
        PersonDocument.objects.visible_to(user).filter(person=person).select_related("uploaded_by")
    )


def person_document_get(*, user: AnyUser, pk: int) -> PersonDocument:
    queryset = PersonDocument.objects.visible_to(user).select_related("person")
    return get_visible_or_404(queryset, user=user, pk=pk)


def partner_documents(
    *, user: AnyUser, owner: Organisation | Agreement
) -> QuerySet[PartnerDocument]:
    documents = PartnerDocument.objects.visible_to(user).select_related("uploaded_by")
    if isinstance(owner, Organisation):
        return documents.filter(organisation=owner)
    return documents.filter(agreement=owner)


def partner_document_get(*, user: AnyUser, pk: int) -> PartnerDocument:
    queryset = PartnerDocument.objects.visible_to(user)
    return get_visible_or_404(queryset, user=user, pk=pk)


def person_documents_panel(user: AnyUser, person: Person) -> Mapping[str, object] | None:
    """The card on her page: how many documents she has, and the way to them."""
    if not has_permission(user, Permission.VIEW_PEOPLE, municipality_id=person.municipality_id):
        return None
    return {
        "person": person,
        "documents": list(person_documents(user=user, person=person)[:5]),
        "count": person_documents(user=user, person=person).count(),
    }
