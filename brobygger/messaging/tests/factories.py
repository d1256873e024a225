from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import factory

from brobygger.accounts.tests.factories import UserFactory
from brobygger.languages.models import Language
from brobygger.messaging.models import (
    ConsentHow,
    Encoding,
    InboundMessage,
    MessageStatus,
    MessageTemplate,
    OptOutWord,
    OutboundMessage,
    SmsConsent,
    StaffPhone,
)
from brobygger.partnerships.models import Municipality
from brobygger.people.tests.factories import PersonFactory

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


class TemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MessageTemplate

    name = "Invitation"
    language = factory.LazyFunction(lambda: Language.objects.get(code="da"))
    body = "Hej {first_name}. Ring til {caseworker_name}."


class SmsConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SmsConsent

    person = factory.SubFactory(PersonFactory, phone="+4520123456")
    given_on = date(2026, 9, 1)
    given_how = ConsentHow.ORAL


class OptOutWordFactory(factory.django.DjangoModelFactory):
    """A further word that means stop (the seeded ones come with the migration)."""

    class Meta:
        model = OptOutWord
        django_get_or_create = ("language", "word")

    language = factory.LazyFunction(lambda: Language.objects.get(code="da"))
    word = "AFMELD"


class StaffPhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffPhone

    user = factory.SubFactory(UserFactory, caseworker=True)
    phone = "+4587871234"


class OutboundMessageFactory(factory.django.DjangoModelFactory):
    """A text queued to her; traits for the states the provider reports."""

    class Meta:
        model = OutboundMessage

    person = factory.SubFactory(PersonFactory, phone="+4520123456")
    municipality = factory.SelfAttribute("person.municipality")
    to_number = "+4520123456"
    body = "Hej Fatima. Ring til Alice."
    segments = 1
    encoding = Encoding.GSM7
    status = MessageStatus.QUEUED

    class Params:
        delivered = factory.Trait(
            status=MessageStatus.DELIVERED,
            provider_id="1001",
            attempts=1,
            sent_at=datetime(2026, 11, 20, 10, tzinfo=COPENHAGEN),
            status_at=datetime(2026, 11, 20, 10, 1, tzinfo=COPENHAGEN),
        )
        failed = factory.Trait(status=MessageStatus.FAILED, attempts=3, error="503 from provider")


class InboundMessageFactory(factory.django.DjangoModelFactory):
    """Her reply, matched to her; ``unmatched=True`` for one in the municipality's inbox."""

    class Meta:
        model = InboundMessage

    person = factory.SubFactory(PersonFactory, phone="+4520123456")
    municipality = factory.SelfAttribute("person.municipality")
    from_number = "+4520123456"
    to_number = "+4512345678"
    body = "Tak, jeg kommer"
    received_at = datetime(2026, 11, 20, 12, tzinfo=COPENHAGEN)

    class Params:
        unmatched = factory.Trait(
            person=None,
            from_number="+4520999999",
            municipality=factory.LazyFunction(lambda: Municipality.objects.get(code="791")),
        )
        opt_out = factory.Trait(body="STOP", is_opt_out=True)
