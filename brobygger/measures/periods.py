"""The spans of time every measure is counted over: a period of days and the quarter.

A ``Period`` runs from its first to its last day, both included, in the local time zone. A
``Quarter`` is the reporting unit of seed 004's status reports ("2026Q3"), and its period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def starts_at(self) -> datetime:
        """The first moment of the first day, in the local time zone."""
        return local_midnight(self.start)

    @property
    def ends_before(self) -> datetime:
        """The first moment after the last day: ``created_at < ends_before`` is "on or before
        the end", as a plain comparison the database can use an index for (``__date``
        converts every row's time stamp)."""
        return local_midnight(self.end + timedelta(days=1))


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """ "2026Q3" (or "2026-Q3"); ValueError with a readable message otherwise."""
        match = _QUARTER.match(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a quarter such as 2026Q3")
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def period(self) -> Period:
        first_month = 3 * (self.number - 1) + 1
        start = date(self.year, first_month, 1)
        following = (
            date(self.year + 1, 1, 1) if self.number == 4 else date(self.year, first_month + 3, 1)
        )
        return Period(start, date.fromordinal(following.toordinal() - 1))

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        """The quarter as a reader writes it: "3. kvartal 2026" ("Q3 2026" in English)."""
        return gettext("Q%(number)s %(year)s") % {"number": self.number, "year": self.year}


def quarters_between(start: date, end: date) -> list[Quarter]:
    quarters, quarter = [], Quarter.of(start)
    while quarter <= Quarter.of(end):
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters
