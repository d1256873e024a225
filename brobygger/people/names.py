"""Name keys for matching the spellings the target group really has."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case, accents and punctuation removed: "Ayşe Yılmaz" → "ayse yilmaz"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i").replace("ø", "o"))
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = "".join(c if c.isalnum() else " " for c in letters.lower())
    return " ".join(cleaned.split())


def name_tokens(*parts: str) -> set[str]:
    return {token for part in parts for token in fold(part).split() if len(token) > 1}
