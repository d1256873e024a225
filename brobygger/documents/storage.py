"""The bytes of the documents, in ``DOCUMENT_ROOT`` under names the application makes."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage


def _storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.DOCUMENT_ROOT, file_permissions_mode=0o600)


def file_store(content: bytes, extension: str) -> str:
    """Write ``content`` under a new random name (with the extension its type gave) and return
    the name. The name the file came with is never part of the path."""
    name = f"{secrets.token_hex(16)}.{extension}"
    return _storage().save(name, ContentFile(content))


def file_open(stored_name: str) -> File:
    return _storage().open(stored_name, "rb")


def file_delete(stored_name: str) -> None:
    _storage().delete(stored_name)


def file_exists(stored_name: str) -> bool:
    return _storage().exists(stored_name)
