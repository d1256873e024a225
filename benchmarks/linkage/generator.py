"""Synthetic person lists with known truth, for the record-linkage benchmark.

The lists look like what Danish municipalities import for Brobygger: immigrant women (and some
men) from Syria, Iraq, Afghanistan, Iran, Pakistan, Somalia, Eritrea, Turkey, Thailand,
Vietnam and the Philippines, plus a minority with Danish names. The same person is spelled
differently across lists, half the rows lack a CPR number, and dates and addresses are written
in several ways. Nothing here is real personal data.

Usage::

    python benchmarks/linkage/generator.py link --size 5000 --out DIR --seed 1
    python benchmarks/linkage/generator.py dedupe --rows 100000 --out DIR --seed 1
    python benchmarks/linkage/generator.py rates          # print the default error rates

``link`` writes ``left.csv`` and ``right.csv`` (``size`` rows each, at most one record per
person per file; ``--overlap`` of each file's rows, default 0.6, have a partner in the other)
and ``truth.csv`` (``left_id,right_id``). ``dedupe`` writes ``records.csv`` and ``truth.csv``
(``id,entity_id``); ``--duplicates`` of the rows (default 0.3) are extra records of a person
who already has one (people have 1 to 4 records). Columns of every list, in this order:
``id,first_name,last_name,birth_date,cpr,phone,email,address,postal_code,city``.

Rows are streamed through a bounded shuffle buffer, so memory stays small however many rows
are written, and output is deterministic for a given ``--seed``.

Error model
-----------
Each record of a person is rendered independently from the person's canonical data with the
errors below. Every rate can be changed with ``--rate NAME=VALUE`` (repeatable); the defaults:

Names
  name_variant 0.20        per name part: a curated romanisation variant (Mohammed/Muhammad/
                           Maxamed, Fatima/Fatma/Fatemeh, Cabdi/Abdi, Nguyễn/Nguyên, ...)
  name_rule 0.10           per name part: one rule-based change (e/i, o/u, doubled or single
                           consonant, kh/h/ch, dh/d, th/t, ph/f, j/dj/dsch/y, w/v, q/k, ou/u,
                           ee/i, aa/a, trailing h, Somali c/x); scaled by culture, none for
                           Danish names
  name_typo 0.02           per name field: a keyboard typo
  diacritics_drop 0.50     per record: diacritics dropped (Ayşe/Ayse, Nguyễn/Nguyen, Gül/Gul,
                           sometimes German style Öztürk/Oeztuerk)
  danish_letters_ascii 0.10  per record: æøå written ae/oe/aa or a/o/a (names and address)
  name_swap 0.04           per record: first and last name swapped (four times as often for
                           Vietnamese names, family name first)
  middle_drop 0.35         per record of a person with middle names: middle names left out
  middle_to_last 0.10      per record of a person with middle names: written before the surname
  extra_name 0.03          per record: an extra name (e.g. the father's) added to the first name
  surname_form 0.30        per record with an Al-/El- or multi-word surname: written another way
                           (Al-Hassan, Al Hassan, Alhassan, Hassan, El-Hassan; Abdul Karim,
                           Abdulkarim, Abdul-Karim, Karim)
  surname_prefix_add 0.05  per record with a plain Arabic surname: "Al-", "Al " or "El-" added
  upper_case 0.08          per record: last name in capitals
Birth date
  dob_missing 0.05         per record
  dob_registered_jan1 0.10 share of people from refugee countries registered (and in the CPR)
                           as born 1 January of their birth year ...
  dob_stated 0.30          ... of whose records this share show the stated real date instead
  dob_uncertain 0.08       share of people from refugee countries with a real CPR birth date ...
  dob_placeholder 0.40     ... of whose records this share show the 01-01-YYYY placeholder
  dob_swap 0.03            per record: day and month swapped (when both are 12 or less)
  dob_typo 0.02            per record: one digit wrong (still a valid date)
  Formats are mixed per list: YYYY-MM-DD, DD-MM-YYYY, DD.MM.YYYY and D/M/YYYY.
CPR (DDMMYY-SSSS, consistent with the registered birth date, unique per person, even last
digit for women)
  cpr_present 0.50         per record; written with or without the dash, mixed per list
  cpr_typo 0.01            per record with a CPR: one digit wrong
  cpr_transposed 0.01      per record with a CPR: two neighbouring digits swapped
Contact
  phone_missing 0.20       per record (formats 12345678, 12 34 56 78, +45 12 34 56 78,
                           0045 12345678, +4512345678, mixed per list)
  phone_new 0.15           share of people with a second number; each record shows either
  email_person 0.60        share of people with an e-mail address
  email_present 0.60       per record of a person with one
  email_new 0.15           share of people with a second address; each record shows either
Address (Danish street, house number, optional floor and door; written in five styles such
as "Vestergade 12, 2. tv", "Vestergade 12 2 tv", "Vesterg. 12, 2.tv.", "Vestergade 12, 2. t.v.",
"Nordre Ringvej 5, stuen th")
  address_missing 0.05     per record (then postal code and city are blank half the time)
  address_moved 0.15       share of people with a second address (new street, 40 % also a new
                           postal code); each record shows either
  address_abbrev 0.25      per abbreviable word: Ndr./Sdr./Skt./Gl./Nr./Kgs./V./Blvd./-g.
  address_typo 0.02        per record: a keyboard typo in the street
  postal_missing 0.05      per record
  city_missing 0.08        per record (cities also vary: Kbh./København, Århus/Aarhus, ...)
Hard negatives
  relative 0.10            share of people created as a relative (sister, brother, mother or
                           daughter) of a recent person: same surname, address and (80 %) phone;
                           siblings share the father's name as middle name; different given
                           name and birth date
  namesake 0.03            share of people who copy a recent person's given name and surname
                           but have their own birth date, address and phone
  Namesakes also arise from name frequencies (Fatima, Mohammed, Nguyễn, Ali, Ahmed, Khan) and
  people registered on 1 January share birth dates.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Generic, TextIO, TypeVar

import name_tables as nt

COLUMNS: tuple[str, ...] = (
    "id",
    "first_name",
    "last_name",
    "birth_date",
    "cpr",
    "phone",
    "email",
    "address",
    "postal_code",
    "city",
)

FEMALE_SHARE = 0.85
SHUFFLE_BUFFER = 20_000
OLDEST = date(1955, 1, 1).toordinal()
YOUNGEST = date(2006, 12, 31).toordinal()
MODE = date(1987, 6, 1).toordinal()


@dataclass(frozen=True)
class ErrorRates:
    """Tunable error rates; see the module docstring for what each means."""

    name_variant: float = 0.20
    name_rule: float = 0.10
    name_typo: float = 0.02
    diacritics_drop: float = 0.50
    danish_letters_ascii: float = 0.10
    name_swap: float = 0.04
    middle_drop: float = 0.35
    middle_to_last: float = 0.10
    extra_name: float = 0.03
    surname_form: float = 0.30
    surname_prefix_add: float = 0.05
    upper_case: float = 0.08
    dob_missing: float = 0.05
    dob_registered_jan1: float = 0.10
    dob_stated: float = 0.30
    dob_uncertain: float = 0.08
    dob_placeholder: float = 0.40
    dob_swap: float = 0.03
    dob_typo: float = 0.02
    cpr_present: float = 0.50
    cpr_typo: float = 0.01
    cpr_transposed: float = 0.01
    phone_missing: float = 0.20
    phone_new: float = 0.15
    email_person: float = 0.60
    email_present: float = 0.60
    email_new: float = 0.15
    address_missing: float = 0.05
    address_moved: float = 0.15
    address_abbrev: float = 0.25
    address_typo: float = 0.02
    postal_missing: float = 0.05
    city_missing: float = 0.08
    relative: float = 0.10
    namesake: float = 0.03

    def with_overrides(self, overrides: Sequence[str]) -> ErrorRates:
        known = {f.name for f in fields(self)}
        changes: dict[str, float] = {}
        for item in overrides:
            name, _, value = item.partition("=")
            name = name.strip()
            if name not in known:
                raise ValueError(f"unknown rate {name!r}; known: {', '.join(sorted(known))}")
            rate = float(value)
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"rate {name} must be between 0 and 1, got {rate}")
            changes[name] = rate
        return replace(self, **changes)


T = TypeVar("T")


class Choice(Generic[T]):
    """A fixed weighted choice."""

    def __init__(self, options: Sequence[tuple[T, float]]) -> None:
        self.values: tuple[T, ...] = tuple(value for value, _ in options)
        self.cum_weights: tuple[float, ...] = tuple(accumulate(w for _, w in options))

    def pick(self, rng: random.Random) -> T:
        return rng.choices(self.values, cum_weights=self.cum_weights)[0]


def pick(rng: random.Random, names: nt.Table) -> str:
    return rng.choices(names.names, cum_weights=names.cum_weights)[0]


@dataclass(frozen=True)
class ListStyle:
    """How one source system writes its fields."""

    name: str
    date_formats: Choice[str]
    cpr_dashed: float
    phone_formats: Choice[str]
    address_styles: Choice[str]


JOBCENTRE = ListStyle(
    name="jobcentre",
    date_formats=Choice(
        [("YYYY-MM-DD", 0.65), ("DD-MM-YYYY", 0.20), ("DD.MM.YYYY", 0.10), ("D/M/YYYY", 0.05)]
    ),
    cpr_dashed=0.85,
    phone_formats=Choice(
        [("plain", 0.45), ("spaced", 0.30), ("plus45", 0.15), ("0045", 0.07), ("plus45-", 0.03)]
    ),
    address_styles=Choice(
        [("comma", 0.50), ("bare", 0.15), ("dotted", 0.15), ("tdot", 0.10), ("sal", 0.10)]
    ),
)
LANGUAGE_SCHOOL = ListStyle(
    name="language_school",
    date_formats=Choice(
        [("DD.MM.YYYY", 0.45), ("YYYY-MM-DD", 0.35), ("D/M/YYYY", 0.15), ("DD-MM-YYYY", 0.05)]
    ),
    cpr_dashed=0.35,
    phone_formats=Choice(
        [("spaced", 0.40), ("plain", 0.30), ("plus45", 0.20), ("0045", 0.05), ("plus45-", 0.05)]
    ),
    address_styles=Choice(
        [("bare", 0.30), ("comma", 0.30), ("dotted", 0.20), ("tdot", 0.10), ("sal", 0.10)]
    ),
)
HOUSING = ListStyle(
    name="housing",
    date_formats=Choice([("DD-MM-YYYY", 0.50), ("YYYY-MM-DD", 0.30), ("DD.MM.YYYY", 0.20)]),
    cpr_dashed=0.60,
    phone_formats=Choice([("plain", 0.50), ("plus45", 0.30), ("spaced", 0.20)]),
    address_styles=Choice([("comma", 0.40), ("sal", 0.30), ("tdot", 0.20), ("bare", 0.10)]),
)
# A de-duplication list is a merge of exports from several systems.
DEDUPE_STYLES: Choice[ListStyle] = Choice(
    [(JOBCENTRE, 0.45), (LANGUAGE_SCHOOL, 0.30), (HOUSING, 0.25)]
)


# --- People ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Address:
    street: str
    number: int
    letter: str
    floor: int | None  # None: a house; 0: ground floor (stuen); -1: basement (kælder)
    door: str  # "tv", "th", "mf", a door number, or ""
    postal_code: str
    city: str


@dataclass(slots=True)
class Entity:
    number: int
    culture: str
    refugee: bool
    female: bool
    given: str
    middles: tuple[str, ...]
    surname: str
    birth: date  # the registered birth date, the one in the CPR number
    stated_birth: date | None  # the real date of someone registered as born 1 January
    uncertain: bool  # some registers show 01-01-YYYY instead of the birth date
    cpr: str
    phone: str
    phone2: str | None
    email: str | None
    email2: str | None
    address: Address
    address2: Address | None
    kind: str  # "person", "relative" or "namesake"


FATHER_NAME_CULTURES = frozenset({"arabic", "persian", "dari", "urdu", "somali", "tigrinya"})
ORIGINS: Choice[nt.Origin] = Choice([(o, o.weight) for o in nt.ORIGINS])
POSTAL_CODES: Choice[tuple[str, str]] = Choice(
    [((code, city), weight) for code, city, weight in nt.POSTAL_CODES]
)
FLOORS: Choice[int] = Choice([(0, 20), (1, 20), (2, 20), (3, 15), (4, 10), (5, 6), (6, 4), (-1, 2)])
PHONE_SPACE = len(nt.DANISH_MOBILE_PREFIXES) * 1_000_000
PHONE_HALF = PHONE_SPACE // 2  # first numbers in the lower half, second numbers in the upper
# Primes coprime with PHONE_HALF (2^6 * 5^6 * 13): distinct people get distinct numbers.
PHONE_STEPS = (7919, 104_729)


def variant_key(name: str) -> str:
    group = nt.VARIANT_INDEX.get(name.casefold())
    return f"#{group}" if group is not None else name.casefold()


def ascii_fold(text: str) -> str:
    return strip_diacritics(danish_ascii(text, single=True), german=False)


class EntityFactory:
    """Makes people one at a time; keeps a window of recent ones for relatives and namesakes."""

    RECENT = 5_000

    def __init__(self, rng: random.Random, rates: ErrorRates) -> None:
        self.rng = rng
        self.rates = rates
        self._recent: list[Entity] = []
        self._cpr_counters: dict[tuple[int, bool], int] = {}
        self._cpr_offset = rng.randrange(2000)
        self._phone_offset = rng.randrange(PHONE_HALF)

    def make(self, number: int) -> Entity:
        rng, rates = self.rng, self.rates
        draw = rng.random()
        if self._recent and draw < rates.relative:
            entity = self._relative(number, rng.choice(self._recent))
        elif self._recent and draw < rates.relative + rates.namesake:
            entity = self._namesake(number, rng.choice(self._recent))
        else:
            entity = self._fresh(number)
        if len(self._recent) < self.RECENT:
            self._recent.append(entity)
        else:
            self._recent[number % self.RECENT] = entity
        return entity

    # -- kinds of people

    def _fresh(
        self,
        number: int,
        *,
        origin: nt.Origin | None = None,
        female: bool | None = None,
        given: str | None = None,
        surname: str | None = None,
        kind: str = "person",
    ) -> Entity:
        rng = self.rng
        origin = origin or ORIGINS.pick(rng)
        culture = origin.culture
        female = rng.random() < FEMALE_SHARE if female is None else female
        given = given or pick(rng, (nt.FEMALE if female else nt.MALE)[culture])
        middles = self._middles(culture, female)
        if surname is None:
            surname = pick(rng, nt.SURNAMES[culture])
            if female and culture in ("thai", "filipino") and rng.random() < 0.45:
                # Married to a Danish spouse: Danish surname, maiden name sometimes as middle.
                if rng.random() < 0.5:
                    middles = (surname,)
                surname = pick(rng, nt.SURNAMES["danish"])
        birth = date.fromordinal(int(rng.triangular(OLDEST, YOUNGEST, MODE)))
        return self._finish(
            number, origin, female, given, middles, surname, birth, self._address(), None, kind
        )

    def _relative(self, number: int, other: Entity) -> Entity:
        rng = self.rng
        female = rng.random() < 0.9
        sibling = rng.random() < 0.65
        gap = rng.randint(1, 12) if sibling else rng.randint(18, 35)
        year = other.birth.year + (gap if rng.random() < 0.5 else -gap)
        if not OLDEST <= date(year, 6, 30).toordinal() <= YOUNGEST:
            year = other.birth.year * 2 - year
        year = min(max(year, date.fromordinal(OLDEST).year), date.fromordinal(YOUNGEST).year)
        birth = date.fromordinal(date(year, 1, 1).toordinal() + rng.randrange(365))
        names = (nt.FEMALE if female else nt.MALE)[other.culture]
        given = pick(rng, names)
        for _ in range(20):
            if variant_key(given) != variant_key(other.given):
                break
            given = pick(rng, names)
        if sibling and other.culture in FATHER_NAME_CULTURES and other.middles:
            middles = other.middles
        else:
            middles = self._middles(other.culture, female)
        origin = next(o for o in nt.ORIGINS if o.culture == other.culture)
        entity = self._finish(
            number,
            replace(origin, refugee=other.refugee),
            female,
            given,
            middles,
            other.surname,
            birth,
            other.address,
            other.address2,
            "relative",
        )
        if self.rng.random() < 0.8:
            entity.phone = other.phone
        if other.email and self.rng.random() < 0.15:
            entity.email = other.email  # a shared family address
        return entity

    def _namesake(self, number: int, other: Entity) -> Entity:
        origin = next(o for o in nt.ORIGINS if o.culture == other.culture)
        entity = self._fresh(
            number,
            origin=replace(origin, refugee=other.refugee),
            female=other.female,
            given=other.given,
            surname=other.surname,
            kind="namesake",
        )
        if entity.birth == other.birth:
            entity.birth = date.fromordinal(entity.birth.toordinal() + 400)
            entity.cpr = self._cpr(entity.birth, entity.female)
        return entity

    def _finish(
        self,
        number: int,
        origin: nt.Origin,
        female: bool,
        given: str,
        middles: tuple[str, ...],
        surname: str,
        birth: date,
        address: Address,
        address2: Address | None,
        kind: str,
    ) -> Entity:
        rng, rates = self.rng, self.rates
        stated_birth: date | None = None
        uncertain = False
        if origin.refugee:
            draw = rng.random()
            if draw < rates.dob_registered_jan1:
                stated_birth, birth = birth, date(birth.year, 1, 1)
            elif draw < rates.dob_registered_jan1 + rates.dob_uncertain:
                uncertain = True
        if address2 is None and address is not None and rng.random() < rates.address_moved:
            keep_postal = rng.random() < 0.6
            address2 = self._address((address.postal_code, address.city) if keep_postal else None)
        email = self._email(given, surname, birth) if rng.random() < rates.email_person else None
        email2 = (
            self._email(given, surname, birth) if email and rng.random() < rates.email_new else None
        )
        return Entity(
            number=number,
            culture=origin.culture,
            refugee=origin.refugee,
            female=female,
            given=given,
            middles=middles,
            surname=surname,
            birth=birth,
            stated_birth=stated_birth,
            uncertain=uncertain,
            cpr=self._cpr(birth, female),
            phone=self._phone(number),
            phone2=self._phone(number, second=True) if rng.random() < rates.phone_new else None,
            email=email,
            email2=email2,
            address=address,
            address2=address2,
            kind=kind,
        )

    # -- parts

    def _middles(self, culture: str, female: bool) -> tuple[str, ...]:
        rng = self.rng
        if rng.random() >= nt.MIDDLE_NAME_SHARE[culture]:
            return ()
        if culture == "vietnamese":
            table = nt.VIETNAMESE_MIDDLE_FEMALE if female else nt.VIETNAMESE_MIDDLE_MALE
            return (pick(rng, table),)
        if culture == "danish":
            return (pick(rng, nt.DANISH_MIDDLE),)
        if culture == "filipino":
            return (pick(rng, nt.SURNAMES["filipino"]),)  # the mother's maiden name
        if culture == "turkish":
            return (pick(rng, (nt.FEMALE if female else nt.MALE)["turkish"]),)
        father = pick(rng, nt.MALE[culture])
        if culture == "somali" and rng.random() < 0.2:
            return (father, pick(rng, nt.MALE[culture]))
        return (father,)

    def _cpr(self, birth: date, female: bool) -> str:
        key = (birth.toordinal(), female)
        count = self._cpr_counters.get(key, 0)
        if count >= 2000:
            raise RuntimeError(f"more than 2000 CPR numbers for {birth}")
        self._cpr_counters[key] = count + 1
        # 2000 serials per day and sex; 997 is coprime with 2000, so they never repeat.
        slot = (birth.toordinal() * 31 + self._cpr_offset + count * 997) % 2000
        serial = slot * 2 + (0 if female else 1)  # even for women, odd for men
        if birth.year >= 2000:
            serial += 5000  # 7th digit 5-8 for births from 2000
        return f"{birth:%d%m%y}{serial:04d}"

    def _phone(self, number: int, *, second: bool = False) -> str:
        value = (number * PHONE_STEPS[second] + self._phone_offset) % PHONE_HALF
        value += PHONE_HALF if second else 0
        return nt.DANISH_MOBILE_PREFIXES[value // 1_000_000] + f"{value % 1_000_000:06d}"

    def _email(self, given: str, surname: str, birth: date) -> str:
        rng = self.rng
        first = re.sub(r"[^a-z]", "", ascii_fold(given.split(" ")[0]).lower()) or "mail"
        last = re.sub(r"[^a-z]", "", ascii_fold(surname.split(" ")[-1]).lower()) or "dk"
        pattern = rng.randrange(5)
        if pattern == 0:
            local = f"{first}.{last}{rng.randint(1, 999)}"
        elif pattern == 1:
            local = f"{first}{last}{birth:%y}"
        elif pattern == 2:
            local = f"{first}_{birth.year}{rng.randint(1, 99)}"
        elif pattern == 3:
            local = f"{first[0]}{last}{rng.randint(10, 9999)}"
        else:
            local = f"{first}.{last}.{rng.randint(1000, 99999)}"
        return f"{local}@{pick(rng, nt.EMAIL_DOMAINS)}"

    def _address(self, postal: tuple[str, str] | None = None) -> Address:
        rng = self.rng
        code, city = postal or POSTAL_CODES.pick(rng)
        number = 1 + min(int(rng.expovariate(1 / 25)), 249)
        letter = rng.choice("ABCD") if rng.random() < 0.08 else ""
        if rng.random() < 0.75:
            floor: int | None = FLOORS.pick(rng)
            draw = rng.random()
            if draw < 0.45:
                door = "tv"
            elif draw < 0.90:
                door = "th"
            elif draw < 0.95:
                door = "mf"
            else:
                door = str(rng.randint(1, 24))
        else:
            floor, door = None, ""
        return Address(pick(rng, nt.STREETS), number, letter, floor, door, code, city)


# --- Text noise --------------------------------------------------------------------------------

_TRANSLITERATION_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        # vowels
        (r"e", "i"),
        (r"i", "e"),
        (r"o", "u"),
        (r"u", "o"),
        (r"ou", "u"),
        (r"(?<![ou])u", "ou"),
        (r"ee", "i"),
        (r"(?<=[^aeiou])i(?=[^aeiou])", "ee"),
        (r"oo", "u"),
        (r"aa", "a"),
        (r"ii", "i"),
        (r"uu", "u"),
        (r"(?<=[^aeiou])a(?=[^aeiou])", "aa"),
        (r"ei", "ey"),
        (r"ey", "ei"),
        (r"ai", "ay"),
        (r"ay", "ai"),
        # consonants
        (r"([bdfgklmnprstz])\1", r"\1"),
        (r"(?<=[aeiou])([bdfklmnrst])(?=[aeiou])", r"\1\1"),
        (r"kh", "h"),
        (r"kh", "ch"),
        (r"^h(?=[aeiou])", "kh"),
        (r"dh", "d"),
        (r"th", "t"),
        (r"ph", "f"),
        (r"(?<=[aeiou])f", "ph"),
        (r"dj", "j"),
        (r"(?<!d)j", "dj"),
        (r"(?<!d)j", "dsch"),
        (r"j", "y"),
        (r"y", "j"),
        (r"w", "v"),
        (r"v", "w"),
        (r"q", "k"),
        (r"sh", "sch"),
        (r"sh", "ch"),
        (r"z", "s"),
        (r"gh", "g"),
        (r"x", "h"),
        (r"^c(?=[aeiou])", ""),
        # trailing h
        (r"h$", ""),
        (r"(?<=[aeiou])$", "h"),
    )
)

_NAME_SPLIT = re.compile(r"([ -])")


def transliterate(name: str, rng: random.Random) -> str:
    """Apply one rule-based romanisation change to one word of ``name``."""
    words = _NAME_SPLIT.split(name)
    candidates = [i for i in range(0, len(words), 2) if len(words[i]) >= 3]
    if not candidates:
        return name
    index = rng.choice(candidates)
    word = words[index]
    lower = word.lower()
    options = [rule for rule in _TRANSLITERATION_RULES if rule[0].search(lower)]
    if not options:
        return name
    pattern, replacement = rng.choice(options)
    match = rng.choice(list(pattern.finditer(lower)))
    new = lower[: match.start()] + match.expand(replacement) + lower[match.end() :]
    if len(new) < 2 or new == lower:
        return name
    if word.isupper():
        new = new.upper()
    elif word[0].isupper():
        new = new[0].upper() + new[1:]
    words[index] = new
    return "".join(words)


def variant(name: str, culture: str, rng: random.Random) -> str:
    """Replace the name, or one word of it, by another curated spelling."""
    group = nt.VARIANT_INDEX.get(name.casefold())
    if group is not None:
        return _other_spelling(name, group, culture, rng)
    words = _NAME_SPLIT.split(name)
    candidates = [i for i in range(0, len(words), 2) if words[i].casefold() in nt.VARIANT_INDEX]
    if not candidates:
        return name
    index = rng.choice(candidates)
    word = words[index]
    words[index] = _other_spelling(word, nt.VARIANT_INDEX[word.casefold()], culture, rng)
    return "".join(words)


_SOMALI_SPELLING = re.compile(r"x|aa|ii|uu|^c[^h]")
_TURKISH_LETTERS = frozenset("şçğıüöİ")
_TURKISH_SPELLINGS = frozenset(
    [
        "mehmet",
        "ahmet",
        "hatice",
        "emine",
        "zeynep",
        "meryem",
        "fatma",
        "rukiye",
        "havva",
        "halime",
        "mahmut",
        "ömer",
        "omer",
        "süleyman",
        "suleyman",
        "ramazan",
        "yasemin",
        "huseyin",
        "ayse",
        "amine",
        "fatime",
        "halil",
        "salih",
        "riza",
        "leyla",
        "zehra",
        "nergis",
        "tschelik",
    ]
)


@lru_cache(maxsize=4096)
def spelling_culture(spelling: str) -> str | None:
    """The culture a spelling belongs to if it is typical of only one (Somali or Turkish)."""
    lower = spelling.casefold()
    if _SOMALI_SPELLING.search(lower):
        return "somali"
    if lower in _TURKISH_SPELLINGS or any(c in _TURKISH_LETTERS for c in lower):
        return "turkish"
    return None


def _other_spelling(name: str, group: int, culture: str, rng: random.Random) -> str:
    key = name.casefold()
    others = [
        s
        for s in nt.VARIANT_GROUPS[group]
        if s.casefold() != key and spelling_culture(s) in (None, culture)
    ]
    return rng.choice(others) if others else name


_KEYBOARD_ROWS = ("qwertyuiopå", "asdfghjklæø", "zxcvbnm")


def _neighbours() -> dict[str, str]:
    result: dict[str, str] = {}
    for row_index, row in enumerate(_KEYBOARD_ROWS):
        for col, char in enumerate(row):
            near = [row[c] for c in (col - 1, col + 1) if 0 <= c < len(row)]
            for other in (row_index - 1, row_index + 1):
                if 0 <= other < len(_KEYBOARD_ROWS):
                    near += [_KEYBOARD_ROWS[other][c] for c in (col - 1, col, col + 1)
                             if 0 <= c < len(_KEYBOARD_ROWS[other])]  # fmt: skip
            result[char] = "".join(near)
    return result


KEY_NEIGHBOURS = _neighbours()


def typo(text: str, rng: random.Random) -> str:
    """One keyboard slip: a deleted, swapped, mistyped or doubled letter (never the first)."""
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text))
    if not text[i].isalpha():
        return text
    draw = rng.random()
    if draw < 0.3:
        return text[:i] + text[i + 1 :]
    if draw < 0.55 and text[i - 1].isalpha() and text[i - 1] != text[i]:
        return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]
    if draw < 0.8:
        near = KEY_NEIGHBOURS.get(text[i].lower())
        if near:
            char = rng.choice(near)
            return text[:i] + (char.upper() if text[i].isupper() else char) + text[i + 1 :]
    return text[:i] + text[i] + text[i:]


_DANISH_LETTERS = frozenset("æøåÆØÅ")
_NO_DECOMPOSITION = str.maketrans({"ı": "i", "İ": "I", "đ": "d", "Đ": "D", "ł": "l", "ß": "ss"})


@lru_cache(maxsize=65_536)
def strip_diacritics(text: str, *, german: bool) -> str:
    """Drop diacritics except the Danish letters æøå (Ayşe -> Ayse, Nguyễn -> Nguyen)."""
    if german:
        for source, target in (("ü", "ue"), ("ö", "oe"), ("Ü", "Ue"), ("Ö", "Oe")):
            text = text.replace(source, target)
    text = text.translate(_NO_DECOMPOSITION)
    out: list[str] = []
    for char in text:
        if char in _DANISH_LETTERS or ord(char) < 128:
            out.append(char)
        else:
            out.extend(
                c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
            )
    return "".join(out)


@lru_cache(maxsize=65_536)
def has_foreign_diacritics(text: str) -> bool:
    return any(ord(c) > 127 and c not in _DANISH_LETTERS for c in text)


def danish_ascii(text: str, *, single: bool) -> str:
    """Write æøå without Danish letters: ae/oe/aa, or ae/o/a."""
    if not any(c in _DANISH_LETTERS for c in text):
        return text
    pairs = (
        (("æ", "ae"), ("ø", "o"), ("å", "a"), ("Æ", "Ae"), ("Ø", "O"), ("Å", "A"))
        if single
        else (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("Æ", "Ae"), ("Ø", "Oe"), ("Å", "Aa"))
    )
    for source, target in pairs:
        text = text.replace(source, target)
    return text


# --- Records ---------------------------------------------------------------------------------

_PREFIXED = re.compile(r"^(Al|El)[- ](\S.*)$")
_PREFIX_FORMS = ("Al-{c}", "Al {c}", "Al{g}", "{c}", "El-{c}", "El {c}", "al-{c}")
_DOOR_DOTTED = {"tv": "t.v.", "th": "t.h.", "mf": "m.f."}


class Renderer:
    """Writes one record of a person the way one list would, with errors."""

    def __init__(self, rng: random.Random, rates: ErrorRates) -> None:
        self.rng = rng
        self.rates = rates

    def render(self, entity: Entity, style: ListStyle) -> list[str]:
        first, last = self._names(entity)
        address, postal_code, city = self._address(entity, style)
        return [
            first,
            last,
            self._birth_date(entity, style),
            self._cpr(entity, style),
            self._phone(entity, style),
            self._email(entity),
            address,
            postal_code,
            city,
        ]

    # -- names

    def _names(self, entity: Entity) -> tuple[str, str]:
        rng, rates = self.rng, self.rates
        culture = entity.culture
        weight = nt.TRANSLITERATION_WEIGHT[culture]
        given = self._noisy(entity.given, culture, weight)
        middles = [self._noisy(m, culture, weight) for m in entity.middles]
        surname = self._noisy(self._surname_form(entity.surname, culture), culture, weight)
        if rng.random() < rates.extra_name:
            extra = (
                pick(rng, nt.DANISH_MIDDLE) if culture == "danish" else pick(rng, nt.MALE[culture])
            )
            middles.append(extra)
        first_parts, last_parts = [given], [surname]
        if middles:
            draw = rng.random()
            if draw < rates.middle_drop:
                pass
            elif draw < rates.middle_drop + rates.middle_to_last:
                last_parts = [*middles, surname]
            else:
                first_parts += middles
        first, last = " ".join(first_parts), " ".join(last_parts)
        if rng.random() < rates.diacritics_drop:
            german = culture == "turkish" and rng.random() < 0.2
            if has_foreign_diacritics(first):
                first = strip_diacritics(first, german=german)
            if has_foreign_diacritics(last):
                last = strip_diacritics(last, german=german)
        if rng.random() < rates.danish_letters_ascii:
            single = rng.random() < 0.3
            first, last = danish_ascii(first, single=single), danish_ascii(last, single=single)
        if rng.random() < rates.name_typo:
            first = typo(first, rng)
        if rng.random() < rates.name_typo:
            last = typo(last, rng)
        if rng.random() < rates.upper_case:
            last = last.upper()
        swap = rates.name_swap * (4 if culture == "vietnamese" else 1)
        if rng.random() < swap:
            first, last = last, first
        return first, last

    def _noisy(self, name: str, culture: str, weight: float) -> str:
        rng, rates = self.rng, self.rates
        if weight > 0 and rng.random() < rates.name_variant:
            name = variant(name, culture, rng)
        if weight > 0 and rng.random() < rates.name_rule * weight:
            name = transliterate(name, rng)
        return name

    def _surname_form(self, surname: str, culture: str) -> str:
        rng, rates = self.rng, self.rates
        match = _PREFIXED.match(surname)
        if match:
            if rng.random() >= rates.surname_form:
                return surname
            core = match.group(2)
            form = rng.choice(_PREFIX_FORMS).format(c=core, g=core.lower().replace(" ", ""))
            return form
        if " " in surname:
            if rng.random() >= rates.surname_form:
                return surname
            parts = surname.split(" ")
            draw = rng.random()
            if draw < 0.4:
                return parts[0] + "".join(p.lower() for p in parts[1:])
            if draw < 0.7:
                return "-".join(parts)
            return parts[-1]
        if culture == "arabic" and rng.random() < rates.surname_prefix_add:
            return rng.choice(("Al-", "Al ", "El-")) + surname
        return surname

    # -- birth date and CPR

    def _birth_date(self, entity: Entity, style: ListStyle) -> str:
        rng, rates = self.rng, self.rates
        if rng.random() < rates.dob_missing:
            return ""
        shown = entity.birth
        if entity.stated_birth is not None and rng.random() < rates.dob_stated:
            shown = entity.stated_birth
        elif entity.uncertain and rng.random() < rates.dob_placeholder:
            shown = date(shown.year, 1, 1)
        if rng.random() < rates.dob_typo:
            shown = self._date_typo(shown)
        year, month, day = shown.year, shown.month, shown.day
        if day <= 12 and month <= 12 and day != month and rng.random() < rates.dob_swap:
            month, day = day, month
        written = style.date_formats.pick(rng)
        if written == "YYYY-MM-DD":
            return f"{year:04d}-{month:02d}-{day:02d}"
        if written == "DD-MM-YYYY":
            return f"{day:02d}-{month:02d}-{year:04d}"
        if written == "DD.MM.YYYY":
            return f"{day:02d}.{month:02d}.{year:04d}"
        return f"{day}/{month}/{year}"

    def _date_typo(self, value: date) -> date:
        digits = f"{value:%d%m%Y}"
        for _ in range(10):
            position = self.rng.choice((0, 1, 2, 3, 6, 7))  # not the century
            new = digits[:position] + self.rng.choice("0123456789") + digits[position + 1 :]
            if new == digits:
                continue
            try:
                return date(int(new[4:]), int(new[2:4]), int(new[:2]))
            except ValueError:
                continue
        return value

    def _cpr(self, entity: Entity, style: ListStyle) -> str:
        rng, rates = self.rng, self.rates
        if rng.random() >= rates.cpr_present:
            return ""
        digits = entity.cpr
        if rng.random() < rates.cpr_typo:
            i = rng.randrange(10)
            digits = digits[:i] + rng.choice("0123456789".replace(digits[i], "")) + digits[i + 1 :]
        if rng.random() < rates.cpr_transposed:
            i = rng.randrange(9)
            digits = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
        return f"{digits[:6]}-{digits[6:]}" if rng.random() < style.cpr_dashed else digits

    # -- contact

    def _phone(self, entity: Entity, style: ListStyle) -> str:
        rng = self.rng
        if rng.random() < self.rates.phone_missing:
            return ""
        number = entity.phone2 if entity.phone2 and rng.random() < 0.5 else entity.phone
        written = style.phone_formats.pick(rng)
        spaced = f"{number[:2]} {number[2:4]} {number[4:6]} {number[6:]}"
        if written == "spaced":
            return spaced
        if written == "plus45":
            return f"+45 {spaced}"
        if written == "0045":
            return f"0045 {number}"
        if written == "plus45-":
            return f"+45{number}"
        return number

    def _email(self, entity: Entity) -> str:
        rng = self.rng
        if not entity.email or rng.random() >= self.rates.email_present:
            return ""
        if entity.email2 and rng.random() < 0.5:
            return entity.email2
        return entity.email

    # -- address

    def _address(self, entity: Entity, style: ListStyle) -> tuple[str, str, str]:
        rng, rates = self.rng, self.rates
        address = entity.address
        if entity.address2 is not None and rng.random() < 0.5:
            address = entity.address2
        postal_code = "" if rng.random() < rates.postal_missing else address.postal_code
        city = "" if rng.random() < rates.city_missing else self._city(address.city)
        if rng.random() < rates.address_missing:
            return ("", "", "") if rng.random() < 0.5 else ("", postal_code, city)
        letter = address.letter
        if letter:
            draw = rng.random()
            letter = letter if draw < 0.6 else (f" {letter}" if draw < 0.8 else letter.lower())
        text = f"{self._street(address.street)} {address.number}{letter}"
        text += self._floor_door(address, style.address_styles.pick(rng))
        if rng.random() < rates.danish_letters_ascii:
            single = rng.random() < 0.3
            text, city = danish_ascii(text, single=single), danish_ascii(city, single=single)
        if rng.random() < rates.address_typo:
            text = typo(text, rng)
        return text, postal_code, city

    def _street(self, street: str) -> str:
        rng, p = self.rng, self.rates.address_abbrev
        words = street.split(" ")
        for i, word in enumerate(words):
            forms = nt.STREET_WORD_ABBREVIATIONS.get(word)
            if forms and rng.random() < (p * 2 if word == "Allé" else p):
                words[i] = rng.choice(forms)
        last = words[-1]
        if last.endswith("gade") and len(last) > 6 and rng.random() < p:
            words[-1] = last[:-3] + "."  # Vestergade -> Vesterg.
        elif (
            len(words) > 1
            and words[-1] in ("Vej", "Gade", "Allé", "Stræde")
            and rng.random() < p / 2
        ):
            words[-2:] = [words[-2] + words[-1].lower()]  # Sankt Jørgens Vej -> Jørgensvej
        return " ".join(words)

    @staticmethod
    def _floor_door(address: Address, written: str) -> str:
        floor, door = address.floor, address.door
        if floor is None:
            return ""
        if written == "bare":
            level = {0: "st", -1: "kl"}.get(floor, str(floor))
            return f" {level} {door}".rstrip()
        if written == "sal":
            level = {0: "stuen", -1: "kælder"}.get(floor, f"{floor}. sal")
            return f", {level} {door}".rstrip()
        level = {0: "st.", -1: "kl."}.get(floor, f"{floor}.")
        if not door:
            return f", {level}"
        if written == "dotted":
            return f", {level}{door}." if door.isalpha() else f", {level} {door}"
        if written == "tdot":
            return f", {level} {_DOOR_DOTTED.get(door, door)}"
        return f", {level} {door}"

    def _city(self, city: str) -> str:
        rng = self.rng
        if city.startswith("København") and rng.random() < 0.15:
            return "Kbh." + city[len("København") :]
        if city.startswith("Aarhus") and rng.random() < 0.15:
            return "Århus" + city[len("Aarhus") :]
        if city.startswith("Aalborg") and rng.random() < 0.10:
            city = "Ålborg" + city[len("Aalborg") :]
        if city.endswith(" Øst") and rng.random() < 0.3:
            return city[:-2]
        if city == "Kongens Lyngby" and rng.random() < 0.4:
            return "Kgs. Lyngby"
        return city


# --- Writing -----------------------------------------------------------------------------------


class ShuffledWriter:
    """Writes rows in a locally shuffled order and numbers them as they leave the buffer."""

    def __init__(
        self,
        path: Path,
        prefix: str,
        width: int,
        rng: random.Random,
        on_write: Callable[[str, int], None],
        buffer_size: int = SHUFFLE_BUFFER,
    ) -> None:
        self._file: TextIO = path.open("w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._file, lineterminator="\n")
        self._csv.writerow(COLUMNS)
        self._prefix, self._width = prefix, width
        self._rng = rng
        self._on_write = on_write
        self._buffer: list[tuple[int, list[str]]] = []
        self._size = buffer_size
        self.count = 0

    def add(self, entity_number: int, row: list[str]) -> None:
        self._buffer.append((entity_number, row))
        if len(self._buffer) > self._size:
            self._emit(self._rng.randrange(len(self._buffer)))

    def _emit(self, index: int) -> None:
        buffer = self._buffer
        buffer[index], buffer[-1] = buffer[-1], buffer[index]
        entity_number, row = buffer.pop()
        self.count += 1
        record_id = f"{self._prefix}{self.count:0{self._width}d}"
        self._csv.writerow([record_id, *row])
        self._on_write(record_id, entity_number)

    def close(self) -> None:
        self._rng.shuffle(self._buffer)
        while self._buffer:
            self._emit(len(self._buffer) - 1)
        self._file.close()


def _id_width(rows: int, minimum: int) -> int:
    return max(minimum, len(str(rows)))


def generate_link(
    out: Path, size: int, *, seed: int, rates: ErrorRates, overlap: float = 0.6
) -> dict[str, object]:
    """Two lists of ``size`` rows; ``overlap`` of each list's rows are in the other too."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    factory = EntityFactory(random.Random(rng.getrandbits(64)), rates)
    renderer = Renderer(random.Random(rng.getrandbits(64)), rates)
    shuffle_rng = random.Random(rng.getrandbits(64))
    both = round(size * overlap)
    remaining = [both, size - both, size - both]  # in both lists, left only, right only
    width = _id_width(size, 6)

    shared: set[int] = set()
    pending: tuple[dict[int, str], dict[int, str]] = ({}, {})
    kinds: dict[str, int] = {}
    with (out / "truth.csv").open("w", encoding="utf-8", newline="") as truth_file:
        truth = csv.writer(truth_file, lineterminator="\n")
        truth.writerow(("left_id", "right_id"))

        def on_write(side: int) -> Callable[[str, int], None]:
            def record(record_id: str, number: int) -> None:
                if number not in shared:
                    return
                partner = pending[1 - side].pop(number, None)
                if partner is None:
                    pending[side][number] = record_id
                else:
                    truth.writerow((record_id, partner) if side == 0 else (partner, record_id))
                    shared.discard(number)

            return record

        left = ShuffledWriter(out / "left.csv", "L", width, shuffle_rng, on_write(0))
        right = ShuffledWriter(out / "right.csv", "R", width, shuffle_rng, on_write(1))
        for number in range(sum(remaining)):
            draw = rng.random() * sum(remaining)
            category = (
                0 if draw < remaining[0] else (1 if draw < remaining[0] + remaining[1] else 2)
            )
            remaining[category] -= 1
            entity = factory.make(number)
            kinds[entity.kind] = kinds.get(entity.kind, 0) + 1
            if category == 0:
                shared.add(number)
            if category in (0, 1):
                left.add(number, renderer.render(entity, JOBCENTRE))
            if category in (0, 2):
                right.add(number, renderer.render(entity, LANGUAGE_SCHOOL))
        left.close()
        right.close()
    return {
        "mode": "link",
        "left_rows": left.count,
        "right_rows": right.count,
        "entities": sum(kinds.values()),
        "true_pairs": both,
        "kinds": kinds,
    }


def generate_dedupe(
    out: Path, rows: int, *, seed: int, rates: ErrorRates, duplicates: float = 0.3
) -> dict[str, object]:
    """One list of ``rows`` rows, ``duplicates`` of which are extra records of a person."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    factory = EntityFactory(random.Random(rng.getrandbits(64)), rates)
    renderer = Renderer(random.Random(rng.getrandbits(64)), rates)
    shuffle_rng = random.Random(rng.getrandbits(64))
    extra_records: Choice[int] = Choice([(2, 0.65), (3, 0.25), (4, 0.10)])
    mean_extra = sum(
        (k - 1) * (w - p)
        for k, w, p in zip(
            extra_records.values,
            extra_records.cum_weights,
            (0.0, *extra_records.cum_weights[:-1]),
            strict=True,
        )
    )
    single = max(0.0, 1.0 - duplicates / ((1.0 - duplicates) * mean_extra))

    true_pairs = 0
    kinds: dict[str, int] = {}
    number = 0
    with (out / "truth.csv").open("w", encoding="utf-8", newline="") as truth_file:
        truth = csv.writer(truth_file, lineterminator="\n")
        truth.writerow(("id", "entity_id"))
        entity_width = _id_width(rows, 7)

        def on_write(record_id: str, entity_number: int) -> None:
            truth.writerow((record_id, f"E{entity_number + 1:0{entity_width}d}"))

        writer = ShuffledWriter(out / "records.csv", "D", _id_width(rows, 7), shuffle_rng, on_write)
        written = 0
        while written < rows:
            count = 1 if rng.random() < single else extra_records.pick(rng)
            count = min(count, rows - written)
            entity = factory.make(number)
            kinds[entity.kind] = kinds.get(entity.kind, 0) + 1
            for _ in range(count):
                writer.add(number, renderer.render(entity, DEDUPE_STYLES.pick(rng)))
            true_pairs += count * (count - 1) // 2
            written += count
            number += 1
        writer.close()
    return {
        "mode": "dedupe",
        "rows": writer.count,
        "entities": number,
        "duplicate_share": round(1 - number / max(writer.count, 1), 4),
        "true_pairs": true_pairs,
        "kinds": kinds,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    link = commands.add_parser("link", help="two lists to link, with truth")
    link.add_argument("--size", type=int, default=5000, help="rows per list")
    link.add_argument("--overlap", type=float, default=0.6, help="share of rows in both lists")
    dedupe = commands.add_parser("dedupe", help="one list to de-duplicate, with truth")
    dedupe.add_argument("--rows", type=int, default=100_000)
    dedupe.add_argument("--duplicates", type=float, default=0.3, help="share of extra records")
    for command in (link, dedupe):
        command.add_argument("--out", type=Path, required=True, help="output directory")
        command.add_argument("--seed", type=int, default=1)
        command.add_argument(
            "--rate", action="append", default=[], metavar="NAME=VALUE", help="override a rate"
        )
    commands.add_parser("rates", help="print the default error rates as JSON")
    args = parser.parse_args(argv)

    if args.command == "rates":
        print(json.dumps(asdict(ErrorRates()), indent=2))
        return 0
    try:
        rates = ErrorRates().with_overrides(args.rate)
    except ValueError as error:
        parser.error(str(error))
    started = time.perf_counter()
    if args.command == "link":
        if not 0.0 <= args.overlap <= 1.0:
            parser.error("--overlap must be between 0 and 1")
        summary = generate_link(
            args.out, args.size, seed=args.seed, rates=rates, overlap=args.overlap
        )
    else:
        if not 0.0 <= args.duplicates < 1.0:
            parser.error("--duplicates must be at least 0 and below 1")
        summary = generate_dedupe(
            args.out, args.rows, seed=args.seed, rates=rates, duplicates=args.duplicates
        )
    summary["seed"] = args.seed
    summary["seconds"] = round(time.perf_counter() - started, 2)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
