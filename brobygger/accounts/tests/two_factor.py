"""Helpers for the two-factor tests: a confirmed device, and the code its app shows now."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from brobygger.accounts.models import User
from brobygger.testing import PASSWORD


def device_for(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Brobygger", confirmed=True)


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows at this moment (time-machine moves the moment), or
    ``steps_ahead`` periods of 30 seconds later (accepted too: django-otp allows one step of
    clock drift, and a code cannot be used twice)."""
    device.refresh_from_db()
    t0 = device.t0 - steps_ahead * device.step
    return f"{totp(device.bin_key, device.step, t0, device.digits, device.drift):06d}"


def password_login(client: Client, user: User, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"username": user.username, "password": password})
