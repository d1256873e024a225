"""What every SMS backend offers: send one message, and read the provider's webhooks (check
that they are the provider's, then turn them into a status report or a reply)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class OutgoingSms:
    to: str  # E.164, "+4520123456"
    body: str
    reference: str  # the idempotency key: the provider returns it with each status
    encoding: str  # "gsm7" or "ucs2"


@dataclass(frozen=True)
class Accepted:
    provider_id: str


@dataclass(frozen=True)
class StatusReport:
    provider_id: str
    reference: str
    status: str  # one of MessageStatus, or "" for a state on the way (buffered, en route)
    error: str
    occurred_at: datetime | None


@dataclass(frozen=True)
class InboundReport:
    provider_id: str
    from_number: str  # E.164
    to_number: str
    body: str
    received_at: datetime


class ProviderError(Exception):
    """The provider did not take the message. ``retryable``: worth trying again (it was down,
    slow or busy); otherwise it refused this message and another try would be refused too."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


class WebhookRefused(Exception):
    """A webhook call that is not the provider's (no or a wrong signature) or cannot be read."""


class SmsBackend(ABC):
    """What a provider's backend does: send one message, and read its webhooks."""

    @abstractmethod
    def send(self, sms: OutgoingSms) -> Accepted: ...

    @abstractmethod
    def verify(self, request: HttpRequest) -> dict[str, Any]:
        """The webhook's JSON payload, once its signature is checked; else WebhookRefused."""

    @abstractmethod
    def parse_status(self, payload: dict[str, Any]) -> StatusReport: ...

    @abstractmethod
    def parse_inbound(self, payload: dict[str, Any]) -> InboundReport: ...
