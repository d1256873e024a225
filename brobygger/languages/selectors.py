"""Reads of the language catalogue. Languages are shared by every municipality: no scope."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import CODE_PATTERN, DANISH, Language


def language_list(*, active_only: bool = True) -> QuerySet[Language]:
    languages = Language.objects.all()
    return languages.active() if active_only else languages


def language_get(code: str) -> Language | None:
    """The language with this code, or None (an unknown or empty code)."""
    if not code or not CODE_PATTERN.fullmatch(code):
        return None  # never a query with what cannot be a code (a NUL byte, say)
    return Language.objects.filter(code=code).first()


def language_or_danish(code: str | None) -> Language:
    """The language with this code if it is in use, else Danish: what a text falls back to."""
    found = language_get(code or "")
    if found is not None and found.is_active:
        return found
    return Language.objects.get(code=DANISH)
