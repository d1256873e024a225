from __future__ import annotations

from typing import Any

from django import template

from brobygger.reports.exports import format_value
from brobygger.reports.tables import TEXT

register = template.Library()


@register.filter
def report_cell(pair: tuple[Any, str]) -> str:
    """A table cell (value, kind) formatted for the active language."""
    value, kind = pair
    return format_value(value, kind)


@register.filter
def is_number(kind: str) -> bool:
    return kind != TEXT
