"""Name keys for finding the spellings the target group really has.

Lists spell the same woman "Mohamed", "Muhammad" and "Maxamed", "Hussein" and "Husain",
"Ayşe" and "Ayse". Every name word gets two keys:

* the folded word (lower case, no accents): "ayşe" → "ayse", found by prefix while typing;
* a romanisation skeleton: the consonants after a few transliteration rules, which maps
  variant spellings of one name to one key: "mohamed", "muhammad", "maxamed" → "mhmd".

The skeleton is deliberately generous (it finds a few extra names); the list shows all hits.
"""

from __future__ import annotations

import re
import unicodedata

_SPECIAL = str.maketrans({"ı": "i", "ø": "o", "æ": "ae", "å": "aa", "ß": "ss", "đ": "d"})
# Applied in order: digraphs of German, French, English and Somali romanisations.
_DIGRAPHS = (
    ("sch", "sh"),
    ("tsch", "ch"),
    ("ph", "f"),
    ("ou", "u"),
    ("kh", "k"),
    ("ch", "k"),
    ("dh", "d"),
    ("th", "t"),
    ("gh", "g"),
)
_LETTERS = str.maketrans({"x": "h", "q": "k", "z": "s", "v": "w", "c": "k", "j": "y"})
_VOWELS = set("aeiouy")
# Words that are particles rather than names: "Al-Hassan" is found by "Hassan".
PARTICLES = frozenset({"al", "el", "ul", "bin", "ibn", "bint", "abu", "de", "la", "dela", "van"})


def fold(text: str) -> str:
    """Lower case, accents and punctuation removed: "Ayşe Yılmaz" → "ayse yilmaz"."""
    lowered = text.lower().translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", lowered)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", letters).split())


def skeleton(word: str) -> str:
    """The romanisation key of one folded word: "hussein", "husain" → "hsn"."""
    if not word:
        return ""
    # Somali writes the ayn as "c": "Cabdi" is "Abdi", "Cali" is "Ali".
    if len(word) > 2 and word[0] == "c" and word[1] in _VOWELS:
        word = word[1:]
    for digraph, replacement in _DIGRAPHS:
        word = word.replace(digraph, replacement)
    word = word.translate(_LETTERS)
    first = "a" if word[0] in _VOWELS else word[0]
    rest = [c for c in word[1:] if c not in _VOWELS]
    if rest and rest[-1] == "h":  # "Fatimah" is "Fatima"
        rest.pop()
    key = first
    for letter in rest:
        if letter != key[-1]:
            key += letter
    return key


def name_tokens(*parts: str) -> set[str]:
    """The folded words of a name, without particles and one-letter initials."""
    return {
        token
        for part in parts
        for token in fold(part).split()
        if len(token) > 1 and token not in PARTICLES
    }


def name_keys(*parts: str) -> set[str]:
    """All search keys of a name: "n:<word>" for every word and "s:<skeleton>" for it."""
    keys = set()
    for token in name_tokens(*parts):
        keys.add(f"n:{token}"[:40])
        keys.add(f"s:{skeleton(token)}"[:40])
    return keys


# Invisible characters that change how text shows (direction marks, embeddings, overrides
# and isolates) or that no name contains (C0 and C1 control characters, line and paragraph
# separators, zero-width space, word joiner, byte order mark). The zero-width (non-)joiners
# stay: Persian and Indic names need them. The registration forms and the list import both
# remove them, so a name never shows other than it reads.
INVISIBLE = re.compile(
    r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f"
    r"\u2028-\u202e\u2060\u2066-\u2069\ufeff]"
)


def strip_invisible(text: str) -> str:
    return INVISIBLE.sub("", text)
