"""The provider's webhooks: delivery statuses and replies. No session, no CSRF token: the
provider's signature is the authentication, and anything without a valid one is refused with
403 and logged. Both answer 200 to a call delivered again, changing nothing."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .backends import WebhookRefused, get_backend
from .services import message_status_record, reply_receive

logger = logging.getLogger("brobygger.messaging")


def _refused(request: HttpRequest, kind: str, error: WebhookRefused) -> HttpResponse:
    logger.warning(
        "sms %s webhook refused from %s: %s", kind, request.META.get("REMOTE_ADDR", "?"), error
    )
    return HttpResponse(status=403)


def _webhook(
    kind: str, handle: Callable[[dict[str, object]], dict[str, object]]
) -> Callable[..., HttpResponse]:
    @csrf_exempt
    @require_POST
    def view(request: HttpRequest) -> HttpResponse:
        backend = get_backend()
        try:
            payload = backend.verify(request)
        except WebhookRefused as error:
            return _refused(request, kind, error)
        try:
            answer = handle(payload)
        except WebhookRefused as error:
            logger.warning("sms %s webhook unreadable: %s", kind, error)
            return HttpResponse(status=400)
        return JsonResponse(answer)

    view.__name__ = view.__qualname__ = kind
    return view


def _status(payload: dict[str, object]) -> dict[str, object]:
    message = message_status_record(get_backend().parse_status(payload))
    return {"known": message is not None}


def _inbound(payload: dict[str, object]) -> dict[str, object]:
    reply, new = reply_receive(get_backend().parse_inbound(payload))
    return {"new": new, "matched": reply.person_id is not None}


status = _webhook("status", _status)
inbound = _webhook("inbound", _inbound)
