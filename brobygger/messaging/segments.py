"""How many SMS parts a text takes: GSM-7 when every character is in the GSM 03.38 alphabet
(its extension table costs two septets a character), otherwise UCS-2 (Arabic, Thai, Ge'ez,
emoji...). One part holds 160 GSM-7 septets or 70 UCS-2 units; a longer text is split into
parts of 153 or 67, the rest of each part being the header that joins them again."""

from __future__ import annotations

from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Reached through the escape character: each counts as two septets.
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

GSM7 = "gsm7"
UCS2 = "ucs2"
SINGLE = {GSM7: 160, UCS2: 70}
CONCATENATED = {GSM7: 153, UCS2: 67}


@dataclass(frozen=True)
class Segments:
    encoding: str
    count: int
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)


def is_gsm7(text: str) -> bool:
    return all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text)


def _units(text: str, encoding: str) -> list[int]:
    """The width of each character: septets, or UTF-16 code units (2 beyond the BMP)."""
    if encoding == GSM7:
        return [2 if char in GSM7_EXTENSION else 1 for char in text]
    return [2 if ord(char) > 0xFFFF else 1 for char in text]


def count_segments(text: str) -> Segments:
    """The encoding and number of parts of ``text``. A character that takes two units is
    never split between two parts (an escape pair, a surrogate pair), as phones require."""
    encoding = GSM7 if is_gsm7(text) else UCS2
    widths = _units(text, encoding)
    total = sum(widths)
    if total == 0:
        return Segments(encoding, 0, 0)
    if total <= SINGLE[encoding]:
        return Segments(encoding, 1, total)
    size = CONCATENATED[encoding]
    parts, used = 1, 0
    for width in widths:
        if used + width > size:
            parts, used = parts + 1, 0
        used += width
    return Segments(encoding, parts, total)
