"""The request a piece of work runs for, so services can log IP and request id without a request."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    request_id: str = ""
    purpose: str = ""


# RequestContext is a frozen dataclass, so the shared default cannot be mutated.
current_request: ContextVar[RequestContext] = ContextVar(
    "brobygger_request",
    default=RequestContext(),  # noqa: B039
)
