"""``LocalDate`` gives the date Python gives, on the database in use (the suite runs on SQLite
and on PostgreSQL), at and around the time zone's changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db.models import DateTimeField, Value
from django.utils import timezone

from brobygger.core.localdates import LocalDate, offsets
from brobygger.partnerships.models import Municipality

pytestmark = pytest.mark.django_db

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def local_date(moment: datetime, tzinfo: ZoneInfo | None = None) -> date:
    """What the database says is the local date of ``moment``."""
    value = Value(moment, output_field=DateTimeField())
    day: date = (
        Municipality.objects.annotate(day=LocalDate(value, tzinfo=tzinfo))
        .values_list("day", flat=True)
        .first()
    )
    return day


def around(moment: datetime) -> list[datetime]:
    """The moment, and a second, a microsecond and an hour either side of it."""
    return [
        moment + delta
        for delta in (
            timedelta(0),
            timedelta(seconds=1),
            -timedelta(seconds=1),
            timedelta(microseconds=1),
            -timedelta(microseconds=1),
            timedelta(hours=1),
            -timedelta(hours=1),
        )
    ]


# Summer time in Copenhagen began at 01:00 UTC on 29 March 2026 and ends at 01:00 UTC on
# 25 October 2026; local midnight is 22:00 UTC in summer and 23:00 UTC in winter.
MOMENTS = [
    *around(datetime(2026, 3, 29, 1, tzinfo=UTC)),
    *around(datetime(2026, 10, 25, 1, tzinfo=UTC)),
    *around(datetime(2026, 6, 30, 22, tzinfo=UTC)),
    *around(datetime(2026, 12, 31, 23, tzinfo=UTC)),
    *around(datetime(1996, 10, 27, 1, tzinfo=UTC)),
    datetime(1969, 12, 31, 23, 30, tzinfo=UTC),  # before the rules are read: the 1970 offset
    datetime(2029, 7, 1, 22, 30, tzinfo=UTC),
]


@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_the_local_date_in_the_current_time_zone(moment: datetime) -> None:
    with timezone.override(COPENHAGEN):
        assert local_date(moment) == moment.astimezone(COPENHAGEN).date()


@pytest.mark.parametrize(
    "zone",
    [
        "Asia/Kolkata",  # half an hour off the hour, no changes
        "America/St_Johns",  # behind UTC, half an hour, with summer time
        "Australia/Lord_Howe",  # summer time half an hour forward
        "UTC",
    ],
)
def test_the_local_date_in_another_zone(zone: str) -> None:
    tzinfo = ZoneInfo(zone)
    moments = [
        datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=30 * step) for step in range(48)
    ] + [datetime(2026, 7, 1, tzinfo=UTC) + timedelta(minutes=30 * step) for step in range(48)]
    for moment in moments:
        assert local_date(moment, tzinfo) == moment.astimezone(tzinfo).date(), moment


def test_the_zone_changes_are_found_to_the_second() -> None:
    before, changes = offsets("Europe/Copenhagen", 2027)
    assert before == 3600
    assert changes[:2] == (
        (datetime(2026, 10, 25, 1, tzinfo=UTC), 3600),
        (datetime(2026, 3, 29, 1, tzinfo=UTC), 7200),
    )
    # Two a year since summer time came back in 1980, newest first.
    assert len(changes) == 2 * (2026 - 1980 + 1)
    assert [moment for moment, _offset in changes] == sorted(
        (moment for moment, _offset in changes), reverse=True
    )
    assert offsets("Asia/Kolkata", 2027) == (19800, ())


def test_the_local_date_at_each_change_of_a_zone_that_changes_at_midnight() -> None:
    # Chile's summer time ends at local midnight: at the change it is 23:00 of the day before,
    # so the new offset must hold from the change's very second (and the old one until it).
    santiago = ZoneInfo("America/Santiago")
    _before, changes = offsets("America/Santiago", 2027)
    recent = [moment for moment, _offset in changes if moment.year >= 2015]
    assert len(recent) > 10
    for change in recent:
        for moment in around(change):
            assert local_date(moment, santiago) == moment.astimezone(santiago).date(), moment
