from __future__ import annotations

import functools
from collections.abc import Callable

from csp.middleware import CSPMiddleware
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from . import views

PROBES: dict[str, Callable[[HttpRequest], HttpResponse]] = {
    "healthz": views.healthz,
    "readyz": views.readyz,
}


@functools.lru_cache(maxsize=8)
def _probe_paths(
    urlconf: str | None, script_prefix: str
) -> dict[str, Callable[[HttpRequest], HttpResponse]]:
    # The paths come from the URLconf (names `healthz`, `readyz`), so they live in one place.
    paths = {}
    for name, view in PROBES.items():
        try:
            paths[reverse(name, urlconf=urlconf)] = view
        except NoReverseMatch:
            continue
    return paths


class ProbeMiddleware:
    """Answers /healthz and /readyz first, before every other middleware.

    A load balancer probes the app server directly: over plain HTTP (no X-Forwarded-Proto, so
    SecurityMiddleware would redirect to HTTPS), with the server's address as Host (not in
    ALLOWED_HOSTS), every few seconds. Nothing after this middleware runs for a probe: no
    session or user lookup (no database query for /healthz), no two-factor check, no access
    line in the log, no request id. The answer still gets the site's security headers, from
    the same middleware that sets them on every other response (the views add no-store)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # Only their response side runs for a probe: no HTTPS redirect, no host check.
        self.csp = CSPMiddleware(get_response)
        self.frame_options = XFrameOptionsMiddleware(get_response)
        self.security = SecurityMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = _probe_paths(get_urlconf(), get_script_prefix()).get(request.path)
        if probe is None:
            return self.get_response(request)
        response = probe(request)
        self.csp.process_request(request)
        for middleware in (self.csp, self.frame_options, self.security):
            response = middleware.process_response(request, response)  # type: ignore[assignment]
        return response
