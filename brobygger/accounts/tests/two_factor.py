"""Helpers for the two-factor tests: a confirmed device, and the code its app shows now."""

from __future__ import annotations

from base64 import b32decode

from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from brobygger.accounts.models import User
from brobygger.accounts.twofactor import PENDING_TOTP_KEY
from brobygger.testing import PASSWORD


def device_for(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Brobygger", confirmed=True)


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows at this moment (time-machine moves the moment), or
    ``steps_ahead`` periods of 30 seconds later (accepted too: django-otp allows one step of
    clock drift, and a code cannot be used twice)."""
    if device.pk is not None:
        device.refresh_from_db()
    t0 = device.t0 - steps_ahead * device.step
    return f"{totp(device.bin_key, device.step, t0, device.digits, device.drift):06d}"


def pending_device(client: Client) -> TOTPDevice:
    """The device the set-up page shows, from the secret waiting in the session (unsaved)."""
    return TOTPDevice(key=client.session[PENDING_TOTP_KEY], name="Brobygger")


def code_for_pending(client: Client, *, steps_ahead: int = 0) -> str:
    """The code her app shows for the secret of the set-up page."""
    return code_for(pending_device(client), steps_ahead=steps_ahead)


def device_for_secret(secret: str) -> TOTPDevice:
    """The device behind the key the set-up page shows as text (base32 in groups of four), as
    a person types it into her app."""
    return TOTPDevice(key=b32decode(secret.replace(" ", "")).hex(), name="Brobygger")


def password_login(client: Client, user: User, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"username": user.username, "password": password})
