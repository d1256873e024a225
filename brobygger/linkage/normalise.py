"""Normalisation of list rows before linkage: what plain Splink does not know about this
population and about Danish data.

Every function is pure and total: it takes whatever a spreadsheet cell held and returns a
normalised value or ``None`` (missing or unusable). The linkage model compares these values;
the comparison levels in ``brobygger.linkage.model`` say how.

* Names: the romanisation key of ``brobygger.people.names.skeleton`` after a table of
  variants that the skeleton alone cannot join (Mehmet/Muhammad, Hatice/Khadija, Abdel/Abdul),
  with particles ("Al-", "El ", "bin") removed and glued prefixes split ("Alhassan",
  "Abdulkarim").
* Birth dates: the formats Danish lists use, day first; the 1 January placeholder flagged.
* CPR: ten digits; the birth date it carries fills a missing birth date.
* Phones: the Danish eight-digit number whatever the prefix and spacing.
* Addresses: street abbreviations expanded (Vesterg. → vestergade, Ndr. → nordre), house
  number, and floor and door as one short key ("2. t.v." → "2 tv").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from stdnum.dk import cpr as stdnum_cpr

from brobygger.people.names import PARTICLES, fold, skeleton

# Spellings that one skeleton cannot join: the Turkish, Somali and Persian forms of Arabic
# names, and the "servant of" compounds. Keys and values are folded words.
NAME_VARIANTS: dict[str, str] = {
    # Muhammad
    "mehmet": "muhammad",
    "mehmed": "muhammad",
    "mohd": "muhammad",
    "md": "muhammad",
    "mhd": "muhammad",
    "mohammad": "muhammad",
    # Khadija: Turkish Hatice, Somali Khadiija/Hadiya
    "hatice": "khadija",
    "hadija": "khadija",
    "hadiya": "khadija",
    "hadiija": "khadija",
    "xadiija": "khadija",
    "xadija": "khadija",
    "khadiija": "khadija",
    # Kh written as H in Turkish and Somali
    "halil": "khalil",
    "halid": "khalid",
    "xaalid": "khalid",
    "xalid": "khalid",
    "hasan": "hassan",
    "huseyin": "hussein",
    "hüseyin": "hussein",
    "hussain": "hussein",
    "hossein": "hussein",
    "hosein": "hussein",
    # Abd ("servant of") and its spellings; "Abdul Karim" and "Abdulkarim" share keys.
    "abdel": "abd",
    "abdul": "abd",
    "abdal": "abd",
    "abdoul": "abd",
    "abdol": "abd",
    "abdi": "abdi",
    # Persian and Turkish forms
    "fatemeh": "fatima",
    "fatme": "fatima",
    "zeynep": "zainab",
    "zeinab": "zainab",
    "zaynab": "zainab",
    "meryem": "maryam",
    "mariam": "maryam",
    "ayse": "aisha",
    "aysha": "aisha",
    "ayesha": "aisha",
    "aischa": "aisha",
    "yusuf": "yousef",
    "yousuf": "yousef",
    "youssef": "yousef",
    "jusuf": "yousef",
    "osman": "uthman",
    "othman": "uthman",
    "usman": "uthman",
    "ibrahim": "ibrahim",
    "ebrahim": "ibrahim",
    "ibraahim": "ibrahim",
    "ismail": "ismail",
    "esmail": "ismail",
    "ismael": "ismail",
}
_ABD_PREFIXES = ("abdul", "abdel", "abdal", "abdoul", "abdol", "abd")
# Glued particles: "alhassan", "elsayed". Only split when enough of a name remains.
_GLUED_PARTICLES = ("al", "el", "ul")


def _name_key(word: str) -> str:
    return skeleton(NAME_VARIANTS.get(word, word))


def name_words(text: str) -> list[str]:
    """The folded words of a name with particles removed, glued compounds split."""
    words: list[str] = []
    for word in fold(text).split():
        if word in PARTICLES or len(word) < 2:
            continue
        abd = next((p for p in _ABD_PREFIXES if word.startswith(p) and len(word) - len(p) >= 3), "")
        if abd and word not in NAME_VARIANTS:
            words += ["abd", word[len(abd) :]]
            continue
        words.append(word)
    return words


@dataclass(frozen=True)
class Name:
    """A name as the linkage model sees it: the words (folded, variant table applied) with
    their romanisation keys, and the main word that blocking and the strongest levels use:
    a given name's first word, a surname's last ("Karim" of "Abdul Karim")."""

    words: tuple[str, ...]
    keys: tuple[str, ...]
    main_word: str | None
    main_key: str | None


def parse_name(text: str, *, surname: bool = False) -> Name:
    """A surname's glued particle is split ("Alhassan" → "alhassan" and "hassan"), so it
    meets "Al-Hassan" and "El Hassan"."""
    words: list[str] = []
    keys: list[str] = []
    for word in name_words(text):
        candidates = [word]
        if surname:
            particle = next(
                (p for p in _GLUED_PARTICLES if word.startswith(p) and len(word) - len(p) >= 4),
                "",
            )
            if particle:
                candidates.append(word[len(particle) :])
        for candidate in candidates:
            canonical = NAME_VARIANTS.get(candidate, candidate)
            key = skeleton(canonical)
            if key and canonical not in words:
                words.append(canonical)
                keys.append(key)
    # "Abd" alone says little: "Abdul Karim" is known by "Karim".
    main = [i for i, key in enumerate(keys) if key != "abd"] or list(range(len(keys)))
    index = (main[-1] if surname else main[0]) if main else None
    return Name(
        words=tuple(words),
        keys=tuple(keys),
        main_word=words[index] if index is not None else None,
        main_key=keys[index] if index is not None else None,
    )


def folded_name(text: str) -> str | None:
    words = name_words(text)
    return " ".join(words) or None


# Birth dates ---------------------------------------------------------------------------

_DATE_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})[-./ ](\d{1,2})[-./ ](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{2})(\d{2})(\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{2})$"), ("d", "m", "yy")),
)


_DATE_AND_TIME = re.compile(r"^\d{4}-\d\d-\d\d[ T]")


def parse_birth_date(value: object, *, today: date | None = None) -> date | None:
    """A birth date from the formats of Danish lists (day before month, always), an
    Excel date, or ``None``. Two-digit years are in the last hundred years."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    text = text.split(" ")[0] if _DATE_AND_TIME.match(text) else text
    today = today or timezone.localdate()
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        parts = dict(zip(order, (int(group) for group in match.groups()), strict=True))
        if "yy" in parts:
            year = 2000 + parts["yy"]
            parts["y"] = year if year <= today.year else year - 100
        try:
            parsed = date(parts["y"], parts["m"], parts["d"])
        except ValueError:
            return None
        return parsed if date(1900, 1, 1) <= parsed <= today else None
    return None


# CPR, phone, e-mail --------------------------------------------------------------------

# The patterns of this module are compiled once: reading a list calls these functions for
# every distinct value of a column, and looking a pattern up in ``re``'s cache each time
# costs more than a short match.
_NOT_DIGIT = re.compile(r"\D")


def cpr_digits(value: object) -> str | None:
    digits = _NOT_DIGIT.sub("", str(value or ""))
    return digits if len(digits) == 10 else None


def cpr_birth_date(digits: str | None) -> date | None:
    if not digits:
        return None
    try:
        return stdnum_cpr.get_birth_date(digits)
    except Exception:  # noqa: BLE001 - any unusable CPR simply carries no date
        return None


def phone_number(value: object) -> str | None:
    """The Danish eight digits (``+45 12 34 56 78``, ``0045 12345678`` → ``12345678``);
    other numbers keep all their digits."""
    digits = _NOT_DIGIT.sub("", str(value or ""))
    if digits.startswith("0045") and len(digits) == 12:
        digits = digits[4:]
    elif digits.startswith("45") and len(digits) == 10 or digits.startswith("00"):
        digits = digits[2:]
    return digits if len(digits) >= 8 else None


def email_address(value: object) -> str | None:
    text = str(value or "").strip().lower()
    return text if "@" in text and "." in text.rsplit("@", 1)[-1] else None


# Danish addresses ----------------------------------------------------------------------

# Abbreviations written with a full stop, matched before folding removes the stop.
_GLUED_SUFFIXES = (
    (re.compile(r"(?<=[a-zæøå])gd?\.(?=\s|,|$)"), "gade"),
    (re.compile(r"(?<=[a-zæøå])vj?\.(?=\s|,|$)"), "vej"),
    (re.compile(r"(?<=[a-zæøå])pl\.(?=\s|,|$)"), "plads"),
    (re.compile(r"(?<=[a-zæøå])all?\.(?=\s|,|$)"), "alle"),
)
# Whole words in the street name (folded).
STREET_WORDS: dict[str, str] = {
    "g": "gade",
    "gd": "gade",
    "v": "vej",
    "vj": "vej",
    "pl": "plads",
    "al": "alle",
    "bd": "boulevard",
    "boul": "boulevard",
    "skt": "sankt",
    "st": "store",
    "sct": "sankt",
    "gl": "gammel",
    "gml": "gammel",
    "ndr": "nordre",
    "sdr": "sondre",
    "ll": "lille",
    "kgs": "kongens",
}
_FLOORS = {"st": "st", "stuen": "st", "stue": "st", "kl": "kl", "kaelder": "kl", "0": "st"}
_DOORS = {"tv": "tv", "th": "th", "mf": "mf", "midt": "mf"}
_SPLIT_LETTERS = re.compile(r"\b([tm])\s+([vhf])\b")
_DIGIT = re.compile(r"\d")
_HOUSE_NUMBER = re.compile(r"^\d{1,4}[a-z]?$")


@dataclass(frozen=True)
class Address:
    street: str | None
    number: str | None
    unit: str | None

    @property
    def key(self) -> str | None:
        if not self.street:
            return None
        return " ".join(part for part in (self.street, self.number, self.unit) if part)


def parse_address(value: object) -> Address:
    """``"Vesterg. 12, 2. t.v."`` → street ``vestergade``, number ``12``, unit ``2 tv``."""
    text = str(value or "").lower()
    # Abbreviations belong to the street name, before the house number ("2.tv." is a door).
    first_digit = _DIGIT.search(text)
    split = first_digit.start() if first_digit else len(text)
    street_text = text[:split]
    if "." in street_text:  # every abbreviation ends with a full stop
        for pattern, replacement in _GLUED_SUFFIXES:
            street_text = pattern.sub(replacement, street_text)
    words = fold(street_text + text[split:]).split()
    # "12 a" right after the street name is house number 12A
    joined: list[str] = []
    for word in words:
        after_number = len(joined) >= 2 and joined[-1].isdigit() and not joined[-2].isdigit()
        if after_number and len(word) == 1 and word.isalpha():
            joined[-1] += word
            continue
        joined.append(word)
    words = joined
    position = next(
        (i for i, word in enumerate(words) if i > 0 and _HOUSE_NUMBER.match(word)), None
    )
    rest: list[str]
    if position is None and len(words) > 1 and _HOUSE_NUMBER.match(words[0]):
        # The number first, as most of the world writes it ("6 Tullaroop Street"): the rest
        # is the street (and whatever locality a list puts after it).
        street_words, number, rest = words[1:], words[0], []
    elif position is None:
        street_words, number, rest = words, None, []
    else:
        street_words, number, rest = words[:position], words[position], words[position + 1 :]
    street = "".join(STREET_WORDS.get(word, word) for word in street_words) or None
    unit = _unit(" ".join(rest))
    return Address(street=street, number=number, unit=unit)


def _unit(text: str) -> str | None:
    text = _SPLIT_LETTERS.sub(r"\1\2", text)
    parts = []
    for word in text.split():
        if word in _FLOORS:
            parts.append(_FLOORS[word])
        elif word in _DOORS:
            parts.append(_DOORS[word])
        elif word.isdigit():
            parts.append(str(int(word)))
        elif word in {"sal", "lejl", "lejlighed", "dor"}:
            continue
        else:
            parts.append(word)
    return " ".join(parts) or None


def city(value: object) -> str | None:
    """A city or suburb name, folded: "Kbh." and "København" stay different (the postal code
    says which city); the comparison only needs a typo-tolerant second opinion."""
    return fold(str(value or "")).replace(" ", "") or None


def postal_code(value: object) -> str | None:
    digits = _NOT_DIGIT.sub("", str(value or ""))
    return digits if len(digits) == 4 else None
