"""Issuing and checking API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record

from .models import ApiToken, User

TOKEN_BYTES = 32


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: User, name: str, valid_days: int | None = 365
) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the record and the token (shown only now)."""
    token = f"bbg_{secrets.token_urlsafe(TOKEN_BYTES)}"
    record = ApiToken(
        user=user,
        name=name,
        prefix=token[:8],
        key_hash=_hash(token),
        expires_at=timezone.now() + timedelta(days=valid_days) if valid_days else None,
    )
    record.full_clean()
    record.save()
    access_record(user=user, action=AccessAction.CREATE, obj=record)
    return record, token


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
    if record.expires_at is not None and record.expires_at <= now:
        return None
    # At most one write a minute per token: "last used" is for the administrator's overview.
    if record.last_used_at is None or now - record.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user
