from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from .selectors import two_factor_device, two_factor_required
from .twofactor import two_factor_satisfied

# What a user who must still set up (or use) two-factor login may reach: the set-up page, the
# code page, logging out, the language switch, and the health probes; static files are served
# before any middleware runs.
ALLOWED_VIEWS = frozenset(
    {"accounts:two-factor-setup", "accounts:login-code", "accounts:logout", "set_language"}
)
ALLOWED_PATHS = frozenset({"/healthz", "/readyz"})


class TwoFactorMiddleware:
    """A logged-in user who holds a role that requires two-factor login, and whose session has
    not passed a second factor, is sent from every other page to the set-up page (or to the
    code page, when she already has a device).

    Token requests to the API carry no session user and pass untouched. The requirement is
    read on every request, so a role made mandatory applies at once, also to open sessions."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if (match is not None and match.view_name in ALLOWED_VIEWS) or _is_exempt_path(request):
            return None
        if two_factor_satisfied(request) or not two_factor_required(user):
            return None
        # She already has a device (from before the role required it): this session gives a
        # code; otherwise she sets one up.
        has_device = two_factor_device(user=user) is not None
        target = reverse("accounts:login-code" if has_device else "accounts:two-factor-setup")
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(target)
        return redirect(target)


def _is_exempt_path(request: HttpRequest) -> bool:
    path = request.path_info
    return path.rstrip("/") in ALLOWED_PATHS or path.startswith(settings.STATIC_URL or "/static/")
