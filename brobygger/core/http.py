"""Request helpers for views: the public request type and the safe "next" address."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails


class PublicRequest(HttpRequest):
    htmx: HtmxDetails


def safe_next(request: HttpRequest) -> str:
    """The page to go on to (``next`` in the form or the address): a path on this site only,
    else "". A bare word would be taken by ``redirect()`` for a view name; a scheme or another
    host is refused."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if not candidate.startswith("/") or candidate.startswith("//"):
        return ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""
