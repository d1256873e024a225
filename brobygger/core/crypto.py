"""Encryption at rest and keyed hashes for exact-match search of protected values (CPR).

``FIELD_ENCRYPTION_KEY`` holds one or more Fernet keys, comma-separated: the first encrypts,
all decrypt, so keys can be rotated. The lookup hash is an HMAC-SHA256 under a key derived
from the first key, so the hash reveals nothing without the key and cannot be reversed by
trying all 10-digit numbers.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=4)
def _fernet(keys: str) -> MultiFernet:
    parts = [key.strip() for key in keys.split(",") if key.strip()]
    if not parts:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is not set")
    try:
        return MultiFernet([Fernet(key.encode()) for key in parts])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY must be url-safe base64 of 32 bytes"
        ) from error


def _keys() -> str:
    return str(settings.FIELD_ENCRYPTION_KEY)


def encrypt(value: str) -> str:
    return _fernet(_keys()).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet(_keys()).decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "a protected value cannot be decrypted with FIELD_ENCRYPTION_KEY"
        ) from error


def lookup_hash(value: str, *, purpose: str) -> str:
    """A keyed hash of ``value`` for exact-match search; ``purpose`` separates the uses."""
    first_key = base64.urlsafe_b64decode(_keys().split(",")[0].strip())
    derived = hmac.new(first_key, f"brobygger:{purpose}".encode(), hashlib.sha256).digest()
    return hmac.new(derived, value.encode(), hashlib.sha256).hexdigest()
