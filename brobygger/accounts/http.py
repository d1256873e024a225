"""The request of a logged-in user, for views' type hints."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from .models import User


class AuthedRequest(HttpRequest):
    """A request behind ``login_required``: ``user`` is a real account."""

    user: User
    htmx: HtmxDetails
