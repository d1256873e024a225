"""Issuing and checking API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import signals
from .models import ApiToken, User
from .selectors import two_factor_required

TOKEN_BYTES = 32


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: User, name: str, second_factor: bool, valid_days: int | None = None
) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the record and the token (shown only now).

    A token lives at most ``API_TOKEN_DAYS`` (90 by default). ``second_factor`` says that it
    was made after a second factor: a user whose role requires two-factor login can use only
    such a token, so a password alone never becomes a credential that skips the code."""
    longest = settings.API_TOKEN_DAYS
    days = longest if valid_days is None else valid_days
    if not 1 <= days <= longest:
        raise ValidationError(
            _("A token can live from 1 to %(days)s days.") % {"days": longest}, code="days"
        )
    token = f"bbg_{secrets.token_urlsafe(TOKEN_BYTES)}"
    record = ApiToken(
        user=user,
        name=name,
        prefix=token[:8],
        key_hash=_hash(token),
        expires_at=timezone.now() + timedelta(days=days),
        second_factor=second_factor,
    )
    record.full_clean()
    record.save()
    signals.changed(user, record, created=True)
    return record, token


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    """Stop a token of one's own from working."""
    if token.user_id != actor.pk:
        raise ValidationError(_("This is not your token."), code="not_yours")
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    signals.changed(actor, token)


def api_token_user(token: str) -> User | None:
    """The active user behind a valid, unexpired, unrevoked token; None otherwise."""
    if not token.startswith("bbg_") or len(token) > 100:
        return None
    record = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if record is None:
        return None
    now = timezone.now()
    if record.expires_at is None or record.expires_at <= now:
        return None
    if not record.second_factor and two_factor_required(record.user):
        return None
    # At most one write a minute per token: "last used" is for the administrator's overview.
    if record.last_used_at is None or now - record.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user
