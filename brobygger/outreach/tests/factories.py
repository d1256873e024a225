"""Outreach activities, contact attempts, local presence and letters, in Viborg unless told."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory

from brobygger.accounts.tests.factories import UserFactory
from brobygger.languages.models import Language
from brobygger.outreach.models import (
    ActivityStatus,
    LetterTemplate,
    LocationKind,
    MunicipalityProfile,
    OutreachActivity,
    OutreachLocation,
    OutreachMethod,
)
from brobygger.partnerships.tests.factories import municipality
from brobygger.people.models import ContactAttempt, ContactChannel, ContactOutcome, DropInVisit
from brobygger.people.tests.factories import PersonFactory

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def method(name: str = "") -> OutreachMethod:
    """A method of the seeded catalogue (the first one unless named)."""
    methods = OutreachMethod.objects.order_by("pk")
    found = methods.filter(name=name).first() if name else methods.first()
    assert found is not None, f"no outreach method {name!r}"
    return found


class OutreachMethodFactory(factory.django.DjangoModelFactory):
    """A new entry of the method catalogue (most tests use a seeded one: ``method()``)."""

    class Meta:
        model = OutreachMethod

    name = factory.Sequence(lambda n: f"Metode {n:03d}")
    category = "local_presence"

    class Params:
        retired = factory.Trait(is_active=False)


class OutreachActivityFactory(factory.django.DjangoModelFactory):
    """A planned activity; ``done=True`` with its hours and cost, ``campaign=True`` with an
    active campaign link for the public interest form."""

    class Meta:
        model = OutreachActivity

    municipality = factory.LazyFunction(municipality)
    method = factory.LazyFunction(method)
    title = factory.Sequence(lambda n: f"Plakater i vaskekældre {n:03d}")
    place = "Ellekær"
    planned_on = date(2026, 11, 2)

    class Params:
        done = factory.Trait(
            status=ActivityStatus.DONE,
            done_on=factory.SelfAttribute("planned_on"),
            hours=Decimal("6.5"),
            cost=Decimal("1200.00"),
        )
        cancelled = factory.Trait(status=ActivityStatus.CANCELLED)
        campaign = factory.Trait(
            campaign_code=factory.Sequence(lambda n: f"KAMP{n:04d}"), campaign_active=True
        )


class ContactAttemptFactory(factory.django.DjangoModelFactory):
    """A phone call that was not answered; ``reached=True`` for one that got through."""

    class Meta:
        model = ContactAttempt

    person = factory.SubFactory(PersonFactory)
    channel = ContactChannel.PHONE
    outcome = ContactOutcome.NO_ANSWER
    occurred_at = datetime(2026, 11, 16, 10, tzinfo=COPENHAGEN)
    made_by = factory.SubFactory(UserFactory, caseworker=True)
    note = "Ingen svar"

    class Params:
        reached = factory.Trait(outcome=ContactOutcome.REACHED, note="Vil gerne mødes")
        letter = factory.Trait(channel=ContactChannel.LETTER, outcome=ContactOutcome.SENT)


class OutreachLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutreachLocation

    municipality = factory.LazyFunction(municipality)
    name = factory.Sequence(lambda n: f"Jobcenterfilialen {n:03d}")
    kind = LocationKind.BRANCH_OFFICE
    housing_area = "Ellekær"
    opening_hours = "Tirsdag 10-14"

    class Params:
        closed = factory.Trait(is_active=False)


class DropInVisitFactory(factory.django.DjangoModelFactory):
    """A known person who came by; ``anonymous=True`` for a count of anonymous visitors."""

    class Meta:
        model = DropInVisit

    location = factory.SubFactory(OutreachLocationFactory)
    occurred_on = date(2026, 11, 10)
    person = factory.SubFactory(
        PersonFactory, municipality=factory.SelfAttribute("..location.municipality")
    )
    topic = "CV"
    recorded_by = factory.SubFactory(UserFactory, caseworker=True)

    class Params:
        anonymous = factory.Trait(person=None, anonymous_count=3)


class LetterTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LetterTemplate

    name = factory.Sequence(lambda n: f"Invitation {n:03d}")
    language = factory.LazyFunction(lambda: Language.objects.get(code="da"))
    subject = "Invitation til en samtale"
    body = "Kære {first_name}\n\nVi vil gerne invitere dig til en samtale.\n\n{caseworker}"

    class Params:
        arabic = factory.Trait(
            language=factory.LazyFunction(lambda: Language.objects.get(code="ar"))
        )
        retired = factory.Trait(is_active=False)


class MunicipalityProfileFactory(factory.django.DjangoModelFactory):
    """Viborg's face on public pages: its addresses and data protection officer, no logo."""

    class Meta:
        model = MunicipalityProfile
        django_get_or_create = ("municipality",)

    municipality = factory.LazyFunction(lambda: municipality("791"))
    accessibility_url = "https://www.was.digst.dk/viborg-dk"
    controller_address = "Prinsens Allé 5, 8800 Viborg"
    controller_email = "jobcenter@viborg.example"
    dpo_name = "Dorte Databeskytter"
    dpo_email = "dpo@viborg.example"
