"""iCalendar (RFC 5545) text for the staff calendar feed and single events, written by hand: the
format needs only a few rules, and they are all here.

- Lines end with CRLF (section 3.1).
- A content line longer than 75 octets is folded: CRLF and one space, never inside a UTF-8
  character (3.1).
- In TEXT values, backslash, semicolon and comma are escaped and a line break becomes ``\\n``
  (3.3.11).
- A date-only start is ``DTSTART;VALUE=DATE:YYYYMMDD``; a start with a time is written in UTC
  (``...T090000Z``), which needs no VTIMEZONE component (3.3.5, form 2).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

CRLF = "\r\n"
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value: ``\\`` → ``\\\\``, ``;`` → ``\\;``, ``,`` → ``\\,``, line break → ``\\n``."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line, folded so that no physical line exceeds 75 octets (CRLF excluded)."""
    pieces: list[str] = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for character in line:
        width = len(character.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            # A continuation line starts with one space, which counts towards its 75 octets.
            current, size, limit = " ", 1, MAX_OCTETS
        current += character
        size += width
    pieces.append(current)
    return CRLF.join(pieces)


def format_date(day: date) -> str:
    return day.strftime("%Y%m%d")


def format_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class Event:
    uid: str
    summary: str
    start: date | datetime  # a datetime must be aware
    description: str = ""
    location: str = ""
    duration_minutes: int = 60  # used for a start with a time only


def calendar_text(*, name: str, events: Iterable[Event], stamp: datetime) -> str:
    """A VCALENDAR of ``events``; ``stamp`` (aware) is the DTSTAMP of every event."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Brobygger//Status meetings//DA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{format_utc(stamp)}"]
        if isinstance(event.start, datetime):
            lines += [f"DTSTART:{format_utc(event.start)}", f"DURATION:PT{event.duration_minutes}M"]
        else:
            lines.append(f"DTSTART;VALUE=DATE:{format_date(event.start)}")
        lines.append(f"SUMMARY:{escape_text(event.summary)}")
        if event.location:
            lines.append(f"LOCATION:{escape_text(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


# The staff calendar feed (agreements: a user's calendar address) shows the status meetings and
# whatever the apps above the ground register here when they start (meetings: its sessions),
# so that no app of the same layer imports another. A source takes the feed's user (asked
# again through the access policy at every request), today, and a function that makes a path
# an absolute address; it returns the events that user may see.
FeedSource = Callable[[Any, date, Callable[[str], str]], Iterable[Event]]
_FEED_SOURCES: list[FeedSource] = []


def feed_source_register(source: FeedSource) -> None:
    if source not in _FEED_SOURCES:
        _FEED_SOURCES.append(source)


def feed_sources() -> tuple[FeedSource, ...]:
    return tuple(_FEED_SOURCES)
