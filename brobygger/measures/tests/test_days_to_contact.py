"""The median days to contact of method rows added together (``effectiveness.Days``)."""

from __future__ import annotations

import statistics

from hypothesis import given, settings
from hypothesis import strategies as st

from brobygger.measures.effectiveness import Days


@settings(deadline=None)
@given(st.lists(st.dictionaries(st.integers(0, 400), st.integers(1, 50), max_size=30), max_size=6))
def test_days_median_is_the_median_of_every_persons_days(parts: list[dict[int, int]]) -> None:
    """Rows added together give the median of all their people's days, as
    ``statistics.median`` of the list with each number of days once per person."""
    total = Days()
    everyone: list[int] = []
    for part in parts:
        days = Days()
        for value, people in part.items():
            days.count(value, people)
            everyone.extend([value] * people)
        total.add(days)
    assert total.median() == (statistics.median(everyone) if everyone else None)
