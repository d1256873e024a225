"""The local date of a moment, computed by the database on every backend.

Django's ``TruncDate`` gives the date of a stored moment in the current time zone. PostgreSQL
computes it (``AT TIME ZONE``); SQLite has no time zones, so Django registers a Python
function that SQLite calls for every row, which parses the stored text and converts it. For
the evaluator's extract (a million contact attempts at national scale) that was slower than
reading the moments and converting them in Python.

``LocalDate`` is ``TruncDate`` with SQLite's part written in SQL: the zone's offset from UTC
changes only at its transitions, so the offset of a stored moment (text in UTC, as Django
stores it) is found by halving the list of transitions in nested ``CASE``s, and the date is
SQLite's ``date(moment, '+<offset> seconds')`` of its whole seconds. The transitions are
found from the zone's own rules (``zoneinfo``) from 1970 to a few years ahead; moments
before 1970 get the offset of 1970.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.functions import TruncDate
from django.db.models.sql.compiler import SQLCompiler

# The zone's rules are read from here to ``AHEAD_YEARS`` after the current year.
FROM = datetime(1970, 1, 1, tzinfo=UTC)
AHEAD_YEARS = 5
# Transitions are looked for in steps of this (no zone changes twice within it), then found
# to the second.
STEP = timedelta(hours=6)


class LocalDate(TruncDate):
    """The date of a moment in the current time zone (or ``tzinfo``), as ``TruncDate``."""

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        sql, params = compiler.compile(self.lhs)
        tzname = self.get_tzname()
        # SQLite's date arithmetic rounds to the millisecond (23:59:59.9996 would be the next
        # day): the whole seconds, as text, are all a date needs.
        seconds = f"substr({sql}, 1, 19)"
        if tzname is None:  # USE_TZ off: the stored moment is already local
            return f"date({seconds})", tuple(params)
        before, transitions = offsets(tzname, datetime.now(UTC).year + AHEAD_YEARS)
        case, values = _offset_of(sql, tuple(params), before, transitions[::-1])
        return f"date({seconds}, {case})", (*params, *values)


def _offset_of(
    sql: str,
    params: tuple[Any, ...],
    before: int,
    changes: Sequence[tuple[datetime, int]],
) -> tuple[str, tuple[Any, ...]]:
    """SQL for the offset (as a date modifier) of the moment ``sql``: ``before`` until the
    first of ``changes`` (oldest first, each a moment and the offset from it on). A search
    by halves, nested ``CASE``s: seven comparisons a row for a hundred changes, where a list
    newest first took a dozen for this year's moments and more for older ones."""
    if not changes:
        return "%s", (_modifier(before),)
    middle = len(changes) // 2
    moment, offset = changes[middle]
    earlier, earlier_values = _offset_of(sql, params, before, changes[:middle])
    later, later_values = _offset_of(sql, params, offset, changes[middle + 1 :])
    return (
        f"CASE WHEN {sql} >= %s THEN {later} ELSE {earlier} END",
        (*params, _stored(moment), *later_values, *earlier_values),
    )


@cache
def offsets(tzname: str, until_year: int) -> tuple[int, tuple[tuple[datetime, int], ...]]:
    """The zone's offset from UTC in seconds at ``FROM``, and each later change of it (the
    moment in UTC and the new offset) until ``until_year`` began, newest first."""
    zone = ZoneInfo(tzname)
    until = datetime(until_year, 1, 1, tzinfo=UTC)

    def offset(moment: datetime) -> int:
        # A moment in a ZoneInfo always has an offset.
        return int((moment.astimezone(zone).utcoffset() or timedelta(0)).total_seconds())

    first = current = offset(FROM)
    changes: list[tuple[datetime, int]] = []
    moment = FROM
    while moment < until:
        later = moment + STEP
        if offset(later) != current:
            # The change lies in (moment, later]: halve the interval down to the second (zones
            # change on whole seconds).
            low, high = int(moment.timestamp()), int(later.timestamp())
            while high - low > 1:
                middle = (low + high) // 2
                if offset(datetime.fromtimestamp(middle, UTC)) == current:
                    low = middle
                else:
                    high = middle
            change = datetime.fromtimestamp(high, UTC)
            current = offset(change)
            changes.append((change, current))
        moment = later
    return first, tuple(reversed(changes))


def _stored(moment: datetime) -> str:
    """The moment as SQLite holds Django's datetimes: UTC, without the zone."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


def _modifier(offset: int) -> str:
    return f"{offset:+d} seconds"
