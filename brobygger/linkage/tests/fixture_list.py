"""A fixture list with known truth (``tests/fixtures/garantiliste.csv``, Windows-1252 with
semicolons, as Excel exports it) and the registry it is imported into. Synthetic people."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from brobygger.core.crypto import encrypt
from brobygger.people.cpr import cpr_lookup_hash
from brobygger.people.models import Person
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

FIXTURE_LIST = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "garantiliste.csv"

# spreadsheet row → (outcome, the registry person it is, if any)
TRUTH: dict[int, tuple[str, str | None]] = {
    2: ("matched", "fatima"),  # Fatma Alhassan: spelling, Al- prefix, abbreviated street
    3: ("matched", "mohammed"),  # Ali Muhammad: names swapped, CPR with a dash
    4: ("matched", "hodan"),  # Xodan: Somali x for h; the 1 January placeholder, same phone
    5: ("matched", "ayse"),  # Ayse Yilmaz: diacritics dropped, Ndr. for Nordre
    6: ("matched", "lan"),  # Lan / Nguyen Thi: Vietnamese family name first
    7: ("new", None),
    8: ("new", None),
    9: ("new", None),
    10: ("new", None),  # Zahra Ahmadi ...
    11: ("duplicate", None),  # ... twice in the list
    12: ("rejected", None),  # no first name
    13: ("rejected", None),  # the list's id 101 again
    14: ("review", "amina"),  # Amina Yousef in another town, and nothing else
    15: ("new", None),  # a formula as a name: kept as text; bad date, phone and postal code
}


def fixture_registry(cast: Cast) -> dict[str, Person]:
    """Viborg's registry before the list arrives."""
    mohammed = PersonFactory(first_name="Mohammed", last_name="Ali", birth_date=date(1975, 1, 1))
    mohammed.cpr_ciphertext = encrypt("0101751234")
    mohammed.cpr_hash = cpr_lookup_hash("0101751234")
    mohammed.save()
    return {
        "fatima": PersonFactory(
            first_name="Fatima",
            last_name="Al-Hassan",
            birth_date=date(1980, 3, 5),
            street="Vestergade 3",
            floor_door="2. tv",
            postal_code="8800",
        ),
        "mohammed": mohammed,
        "hodan": PersonFactory(
            first_name="Hodan",
            last_name="Warsame",
            birth_date=date(1990, 1, 1),
            phone="+4540112233",
        ),
        "ayse": PersonFactory(
            first_name="Ayşe",
            last_name="Yılmaz",
            birth_date=date(1986, 7, 14),
            street="Nordre Ringvej 5",
            floor_door="st. th",
        ),
        "lan": PersonFactory(
            first_name="Nguyễn Thị", last_name="Lan", birth_date=date(1992, 7, 12)
        ),
        "amina": PersonFactory(
            first_name="Amina", last_name="Yusuf", birth_date=date(1985, 6, 1), postal_code="8800"
        ),
        "other": PersonFactory(first_name="Hiba", last_name="Haddad", birth_date=date(1977, 8, 6)),
    }
