"""Request types for views: a logged-in user and django-htmx's details on every request."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from brobygger.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request behind ``login_required``: ``user`` is a real account."""

    user: User
    htmx: HtmxDetails


class PublicRequest(HttpRequest):
    htmx: HtmxDetails
