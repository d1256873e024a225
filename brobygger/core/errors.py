"""Error pages in the design system's look, rendered without a database query where possible."""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers

# The errors of a database that cannot be reached (down, restarting, connection lost), as
# opposed to a query the database refused.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
# Seconds a client is asked to wait before trying again (the Retry-After header).
RETRY_AFTER_SECONDS = 30


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # A database outage that a middleware met after the view (the session middleware saves
    # the session on the way out) reaches Django's 500 handler: answer it with the 503 page.
    if isinstance(sys.exception(), DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    # No context processors: the database may be the reason we are here.
    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 page for a database outage, rendered without the database: no context
    processors (they read the user and the menu), only the method and the active language.

    Every write is a service inside one transaction, so an outage mid-way leaves nothing
    half-written; the page tells whoever submitted a form to go back and submit it again."""
    context = {
        "submitted": request.method not in {"GET", "HEAD", "OPTIONS"},
        "retry_url": request.get_full_path(),
    }
    response = HttpResponse(loader.get_template("errors/503.html").render(context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
