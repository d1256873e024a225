"""The webhooks (signature, replay, matching, STOP) and the pages (access, sending, inbox)."""

from __future__ import annotations

import json
import logging
from typing import Any

import jwt
import pytest
from django.test import Client
from django.urls import reverse

from brobygger.messaging.models import (
    InboundMessage,
    MessageStatus,
    OutboundMessage,
    SmsConsent,
    WithdrawnHow,
)
from brobygger.messaging.services import messages_send
from brobygger.people.selectors import person_timeline
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

from .factories import SmsConsentFactory
from .gateway_server import Gateway

pytestmark = pytest.mark.usefixtures("suite_today")
SECRET = "test-webhook-secret-0123456789abcdef"


def _post(client: Client, name: str, payload: dict[str, Any], secret: str | None = SECRET) -> Any:
    headers = {}
    if secret is not None:
        headers["HTTP_X_GWAPI_SIGNATURE"] = jwt.encode(
            {"id": payload.get("id")}, secret, algorithm="HS256"
        )
    return client.post(
        reverse(name), json.dumps(payload), content_type="application/json", **headers
    )


def _sent(cast: Cast, **person: Any) -> OutboundMessage:
    person.setdefault("phone", "+4520123456")
    consent = SmsConsentFactory(person=PersonFactory(municipality=cast.viborg, **person))
    messages_send(actor=cast.alice, people=[consent.person], body="Hej")
    return OutboundMessage.objects.get(person=consent.person)


def test_delivery_status_updates_the_message_once(
    client: Client, cast: Cast, gateway: Gateway
) -> None:
    message = _sent(cast)
    payload = {
        "id": int(message.provider_id),
        "msisdn": 4520123456,
        "time": 1790000000,
        "status": "DELIVERED",
        "userref": str(message.idempotency_key),
    }
    assert _post(client, "messaging:webhook-status", payload).status_code == 200
    assert _post(client, "messaging:webhook-status", payload).status_code == 200
    late = {**payload, "status": "ENROUTE"}
    assert _post(client, "messaging:webhook-status", late).status_code == 200
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED


def test_an_undelivered_status_keeps_the_providers_words(
    client: Client, cast: Cast, gateway: Gateway
) -> None:
    message = _sent(cast)
    payload = {
        "id": int(message.provider_id),
        "status": "UNDELIVERED",
        "error": "Absent subscriber",
        "code": "0x0303",
        "userref": str(message.idempotency_key),
        "time": 1790000000,
    }
    _post(client, "messaging:webhook-status", payload)
    message.refresh_from_db()
    assert (message.status, message.error) == (MessageStatus.FAILED, "Absent subscriber (0x0303)")


@pytest.mark.parametrize("name", ["messaging:webhook-status", "messaging:webhook-inbound"])
def test_unsigned_or_badly_signed_calls_are_refused(
    client: Client, cast: Cast, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="brobygger.messaging")
    payload = {"id": 7, "msisdn": 4520123456, "message": "STOP", "status": "DELIVERED"}
    assert _post(client, name, payload, secret=None).status_code == 403
    assert _post(client, name, payload, secret="not-the-secret-0123456789abcdef").status_code == 403
    # A valid signature of another message is no pass for this one.
    headers = {"HTTP_X_GWAPI_SIGNATURE": jwt.encode({"id": 8}, SECRET, algorithm="HS256")}
    response = client.post(
        reverse(name), json.dumps(payload), content_type="application/json", **headers
    )
    assert response.status_code == 403
    assert client.get(reverse(name)).status_code == 405
    assert not InboundMessage.objects.exists()
    assert "webhook refused" in caplog.text


def test_a_reply_finds_her_and_stop_withdraws_her_consent(
    client: Client, cast: Cast, gateway: Gateway
) -> None:
    message = _sent(cast, assigned_caseworker=cast.alice)
    payload = {
        "id": 555,
        "msisdn": 4520123456,
        "receiver": 4512345678,
        "message": "توقف",
        "senttime": 1790000000,
    }

    first = _post(client, "messaging:webhook-inbound", payload)
    replay = _post(client, "messaging:webhook-inbound", payload)

    assert first.json() == {"new": True, "matched": True}
    assert replay.json() == {"new": False, "matched": True}
    reply = InboundMessage.objects.get()
    assert (reply.person, reply.municipality, reply.is_opt_out) == (
        message.person,
        cast.viborg,
        True,
    )
    consent = SmsConsent.objects.get(person=message.person)
    assert consent.withdrawn_how == WithdrawnHow.STOP_REPLY
    # It shows on her page and in her caseworker's work list.
    client.force_login(cast.alice)
    assert (
        "توقف"
        in client.get(
            reverse("people:detail", kwargs={"person_id": message.person.pk})
        ).content.decode()
    )
    assert "توقف" in client.get(reverse("start:home")).content.decode()
    # And on her timeline, beside the contact attempts.
    timeline = person_timeline(user=cast.alice, person=message.person)
    assert [(e.kind, e.detail) for e in timeline if e.kind == "reply"] == [("reply", "توقف")]
    assert person_timeline(user=cast.charlie, person=message.person) == []


def test_an_unmatched_reply_goes_to_the_inbox_of_the_municipality_that_texted(
    client: Client, cast: Cast, gateway: Gateway
) -> None:
    message = _sent(cast)
    message.person.phone = "+4520999999"
    message.person.save()
    _post(
        client,
        "messaging:webhook-inbound",
        {"id": 9, "msisdn": 4520123456, "message": "Hvem er det?", "senttime": 1790000000},
    )
    reply = InboundMessage.objects.get()
    assert (reply.person, reply.municipality) == (None, cast.viborg)

    client.force_login(cast.alice)
    assert "Hvem er det?" in client.get(reverse("messaging:inbox")).content.decode()
    client.force_login(cast.charlie)
    assert "Hvem er det?" not in client.get(reverse("messaging:inbox")).content.decode()
    assert client.post(reverse("messaging:reply-handled"), {"reply": reply.pk}).status_code == 404
    client.force_login(cast.alice)
    client.post(reverse("messaging:reply-handled"), {"reply": reply.pk})
    reply.refresh_from_db()
    assert reply.handled_by == cast.alice


def test_sending_from_her_page(client: Client, cast: Cast, gateway: Gateway) -> None:
    consent = SmsConsentFactory(person=PersonFactory(municipality=cast.viborg, phone="+4520123456"))
    url = reverse("messaging:person-send", kwargs={"person_id": consent.person.pk})
    client.force_login(cast.charlie)
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "Hej"}).status_code == 404
    client.force_login(cast.alice)
    assert client.get(url).status_code == 200
    response = client.post(url, {"body": "Hej {fornavn}"})
    assert "{fornavn}" in response.content.decode()
    response = client.post(url, {"body": "Hej {first_name}"})
    assert response.status_code == 302
    assert gateway.received[0]["message"] == f"Hej {consent.person.first_name}"


def test_consent_is_given_and_withdrawn_on_her_page(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg, phone="+4520123456")
    client.force_login(cast.alice)
    client.post(
        reverse("messaging:consent-give", kwargs={"person_id": person.pk}),
        {"given_on": "01.10.2026", "given_how": "written"},
    )
    assert SmsConsent.objects.get(person=person).in_force
    client.post(
        reverse("messaging:consent-withdraw", kwargs={"person_id": person.pk}),
        {"withdrawn_how": "oral"},
    )
    assert not SmsConsent.objects.get(person=person).in_force


def test_bulk_sending_from_a_list_of_ids(client: Client, cast: Cast, gateway: Gateway) -> None:
    with_consent = SmsConsentFactory(
        person=PersonFactory(municipality=cast.viborg, phone="+4520123456")
    ).person
    without = PersonFactory(municipality=cast.viborg, phone="+4520123457")
    other = PersonFactory(municipality=cast.hedensted, phone="+4520123458")
    client.force_login(cast.alice)
    page = client.get(reverse("messaging:bulk-send"), {"person_ids": [with_consent.pk, without.pk]})
    assert with_consent.first_name in page.content.decode()
    response = client.post(
        reverse("messaging:bulk-send"),
        {"person_ids": [with_consent.pk, without.pk], "body": "Hej {first_name}"},
        follow=True,
    )
    assert "Hun har ikke givet samtykke til sms" in response.content.decode()
    assert len(gateway.received) == 1
    response = client.post(
        reverse("messaging:bulk-send"), {"person_ids": [other.pk], "body": "Hej"}
    )
    assert response.status_code == 404
    assert len(gateway.received) == 1
