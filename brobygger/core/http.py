"""Request types for views: a logged-in user and django-htmx's details on every request."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails

from brobygger.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request behind ``login_required``: ``user`` is a real account."""

    user: User
    htmx: HtmxDetails


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
