"""Numbers as Danish readers expect them: "34,2 %" with a non-breaking space."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from django import template
from django.conf import settings
from django.utils import formats
from django.utils.translation import get_language

register = template.Library()


@register.filter
def percent(share: float | Decimal | None, digits: int = 1) -> str:
    """A share (0–1) as a percentage in the active language's number format; "—" for none."""
    if share is None or share == "":
        return "—"
    return _percent(round(float(share) * 100, digits), digits, get_language())


# A national method page shows thousands of percentages, most of them the same few hundred:
# each is formatted once per language.
@lru_cache(maxsize=4096)
def _percent(rounded: float, digits: int, _language: str | None) -> str:
    return f"{formats.number_format(rounded, digits)}\u00a0%"


@register.simple_tag
def small_number_threshold() -> int:
    """Counts below this are shown as "<5" to those without person access (measures.disclosure)."""
    return int(getattr(settings, "BROBYGGER_SMALL_NUMBER_THRESHOLD", 5))
