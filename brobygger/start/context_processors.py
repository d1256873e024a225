from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from brobygger.accounts.access import memberships_of
from brobygger.accounts.selectors import role_summary

from .navigation import menu_for

# The interface's languages (settings.LANGUAGES): Danish and English. The languages people
# are written to in are data (brobygger.languages).
INTERFACE_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def brobygger(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    return {
        "navigation": menu_for(user, request.path) if user and authenticated else [],
        "role_summary": role_summary(user) if user and authenticated else "",
        "organisation_label": _organisation_label(user)
        if authenticated
        else (settings.BROBYGGER_ORGANISATION_LABEL),
        "interface_languages": INTERFACE_LANGUAGES,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }


def _organisation_label(user: Any) -> str:
    """The header names the user's municipality ("Viborg Kommune") when she works in one;
    otherwise the installation's label (a partnership's staff, administrators)."""
    municipalities = {m.municipality for m in memberships_of(user) if m.municipality is not None}
    if len(municipalities) == 1:
        return municipalities.pop().official_name
    return str(settings.BROBYGGER_ORGANISATION_LABEL)
