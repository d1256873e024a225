"""When status meetings fall: every N months from the first meeting, on working days."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

SATURDAY = 5


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the 31st becomes the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_working_day(day: date) -> date:
    """A Saturday or Sunday moves to the Monday after. (Danish public holidays would need the
    ``holidays`` package, which is not a dependency yet.)"""
    while day.weekday() >= SATURDAY:
        day += timedelta(days=1)
    return day


def meeting_dates(*, first: date, every_months: int, until: date) -> list[date]:
    """The meetings' dates from ``first`` every ``every_months`` months up to ``until``.

    Each date is counted from ``first`` (not from the previous meeting), so a meeting on the
    31st does not drift to the 28th for good after February. A date moved off a weekend that
    would pass ``until`` is left out."""
    if every_months < 1:
        raise ValueError("every_months must be at least 1")
    dates: list[date] = []
    number = 0
    while (planned := add_months(first, number * every_months)) <= until:
        moved = next_working_day(planned)
        if moved <= until and (not dates or moved > dates[-1]):
            dates.append(moved)
        number += 1
    return dates
