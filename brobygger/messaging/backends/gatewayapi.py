"""GatewayAPI (gatewayapi.com, a Danish SMS gateway), against its documented REST API.

Sending: ``POST /rest/mtsms`` with ``Authorization: Token <token>`` and a JSON body of
``message``, ``sender``, ``recipients`` (``[{"msisdn": 4520123456}]``), ``userref`` (our
idempotency key, returned with every delivery status) and ``encoding`` ("UCS2" for texts
outside GSM-7); the answer is ``{"ids": [<id>], "usage": {...}}``.

Webhooks: GatewayAPI calls one URL per kind (set in its dashboard) with a JSON body, and signs
each call with a JWT (HS256, the secret set in the dashboard) in the ``X-Gwapi-Signature``
header. A delivery status carries ``id``, ``msisdn``, ``time``, ``status`` (e.g. DELIVERED,
UNDELIVERED, EXPIRED, REJECTED), ``userref`` and ``error``/``code``; an incoming message
(MO SMS) carries ``id``, ``msisdn``, ``receiver``, ``message`` and ``senttime``. It retries a
call that is not answered 2xx within 5 seconds, so the receiver must be idempotent."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import UTC, datetime
from typing import Any

import jwt
from django.conf import settings
from django.http import HttpRequest

from .base import (
    Accepted,
    InboundReport,
    OutgoingSms,
    ProviderError,
    SmsBackend,
    StatusReport,
    WebhookRefused,
)

SIGNATURE_HEADER = "X-Gwapi-Signature"

# GatewayAPI's delivery states, as ours: "" is a state on the way, which changes nothing.
STATUSES = {
    "DELIVERED": "delivered",
    "UNDELIVERED": "failed",
    "EXPIRED": "failed",
    "REJECTED": "failed",
    "DELETED": "failed",
    "SKIPPED": "failed",
    "UNKNOWN": "",
    "SCHEDULED": "",
    "BUFFERED": "",
    "ENROUTE": "",
    "ACCEPTED": "",
}


def _when(value: Any) -> datetime | None:
    """GatewayAPI's times are Unix seconds (UTC)."""
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _msisdn(value: Any) -> str:
    digits = str(value or "").strip().lstrip("+")
    if not digits.isdigit():
        raise WebhookRefused("the number is not an MSISDN")
    return f"+{digits}"


class GatewayApiWebhooks(SmsBackend):
    """GatewayAPI's webhook format: its JWT signature, its status and MO payloads."""

    def verify(self, request: HttpRequest) -> dict[str, Any]:
        secret = settings.SMS_WEBHOOK_SECRET
        token = request.headers.get(SIGNATURE_HEADER, "")
        if not secret:
            raise WebhookRefused("no webhook secret is configured (SMS_WEBHOOK_SECRET)")
        if not token:
            raise WebhookRefused(f"no {SIGNATURE_HEADER} header")
        try:
            claims = jwt.decode(token, secret, algorithms=["HS256"], options={"verify_aud": False})
        except jwt.InvalidTokenError as error:
            raise WebhookRefused(f"bad signature: {error}") from None
        try:
            payload = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            raise WebhookRefused("the body is not JSON") from None
        if not isinstance(payload, dict):
            raise WebhookRefused("the body is not a JSON object")
        # A signature that names a message must name this one: a valid token is not a pass for
        # another body.
        if "id" in claims and str(claims["id"]) != str(payload.get("id")):
            raise WebhookRefused("the signature belongs to another message")
        return payload

    def parse_status(self, payload: dict[str, Any]) -> StatusReport:
        if "id" not in payload or "status" not in payload:
            raise WebhookRefused("a status needs id and status")
        raw = str(payload["status"]).upper()
        error = str(payload.get("error") or "")
        if payload.get("code"):
            error = f"{error} ({payload['code']})".strip()
        return StatusReport(
            provider_id=str(payload["id"]),
            reference=str(payload.get("userref") or ""),
            status=STATUSES.get(raw, "failed"),
            error=error[:500] if STATUSES.get(raw, "failed") == "failed" else "",
            occurred_at=_when(payload.get("time")),
        )

    def parse_inbound(self, payload: dict[str, Any]) -> InboundReport:
        if "msisdn" not in payload or "message" not in payload:
            raise WebhookRefused("an incoming message needs msisdn and message")
        return InboundReport(
            provider_id=str(payload.get("id") or ""),
            from_number=_msisdn(payload["msisdn"]),
            to_number=str(payload.get("receiver") or ""),
            body=str(payload["message"])[:2_000],
            received_at=_when(payload.get("senttime")) or datetime.now(tz=UTC),
        )


class GatewayApiBackend(GatewayApiWebhooks):
    """Sends through GatewayAPI's REST API (settings GATEWAYAPI_*)."""

    def __init__(self) -> None:
        self.url = settings.GATEWAYAPI_URL
        self.token = settings.GATEWAYAPI_TOKEN
        self.sender = settings.GATEWAYAPI_SENDER
        self.timeout = settings.SMS_SEND_TIMEOUT

    def _request(self, sms: OutgoingSms) -> urllib.request.Request:
        body: dict[str, Any] = {
            "sender": self.sender,
            "message": sms.body,
            "recipients": [{"msisdn": int(sms.to.lstrip("+"))}],
            "userref": sms.reference,
        }
        if sms.encoding == "ucs2":
            body["encoding"] = "UCS2"
        return urllib.request.Request(  # noqa: S310  # the configured https URL
            self.url,
            data=json.dumps(body).encode(),
            method="POST",
            headers={
                "Authorization": f"Token {self.token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
        )

    def send(self, sms: OutgoingSms) -> Accepted:
        if not self.token:
            raise ProviderError("GATEWAYAPI_TOKEN is not set", retryable=False)
        try:
            with urllib.request.urlopen(  # noqa: S310  # nosec B310  # configured URL
                self._request(sms), timeout=self.timeout
            ) as response:
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            detail = _error_text(error)
            # 429 (too many requests) and 5xx pass; any other 4xx refuses this message.
            retryable = error.code == 429 or error.code >= 500
            raise ProviderError(f"HTTP {error.code}: {detail}", retryable=retryable) from None
        except TimeoutError:
            raise ProviderError("the provider did not answer in time", retryable=True) from None
        except urllib.error.URLError as error:
            raise ProviderError(
                f"cannot reach the provider: {error.reason}", retryable=True
            ) from None
        except ValueError:
            raise ProviderError("the provider's answer is not JSON", retryable=True) from None
        ids = answer.get("ids") if isinstance(answer, dict) else None
        if not ids:
            raise ProviderError("the provider's answer has no message id", retryable=True)
        return Accepted(provider_id=str(ids[0]))


def _error_text(error: urllib.error.HTTPError) -> str:
    try:
        body = json.loads(error.read() or b"{}")
    except (ValueError, OSError):
        return error.reason or ""
    if isinstance(body, dict) and body.get("message"):
        return str(body["message"])[:300]
    return str(error.reason or "")
