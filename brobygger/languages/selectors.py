"""Reads of the language catalogue. Languages are shared by every municipality: no scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db.models import Model, QuerySet

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


RowT = TypeVar("RowT", bound=Model)


@dataclass(frozen=True)
class InLanguage(Generic[RowT]):
    """A text kept per language (a row with a ``language``), in the language asked for."""

    row: RowT
    # The language has no text of its own: the Danish row is used, and staff are told.
    fell_back: bool


def in_language(rows: QuerySet[RowT], language: Language | None) -> InLanguage[RowT]:
    """The row of ``rows`` in ``language``, else the Danish one (which every such text has)."""
    wanted = language.code if language is not None else DANISH
    found = {
        row.language.code: row  # type: ignore[attr-defined]
        for row in rows.select_related("language").filter(language__code__in=[wanted, DANISH])
    }
    if wanted in found:
        return InLanguage(found[wanted], fell_back=False)
    return InLanguage(found[DANISH], fell_back=wanted != DANISH)
