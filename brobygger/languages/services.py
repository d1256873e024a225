"""Writes of the language catalogue: administrators add a language, change it, or retire it
(a language in use by texts and people is switched off, never deleted)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.writes import record_save

from .models import Direction, Language


@dataclass(frozen=True, kw_only=True)
class LanguageData:
    """What ``language_save`` writes: a language and how it is written."""

    code: str
    name_da: str
    name_en: str
    native_name: str
    direction: str = Direction.LEFT_TO_RIGHT
    is_active: bool = True
    position: int = 100


@transaction.atomic
def language_save(*, actor: User, data: LanguageData, language: Language | None = None) -> Language:
    """Add a language, or change one. Only the system administrator may: the catalogue is
    shared by every municipality."""
    require_permission(actor, Permission.MANAGE_CONFIGURATION)
    return record_save(actor=actor, record=language or Language(), data=data)


@transaction.atomic
def language_retire(*, actor: User, language: Language, active: bool = False) -> Language:
    """Take a language out of use (its texts and the people who prefer it keep it), or back."""
    require_permission(actor, Permission.MANAGE_CONFIGURATION)
    language.is_active = active
    return record_save(actor=actor, record=language, values={"is_active": active})
