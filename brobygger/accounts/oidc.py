"""Login through the municipality's OpenID Connect provider (optional; mozilla-django-oidc).

Configured only by environment variables (``OIDC_*`` in config/settings/base.py, README
"Logging in"). Unless the client id and all four endpoints are set, the login page shows no
button and both views answer 404, as if they did not exist.

- Nobody is created by a login. The claim ``OIDC_USERNAME_CLAIM`` ("email": the e-mail
  address; any other claim: the user name) must name exactly one active user, whose roles an
  administrator gave her. Anything else is refused with a message and written to the access log
  as a failed login; so is an answer from the provider that does not verify (signature, nonce,
  audience, the userinfo's subject).
- The second factor. When the ID token says that the provider itself did a multi-factor login
  (``amr`` holds one of ``OIDC_MFA_AMR_VALUES``, or ``acr`` is one of ``OIDC_MFA_ACR_VALUES``),
  that counts as the second factor and no TOTP code is asked for. Otherwise the login goes on
  exactly as after a password: a user with a TOTP device enters a code, and a role that
  requires two-factor login sends her to set it up.
- A successful login is written to the access log by Django's ``user_logged_in`` signal, as
  every login is.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from . import signals, twofactor
from .models import User
from .selectors import two_factor_device

LOGGER = logging.getLogger(__name__)

REQUIRED_SETTINGS = (
    "OIDC_RP_CLIENT_ID",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
)
# Set on the user the backend returns, for the callback view.
MFA_ATTRIBUTE = "mfa_by_identity_provider"


def oidc_enabled() -> bool:
    """Whether OpenID Connect login is configured (read at every call: tests override it)."""
    return all(getattr(settings, name, "") for name in REQUIRED_SETTINGS)


def oidc_missing_settings() -> list[str]:
    return [name for name in REQUIRED_SETTINGS if not getattr(settings, name, "")]


def provider_did_mfa(id_token_claims: dict[str, Any]) -> bool:
    """Whether the ID token asserts a multi-factor login (RFC 8176 ``amr``, or an ``acr``)."""
    amr = id_token_claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if set(map(str, amr)) & set(settings.OIDC_MFA_AMR_VALUES):
        return True
    return str(id_token_claims.get("acr", "")) in set(settings.OIDC_MFA_ACR_VALUES)


class OidcRefused(Exception):
    """A login the provider vouched for, or tried to, that Brobygger refuses."""

    def __init__(self, message: str, *, username: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.username = username[:150]


def _unverifiable(reason: str) -> OidcRefused:
    LOGGER.warning("OpenID Connect login refused: %s", reason)
    return OidcRefused(
        _(
            "The answer from the municipality's login could not be verified. Try again, or "
            "log in with your user name and password."
        )
    )


class OidcBackend(OIDCAuthenticationBackend):
    """Matches the provider's user to an existing active user; never creates one."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # Only the callback view passes a nonce; a password login passes user name and password.
        if request is None or "nonce" not in kwargs or not oidc_enabled():
            return None
        try:
            user: User | None = super().authenticate(request, **kwargs)
        except OidcRefused:
            raise
        except (
            SuspiciousOperation,
            jwt.PyJWTError,
            requests.RequestException,
            KeyError,
            ValueError,
        ) as error:
            raise _unverifiable(str(error)) from error
        return user

    @property
    def claim(self) -> str:
        return str(settings.OIDC_USERNAME_CLAIM)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(str(claims.get(self.claim, "")).strip())

    def filter_users_by_claims(self, claims: dict[str, Any]) -> models.QuerySet[User]:
        value = str(claims.get(self.claim, "")).strip()
        if not value:
            return User.objects.none()
        field = "email__iexact" if self.claim == "email" else "username__iexact"
        return User.objects.filter(is_active=True, **{field: value})

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User:
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        # Raised as OidcRefused: the library turns a SuspiciousOperation from here into None.
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise _unverifiable("the ID token was issued to another client")
        claims = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise _unverifiable("the userinfo belongs to another subject than the ID token")
        name = str(claims.get(self.claim, "")).strip()
        if not self.verify_claims(claims):
            raise OidcRefused(
                _("The municipality's login did not say who you are (%(claim)s is missing).")
                % {"claim": self.claim}
            )
        users = list(self.filter_users_by_claims(claims)[:2])
        if len(users) > 1:
            raise OidcRefused(
                _(
                    "More than one user in Brobygger matches %(name)s. Ask an administrator "
                    "to correct the users."
                )
                % {"name": name},
                username=name,
            )
        if not users:
            raise OidcRefused(
                _(
                    "%(name)s has no active user in Brobygger. An administrator creates users "
                    "and gives them their roles."
                )
                % {"name": name},
                username=name,
            )
        user = users[0]
        setattr(user, MFA_ATTRIBUTE, provider_did_mfa(payload))
        return user


def _refuse(request: HttpRequest, message: str, *, username: str = "") -> HttpResponse:
    signals.refused_login(username)
    messages.error(request, message)
    return redirect("accounts:login")


class OidcAuthenticateView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider (with state, nonce and PKCE)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            raise Http404
        response: HttpResponse = super().get(request)
        return response


class OidcCallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with a code, exchanged for the tokens."""

    @property
    def failure_url(self) -> str:
        return reverse("accounts:login")

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            raise Http404
        try:
            response: HttpResponse = super().get(request)
        except OidcRefused as refused:
            return _refuse(request, refused.message, username=refused.username)
        except SuspiciousOperation as error:  # e.g. a state that is not this session's
            LOGGER.warning("OpenID Connect callback refused: %s", error)
            return self.login_failure()
        return response

    def login_failure(self) -> HttpResponse:
        return _refuse(
            self.request,
            _(
                "The login with the municipality's login did not succeed. Try again, or log in "
                "with your user name and password."
            ),
        )

    def login_success(self) -> HttpResponse:
        user: User = self.user
        if getattr(user, MFA_ATTRIBUTE, False):
            response: HttpResponse = super().login_success()
            self.request.session[twofactor.PROVIDER_MFA_KEY] = True
            return response
        if two_factor_device(user=user) is not None:
            twofactor.pending_login_start(
                self.request,
                user=user,
                backend=str(getattr(user, "backend", "")),
                next_url=self.success_url,
            )
            return redirect("accounts:login-code")
        response = super().login_success()
        return response
