"""Provider-neutral sending of text messages: ``settings.SMS_BACKEND`` names the backend class
by its dotted path, as Django's e-mail backends are named."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from .base import (
    Accepted,
    InboundReport,
    OutgoingSms,
    ProviderError,
    SmsBackend,
    StatusReport,
    WebhookRefused,
)

__all__ = [
    "Accepted",
    "InboundReport",
    "OutgoingSms",
    "ProviderError",
    "SmsBackend",
    "StatusReport",
    "WebhookRefused",
    "get_backend",
]


def get_backend() -> SmsBackend:
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    return backend
