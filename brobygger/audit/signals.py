"""Logins, logouts, failed logins and the events of accounts go to the access log.

Django's auth views offer only signals as a hook; accounts, below the access log, sends its
own (``brobygger.accounts.signals``) so that it imports nothing above it. This is the one place
signals are received."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from brobygger.accounts.signals import (
    account_changed,
    login_refused,
    object_refused,
    person_access_granted,
)

from .models import AccessAction
from .services import access_record, access_refused_record


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


@receiver(account_changed, dispatch_uid="brobygger_access_log_account_changed")
def _account_changed(sender: Any, actor: Any, obj: Any, created: bool, **kwargs: Any) -> None:
    action = AccessAction.CREATE if created else AccessAction.CHANGE
    access_record(user=actor, action=action, obj=obj)


@receiver(person_access_granted, dispatch_uid="brobygger_access_log_grant")
def _person_access_granted(
    sender: Any, actor: Any, user: Any, municipality_id: int, role: str, **kwargs: Any
) -> None:
    access_record(
        user=actor,
        action=AccessAction.GRANT,
        obj=user,
        municipality_id=municipality_id,
        search_criterion=f"role={role}",
    )


@receiver(login_refused, dispatch_uid="brobygger_access_log_login_refused")
def _login_refused(sender: Any, username: str, **kwargs: Any) -> None:
    access_record(user=None, action=AccessAction.LOGIN_FAILED, username=username)


@receiver(object_refused, dispatch_uid="brobygger_access_log_object_refused")
def _object_refused(sender: Any, user: Any, model: Any, object_id: Any, **kwargs: Any) -> None:
    access_refused_record(user=user, model=model, object_id=object_id)
