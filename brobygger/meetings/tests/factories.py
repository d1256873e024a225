"""Sessions, invitations and attendance for the tests; the invitation wordings are seeded by the
app's migration."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory

from brobygger.accounts.tests.factories import UserFactory
from brobygger.languages.models import Language
from brobygger.languages.tests.factories import LanguageFactory
from brobygger.meetings.models import (
    Attendance,
    Invitation,
    InvitationWording,
    Reminder,
    Session,
    SessionKind,
)
from brobygger.partnerships.models import Municipality
from brobygger.people.tests.factories import PersonFactory

# The suite's today (testing.SUITE_TODAY) is Monday 23 November 2026.
TODAY = date(2026, 11, 23)


def language(code: str) -> Language:
    return Language.objects.get(code=code)


class SessionFactory(factory.django.DjangoModelFactory):
    """An information meeting of Viborg on the suite's today, 10–12, room for 20."""

    class Meta:
        model = Session
        skip_postgeneration_save = True

    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="791"))
    kind = SessionKind.INFORMATION_MEETING
    title = factory.Sequence(lambda n: f"Informationsmøde {n}")
    date = TODAY
    starts_at = time(10)
    ends_at = time(12)
    place = "Beboerhuset i Ellekær"
    address = "Ellekærvej 1, 8800 Viborg"
    capacity = 20

    class Params:
        in_hedensted = factory.Trait(
            municipality=factory.LazyFunction(lambda: Municipality.objects.get(code="766"))
        )


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(
        PersonFactory, municipality=factory.SelfAttribute("..session.municipality")
    )
    channel = "letter"
    language = factory.LazyFunction(lambda: Language.objects.get(code="da"))

    class Params:
        accepted = factory.Trait(reply="yes")


class ReminderFactory(factory.django.DjangoModelFactory):
    """The reminder of an accepted invitation to a session tomorrow; ``done`` once printed."""

    class Meta:
        model = Reminder

    invitation = factory.SubFactory(
        InvitationFactory, accepted=True, session__date=TODAY + timedelta(days=1)
    )
    channel = "letter"
    due_on = TODAY

    class Params:
        done = factory.Trait(
            done_at=datetime(2026, 11, 23, 9, tzinfo=ZoneInfo("Europe/Copenhagen"))
        )


class AttendanceFactory(factory.django.DjangoModelFactory):
    """She came (recorded by hand; the service also makes her enrolment and contact)."""

    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(
        PersonFactory, municipality=factory.SelfAttribute("..session.municipality")
    )
    recorded_by = factory.SubFactory(UserFactory, caseworker=True)


class InvitationWordingFactory(factory.django.DjangoModelFactory):
    """A language's invitation text beyond the seeded ones."""

    class Meta:
        model = InvitationWording
        django_get_or_create = ("language",)

    language = factory.SubFactory(LanguageFactory, left_to_right=True)
    heading = "Invitation"
    body = "Kære {name}. Du er inviteret til {title} den {date} kl. {start} i {place}."
    reminder_heading = "Husk i morgen"
    yes_words = ["ndiyo"]
    no_words = ["hapana"]
    maybe_words = ["labda"]
