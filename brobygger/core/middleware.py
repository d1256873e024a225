from __future__ import annotations

import functools
import ipaddress
import logging
import re
import time
import uuid
from collections.abc import Callable, Sequence

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.log import log_response

from . import logs
from .errors import DATABASE_UNAVAILABLE, database_unavailable, page_not_found

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,36}$")
_DIGITS = re.compile(r"[0-9]+")

access_logger = logging.getLogger("brobygger.request")
database_logger = logging.getLogger("brobygger.database")


def loggable_path(request: HttpRequest) -> str:
    """The request's path as logs may show it: never the query string, and nothing that
    could name a person. A URL with arguments (an id, a campaign code, a reset token) is
    shown as its pattern, ``/people/<int:person_id>/``; a path that matches no URL has its
    digits masked, in case someone pasted a CPR number into the address."""
    match = request.resolver_match
    if match is None:
        return _DIGITS.sub("#", request.path)
    if match.args or match.kwargs:
        return f"/{match.route}"
    return request.path


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.lru_cache(maxsize=4)
def trusted_proxy_networks(entries: Sequence[str]) -> tuple[Network, ...]:
    """The networks of REQUEST_ID_TRUSTED_PROXIES (addresses or CIDR networks)."""
    try:
        return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
    except ValueError as error:
        raise ImproperlyConfigured(f"REQUEST_ID_TRUSTED_PROXIES: {error}") from None


def upstream_request_id(request: HttpRequest) -> str:
    """The X-Request-ID of a trusted proxy, when the request comes straight from one
    (REMOTE_ADDR in REQUEST_ID_TRUSTED_PROXIES) and the id is well-formed; "" otherwise.
    Anybody else's header is ignored: a client must not choose what the logs call its
    request."""
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    if not incoming or not _VALID_REQUEST_ID.match(incoming):
        return ""
    networks = trusted_proxy_networks(tuple(settings.REQUEST_ID_TRUSTED_PROXIES))
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return ""
    return incoming if any(address in network for network in networks) else ""


class RequestIdMiddleware:
    """Gives every request an id of the server's making (a UUID), returned in the response as
    X-Request-ID, stamped on every log record written while the request runs
    (``logs.RequestIdFilter``) and stored in the access log; then writes one access line:
    method, path (see ``loggable_path``), URL name, status and duration. A trusted proxy's own
    X-Request-ID is kept beside it in the log lines (``upstream_request_id``), never instead
    of it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = str(uuid.uuid4())
        request.request_id = request_id  # type: ignore[attr-defined]
        # Until the response is closed (core.apps connects ``logs.forget_request_id``).
        logs.request_id.set(request_id)
        logs.upstream_request_id.set(upstream_request_id(request))
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        if access_logger.isEnabledFor(logging.INFO):
            self.log_access(request, response, time.perf_counter() - started)
        return response

    @staticmethod
    def log_access(request: HttpRequest, response: HttpResponse, seconds: float) -> None:
        path = loggable_path(request)
        match = request.resolver_match
        duration_ms = round(seconds * 1000, 1)
        access_logger.info(
            "%s %s %s %.1f ms",
            request.method,
            path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": path,
                "view": match.view_name if match else None,
                "status": response.status_code,
                "duration_ms": duration_ms,
            },
        )


class DatabaseUnavailableMiddleware:
    """Answers a database outage with the 503 page (``errors.database_unavailable``).

    A view's ``OperationalError`` or ``InterfaceError`` arrives at ``process_exception``. An
    error raised by another middleware (the session middleware saves the session on the way
    out) never reaches this one: Django turns it into a response at that middleware's own
    boundary, through handler500, and ``errors.server_error`` renders the same 503 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        response = database_unavailable(request)
        # One ERROR line with the traceback; it also keeps Django from logging it again.
        log_response(
            "Database unavailable (%s): %s answered 503",
            type(exception).__name__,
            loggable_path(request),
            response=response,
            request=request,
            logger=database_logger,
            exception=exception,
        )
        return response


class ProductNotFoundMiddleware:
    """Development only (``config.settings.dev``): a view's ``Http404`` gets the product's own
    404 page, as in production, instead of Django's technical page.

    A page outside a user's role answers 404 ("doesn't exist" and "not yours" look the same),
    and that page is what a demo or a check of the roles should show. Only the views' 404s
    are caught: an address that matches no URL pattern still gets the technical page with the
    list of patterns, and every other error keeps its traceback, which is why ``make run``
    keeps DEBUG on rather than turning it off."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, Http404):
            return None
        return page_not_found(request, exception)


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response to a logged-in user or an API client.

    What staff see (person pages, a revealed CPR number, reports, lists, the access log, the
    register, PDFs and spreadsheets) must not stay in a browser's or a proxy's cache on a
    shared office computer. A view that sets Cache-Control itself keeps its own. Static files
    (WhiteNoise answers them earlier) and the public pages of anonymous visitors keep theirs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.has_header("Cache-Control") or not self.is_personal(request):
            return response
        add_never_cache_headers(response)
        response.headers.setdefault("Pragma", "no-cache")
        return response

    @staticmethod
    def is_personal(request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        # The JSON API authenticates a token in the view, after this middleware has run.
        return bool(user is not None and user.is_authenticated) or (
            "HTTP_AUTHORIZATION" in request.META
        )


class InterfaceLanguageMiddleware:
    """Danish unless the user chose otherwise: the language comes from the language cookie
    (set by the language switch) and never from the browser's Accept-Language header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if code not in self.supported:
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", code)
        return response
