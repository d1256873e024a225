"""What accounts tells the access log, so that accounts imports nothing above it.

The access log (``brobygger.audit``) stands on accounts: it needs the user model and the
policy. Accounts in turn must have its own events logged: who created or changed whose
account, a second factor or a token, who was granted a role with access to people, every
refused login code and every refused object. It sends these signals and
``brobygger.audit.signals`` writes them. Receivers run in the sender's transaction (Django's
signals are synchronous), so a change and its log entry are saved together or not at all; a
test fails when one of them has no receiver.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.dispatch import Signal

#: ``actor`` created (``created=True``) or changed ``obj``: a user, her second factor, a token.
account_changed = Signal()
#: ``actor`` gave ``user`` a ``role`` with access to the people of ``municipality_id``.
person_access_granted = Signal()
#: A login (a password, a second-factor code, a single sign-on) was refused for ``username``.
login_refused = Signal()
#: ``user`` asked for the ``model`` object ``object_id``, which exists but is not theirs to see.
object_refused = Signal()

SIGNALS = (account_changed, person_access_granted, login_refused, object_refused)


def changed(actor: Any, obj: models.Model, *, created: bool = False) -> None:
    account_changed.send(sender=type(obj), actor=actor, obj=obj, created=created)


def refused_login(username: str) -> None:
    login_refused.send(sender=None, username=username)
