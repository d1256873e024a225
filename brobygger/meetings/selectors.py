"""Reads of sessions, invitations, reminders and attendance, through the access policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import models
from django.db.models import Count, Prefetch, Q
from django.http import Http404

from brobygger.accounts.access import AnyUser, get_visible_or_404
from brobygger.interventions.models import Completion, Enrolment
from brobygger.languages.models import Language
from brobygger.languages.selectors import InLanguage, in_language
from brobygger.people.models import Person
from brobygger.people.selectors import person_list

from .models import Attendance, Invitation, InvitationWording, Reminder, Reply, Session

# How far back the staff calendar feed shows sessions.
CALENDAR_DAYS_BACK = 60
SEARCH_LIMIT = 50


def session_list(*, user: AnyUser, past: bool, today: date) -> models.QuerySet[Session]:
    """Upcoming sessions (today and later, soonest first) or past ones (latest first), with
    their counts of invited, accepted and attended."""
    sessions: models.QuerySet[Session] = (
        Session.objects.visible_to(user)
        .select_related("municipality", "host")
        .annotate(
            invited=Count("invitations", distinct=True),
            accepted=Count("invitations", filter=Q(invitations__reply=Reply.YES), distinct=True),
            attended=Count("attendances", distinct=True),
        )
    )
    if past:
        return sessions.filter(date__lt=today).order_by("-date", "-starts_at", "-pk")
    return sessions.filter(date__gte=today).order_by("date", "starts_at", "pk")


def session_get(*, user: AnyUser, pk: int) -> Session:
    sessions = Session.objects.visible_to(user).select_related(
        "municipality", "host", "intervention_type", "interpreter_language"
    )
    return get_visible_or_404(sessions, user=user, pk=pk)


@dataclass(frozen=True)
class SessionCounts:
    invited: int
    accepted: int
    declined: int
    maybe: int
    attended: int


def session_counts(*, session: Session) -> SessionCounts:
    replies = dict(
        session.invitations.values_list("reply").annotate(n=Count("pk")).values_list("reply", "n")
    )
    return SessionCounts(
        invited=sum(replies.values()),
        accepted=replies.get(Reply.YES, 0),
        declined=replies.get(Reply.NO, 0),
        maybe=replies.get(Reply.MAYBE, 0),
        attended=session.attendances.count(),
    )


@dataclass
class SessionPerson:
    """One person of a session: her invitation (none for a walk-in), whether she came, and her
    next steps: her next follow-up and her open enrolments."""

    person: Person
    invitation: Invitation | None = None
    attended: bool = False
    open_enrolments: list[Enrolment] = field(default_factory=list)

    @property
    def reply(self) -> str:
        return self.invitation.reply if self.invitation else ""


def _open_enrolments() -> Prefetch:
    return Prefetch(
        "enrolments",
        queryset=Enrolment.objects.filter(completion=Completion.ONGOING).select_related(
            "intervention_type"
        ),
        to_attr="open_enrolments",
    )


# The order at the door: those who said yes first, then maybe, no answer, walk-ins, and no.
_REPLY_ORDER = {Reply.YES: 0, Reply.MAYBE: 1, "": 2, Reply.NO: 4}


def session_people(*, user: AnyUser, session: Session) -> list[SessionPerson]:
    """Everyone invited to the session or recorded as attending it that the user may see."""
    people = (
        Person.objects.visible_to(user)
        .filter(Q(session_invitations__session=session) | Q(session_attendances__session=session))
        .distinct()
        .select_related("preferred_language")
        .prefetch_related(_open_enrolments())
    )
    invitations = {
        i.person_id: i
        for i in Invitation.objects.visible_to(user)
        .filter(session=session)
        .select_related("language", "reminder")
    }
    attended = set(
        Attendance.objects.visible_to(user)
        .filter(session=session)
        .values_list("person_id", flat=True)
    )
    rows = [
        SessionPerson(
            person=person,
            invitation=invitations.get(person.pk),
            attended=person.pk in attended,
            open_enrolments=list(getattr(person, "open_enrolments", [])),
        )
        for person in people
    ]
    return sorted(
        rows,
        key=lambda r: (
            _REPLY_ORDER.get(r.reply, 2) if r.invitation else 3,
            r.person.first_name.casefold(),
            r.person.last_name.casefold(),
            r.person.pk,
        ),
    )


def session_person_row(*, user: AnyUser, session: Session, person: Person) -> SessionPerson:
    """One row of the door list, read again after a tap."""
    return SessionPerson(
        person=person,
        invitation=Invitation.objects.visible_to(user)
        .filter(session=session, person=person)
        .first(),
        attended=Attendance.objects.visible_to(user)
        .filter(session=session, person=person)
        .exists(),
    )


def session_person(*, user: AnyUser, session: Session, person_id: int) -> Person:
    """A person of the session's municipality the user may see (invited or not: a walk-in)."""
    people = person_list(user=user, municipality_id=session.municipality_id)
    return get_visible_or_404(people, user=user, pk=person_id)


def invitation_get(*, user: AnyUser, session: Session, person_id: int) -> Invitation:
    invitation = (
        Invitation.objects.visible_to(user)
        .filter(session=session, person_id=person_id)
        .select_related("person", "session", "language")
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def session_invitations(
    *, user: AnyUser, session: Session, person_ids: list[int] | None = None
) -> list[Invitation]:
    invitations = (
        Invitation.objects.visible_to(user)
        .filter(session=session)
        .select_related("person", "language", "session")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    if person_ids is not None:
        invitations = invitations.filter(person_id__in=person_ids)
    return list(invitations)


def reminders_to_print(*, user: AnyUser, session: Session) -> list[Reminder]:
    """The letter reminders of the session the daily task has recorded and nobody printed."""
    return list(
        Reminder.objects.visible_to(user)
        .filter(invitation__session=session, channel="letter", done_at__isnull=True)
        .select_related("invitation__person", "invitation__language")
        .order_by("invitation__person__last_name", "invitation__person__first_name", "pk")
    )


def people_to_invite(*, user: AnyUser, session: Session, query: str) -> list[Person]:
    """A name, CPR or phone search among the session's municipality's people, those already
    invited left out. No query, no one: a search never lists everyone."""
    if not query.strip():
        return []
    invited = Invitation.objects.filter(session=session).values("person_id")
    people = person_list(user=user, query=query, municipality_id=session.municipality_id)
    return list(
        people.exclude(pk__in=invited)
        .select_related("preferred_language")
        .order_by("first_name", "last_name", "pk")[:SEARCH_LIMIT]
    )


def walk_ins(*, user: AnyUser, session: Session, query: str) -> list[Person]:
    """At the door: people of the municipality who came without an invitation."""
    if not query.strip():
        return []
    listed = Invitation.objects.filter(session=session).values("person_id")
    came = Attendance.objects.filter(session=session).values("person_id")
    people = person_list(user=user, query=query, municipality_id=session.municipality_id)
    return list(
        people.exclude(pk__in=listed)
        .exclude(pk__in=came)
        .order_by("first_name", "last_name", "pk")[:20]
    )


def people_by_ids(*, user: AnyUser, session: Session, ids: list[int]) -> list[Person]:
    """People posted from a list, as far as the user may see them in the session's
    municipality (ids of others are left out, as a search would)."""
    people = person_list(user=user, municipality_id=session.municipality_id)
    return list(people.filter(pk__in=ids).select_related("preferred_language"))


def wording_for(language: Language | None) -> InLanguage[InvitationWording]:
    return in_language(InvitationWording.objects.all(), language)


def wording_list() -> models.QuerySet[InvitationWording]:
    return InvitationWording.objects.select_related("language")


def wording_of(language: Language) -> InvitationWording | None:
    return InvitationWording.objects.filter(language=language).first()


def languages_with_wording() -> set[int]:
    """The languages that have an invitation text of their own (others are printed in Danish)."""
    return set(InvitationWording.objects.values_list("language_id", flat=True))


def calendar_sessions(*, user: AnyUser, today: date) -> models.QuerySet[Session]:
    """The sessions of the user's calendar feed: those she may see now, not cancelled."""
    return (
        Session.objects.visible_to(user)
        .filter(cancelled_at__isnull=True, date__gte=today - timedelta(days=CALENDAR_DAYS_BACK))
        .order_by("date", "starts_at", "pk")
    )


def person_coming_sessions(*, user: AnyUser, person: Person, today: date) -> list[Invitation]:
    """Her invitations to sessions from ``today`` on that she has not said no to (her plan)."""
    return list(
        Invitation.objects.visible_to(user)
        .filter(person=person, session__date__gte=today)
        .exclude(reply=Reply.NO)
        .select_related("session")
        .order_by("session__date", "session__starts_at")
    )
