"""Row checks: invisible characters that change how a name shows are removed, with a warning."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from brobygger.linkage.fields import check_row


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("\u202egnp.exe", "gnp.exe"),  # right-to-left override
        ("Ali\u2066 Hassan\u2069", "Ali Hassan"),  # isolates
        ("Fa\u200btima", "Fatima"),  # zero-width space
        ("\ufeffHodan", "Hodan"),  # byte order mark
        ("Ay\u061cşe", "Ayşe"),  # Arabic letter mark
        ("Zain\x85ab", "Zainab"),  # C1 control (next line)
        ("Mal\u2028ee", "Malee"),  # line separator
        ("Fat\x00ima\x1b[0m", "Fatima[0m"),  # NUL and escape
    ],
)
def test_invisible_characters_are_removed_with_a_warning(typed: str, stored: str) -> None:
    with translation.override("en"):
        checked = check_row({"Fornavn": typed}, {"Fornavn": "first_name"}, today=date(2026, 11, 1))

    assert checked.values["first_name"] == stored
    assert [p.message for p in checked.problems] == ["invisible control characters were removed."]


def test_joiners_that_names_need_are_kept() -> None:
    name = "Mohammad\u200cReza"  # Persian: zero-width non-joiner
    checked = check_row({"Fornavn": name}, {"Fornavn": "first_name"}, today=date(2026, 11, 1))

    assert checked.values["first_name"] == name and not checked.problems
