"""The load balancer's probes. ``ProbeMiddleware`` answers them before any other middleware,
so they need no login, no session and no allowed host, and write no log lines."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from .health import readiness_problem


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Never touches the database, so an outage does not make
    the load balancer restart healthy processes."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: the database answers and every migration is applied; 503 with the reason
    otherwise, so the load balancer sends no requests here."""
    problem = readiness_problem()
    if problem:
        return JsonResponse({"status": "unavailable", "reason": problem}, status=503)
    return JsonResponse({"status": "ok"})
