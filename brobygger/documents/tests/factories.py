"""Documents with a real file behind them: a one-page PDF written to ``DOCUMENT_ROOT``."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import factory
from pypdf import PdfWriter

from brobygger.accounts.tests.factories import UserFactory
from brobygger.agreements.tests.factories import AgreementFactory
from brobygger.documents.models import DocumentKind, PartnerDocument, PersonDocument, ScanResult
from brobygger.documents.storage import file_store
from brobygger.partners.tests.factories import OrganisationFactory
from brobygger.people.tests.factories import PersonFactory


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class _StoredFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    title = "Underskrevet samtykke"
    kind = DocumentKind.CONSENT
    original_name = "samtykke.pdf"
    content_type = "application/pdf"
    scan = ScanResult.NOT_SCANNED
    uploaded_by = factory.SubFactory(UserFactory, caseworker=True)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        content = pdf_bytes()
        kwargs.setdefault("stored_name", file_store(content, "pdf"))
        kwargs.setdefault("size", len(content))
        kwargs.setdefault("sha256", hashlib.sha256(content).hexdigest())
        return super()._create(model_class, *args, **kwargs)


class PersonDocumentFactory(_StoredFileFactory):
    class Meta:
        model = PersonDocument

    person = factory.SubFactory(PersonFactory)

    class Params:
        cv = factory.Trait(kind=DocumentKind.CV, title="CV", original_name="cv.pdf")
        scanned = factory.Trait(scan=ScanResult.CLEAN)


class PartnerDocumentFactory(_StoredFileFactory):
    class Meta:
        model = PartnerDocument

    organisation = factory.SubFactory(OrganisationFactory)
    municipality = factory.SelfAttribute("organisation.municipality")
    kind = DocumentKind.AGREEMENT
    title = "Underskrevet aftale"

    class Params:
        of_agreement = factory.Trait(
            organisation=None,
            agreement=factory.SubFactory(AgreementFactory),
            municipality=factory.SelfAttribute("agreement.municipality"),
        )
