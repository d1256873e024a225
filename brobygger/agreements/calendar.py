"""Status meetings as iCalendar events (see ``ics`` for the format itself)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from itertools import chain

from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.core.ics import Event, calendar_text

from .models import AGENDA, StatusMeeting


def meeting_uid(meeting: StatusMeeting) -> str:
    """Stable for the meeting's lifetime, so a calendar updates the event when it moves."""
    return f"status-meeting-{meeting.pk}@brobygger"


def agenda_text() -> str:
    lines = [_("Agenda:")]
    lines += [f"{number}. {question}" for number, (_name, question) in enumerate(AGENDA, 1)]
    return "\n".join(lines)


def meeting_event(meeting: StatusMeeting, *, link: str = "") -> Event:
    start: date | datetime = meeting.date
    if meeting.time is not None:
        start = timezone.make_aware(
            datetime.combine(meeting.date, meeting.time), timezone.get_default_timezone()
        )
    description = agenda_text()
    if link:
        description += "\n\n" + link
    return Event(
        uid=meeting_uid(meeting),
        summary=meeting.agreement.title,
        start=start,
        location=meeting.place,
        description=description,
    )


def meeting_feed(
    *,
    meetings: Iterable[StatusMeeting],
    stamp: datetime,
    link: Callable[[StatusMeeting], str] | None = None,
    more: Iterable[Event] = (),
) -> str:
    """The feed of status meetings, and ``more`` events (those of ``core.ics.feed_sources``)."""
    events = (meeting_event(m, link=link(m) if link else "") for m in meetings)
    return calendar_text(
        name=_("Brobygger: status meetings"), events=chain(events, more), stamp=stamp
    )
