"""Logins, logouts and failed logins go to the access log.

Django's auth views offer only signals as a hook, so this is the one place signals are used."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AccessAction
from .services import access_record


@receiver(user_logged_in, dispatch_uid="brobygger_access_log_login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    access_record(user=user, action=AccessAction.LOGIN, purpose="accounts:login")


@receiver(user_logged_out, dispatch_uid="brobygger_access_log_logout")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        access_record(user=user, action=AccessAction.LOGOUT, purpose="accounts:logout")


@receiver(user_login_failed, dispatch_uid="brobygger_access_log_login_failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any) -> None:
    access_record(
        user=None,
        action=AccessAction.LOGIN_FAILED,
        purpose="accounts:login",
        username=str(credentials.get("username", ""))[:150],
    )
