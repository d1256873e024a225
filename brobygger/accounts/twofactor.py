"""The second step of a login, kept in the session.

After a correct password (or an OpenID Connect login without the provider's own second factor)
a user with a confirmed TOTP device is *not* logged in yet: the session holds a pending login
(who, through which backend, where to go next, since when) until she enters a code on the code
page. Only then does ``complete_login`` call Django's ``login`` and django-otp's ``login``, so
no view, whether it checks anything or not, ever sees a user who has given her password only.

A session has passed its second factor when django-otp verified it (``user.is_verified()``),
or when the OpenID Connect provider asserted its own multi-factor login (``oidc.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import django_otp
from django.contrib import auth
from django.http import HttpRequest
from django.utils import timezone
from django_otp.models import Device
from django_otp.util import random_hex

from .models import User

PENDING_LOGIN_KEY = "brobygger_pending_login"
# The secret of a two-factor device being set up, until a code from the app confirms it.
PENDING_TOTP_KEY = "brobygger_pending_totp_key"
PROVIDER_MFA_KEY = "brobygger_mfa_by_identity_provider"
# Long enough to find the phone; short enough that a password typed on a shared screen and
# left there is no half-open door.
PENDING_LOGIN_SECONDS = 5 * 60


@dataclass(frozen=True)
class PendingLogin:
    user: User
    backend: str
    next_url: str


def pending_login_start(request: HttpRequest, *, user: User, backend: str, next_url: str) -> None:
    """Remember that ``user`` has passed the first step; the code page completes the login."""
    request.session[PENDING_LOGIN_KEY] = {
        "user_id": user.pk,
        "backend": backend,
        "next": next_url,
        "started": timezone.now().timestamp(),
    }


def pending_login(request: HttpRequest) -> PendingLogin | None:
    """The session's pending login, unless there is none or it is too old."""
    data = request.session.get(PENDING_LOGIN_KEY)
    if not isinstance(data, dict):
        return None
    if timezone.now().timestamp() - float(data.get("started", 0)) > PENDING_LOGIN_SECONDS:
        del request.session[PENDING_LOGIN_KEY]
        return None
    user = User.objects.filter(pk=int(data["user_id"]), is_active=True).first()
    if user is None:
        return None
    return PendingLogin(user=user, backend=str(data["backend"]), next_url=str(data["next"]))


def complete_login(request: HttpRequest, *, pending: PendingLogin, device: Device) -> None:
    """Log the pending user in, verified by ``device`` (Django's login writes the access log)."""
    auth.login(request, pending.user, backend=pending.backend)
    request.session.pop(PENDING_LOGIN_KEY, None)
    django_otp.login(request, device)


def two_factor_satisfied(request: HttpRequest) -> bool:
    """Whether this session has passed a second factor (a code, or the provider's own MFA)."""
    user = request.user
    if not user.is_authenticated:
        return False
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return True
    return request.session.get(PROVIDER_MFA_KEY) is True


def pending_totp_key(request: HttpRequest) -> str:
    """The secret the set-up page shows, kept in her session (not as a device row) until a
    code confirms it; the same one on every reload, so a code already scanned stays good."""
    key = request.session.get(PENDING_TOTP_KEY)
    if not isinstance(key, str) or not key:
        key = random_hex(20)
        request.session[PENDING_TOTP_KEY] = key
    return key


def pending_totp_key_forget(request: HttpRequest) -> None:
    request.session.pop(PENDING_TOTP_KEY, None)
