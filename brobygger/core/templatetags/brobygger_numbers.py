"""Numbers as Danish readers expect them: "34,2 %" with a non-breaking space."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.conf import settings
from django.utils import formats

register = template.Library()


@register.filter
def percent(share: float | Decimal | None, digits: int = 1) -> str:
    """A share (0–1) as a percentage in the active language's number format; "—" for none."""
    if share is None or share == "":
        return "—"
    return f"{formats.number_format(round(float(share) * 100, digits), digits)}\u00a0%"


@register.simple_tag
def small_number_threshold() -> int:
    """Counts below this are shown as "<5" to those without person access (measures.disclosure)."""
    return int(getattr(settings, "BROBYGGER_SMALL_NUMBER_THRESHOLD", 5))
