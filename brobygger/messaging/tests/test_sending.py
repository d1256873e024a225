"""Sending through the GatewayAPI backend against a local server that speaks its protocol:
consent, numbers, length, languages, retries, errors, timeouts, and never twice."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from brobygger.languages.models import Language
from brobygger.messaging.delivery import message_deliver
from brobygger.messaging.models import MessageStatus, OutboundMessage, StaffPhone
from brobygger.messaging.services import messages_send
from brobygger.people.models import ContactAttempt, ContactChannel, ContactOutcome, PipelineStatus
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

from .factories import SmsConsentFactory, TemplateFactory
from .gateway_server import Gateway

pytestmark = pytest.mark.usefixtures("suite_today")


def _consenting(cast: Cast, **kwargs: object) -> object:
    kwargs.setdefault("phone", "+4520123456")
    person = PersonFactory(municipality=cast.viborg, **kwargs)
    SmsConsentFactory(person=person)
    return person


def test_a_template_goes_in_her_language_and_is_her_contact_attempt(
    cast: Cast, gateway: Gateway
) -> None:
    TemplateFactory(body="Hej {first_name}. Ring til {caseworker_name} på {caseworker_phone}.")
    arabic = TemplateFactory(
        language=Language.objects.get(code="ar"), body="مرحبا {first_name}، {caseworker_phone}"
    )
    StaffPhone.objects.create(user=cast.alice, phone="+4522334455")
    person = _consenting(cast, first_name="Zainab", preferred_language=arabic.language)

    result = messages_send(actor=cast.alice, people=[person], template=arabic)

    assert not result.refused
    message = OutboundMessage.objects.get()
    assert message.status == MessageStatus.SENT
    assert (message.template, message.language.code, message.encoding) == (arabic, "ar", "ucs2")
    sent = gateway.received[0]
    assert sent["message"] == "مرحبا Zainab، +4522334455"
    assert sent["recipients"] == [{"msisdn": 4520123456}]
    assert sent["userref"] == str(message.idempotency_key)
    assert sent["encoding"] == "UCS2"
    assert gateway.headers[0]["Authorization"] == "Token local-test-token"
    assert message.provider_id == "1001"
    attempt = ContactAttempt.objects.get(person=person)
    assert (attempt.channel, attempt.outcome) == (ContactChannel.SMS, ContactOutcome.SENT)
    assert message.contact_attempt == attempt
    person.refresh_from_db()
    assert person.status == PipelineStatus.CONTACT_ATTEMPTED


def test_danish_when_her_language_has_no_text(cast: Cast, gateway: Gateway) -> None:
    danish = TemplateFactory(body="Hej {first_name}")
    person = _consenting(
        cast, first_name="Malee", preferred_language=Language.objects.get(code="th")
    )
    messages_send(actor=cast.alice, people=[person], template=danish)
    assert gateway.received[0]["message"] == "Hej Malee"
    assert "encoding" not in gateway.received[0]
    assert OutboundMessage.objects.get().language.code == "da"


def test_refusals_say_why_and_send_nothing(cast: Cast, gateway: Gateway, settings: Any) -> None:
    settings.SMS_MAX_SEGMENTS = 2
    template = TemplateFactory(body="Hej {first_name}")
    no_consent = PersonFactory(municipality=cast.viborg, phone="+4520123456")
    landline = _consenting(cast, phone="+4580123456")
    no_phone = _consenting(cast, phone="")
    ok = _consenting(cast)

    with translation.override("en"):
        result = messages_send(
            actor=cast.alice, people=[no_consent, landline, no_phone, ok], template=template
        )
        too_long = messages_send(actor=cast.alice, people=[ok], body="م" * 135)

    reasons = {r.person.pk: r.reason for r in result.refused + too_long.refused}
    assert "not consented" in reasons[no_consent.pk]
    assert "not a Danish mobile number" in reasons[landline.pk]
    assert "no phone number" in reasons[no_phone.pk]
    assert "3 SMS parts" in reasons[ok.pk]
    assert [m.person for m in result.queued] == [ok]
    assert len(gateway.received) == 1


def test_a_meeting_text_needs_the_meeting(cast: Cast, gateway: Gateway) -> None:
    template = TemplateFactory(body="Møde {meeting_date} kl. {meeting_time}, {meeting_place}")
    person = _consenting(cast)
    with pytest.raises(ValidationError, match="meeting"):
        messages_send(actor=cast.alice, people=[person], template=template)
    messages_send(
        actor=cast.alice,
        people=[person],
        template=template,
        context={"meeting_date": "3.11.", "meeting_time": "10.00", "meeting_place": "Biblioteket"},
    )
    assert gateway.received[0]["message"] == "Møde 3.11. kl. 10.00, Biblioteket"


def test_another_municipality_is_refused(cast: Cast, gateway: Gateway) -> None:
    person = _consenting(cast)
    with pytest.raises(PermissionDenied):
        messages_send(actor=cast.charlie, people=[person], body="Hej")
    assert not gateway.received


def test_a_provider_that_is_down_is_tried_again(
    cast: Cast, gateway: Gateway, settings: Any
) -> None:
    settings.SMS_SEND_ATTEMPTS = 4
    gateway.script = [(503, 0.0), (500, 0.0), (429, 0.0)]
    messages_send(actor=cast.alice, people=[_consenting(cast)], body="Hej")
    message = OutboundMessage.objects.get()
    assert (message.status, message.attempts, message.error) == (MessageStatus.SENT, 4, "")
    assert len(gateway.received) == 1


def test_a_timeout_is_tried_again_and_fails_in_the_end(
    cast: Cast, gateway: Gateway, settings: Any
) -> None:
    settings.SMS_SEND_ATTEMPTS = 2
    settings.SMS_SEND_TIMEOUT = 0.2
    gateway.script = [(200, 0.5), (200, 0.5)]
    messages_send(actor=cast.alice, people=[_consenting(cast)], body="Hej")
    message = OutboundMessage.objects.get()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 2)
    assert "did not answer in time" in message.error
    assert not ContactAttempt.objects.exists()


def test_a_refusal_by_the_provider_is_not_tried_again(
    cast: Cast, gateway: Gateway, settings: Any
) -> None:
    settings.GATEWAYAPI_TOKEN = "wrong"
    messages_send(actor=cast.alice, people=[_consenting(cast)], body="Hej")
    message = OutboundMessage.objects.get()
    assert (message.status, message.attempts) == (MessageStatus.REFUSED, 1)
    assert message.error == "HTTP 401: Unauthorized"


def test_unreachable_provider(cast: Cast, settings: Any) -> None:
    settings.SMS_BACKEND = "brobygger.messaging.backends.gatewayapi.GatewayApiBackend"
    settings.GATEWAYAPI_URL = "http://127.0.0.1:9/rest/mtsms"
    settings.GATEWAYAPI_TOKEN = "x"
    settings.SMS_SEND_ATTEMPTS = 1
    messages_send(actor=cast.alice, people=[_consenting(cast)], body="Hej")
    message = OutboundMessage.objects.get()
    assert message.status == MessageStatus.FAILED
    assert "cannot reach the provider" in message.error


def test_never_twice_for_one_request(cast: Cast, gateway: Gateway) -> None:
    messages_send(actor=cast.alice, people=[_consenting(cast)], body="Hej")
    message = OutboundMessage.objects.get()
    # The task delivered again (a worker restarted, a retry raced): nothing more is sent.
    assert message_deliver(message.pk) == MessageStatus.SENT
    assert message_deliver(message.pk) == MessageStatus.SENT
    assert len(gateway.received) == 1
    assert ContactAttempt.objects.count() == 1


def test_a_queued_message_is_sent_once_by_its_task(cast: Cast, gateway: Gateway) -> None:
    from brobygger.messaging import tasks

    messages_send(actor=cast.alice, people=[_consenting(cast)], body="Hej")
    message = OutboundMessage.objects.get()
    tasks.send_message.enqueue(message.pk)
    assert len(gateway.received) == 1


def test_the_console_backend_writes_the_outbox(cast: Cast, settings: Any) -> None:
    settings.SMS_BACKEND = "brobygger.messaging.backends.console.ConsoleBackend"
    messages_send(
        actor=cast.alice, people=[_consenting(cast, first_name="Hodan")], body="Hej {first_name}"
    )
    assert OutboundMessage.objects.get().status == MessageStatus.SENT
    assert '"message": "Hej Hodan"' in settings.SMS_CONSOLE_FILE.read_text()
