from __future__ import annotations

from datetime import date

import factory

from brobygger.languages.models import Language
from brobygger.messaging.models import ConsentHow, MessageTemplate, SmsConsent
from brobygger.people.tests.factories import PersonFactory


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
