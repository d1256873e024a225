"""Every normalisation and comparison level the model adds to plain Splink."""

from __future__ import annotations

import re
from datetime import date

import duckdb
import pytest

from brobygger.linkage import model, normalise
from brobygger.linkage.features import SCHEMA, row_features

# (spelling a, spelling b) that must share the main name key
GIVEN_NAME_VARIANTS = [
    ("Mohammed", "Muhammad"),
    ("Mohamad", "Mohamed"),
    ("Mehmet", "Muhammad"),
    ("Maxamed", "Mohamed"),
    ("Hussein", "Husain"),
    ("Hüseyin", "Hussain"),
    ("Hossein", "Hussein"),
    ("Fatima", "Fatma"),
    ("Fatemeh", "Fatima"),
    ("Khadija", "Hatice"),
    ("Khadiija", "Hadiya"),
    ("Cabdi", "Abdi"),
    ("Xasan", "Hassan"),
    ("Ayşe", "Aisha"),
    ("Zeynep", "Zainab"),
    ("Yusuf", "Youssef"),
    ("Somchai", "Somchay"),
    ("Nguyễn", "Nguyen"),
    ("Thị", "Thi"),
    ("Gül", "Gul"),
    ("Şahin", "Sahin"),
]
SURNAME_VARIANTS = [
    ("Al-Hassan", "Alhassan"),
    ("Al-Hassan", "El Hassan"),
    ("Al Hassan", "Hassan"),
    ("Abdul Karim", "Abdulkarim"),
    ("Abdel Karim", "Abd al-Karim"),
    ("Al-Jubouri", "Aljuburi"),
    ("Yılmaz", "Yilmaz"),
    ("Warsame", "Warsame"),
]
DIFFERENT_NAMES = [("Fatima", "Zainab"), ("Hassan", "Haddad"), ("Aisha", "Amina")]
# (typed in its own script, a Latin spelling) that must share the main name key
SCRIPT_VARIANTS = [
    ("محمد", "Mohammed"),
    ("فاطمة", "Fatima"),
    ("حسين", "Hussein"),
    ("يوسف", "Youssef"),
    ("مريم", "Maryam"),
    ("ሰምሃር", "Semhar"),
    ("มาลี", "Malee"),
]


@pytest.mark.parametrize(("typed", "latin"), SCRIPT_VARIANTS)
def test_a_name_in_its_own_script_meets_its_latin_spelling(typed: str, latin: str) -> None:
    assert normalise.parse_name(typed).main_key == normalise.parse_name(latin).main_key


def test_an_arabic_surname_with_the_article_meets_the_latin_one() -> None:
    typed = normalise.parse_name("الحسن", surname=True).main_key
    assert typed == normalise.parse_name("Al-Hassan", surname=True).main_key


@pytest.mark.parametrize(("a", "b"), GIVEN_NAME_VARIANTS)
def test_given_name_variants_share_a_key(a: str, b: str) -> None:
    key_a = normalise.parse_name(a).main_key
    key_b = normalise.parse_name(b).main_key
    assert key_a == key_b


@pytest.mark.parametrize(("a", "b"), SURNAME_VARIANTS)
def test_surname_variants_share_a_key(a: str, b: str) -> None:
    key_a = normalise.parse_name(a, surname=True).main_key
    key_b = normalise.parse_name(b, surname=True).main_key
    assert key_a == key_b


@pytest.mark.parametrize(("a", "b"), DIFFERENT_NAMES)
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert normalise.parse_name(a).keys != normalise.parse_name(b).keys


def test_particles_and_initials_are_not_names() -> None:
    assert normalise.name_words("Al-Hassan bin Ali A.") == ["hassan", "ali"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1980-03-05", date(1980, 3, 5)),
        ("05-03-1980", date(1980, 3, 5)),
        ("5.3.1980", date(1980, 3, 5)),
        ("5/3/1980", date(1980, 3, 5)),
        ("05031980", date(1980, 3, 5)),
        ("05-03-80", date(1980, 3, 5)),
        ("1980-03-05 00:00:00", date(1980, 3, 5)),
        ("31-02-1980", None),
        ("2099-01-01", None),
        ("1850-01-01", None),
        ("not a date", None),
        ("", None),
    ],
)
def test_birth_dates_are_read_day_first(text: str, expected: date | None) -> None:
    assert normalise.parse_birth_date(text, today=date(2026, 11, 23)) == expected


def test_the_first_of_january_is_a_placeholder() -> None:
    def placeholder(birth_date: str) -> bool:
        row = row_features("1", {"birth_date": birth_date})
        return dict(zip(SCHEMA.names, row, strict=True))["dob_placeholder"]

    assert placeholder("01-01-1980")
    assert not placeholder("02-01-1980")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+45 12 34 56 78", "12345678"),
        ("0045 12345678", "12345678"),
        ("4512345678", "12345678"),
        ("12 34 56 78", "12345678"),
        ("+46 70 123 45 67", "46701234567"),
        ("1234", None),
        ("", None),
    ],
)
def test_phones_are_normalised(text: str, expected: str | None) -> None:
    assert normalise.phone_number(text) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Vestergade 12, 2. tv", "Vesterg. 12, 2.tv."),
        ("Vestergade 12, 2. tv", "Vestergade 12 2 t.v."),
        ("Ndr. Ringvej 5, st. th", "Nordre Ringvej 5, stuen th"),
        ("Skt. Jørgens Vej 3", "Sankt Jørgens Vej 3"),
        ("Gl. Kongevej 10A", "Gammel Kongevej 10 a"),
        ("Strandv. 4, 1. mf", "Strandvej 4, 1. midt"),
        ("Torvepl. 1", "Torveplads 1"),
        ("Ringvej 5", "Ring Vej 5"),
    ],
)
def test_danish_addresses_are_normalised(a: str, b: str) -> None:
    assert normalise.parse_address(a).key == normalise.parse_address(b).key


def test_address_parts() -> None:
    address = normalise.parse_address("H.C. Andersens Boulevard 2, 4. 3")
    assert (address.street, address.number, address.unit) == ("hcandersensboulevard", "2", "4 3")
    assert normalise.parse_address("").key is None


def test_cpr_fills_a_missing_birth_date() -> None:
    features = dict(zip(SCHEMA.names, row_features("1", {"cpr": "050380-1234"}), strict=True))
    assert features["dob"] == "1980-03-05"
    assert features["cpr"] == "0503801234"


# The comparison levels, evaluated by DuckDB exactly as Splink evaluates them.


def _pair(left: dict[str, str], right: dict[str, str]) -> duckdb.DuckDBPyConnection:
    """A connection with one row, ``pair``: both rows' features as ``<column>_l/_r``."""
    con = duckdb.connect()
    names = SCHEMA.names
    values = [row_features("l", left), row_features("r", right)]
    columns = {
        f"{name}_{side}": value
        for side, row in zip("lr", values, strict=True)
        for name, value in zip(names, row, strict=True)
    }
    con.execute(
        "CREATE TABLE pair AS SELECT "
        + ", ".join(f"${index + 1} AS {name}" for index, name in enumerate(columns)),
        list(columns.values()),
    )
    return con


def _level(comparison: str, left: dict[str, str], right: dict[str, str]) -> str:
    """The label of the first level of ``comparison`` whose condition holds for the pair."""
    definition = next(c for c in model.COMPARISONS if c["output_column_name"] == comparison)
    con = _pair(left, right)
    for level in definition["comparison_levels"]:
        condition = level["sql_condition"]
        if condition == "ELSE":
            return level["label_for_charts"]
        if con.execute(f"SELECT ({condition}) FROM pair").fetchone()[0]:  # noqa: S608
            return level["label_for_charts"]
    raise AssertionError("no level matched")


@pytest.mark.parametrize(
    ("left", "right", "label"),
    [
        ({"first_name": "Fatima"}, {"first_name": "Fatima"}, "same spelling"),
        ({"first_name": "Mohammed"}, {"first_name": "Muhammad"}, "same name, other spelling"),
        ({"first_name": "Fatima Zahra"}, {"first_name": "Fatima"}, "same name, other spelling"),
        ({"first_name": "Zahra Fatima"}, {"first_name": "Fatima"}, "shares a name (middle names)"),
        (
            {"first_name": "Hodan", "last_name": "Warsame"},
            {"first_name": "Warsame", "last_name": "Hodan"},
            "first and last name swapped",
        ),
        (
            {"first_name": "Gabrielle", "last_name": "Langer"},
            {"first_name": "Laznger", "last_name": "Gabrielle"},
            "first and last name swapped",
        ),
        (
            {"first_name": "Raquel", "last_name": "Lodge"},
            {"first_name": "Garnett", "last_name": "Raquel"},
            "one name written in the other field",
        ),
        ({"first_name": "Fatima"}, {"first_name": ""}, "missing"),
        ({"first_name": "Fatima"}, {"first_name": "Zainab"}, "different"),
        # A name typed in its own script is compared by its romanised form.
        ({"first_name": "محمد"}, {"first_name": "Mohammed"}, "same name, other spelling"),
        ({"first_name": "فاطمة"}, {"first_name": "Fatma"}, "same name, other spelling"),
        ({"first_name": "فاطمة"}, {"first_name": "فاطمة"}, "same spelling"),
        ({"first_name": "فاطمة"}, {"first_name": "Zainab"}, "different"),
    ],
)
def test_first_name_levels(left: dict[str, str], right: dict[str, str], label: str) -> None:
    assert _level("fn", left, right) == label


@pytest.mark.parametrize(
    ("left", "right", "label"),
    [
        ("1980-03-05", "05-03-1980", "same date"),
        ("1980-01-01", "01-01-1980", "both 1 January (placeholder)"),
        ("1980-03-05", "1980-05-03", "day and month swapped"),
        ("1980-03-05", "1980-03-06", "one digit differs"),
        ("1980-03-05", "1981-03-05", "one digit differs"),
        ("1980-01-01", "1980-07-14", "1 January placeholder, same year"),
        ("1980-03-05", "1980-11-05", "two of day, month and year the same"),
        ("1980-03-05", "1980-03-27", "two of day, month and year the same"),
        ("1980-12-24", "1967-12-24", "two of day, month and year the same"),
        ("1980-03-05", "1981-11-20", "year within one"),
        ("1980-03-05", "1990-11-20", "different"),
        ("1980-03-05", "", "missing"),
    ],
)
def test_birth_date_levels(left: str, right: str, label: str) -> None:
    assert _level("dob", {"birth_date": left}, {"birth_date": right}) == label


@pytest.mark.parametrize(
    ("left", "right", "label"),
    [
        ("050380-1234", "0503801234", "same"),
        ("050380-1234", "050380-1243", "one digit off in the serial number (no weight)"),
        ("050380-1234", "050380-1235", "one digit off in the serial number (no weight)"),
        ("050380-1234", "050830-1234", "one digit off in the date part"),
        ("050380-1234", "060380-1234", "one digit off in the date part"),
        ("050380-1234", "110285-4321", "different"),
        ("050380-1234", "", "missing"),
    ],
)
def test_cpr_levels(left: str, right: str, label: str) -> None:
    assert _level("cpr", {"cpr": left}, {"cpr": right}) == label


@pytest.mark.parametrize(
    ("left", "right", "label"),
    [
        (
            {"phone": "+45 12 34 56 78", "address": "Vestergade 12, 2. tv"},
            {"phone": "12345678", "address": "Vesterg. 12, 2.tv."},
            "same phone or e-mail, and address",
        ),
        ({"phone": "+45 12 34 56 78"}, {"phone": "12345678"}, "same phone or e-mail"),
        ({"email": "A@x.dk", "phone": "11111111"}, {"email": "a@x.dk"}, "same phone or e-mail"),
        ({"address": "Vestergade 12, 2. tv"}, {"address": "Vesterg. 12, 2.tv."}, "same address"),
        (
            {"address": "Vestergade 12, 2. tv"},
            {"address": "Vestergade 12, 3. th"},
            "same house, other floor or door",
        ),
        (
            {"address": "Vestergade 12"},
            {"address": "Vestregade 12"},
            "similar street, same number and postal code",
        ),
        (
            {"address": "Vestergade 12"},
            {"address": "Vestergade 21"},
            "same street, house number one character off",
        ),
        ({"address": "Vestergade 12"}, {"address": "Søndergade 40"}, "same postal code"),
        ({"phone": "12345678"}, {"phone": "87654321"}, "different (moved?)"),
        ({"phone": "12345678"}, {"email": "a@x.dk"}, "missing"),
    ],
)
def test_household_levels(left: dict[str, str], right: dict[str, str], label: str) -> None:
    postal = {"postal_code": "8800"} if "address" in left and "address" in right else {}
    assert _level("household", {**left, **postal}, {**right, **postal}) == label


@pytest.mark.parametrize(
    ("left", "right", "label"),
    [
        (
            {"postal_code": "8800", "city": "Viborg", "address": "Vestergade 12"},
            {"postal_code": "8080", "city": "Viborg", "address": "Søndergade 40"},
            "postal code one digit off, same city",
        ),
        (
            {"postal_code": "8800", "city": "Viborg"},
            {"postal_code": "8000", "city": "Viborg"},
            "postal code one digit off, same city",
        ),
        (
            {"postal_code": "8800", "city": "Viborg"},
            {"postal_code": "9999", "city": "Viborg"},
            "same city, other postal code",
        ),
        ({"postal_code": "8800", "city": "Viborg"}, {"postal_code": "8080"}, "different (moved?)"),
        # The city agreeing beside the postal code (a typo in the city still agrees).
        (
            {"postal_code": "3816", "city": "Knoxfueld", "address": "1 Bendigo Village"},
            {"postal_code": "3816", "city": "Knoxfield", "address": "7 Nungara Street"},
            "same postal code and city",
        ),
        (
            {"postal_code": "8800", "city": "Viborg", "address": "Vestergade 12"},
            {"postal_code": "8800", "city": "Viborg", "address": "Søndergade 40"},
            "same postal code and city",
        ),
        (
            {"postal_code": "8800", "city": "Viborg", "address": "Vestergade 12"},
            {"postal_code": "8800", "city": "Aarhus", "address": "Søndergade 40"},
            "same postal code",
        ),
        ({"postal_code": "8800"}, {"postal_code": "8800", "city": "Viborg"}, "same postal code"),
    ],
)
def test_postal_code_and_city_levels(
    left: dict[str, str], right: dict[str, str], label: str
) -> None:
    assert _level("household", left, right) == label


def test_a_name_in_the_other_field_counts_once() -> None:
    left = {"first_name": "Raquel", "last_name": "Lodge"}
    right = {"first_name": "Garnett", "last_name": "Raquel"}
    assert _level("ln", left, right) == "one name in the other field (counted under first name)"


def test_house_number_first() -> None:
    """Most of the world writes the number first; the rest of the line is the street."""
    address = normalise.parse_address("6 Tullaroop Street Willaroo")
    assert (address.street, address.number) == ("tullaroopstreetwillaroo", "6")
    assert normalise.parse_address("Vestergade 12").number == "12"


# Blocking rules: each must find the pair its comment promises, where the others miss it.
TYPO_PAIRS = {
    "l.dob = r.dob AND l.postal_code = r.postal_code": (
        {"first_name": "Megan", "last_name": "Klark", "birth_date": "1995-07-10"},
        {"first_name": "Apton", "last_name": "Patin", "birth_date": "1995-07-10"},
    ),
    # (a typo in the first letter too: no first-name key or initial agrees)
    "l.ln1 = r.ln1 AND l.postal_code = r.postal_code": (
        {"first_name": "Jabrinel", "last_name": "Milton", "birth_date": "1982-02-17"},
        {"first_name": "Gabriel", "last_name": "Milton", "birth_date": "1945-06-03"},
    ),
    "l.house = r.house AND l.postal_code = r.postal_code": (
        {"first_name": "Robert", "last_name": "Robb", "address": "7 Erldunda Circuit"},
        {"first_name": "Harrison", "last_name": "Smith", "address": "7 Erldunda Circuit"},
    ),
    "l.house = r.house AND substr(l.ln1, 1, 1) = substr(r.ln1, 1, 1)": (
        {"first_name": "Madison", "last_name": "Waller", "address": "11 Copland Drive"},
        {
            "first_name": "Amity",
            "last_name": "Weller",
            "address": "11 Copland Drive",
            "postal_code": "4365",
        },
    ),
    "l.fn1 = r.ln1 AND l.dob = r.dob": (
        {"first_name": "Gillespie", "last_name": "Moe", "birth_date": "1959-01-24"},
        {
            "first_name": "Earle",
            "last_name": "Gillespie",
            "birth_date": "1959-01-24",
            "postal_code": "3178",
        },
    ),
    "l.fn1 = r.ln1 AND l.postal_code = r.postal_code": (
        {"first_name": "Lodge", "last_name": "Adele", "birth_date": "1904-10-15"},
        {"first_name": "Glen", "last_name": "Lodge", "birth_date": "1900-06-26"},
    ),
    "l.ln1 = r.fn1 AND l.dob = r.dob": (
        {"first_name": "Earle", "last_name": "Gillespie", "birth_date": "1959-01-24"},
        {
            "first_name": "Gillespie",
            "last_name": "Moe",
            "birth_date": "1959-01-24",
            "postal_code": "3178",
        },
    ),
    "l.ln1 = r.fn1 AND l.postal_code = r.postal_code": (
        {"first_name": "Glen", "last_name": "Lodge", "birth_date": "1900-06-26"},
        {"first_name": "Lodge", "last_name": "Adele", "birth_date": "1904-10-15"},
    ),
    # Typos in both names, the street and the postal code (FEBRL 4).
    model.STREET_START_AND_NUMBER: (
        {
            "first_name": "Flytnn",
            "last_name": "Fitzpagrick",
            "birth_date": "1954-01-25",
            "address": "19 Burns Xircuit The Willows",
            "postal_code": "3033",
        },
        {
            "first_name": "Flynn",
            "last_name": "Fitzpatrick",
            "birth_date": "1955-07-13",
            "address": "19 Burns Circuit The Willows",
            "postal_code": "3303",
        },
    ),
    model.STREET_START_AND_CITY: (
        {
            "first_name": "Riley",
            "last_name": "Bteheny",
            "address": "14 Barritt Street Rosetta Vllage",
            "postal_code": "0586",
            "city": "Lalor",
        },
        {
            "first_name": "Riley",
            "last_name": "Breheny",
            "address": "42 Barritt Street Rosetta Village",
            "postal_code": "5086",
            "city": "Lalor",
        },
    ),
}
# A pair with the same house also has the same street start and number: the wider street
# rule holds beside the house rules (it is capped sooner in a crowded street).
WIDER = {
    "l.house = r.house AND l.postal_code = r.postal_code": [model.STREET_START_AND_NUMBER],
    "l.house = r.house AND substr(l.ln1, 1, 1) = substr(r.ln1, 1, 1)": [
        model.STREET_START_AND_NUMBER
    ],
}


def _rules_holding(left: dict[str, str], right: dict[str, str]) -> list[str]:
    """The blocking rules that hold for the pair (``l.fn1`` is the pair's ``fn1_l``)."""
    con = _pair(left, right)
    holding = []
    for rule in model.BLOCKING_RULES:
        condition = re.sub(r"\b([lr])\.(\w+)", r"\2_\1", rule)
        if con.execute(f"SELECT coalesce(({condition}), false) FROM pair").fetchone()[0]:  # noqa: S608
            holding.append(rule)
    return holding


@pytest.mark.parametrize("rule", sorted(TYPO_PAIRS))
def test_each_blocking_rule_finds_what_the_others_miss(rule: str) -> None:
    left, right = TYPO_PAIRS[rule]
    place = {"postal_code": "3300"}
    expected = sorted([rule, *WIDER.get(rule, [])], key=model.BLOCKING_RULES.index)
    assert _rules_holding({**place, **left}, {**place, **right}) == expected


# Pairs the street rules must not find: another house number, another street, another city.
STREET_MISSES = [
    (model.STREET_START_AND_NUMBER, "19 Burns Circuit", "91 Burns Circuit", "Lalor", "Lalor"),
    (model.STREET_START_AND_NUMBER, "19 Burns Circuit", "19 Bunda Street", "Lalor", "Lalor"),
    (model.STREET_START_AND_CITY, "14 Barritt Street", "14 Barton Street", "Lalor", "Lalor"),
    (model.STREET_START_AND_CITY, "14 Barritt Street", "42 Barritt Street", "Lalor", "Airds"),
]


@pytest.mark.parametrize(("rule", "left", "right", "left_city", "right_city"), STREET_MISSES)
def test_the_street_rules_need_the_street_start_and_their_other_field(
    rule: str, left: str, right: str, left_city: str, right_city: str
) -> None:
    holding = _rules_holding(
        {"address": left, "city": left_city}, {"address": right, "city": right_city}
    )
    assert rule not in holding


def test_a_swap_counts_once() -> None:
    left = {"first_name": "Hodan", "last_name": "Warsame"}
    right = {"first_name": "Warsame", "last_name": "Hodan"}
    assert _level("fn", left, right) == "first and last name swapped"
    assert _level("ln", left, right) == "swapped (counted under first name)"


def test_names_with_one_root_are_not_one_name() -> None:
    """Mahmoud and Muhammad share the consonants m-h-m-d, but are different names."""
    assert _level("fn", {"first_name": "Mahmoud"}, {"first_name": "Muhammad"}) == "different"
