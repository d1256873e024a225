"""The documents pages: a person's, a partner's and an agreement's files (list and upload), and
the one way a file leaves the system: a download that checks the owner's access and logs it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.accounts.access import Permission, has_permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.agreements.models import Agreement
from brobygger.agreements.selectors import agreement_get
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.core.forms import apply_errors
from brobygger.partners.models import Organisation
from brobygger.partners.selectors import organisation_get
from brobygger.people.selectors import person_get

from . import selectors, services
from .forms import DocumentForm
from .models import DocumentKind, PartnerDocument, PersonDocument
from .storage import file_open

PERSON_KINDS = [
    DocumentKind.CONSENT,
    DocumentKind.CV,
    DocumentKind.DIPLOMA,
    DocumentKind.LETTER,
    DocumentKind.OTHER,
]
PARTNER_KINDS = [DocumentKind.AGREEMENT, DocumentKind.LETTER, DocumentKind.OTHER]


@permission_required(Permission.VIEW_PEOPLE)
def person_documents(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, pk=person_id)
    can_change = has_permission(
        request.user, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id
    )
    form = DocumentForm(kinds=PERSON_KINDS)
    status = 200
    if request.method == "POST" and can_change:
        form = DocumentForm(request.POST, request.FILES, kinds=PERSON_KINDS)
        if form.is_valid():
            try:
                services.person_document_add(
                    actor=request.user, person=person, data=form.data_for_service()
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The document is attached."))
                return redirect("documents:person", person_id=person.pk)
        status = 400
    else:
        access_record(user=request.user, action=AccessAction.VIEW, obj=person)
    context = {
        "owner": person,
        "owner_url": reverse("people:detail", kwargs={"person_id": person.pk}),
        "documents": selectors.person_documents(user=request.user, person=person),
        "form": form,
        "can_change": can_change,
        "download": "documents:person-download",
        "delete": "documents:person-delete",
    }
    return render(request, "documents/documents.html", context, status=status)


@permission_required(Permission.VIEW_PEOPLE)
def person_document_download(request: AuthedRequest, document_id: int) -> HttpResponse:
    document = selectors.person_document_get(user=request.user, pk=document_id)
    access_record(
        user=request.user,
        action=AccessAction.EXPORT,
        obj=document,
        person_id=document.person_id,
        municipality_id=document.person.municipality_id,
    )
    return _file_response(document)


@require_POST
@permission_required(Permission.CHANGE_PEOPLE)
def person_document_delete(request: AuthedRequest, document_id: int) -> HttpResponse:
    document = selectors.person_document_get(user=request.user, pk=document_id)
    services.document_remove(actor=request.user, document=document)
    messages.success(request, _("The document is deleted."))
    return redirect("documents:person", person_id=document.person_id)


def _partner_documents(
    request: AuthedRequest, owner: Organisation | Agreement, owner_url: str, here: str
) -> HttpResponse:
    form = DocumentForm(kinds=PARTNER_KINDS)
    status = 200
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES, kinds=PARTNER_KINDS)
        if form.is_valid():
            try:
                services.partner_document_add(
                    actor=request.user, owner=owner, data=form.data_for_service()
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The document is attached."))
                return redirect(here)
        status = 400
    context = {
        "owner": owner,
        "owner_url": owner_url,
        "documents": selectors.partner_documents(user=request.user, owner=owner),
        "form": form,
        "can_change": True,
        "download": "documents:partner-download",
        "delete": "documents:partner-delete",
        "download_partner": True,
    }
    return render(request, "documents/documents.html", context, status=status)


@permission_required(Permission.MANAGE_PARTNERS)
def organisation_documents(request: AuthedRequest, organisation_id: int) -> HttpResponse:
    organisation = organisation_get(user=request.user, pk=organisation_id)
    return _partner_documents(
        request,
        organisation,
        reverse("partners:organisation", kwargs={"organisation_id": organisation.pk}),
        reverse("documents:organisation", kwargs={"organisation_id": organisation.pk}),
    )


@permission_required(Permission.MANAGE_PARTNERS)
def agreement_documents(request: AuthedRequest, agreement_id: int) -> HttpResponse:
    agreement = agreement_get(user=request.user, pk=agreement_id)
    return _partner_documents(
        request,
        agreement,
        reverse("agreements:detail", kwargs={"agreement_id": agreement.pk}),
        reverse("documents:agreement", kwargs={"agreement_id": agreement.pk}),
    )


@permission_required(Permission.MANAGE_PARTNERS)
def partner_document_download(request: AuthedRequest, partner_document_id: int) -> HttpResponse:
    document = selectors.partner_document_get(user=request.user, pk=partner_document_id)
    access_record(
        user=request.user,
        action=AccessAction.EXPORT,
        obj=document,
        municipality_id=document.municipality_id,
    )
    return _file_response(document)


@require_POST
@permission_required(Permission.MANAGE_PARTNERS)
def partner_document_delete(request: AuthedRequest, partner_document_id: int) -> HttpResponse:
    document = selectors.partner_document_get(user=request.user, pk=partner_document_id)
    services.document_remove(actor=request.user, document=document)
    messages.success(request, _("The document is deleted."))
    if document.organisation_id:
        return redirect("documents:organisation", organisation_id=document.organisation_id)
    return redirect("documents:agreement", agreement_id=document.agreement_id)


def _file_response(document: PersonDocument | PartnerDocument) -> HttpResponse:
    """The file as a download (never shown inline), as the type it was found to be. Documents
    are small (``DOCUMENT_MAX_BYTES``), so the file is read whole."""
    with file_open(document.stored_name) as stored:
        content = stored.read()
    disposition = content_disposition_header(as_attachment=True, filename=document.original_name)
    return HttpResponse(
        content,
        content_type=document.content_type,
        headers={"Content-Disposition": disposition or "attachment"},
    )
