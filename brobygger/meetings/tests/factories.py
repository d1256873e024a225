"""Sessions, invitations and attendance for the tests; the invitation wordings are seeded by the
app's migration."""

from __future__ import annotations

from datetime import date, time

import factory

from brobygger.languages.models import Language
from brobygger.meetings.models import Invitation, Session, SessionKind
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
