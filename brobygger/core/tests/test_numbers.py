"""Percentages as the reader's language writes them, each formatted once per language."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from brobygger.core.templatetags.brobygger_numbers import percent


def test_a_percentage_follows_the_active_language_each_time() -> None:
    for _round in range(2):  # the second time from the remembered formats
        with translation.override("da"):
            assert percent(0.3421) == "34,2\u00a0%"
            assert percent(Decimal("0.5"), 0) == "50\u00a0%"
        with translation.override("en"):
            assert percent(0.3421) == "34.2\u00a0%"
            assert percent(Decimal("0.5"), 0) == "50\u00a0%"


def test_no_share_is_a_dash() -> None:
    assert percent(None) == percent("") == "—"
