"""What an uploaded file is, read from its bytes: a PDF that pypdf can open, a PNG or JPEG that
Pillow can verify, or a Word document (DOCX) whose package says so. Its name and the type the
browser claimed are never trusted; anything else is refused with a message for the user."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
IMAGES = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg")}
# Headers of files that run: Windows and Linux programs, scripts with a shebang.
PROGRAM_HEADERS = (b"MZ", b"\x7fELF", b"#!")


@dataclass(frozen=True)
class Inspected:
    content_type: str
    extension: str


def inspect(content: bytes) -> Inspected:
    """The type of ``content``; ValidationError for a file that is too large, empty, a program,
    an archive, damaged or of a type that cannot be attached."""
    limit = settings.DOCUMENT_MAX_BYTES
    if len(content) > limit:
        raise ValidationError(
            _("The file is %(size)s; a document may be at most %(limit)s.")
            % {"size": filesizeformat(len(content)), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if not content:
        raise ValidationError(_("The file is empty."), code="empty")
    if content.startswith(PROGRAM_HEADERS):
        raise ValidationError(_("A program cannot be attached."), code="program")
    if content.startswith(b"%PDF-"):
        return _pdf(content)
    if content.startswith(b"PK\x03\x04"):
        return _docx(content)
    return _image(content)


def _pdf(content: bytes) -> Inspected:
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if len(reader.pages) < 1:
            raise PdfReadError("no pages")
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        raise ValidationError(
            _("The file says it is a PDF but cannot be read as one."), code="damaged"
        ) from None
    return Inspected("application/pdf", "pdf")


def _docx(content: bytes) -> Inspected:
    try:
        package = zipfile.ZipFile(io.BytesIO(content))
        names = set(package.namelist())
        types = package.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ValidationError(_("The file is a damaged archive."), code="damaged") from None
    if DOCX_MAIN.encode() not in types or "word/document.xml" not in names:
        raise ValidationError(
            _("A zip archive cannot be attached. Attach the files in it one by one."),
            code="archive",
        )
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ValidationError(
            _("A Word document with macros cannot be attached. Save it as an ordinary DOCX."),
            code="macros",
        )
    return Inspected(DOCX, "docx")


def _image(content: bytes) -> Inspected:
    try:
        with Image.open(io.BytesIO(content)) as image:
            kind = image.format or ""
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = ""
    if kind not in IMAGES:
        raise ValidationError(
            _("Only PDF, PNG, JPEG and Word (DOCX) files can be attached."), code="type"
        )
    content_type, extension = IMAGES[kind]
    return Inspected(content_type, extension)
