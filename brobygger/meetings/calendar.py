"""Sessions as iCalendar events: one session's .ics to download, and the sessions in the staff
calendar feed (``core.ics.feed_sources``; the address is made on the agreements' calendar page).
An event carries what the session's page shows at the top: its kind, title, time and place,
never who is invited."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone

from brobygger.core.ics import Event, calendar_text

from .models import Session
from .selectors import calendar_sessions


def session_uid(session: Session) -> str:
    """Stable for the session's lifetime, so a calendar updates the event when it moves."""
    return f"session-{session.pk}@brobygger"


def session_event(session: Session, *, link: str = "") -> Event:
    zone = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.combine(session.date, session.starts_at), zone)
    end = timezone.make_aware(datetime.combine(session.date, session.ends_at), zone)
    lines = [session.get_kind_display()]
    if session.notes:
        lines.append(session.notes)
    if link:
        lines.append(link)
    return Event(
        uid=session_uid(session),
        summary=session.title,
        start=start,
        location=", ".join(part for part in (session.place, session.address) if part),
        description="\n\n".join(lines),
        duration_minutes=int((end - start).total_seconds() // 60),
    )


def session_calendar(session: Session, *, stamp: datetime, link: str = "") -> str:
    return calendar_text(
        name=session.title, events=[session_event(session, link=link)], stamp=stamp
    )


def session_feed_events(
    user: object, today: date, absolute: Callable[[str], str]
) -> Iterable[Event]:
    """The sessions of the staff calendar feed, for ``user`` as the access policy sees her now."""
    for session in calendar_sessions(user=user, today=today):  # type: ignore[arg-type]
        yield session_event(
            session, link=absolute(reverse("meetings:detail", kwargs={"session_id": session.pk}))
        )
