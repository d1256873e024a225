from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from brobygger.accounts.selectors import role_summary

from .navigation import menu_for

INTERFACE_LANGUAGES = ("da", "en")


def brobygger(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    return {
        "navigation": menu_for(user, request.path) if user and authenticated else [],
        "role_summary": role_summary(user) if user and authenticated else "",
        "organisation_label": settings.BROBYGGER_ORGANISATION_LABEL,
        "interface_languages": INTERFACE_LANGUAGES,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
