"""The linkage model: which fields are compared, at which levels, and how pairs are found.

The comparison levels work on the columns that ``brobygger.linkage.features`` derives from a
list row. Each level has prior m and u probabilities: for a small list (where the
expectation-maximisation has too few pairs to learn from) the priors are the model; for a
larger one, u is estimated by random sampling and m by EM, and the priors are only where
training starts.

Splink reads these dictionaries as they are (see "Defining a custom comparison" in its
documentation); the labels are what the review queue shows as the evidence per field.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

NAME_FUZZY = 0.88
STREET_FUZZY = 0.9
# Two spellings with one romanisation key must also look alike: "Mahmoud" and "Muhammad"
# share the consonants of their root but are different names.
VARIANT_SIMILARITY = 0.78
SAME_CONTACT = "phone_l = phone_r OR email_l = email_r"
# The city beside the postal code: in one country's lists it follows the postal code and adds
# little (u, estimated from the list, then stays near the postal code's), in another's it is
# a field of its own, and agreeing on both is much rarer by chance.
SAME_CITY = f"jaro_winkler_similarity(city_l, city_r) >= {STREET_FUZZY}"

# First and last name swapped: the same set of name keys in another order, or keys that
# cross both ways with at least one word spelt the same ("Lan Nguyen" / "Nguyen Thi Lan").
# Or both cross with a typo ("Laznger Gabrielle" / "Gabrielle Langer").
SWAPPED_NAMES = (
    "((name_set_l = name_set_r AND fn1_l <> fn1_r)"
    " OR (list_has_any(fn_keys_l, ln_keys_r) AND list_has_any(ln_keys_l, fn_keys_r)"
    " AND (list_has_any(fn_words_l, ln_words_r) OR list_has_any(ln_words_l, fn_words_r)))"
    f" OR (jaro_winkler_similarity(fn_l, ln_r) >= {NAME_FUZZY}"
    f" AND jaro_winkler_similarity(ln_l, fn_r) >= {NAME_FUZZY}))"
    " AND NOT list_has_any(fn_keys_l, fn_keys_r)"
)
# One name written in the other field and the other name different or missing ("Raquel
# Lodge" / "Garnett Raquel"): weaker than a swap, and like a swap counted once.
CROSSED_NAME = (
    "(list_has_any(fn_keys_l, ln_keys_r) OR list_has_any(ln_keys_l, fn_keys_r))"
    " AND NOT list_has_any(fn_keys_l, fn_keys_r) AND NOT list_has_any(ln_keys_l, ln_keys_r)"
)


def _within_one_edit(left: str, right: str) -> str:
    """``damerau_levenshtein(left, right) <= 1``, the distance computed only where it can hold:
    between texts of one length (the dates, the parts of a CPR number and the postal codes
    always are) one edit leaves at most two positions different, and DuckDB's ``hamming``
    counts them far faster than the distance takes (a quarter of the time of scoring,
    before). ``hamming`` refuses empty texts and texts of two lengths, and DuckDB may evaluate
    both sides of an OR: on ``left || right`` and ``right || left`` (one length, and a full
    stop so never empty) it counts the differing positions twice."""
    both = f"hamming({left} || {right} || '.', {right} || {left} || '.')"
    return (
        f"(strlen({left}) <> strlen({right}) OR {both} <= 4)"
        f" AND damerau_levenshtein({left}, {right}) <= 1"
    )


def _level(condition: str, label: str, m: float, u: float, **extra: Any) -> dict[str, Any]:
    return {
        "sql_condition": condition,
        "label_for_charts": label,
        "m_probability": m,
        "u_probability": u,
        **extra,
    }


def _null(condition: str) -> dict[str, Any]:
    return {
        "sql_condition": condition,
        "label_for_charts": gettext_noop("missing"),
        "is_null_level": True,
    }


def _abjad(column: str) -> str:
    """The word has no vowel after its first letter: a letter-by-letter romanisation of a
    script that writes no short vowels ("محمد" → "mhmd"), which no Latin spelling looks
    like. Its romanisation key alone then says "the same name"."""
    return f"NOT regexp_matches(substr({column}, 2), '[aeiou]')"


def _counted_once(
    column: str, condition: str, labels: tuple[str, str], m: float, u: float
) -> dict[str, Any]:
    """A level that spans both names: weighed in the first name (``labels[0]``), weightless
    in the last (``labels[1]``)."""
    if column == "fn":
        return _level(condition, labels[0], m, u)
    return _level(
        condition,
        labels[1],
        0.5,
        0.5,
        fix_m_probability=True,
        fix_u_probability=True,
    )


def _name_comparison(column: str, words: str, main: str, title: str) -> dict[str, Any]:
    return {
        "output_column_name": column,
        "comparison_description": title,
        "comparison_levels": [
            _null(f"{column}_l IS NULL OR {column}_r IS NULL"),
            # A common name ("Fatima Ali") says less than a rare one: term frequencies.
            _level(
                f"{column}_l = {column}_r",
                gettext_noop("same spelling"),
                0.55,
                0.004,
                tf_adjustment_column=column,
                tf_adjustment_weight=1.0,
            ),
            _level(
                f"{main}_l = {main}_r AND (jaro_winkler_similarity({main}w_l, {main}w_r)"
                f" >= {VARIANT_SIMILARITY} OR {_abjad(main + 'w_l')} OR {_abjad(main + 'w_r')})",
                gettext_noop("same name, other spelling"),
                0.25,
                0.006,
            ),
            _counted_once(
                column,
                SWAPPED_NAMES,
                (
                    gettext_noop("first and last name swapped"),
                    gettext_noop("swapped (counted under first name)"),
                ),
                0.03,
                0.0002,
            ),
            _level(
                f"list_has_any({words}_l, {words}_r)",
                gettext_noop("shares a name (middle names)"),
                0.06,
                0.01,
            ),
            _counted_once(
                column,
                CROSSED_NAME,
                (
                    gettext_noop("one name written in the other field"),
                    gettext_noop("one name in the other field (counted under first name)"),
                ),
                0.02,
                0.001,
            ),
            _level(
                f"jaro_winkler_similarity({column}_l, {column}_r) >= {NAME_FUZZY}"
                f" OR jaro_winkler_similarity({main}w_l, {main}w_r) >= {NAME_FUZZY}",
                gettext_noop("similar spelling"),
                0.05,
                0.01,
            ),
            _level("ELSE", gettext_noop("different"), 0.06, 0.97),
        ],
    }


COMPARISONS: list[dict[str, Any]] = [
    _name_comparison("fn", "fn_words", "fn1", gettext_noop("First name")),
    _name_comparison("ln", "ln_words", "ln1", gettext_noop("Last name")),
    {
        "output_column_name": "dob",
        "comparison_description": gettext_noop("Date of birth"),
        "comparison_levels": [
            _null("dob_l IS NULL OR dob_r IS NULL"),
            _level(
                "dob_l = dob_r AND NOT dob_placeholder_l", gettext_noop("same date"), 0.8, 0.0002
            ),
            _level("dob_l = dob_r", gettext_noop("both 1 January (placeholder)"), 0.05, 0.003),
            _level(
                "substr(dob_l, 1, 4) = substr(dob_r, 1, 4)"
                " AND substr(dob_l, 6, 2) = substr(dob_r, 9, 2)"
                " AND substr(dob_l, 9, 2) = substr(dob_r, 6, 2)",
                gettext_noop("day and month swapped"),
                0.02,
                0.0002,
            ),
            _level(
                _within_one_edit("dob_l", "dob_r"),
                gettext_noop("one digit differs"),
                0.04,
                0.003,
            ),
            _level(
                "(dob_placeholder_l OR dob_placeholder_r) AND dob_year_l = dob_year_r",
                gettext_noop("1 January placeholder, same year"),
                0.03,
                0.01,
            ),
            # A typo in one part of the date that the digit levels miss (month 11 for 12 is one
            # digit; 09 for 12 is two), never the 1 January placeholder.
            _level(
                "NOT (dob_placeholder_l OR dob_placeholder_r)"
                " AND ((dob_year_l = dob_year_r AND substr(dob_l, 6, 2) = substr(dob_r, 6, 2))"
                " OR (dob_year_l = dob_year_r AND substr(dob_l, 9, 2) = substr(dob_r, 9, 2))"
                " OR substr(dob_l, 6, 5) = substr(dob_r, 6, 5))",
                gettext_noop("two of day, month and year the same"),
                0.03,
                0.004,
            ),
            _level(
                "abs(dob_year_l - dob_year_r) <= 1", gettext_noop("year within one"), 0.02, 0.05
            ),
            _level("ELSE", gettext_noop("different"), 0.04, 0.93),
        ],
    },
    {
        "output_column_name": "cpr",
        "comparison_description": gettext_noop("CPR number"),
        "comparison_levels": [
            _null("cpr_l IS NULL OR cpr_r IS NULL"),
            _level("cpr_l = cpr_r", gettext_noop("same"), 0.9, 0.00001),
            # The first six digits are the birth date, which the date comparison weighs:
            # here the near levels say which part differs.
            _level(
                "substr(cpr_l, 7, 4) = substr(cpr_r, 7, 4)"
                " AND " + _within_one_edit("substr(cpr_l, 1, 6)", "substr(cpr_r, 1, 6)"),
                gettext_noop("one digit off in the date part"),
                0.04,
                0.00005,
            ),
            # A typo, or a person born the same day: serial numbers are handed out in
            # order. Neither way is it evidence, so the level weighs nothing.
            _level(
                "substr(cpr_l, 1, 6) = substr(cpr_r, 1, 6)"
                " AND " + _within_one_edit("substr(cpr_l, 7, 4)", "substr(cpr_r, 7, 4)"),
                gettext_noop("one digit off in the serial number (no weight)"),
                0.5,
                0.5,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            _level("ELSE", gettext_noop("different"), 0.04, 0.99949),
        ],
    },
    # Phone, e-mail and address in one comparison: a household shares them, and separate
    # comparisons would count one household two or three times.
    {
        "output_column_name": "household",
        "comparison_description": gettext_noop("Phone, e-mail and address"),
        "comparison_levels": [
            _null(
                "(phone_l IS NULL OR phone_r IS NULL)"
                " AND (email_l IS NULL OR email_r IS NULL)"
                " AND ((street_l IS NULL AND postal_code_l IS NULL AND city_l IS NULL)"
                " OR (street_r IS NULL AND postal_code_r IS NULL AND city_r IS NULL))"
            ),
            _level(
                f"({SAME_CONTACT}) AND address_l = address_r",
                gettext_noop("same phone or e-mail, and address"),
                0.4,
                0.0001,
            ),
            _level(SAME_CONTACT, gettext_noop("same phone or e-mail"), 0.2, 0.0005),
            _level("address_l = address_r", gettext_noop("same address"), 0.15, 0.001),
            _level(
                "house_l = house_r", gettext_noop("same house, other floor or door"), 0.05, 0.001
            ),
            _level(
                f"jaro_winkler_similarity(street_l, street_r) >= {STREET_FUZZY}"
                " AND house_number_l = house_number_r AND postal_code_l = postal_code_r",
                gettext_noop("similar street, same number and postal code"),
                0.04,
                0.0005,
            ),
            _level(
                f"jaro_winkler_similarity(street_l, street_r) >= {STREET_FUZZY}"
                " AND house_number_l = house_number_r",
                gettext_noop("similar street, same number"),
                0.03,
                0.001,
            ),
            _level(
                "street_l = street_r AND " + _within_one_edit("house_number_l", "house_number_r"),
                gettext_noop("same street, house number one character off"),
                0.02,
                0.0005,
            ),
            _level(
                f"postal_code_l = postal_code_r AND {SAME_CITY}",
                gettext_noop("same postal code and city"),
                0.05,
                0.03,
            ),
            _level("postal_code_l = postal_code_r", gettext_noop("same postal code"), 0.02, 0.02),
            _level(
                f"{_within_one_edit('postal_code_l', 'postal_code_r')} AND {SAME_CITY}",
                gettext_noop("postal code one digit off, same city"),
                0.03,
                0.005,
            ),
            _level("city_l = city_r", gettext_noop("same city, other postal code"), 0.02, 0.01),
            _level("ELSE", gettext_noop("different (moved?)"), 0.1, 0.9349),
        ],
    },
]

# The first letters of the street name: the part of an address least often mistyped.
STREET_START = "substr(l.street, 1, 4) = substr(r.street, 1, 4)"
STREET_START_AND_NUMBER = f"l.house_number = r.house_number AND {STREET_START}"
STREET_START_AND_CITY = f"l.city = r.city AND {STREET_START}"

# Pairs are compared only when one of these holds; each catches what the others miss, so
# recall stays high when a name is misspelt, a date mistyped or a CPR number missing.
BLOCKING_RULES: list[str] = [
    "l.cpr = r.cpr",
    "l.fn1 = r.fn1 AND l.ln1 = r.ln1",
    "l.fn1 = r.ln1 AND l.ln1 = r.fn1",
    "l.name_set = r.name_set",
    "l.dob = r.dob AND substr(l.fn1, 1, 1) = substr(r.fn1, 1, 1)",
    "l.dob = r.dob AND substr(l.ln1, 1, 1) = substr(r.ln1, 1, 1)",
    "l.phone = r.phone",
    "l.email = r.email",
    "l.ln1 = r.ln1 AND l.dob_year = r.dob_year",
    "l.fn1 = r.fn1 AND l.dob_year = r.dob_year",
    "l.house = r.house AND substr(l.fn1, 1, 1) = substr(r.fn1, 1, 1)",
    "l.fn1 = r.fn1 AND l.postal_code = r.postal_code",
    # A typo in the name keys: the date or the surname with the place.
    "l.dob = r.dob AND l.postal_code = r.postal_code",
    # (a common surname fills a postal code: such a block is split by the first name's
    # first letter, see BLOCKING_REFINEMENTS)
    "l.ln1 = r.ln1 AND l.postal_code = r.postal_code",
    "l.house = r.house AND l.postal_code = r.postal_code",
    "l.house = r.house AND substr(l.ln1, 1, 1) = substr(r.ln1, 1, 1)",
    # One name written in the other field, the other name different.
    "l.fn1 = r.ln1 AND l.dob = r.dob",
    "l.fn1 = r.ln1 AND l.postal_code = r.postal_code",
    "l.ln1 = r.fn1 AND l.dob = r.dob",
    "l.ln1 = r.fn1 AND l.postal_code = r.postal_code",
    # Typos in both names and in the postal code: the address, keyed on the start of the
    # street name (sorted-neighbourhood style, so a typo later in the street name or in the
    # locality after it does not matter) with the house number, or with the city. Not
    # refined: a crowded street is left to the house and name rules.
    STREET_START_AND_NUMBER,
    STREET_START_AND_CITY,
]

# A block of a rule that would yield more than ``blocking.CAP_PAIRS`` pairs (a common name
# and birth year, the 1 January placeholder) is split by a further field the rule does not
# compare; a block still too large, or of a rule not listed here, is left to the other rules.
_FIRST_INITIAL = "substr(fn1, 1, 1)"
_LAST_INITIAL = "substr(ln1, 1, 1)"
BLOCKING_REFINEMENTS: dict[str, str] = {
    "l.fn1 = r.fn1 AND l.ln1 = r.ln1": "dob_year",
    "l.fn1 = r.ln1 AND l.ln1 = r.fn1": "dob_year",
    "l.name_set = r.name_set": "dob_year",
    "l.dob = r.dob AND substr(l.fn1, 1, 1) = substr(r.fn1, 1, 1)": _LAST_INITIAL,
    "l.dob = r.dob AND substr(l.ln1, 1, 1) = substr(r.ln1, 1, 1)": _FIRST_INITIAL,
    "l.ln1 = r.ln1 AND l.dob_year = r.dob_year": _FIRST_INITIAL,
    "l.fn1 = r.fn1 AND l.dob_year = r.dob_year": _LAST_INITIAL,
    "l.fn1 = r.fn1 AND l.postal_code = r.postal_code": "dob_year",
    "l.dob = r.dob AND l.postal_code = r.postal_code": _FIRST_INITIAL,
    "l.ln1 = r.ln1 AND l.postal_code = r.postal_code": _FIRST_INITIAL,
    "l.fn1 = r.ln1 AND l.postal_code = r.postal_code": "dob_year",
    "l.ln1 = r.fn1 AND l.postal_code = r.postal_code": "dob_year",
}

# Pairs these rules find are near-certain matches: they estimate how many matches there are.
DETERMINISTIC_RULES: list[str] = [
    "l.cpr = r.cpr",
    "l.fn = r.fn AND l.ln = r.ln AND l.dob = r.dob AND NOT l.dob_placeholder",
]
DETERMINISTIC_RECALL = 0.7

# Expectation-maximisation sessions: each trains the comparisons its rule does not use.
EM_RULES: list[str] = [
    "l.dob = r.dob AND NOT l.dob_placeholder",
    "l.fn1 = r.fn1 AND l.ln1 = r.ln1",
]

# Before training: the share of the smaller list's records expected to have a match.
PRIOR_MATCH_SHARE = 0.3
# Below this many possible pairs, random sampling cannot estimate u; the priors are kept.
U_SAMPLING_MIN_PAIRS = 10_000
# Below this many rows a name's frequency in the list says nothing (in a list of two, every
# name is "common"), and exact names are weighed without term frequencies.
TF_MIN_ROWS = 1000
# Below this many rows EM has too few pairs to learn from, and the priors are kept.
EM_MIN_ROWS = 500


def settings(link_type: str, *, evidence: bool, term_frequencies: bool) -> dict[str, Any]:
    comparisons = COMPARISONS if term_frequencies else _without_term_frequencies(COMPARISONS)
    return {
        "link_type": link_type,
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": BLOCKING_RULES,
        "probability_two_random_records_match": 0.0001,
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": evidence,
        "em_convergence": 0.001,
        "max_iterations": 20,
    }


def _without_term_frequencies(comparisons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **comparison,
            "comparison_levels": [
                {k: v for k, v in level.items() if not k.startswith("tf_")}
                for level in comparison["comparison_levels"]
            ],
        }
        for comparison in comparisons
    ]
