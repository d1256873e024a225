from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from .context import RequestContext, current_request


class AccessLogMiddleware:
    """Makes the client address, request id and view name available to the access log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(
            RequestContext(
                ip_address=request.META.get("REMOTE_ADDR") or None,
                request_id=getattr(request, "request_id", ""),
            )
        )
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> None:
        match = request.resolver_match
        context = current_request.get()
        current_request.set(
            RequestContext(
                ip_address=context.ip_address,
                request_id=context.request_id,
                purpose=match.view_name if match else "",
            )
        )
