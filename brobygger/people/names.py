"""Name keys for finding the spellings the target group really has, in any script.

Lists spell the same woman "Mohamed", "Muhammad" and "Maxamed", "Hussein" and "Husain",
"Ayşe" and "Ayse"; the public form receives "محمد" or "มาลี". A name typed in another script
is kept as typed and romanised (``romanise``: ICU's transliterators through PyICU, the
``Any-Latin; Latin-ASCII`` chain), and every name word then gets three keys:

* the folded word (lower case, ASCII, no accents): "ayşe" → "ayse", found exactly and by
  prefix while typing;
* a phonetic key: the digraphs and letters of the skeleton, vowels kept as three classes
  (a, i, u), doubled letters once: "hussein", "husain", "hussain" → "husin", but "hassan" →
  "hasan": a close spelling, ranked above a skeleton-only match;
* a romanisation skeleton: the consonants after a few transliteration rules, which maps
  variant spellings of one name to one key: "mohamed", "muhammad", "maxamed" → "mhmd". The
  skeleton also joins a letter-by-letter romanisation of Arabic script, which writes no
  short vowels ("محمد" → "mhmd", "فاطمة" → "fatmh" → "ftm"), with the Latin spellings.

The skeleton is deliberately generous (it finds a few extra names, "Mahmoud" for
"Mohamed"); the search ranks by the closest key that matched (``selectors.person_list``).

The Arabic article is one word with the name: "Al-Hassan", "Al Hassan", "El Hassan" and
"Alhassan" all give the word "alhassan" and keys of the name without it ("hassan": a
phonetic key of its own kind, "a:", and the skeleton), so the four meet each other exactly,
and meet "Hassan" after the close spellings of either.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass

import icu

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
_VOWEL_CLASS = {"a": "a", "e": "i", "i": "i", "y": "i", "o": "u", "u": "u"}
# Words that are particles rather than names. The article ("al", "el", "ul") is joined to
# the word after it; the others are left out: "Ibn Rashid" is found by "Rashid".
PARTICLES = frozenset({"al", "el", "ul", "bin", "ibn", "bint", "abu", "de", "la", "dela", "van"})
ARTICLES = ("al", "el", "ul")

# Letters outside the Latin script (Latin runs to U+024F, then the IPA and the Latin
# extensions, which Latin-ASCII reads): only such text goes through the transliterator.
_NON_LATIN = re.compile(r"[^\u0000-\u024f\u1e00-\u1eff\u2000-\u206f]")
# Marks that a transliteration writes for a sound Latin spellings leave out (the ayn and the
# hamza, a soft sign, the Ethiopic sixth order's schwa): "ʿAli" is "Ali", "Natalʹâ" is
# "Natalâ", "samǝhar" is "samhar".
_MODIFIERS = re.compile(r"['ʹʺʻʼʽʾʿˈ`´ǝ]")
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")

# Arabic script: three contextual readings that a letter-by-letter transliteration misses and
# on which the common Latin spellings of Arabic names agree. They name classes of letters in
# a position, not names; the rest of the script is ICU's.
#   1. The article "ال" at the start of a word is written apart: "الحسن" → "al-hsn".
#   2. The tied t (ة) at the end of a name is read "a"/"ah": "فاطمة" → "fatmh", as "Fatimah".
#   3. Waw (و) inside a word, not before an alif, is the long vowel "u": "محمود" → "mhmud",
#      as "Mahmud"; before an alif it stays the consonant "w" ("مروان", "Marwan").
#   4. An ayn (ع) that opens a word is a vowel onset in Latin spellings: "علي" → "ali".
_ARABIC_ARTICLE = re.compile(r"(?<![\u0621-\u064a])\u0627\u0644(?=[\u0621-\u064a]{2})")
_ARABIC_TIED_T = re.compile(r"\u0629")
_ARABIC_WAW = re.compile(r"(?<=[\u0621-\u064a])\u0648(?!\u0627)")
_ARABIC_AYN = re.compile(r"(?<![\u0621-\u064a])\u0639")


_local = threading.local()


def _transliterator() -> icu.Transliterator:
    """ICU's chain, made once per thread (a transliterator keeps state while it runs)."""
    made: icu.Transliterator | None = getattr(_local, "transliterator", None)
    if made is None:
        made = icu.Transliterator.createInstance("Any-Latin; Latin-ASCII")
        _local.transliterator = made
    return made


def romanise(text: str) -> str:
    """The name in Latin letters (ASCII), as typed when it is already Latin.

    "فاطمة" → "fatmh", "محمد" → "mhmd", "มาลี" → "mali", "ሰምሃር" → "samhar",
    "Наталья" → "Natala". Text in a script ICU cannot read comes back without letters."""
    if not _NON_LATIN.search(text):
        return text
    text = _ARABIC_ARTICLE.sub("\u0627\u0644-", text)
    text = _ARABIC_TIED_T.sub("\u0647", text)
    text = _ARABIC_WAW.sub("u", text)
    text = _ARABIC_AYN.sub("\u0627", text)
    latin = _transliterator().transliterate(text)
    return _MODIFIERS.sub("", unicodedata.normalize("NFKC", latin))


def romanised_name(text: str) -> str:
    """The romanised form stored beside a name typed in another script ("" for a Latin one):
    "فاطمة" → "Fatmh", "มาลี ศรีสุข" → "Mali Srisukh"."""
    if not _NON_LATIN.search(text):
        return ""
    return " ".join(word[:1].upper() + word[1:] for word in fold(text).split())[:100]


def is_readable(text: str) -> bool:
    """Whether the text has a letter or digit that romanises: a search in a script ICU
    cannot read, or of symbols only, is not a search for everyone."""
    return bool(fold(text))


def fold(text: str) -> str:
    """Lower case, romanised, accents and punctuation removed: "Ayşe Yılmaz" → "ayse yilmaz",
    "فاطمة" → "fatmh"."""
    if text.isascii():
        # The same result without the Unicode steps, which change nothing in ASCII (most
        # names and addresses of a list; reading a list folds every one).
        return " ".join(_NOT_ALPHANUMERIC.sub(" ", _MODIFIERS.sub("", text.lower())).split())
    return _fold_unicode(text)


def _fold_unicode(text: str) -> str:
    lowered = romanise(text).lower().translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", _MODIFIERS.sub("", lowered))
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_ALPHANUMERIC.sub(" ", letters).split())


def _spelling(word: str) -> str:
    """The digraphs and letters that the phonetic key and the skeleton share."""
    # Somali writes the ayn as "c": "Cabdi" is "Abdi", "Cali" is "Ali".
    if len(word) > 2 and word[0] == "c" and word[1] in _VOWELS:
        word = word[1:]
    for digraph, replacement in _DIGRAPHS:
        word = word.replace(digraph, replacement)
    return word.translate(_LETTERS)


def skeleton(word: str) -> str:
    """The romanisation key of one folded word: "hussein", "husain" → "hsn"."""
    if not word:
        return ""
    word = _spelling(word)
    first = "a" if word[0] in _VOWELS else word[0]
    # Inside a word the semivowels are left out like the vowels: "w" is written for a vowel
    # as often as for a consonant ("Fawzi"/"Fauzi", "Marwa"/"مروة", "Parvin"/"پروین").
    rest = [c for c in word[1:] if c not in _VOWELS and c != "w"]
    if rest and rest[-1] == "h":  # "Fatimah" is "Fatima"
        rest.pop()
    key = first
    for letter in rest:
        if letter != key[-1]:
            key += letter
    return key


def phonetic(word: str) -> str:
    """The close-spelling key of one folded word: the skeleton's letters with the vowels kept
    as three classes (a; e, i, y; o, u), a run of vowels read as its last, doubled letters
    once and a final "h" after a vowel dropped: "hussein", "husain" → "husin";
    "mohammed", "mohamed" → "muhamid"; "hassan", "xasan" → "hasan"."""
    if not word:
        return ""
    word = _spelling(word)
    key = ""
    for index, letter in enumerate(word):
        vowel = _VOWEL_CLASS.get(letter)
        if vowel and index + 1 < len(word) and word[index + 1] in _VOWEL_CLASS:
            continue  # a run of vowels is read as its last
        letter = vowel or letter
        if not key or letter != key[-1]:
            key += letter
    if len(key) > 2 and key[-1] == "h" and key[-2] in "aiu":
        key = key[:-1]
    return key


@dataclass(frozen=True)
class NameWord:
    """One word of a name: the folded word and, for a word with the Arabic article, the
    word without it ("alhassan" → "hassan"), which gives a phonetic key and a skeleton too."""

    word: str
    bare: str = ""

    def phonetic_key(self) -> str:
        return phonetic(self.word)

    def bare_phonetic_key(self) -> str:
        """The phonetic key without the article ("" for a word without one)."""
        return phonetic(self.bare) if self.bare else ""

    def skeleton_keys(self) -> set[str]:
        return {skeleton(w) for w in (self.word, self.bare) if w}


def name_words(*parts: str) -> list[NameWord]:
    """The words of a name in order, without particles and one-letter initials; the article
    joined to its word ("Al-Hassan", "El Hassan" → "alhassan") and found in a glued word
    ("Alhassan", "Elsayed") when a consonant and three more letters follow it."""
    words: list[NameWord] = []
    for part in parts:
        tokens = fold(part).split()
        article = False
        for token in tokens:
            if token in ARTICLES:
                article = True
                continue
            if article and len(token) > 1:
                words.append(NameWord(f"al{token}", token))
                article = False
                continue
            article = False
            if len(token) < 2 or token in PARTICLES:
                continue
            glued = token[:2] in ARTICLES and len(token) >= 5 and token[2] not in _VOWELS
            words.append(NameWord(token, token[2:] if glued else ""))
    unique: dict[str, NameWord] = {}
    for word in words:
        unique.setdefault(word.word, word)
    return list(unique.values())


def name_tokens(*parts: str) -> set[str]:
    """The folded words of a name, without particles and one-letter initials."""
    return {word.word for word in name_words(*parts)}


def word_keys(word: NameWord) -> set[str]:
    """The stored keys of one word: "n:<word>", "p:<phonetic>", "a:<phonetic without the
    article>" for a word with one, and "s:<skeleton>" (with and without the article)."""
    keys = {f"n:{word.word}"[:40], f"p:{word.phonetic_key()}"[:40]}
    if word.bare:
        keys.add(f"a:{word.bare_phonetic_key()}"[:40])
    keys |= {f"s:{key}"[:40] for key in word.skeleton_keys()}
    return keys


def name_keys(*parts: str) -> set[str]:
    """All search keys of a name: the keys of every word (``word_keys``)."""
    keys: set[str] = set()
    for word in name_words(*parts):
        keys |= word_keys(word)
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
