"""The virus scan of an upload: ClamAV's daemon (``clamd``) when ``CLAMD_SOCKET`` or
``CLAMD_HOST`` is set, else none (the README says so plainly, and every document records that
it was not scanned). A scanner that is configured but cannot be reached refuses the upload:
a file is never stored as scanned when it was not."""

from __future__ import annotations

import io

import clamd
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import ScanResult


def _daemon() -> clamd.ClamdUnixSocket | clamd.ClamdNetworkSocket | None:
    if settings.CLAMD_SOCKET:
        return clamd.ClamdUnixSocket(path=settings.CLAMD_SOCKET, timeout=settings.CLAMD_TIMEOUT)
    if settings.CLAMD_HOST:
        return clamd.ClamdNetworkSocket(
            host=settings.CLAMD_HOST, port=settings.CLAMD_PORT, timeout=settings.CLAMD_TIMEOUT
        )
    return None


def scan(content: bytes) -> ScanResult:
    """CLEAN or NOT_SCANNED; ValidationError when the scanner finds something or is down."""
    daemon = _daemon()
    if daemon is None:
        return ScanResult.NOT_SCANNED
    try:
        answer = daemon.instream(io.BytesIO(content))
    except (clamd.ConnectionError, OSError):
        raise ValidationError(
            _("The virus scanner cannot be reached, so the file was not stored. Try again later."),
            code="scanner_down",
        ) from None
    status, signature = answer.get("stream", ("ERROR", ""))
    if status == "OK":
        return ScanResult.CLEAN
    if status == "FOUND":
        raise ValidationError(
            _("The virus scanner found %(name)s in the file. It was not stored.")
            % {"name": signature},
            code="virus",
        )
    raise ValidationError(
        _("The virus scanner could not read the file, so it was not stored."), code="scan_error"
    )
