"""Documents: what may be attached (read from the bytes), where it is kept, who may read it, and
that a refused file leaves nothing behind."""

from __future__ import annotations

import io
import socket
import socketserver
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.documents.models import PartnerDocument, PersonDocument, ScanResult
from brobygger.documents.services import display_name
from brobygger.documents.storage import file_exists
from brobygger.people.models import Person
from brobygger.people.tests.factories import PersonFactory
from brobygger.privacy.services import person_erase
from brobygger.testing import Cast

from .factories import PartnerDocumentFactory, PersonDocumentFactory, pdf_bytes

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(out, format="PNG")
    return out.getvalue()


def _docx(*, macros: bool = False) -> bytes:
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Curriculum vitae")
    document.save(out)
    if not macros:
        return out.getvalue()
    with zipfile.ZipFile(out, "a") as package:
        package.writestr("word/vbaProject.bin", b"\x00macro")
    return out.getvalue()


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("cv.pdf", pdf_bytes())
    return out.getvalue()


def _stored_files() -> set[str]:
    root = Path(settings.DOCUMENT_ROOT)
    return {p.name for p in root.iterdir()} if root.exists() else set()


def _client(user: object) -> Client:
    client = Client()
    client.cookies["brobygger_language"] = "en"
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _upload(client: Client, person: Person, content: bytes, name: str = "samtykke.pdf"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("documents:person", kwargs={"person_id": person.pk}),
        {"title": "Samtykke", "kind": "consent", "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (pdf_bytes(), "samtykke.pdf", "application/pdf"),
        (_png(), "eksamensbevis.png", "image/png"),
        (
            _docx(),
            "cv.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_a_file_is_stored_outside_the_web_root_and_read_back_through_the_view(
    cast: Cast, content: bytes, name: str, content_type: str
) -> None:
    person = PersonFactory(municipality=cast.viborg)
    client = _client(cast.alice)

    response = _upload(client, person, content, name)

    assert response.status_code == 302
    document = PersonDocument.objects.get()
    assert (document.content_type, document.size, document.scan) == (
        content_type,
        len(content),
        ScanResult.NOT_SCANNED,
    )
    assert document.original_name == name
    assert name.split(".")[0] not in document.stored_name
    assert (Path(settings.DOCUMENT_ROOT) / document.stored_name).read_bytes() == content
    download = client.get(reverse("documents:person-download", kwargs={"document_id": document.pk}))
    assert download.status_code == 200
    assert download.content == content
    assert download["Content-Type"] == content_type
    assert download["Content-Disposition"].startswith("attachment")
    assert (
        download["Cache-Control"].startswith("no-store") or "no-store" in download["Cache-Control"]
    )
    actions = set(
        AccessLogEntry.objects.filter(object_id=str(document.pk)).values_list("action", flat=True)
    )
    assert actions == {AccessAction.CREATE, AccessAction.EXPORT}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.7\nthis is not a pdf at all", "cannot be read as one"),
        (_zip(), "zip archive cannot be attached"),
        (b"MZ\x90\x00\x03" + b"\x00" * 200, "program cannot be attached"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "program cannot be attached"),
        (b"#!/bin/sh\nrm -rf /\n", "program cannot be attached"),
        (b"plain text that claims nothing", "Only PDF, PNG, JPEG and Word"),
        (_docx(macros=True), "with macros"),
    ],
)
def test_a_file_that_is_not_what_may_be_attached_is_refused_and_nothing_stored(
    cast: Cast, content: bytes, message: str
) -> None:
    person = PersonFactory(municipality=cast.viborg)
    before = _stored_files()

    response = _upload(_client(cast.alice), person, content)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PersonDocument.objects.exists()
    assert _stored_files() == before


def test_a_file_too_large_is_refused_at_the_field(cast: Cast, settings: Any) -> None:
    settings.DOCUMENT_MAX_BYTES = 1_000
    response = _upload(_client(cast.alice), PersonFactory(), pdf_bytes(pages=3) + b"\0" * 2_000)
    assert response.status_code == 400
    assert "a document may be at most 1000" in response.content.decode()
    assert not PersonDocument.objects.exists()


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\cv.exe", "cv.pdf"),
        ("..", "dokument.pdf"),
        ("<script>alert(1)</script>.pdf", "script.pdf"),
        ("samtykke.PDF.exe", "samtykke.PDF.pdf"),
    ],
)
def test_the_name_it_came_with_is_only_shown_made_safe(given: str, shown: str) -> None:
    assert display_name(given, "pdf") == shown


def test_another_municipality_gets_404_everywhere(cast: Cast) -> None:
    document = PersonDocumentFactory(person=PersonFactory(municipality=cast.viborg))
    client = _client(cast.charlie)
    urls = [
        reverse("documents:person", kwargs={"person_id": document.person_id}),
        reverse("documents:person-download", kwargs={"document_id": document.pk}),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
    delete = reverse("documents:person-delete", kwargs={"document_id": document.pk})
    assert client.post(delete).status_code == 404
    assert _upload(client, document.person, pdf_bytes()).status_code == 404
    assert PersonDocument.objects.count() == 1


def test_deleting_takes_the_file_once_committed(
    cast: Cast, django_capture_on_commit_callbacks: object
) -> None:
    document = PersonDocumentFactory(person=PersonFactory(municipality=cast.viborg))
    assert file_exists(document.stored_name)
    url = reverse("documents:person-delete", kwargs={"document_id": document.pk})
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert _client(cast.alice).post(url).status_code == 302
    assert not PersonDocument.objects.exists()
    assert not file_exists(document.stored_name)


def test_erasure_takes_her_documents_and_their_files(
    cast: Cast, django_capture_on_commit_callbacks: object
) -> None:
    person = PersonFactory(municipality=cast.viborg)
    documents = [
        PersonDocumentFactory(person=person),
        PersonDocumentFactory(person=person, cv=True),
    ]
    kept = PersonDocumentFactory(person=PersonFactory(municipality=cast.viborg))
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        person_erase(actor=None, person=person)
    assert list(PersonDocument.objects.all()) == [kept]
    assert not any(file_exists(d.stored_name) for d in documents)
    assert file_exists(kept.stored_name)


def test_her_page_shows_the_card(cast: Cast) -> None:
    document = PersonDocumentFactory(person=PersonFactory(municipality=cast.viborg))
    page = _client(cast.alice).get(
        reverse("people:detail", kwargs={"person_id": document.person_id})
    )
    assert 'data-testid="person-documents"' in page.content.decode()
    assert document.title in page.content.decode()


def test_partner_documents_follow_the_partners_access(cast: Cast) -> None:
    document = PartnerDocumentFactory()
    manager = _client(cast.lene)
    page = reverse("documents:organisation", kwargs={"organisation_id": document.organisation_id})
    assert manager.get(page).status_code == 200
    download = reverse("documents:partner-download", kwargs={"partner_document_id": document.pk})
    assert manager.get(download).status_code == 200
    assert _client(cast.charlie).get(download).status_code == 404
    response = manager.post(
        page,
        {"title": "Aftale", "kind": "agreement", "file": SimpleUploadedFile("a.pdf", pdf_bytes())},
    )
    assert response.status_code == 302
    assert PartnerDocument.objects.count() == 2
    on_agreement = PartnerDocumentFactory(of_agreement=True)
    agreement_page = reverse(
        "documents:agreement", kwargs={"agreement_id": on_agreement.agreement_id}
    )
    assert on_agreement.title in manager.get(agreement_page).content.decode()


class _FakeClamd(socketserver.BaseRequestHandler):
    """ClamAV's daemon as its INSTREAM command speaks: chunks with a 4-byte length, then 0; the
    answer ends as the command did (z: NUL, n: newline)."""

    def handle(self) -> None:
        command = b""
        while not command.endswith((b"\0", b"\n")):
            command += self.request.recv(1)
        assert command in {b"zINSTREAM\0", b"nINSTREAM\n"}
        received = b""
        while True:
            size = int.from_bytes(self._read(4), "big")
            if size == 0:
                break
            received += self._read(size)
        found = b"EICAR" in received
        answer = b"stream: Eicar-Test-Signature FOUND" if found else b"stream: OK"
        answer += command[-1:]
        self.request.sendall(answer)

    def _read(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            data += self.request.recv(size - len(data))
        return data


@pytest.fixture
def clamd_server(settings: Any) -> Iterator[None]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _FakeClamd)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CLAMD_HOST, settings.CLAMD_PORT = server.server_address
    yield
    server.shutdown()
    server.server_close()


@pytest.mark.usefixtures("clamd_server")
def test_a_configured_scanner_reads_every_upload(cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    client = _client(cast.alice)
    assert _upload(client, person, pdf_bytes()).status_code == 302
    assert PersonDocument.objects.get().scan == ScanResult.CLEAN

    infected = pdf_bytes() + b"%EICAR\n"
    response = _upload(client, person, infected)
    assert response.status_code == 400
    assert "found Eicar-Test-Signature" in response.content.decode()
    assert PersonDocument.objects.count() == 1


def test_a_scanner_that_cannot_be_reached_stores_nothing(cast: Cast, settings: Any) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        settings.CLAMD_HOST, settings.CLAMD_PORT = unused.getsockname()
    before = _stored_files()
    response = _upload(_client(cast.alice), PersonFactory(municipality=cast.viborg), pdf_bytes())
    assert response.status_code == 400
    assert "virus scanner cannot be reached" in response.content.decode()
    assert not PersonDocument.objects.exists()
    assert _stored_files() == before
