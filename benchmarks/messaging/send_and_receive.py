"""Text messages: 1,000 templated messages through the GatewayAPI backend, and the inbound
webhook's throughput.

    .venv/bin/python benchmarks/messaging/send_and_receive.py [--messages 1000] [--replies 2000]

Sending: 1,000 people of one municipality with consent and a Danish mobile number, a third of
them preferring Arabic (UCS-2), get one template through ``messages_send``; each message is its
row, its task (run at once, as the test settings' queue does), one HTTP request to a local
server on 127.0.0.1 that speaks GatewayAPI's send protocol (``tests/gateway_server.py``), and
her contact attempt. Time is wall-clock for the whole batch; peak memory is tracemalloc's peak
of Python allocations during it. Inbound: signed replies (a JWT in X-Gwapi-Signature, as
GatewayAPI sends them) posted through Django's test client to the inbound webhook, each
matched to its person; replies per second over the lot.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from benchmarks._harness import report, setup_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1_000)
    parser.add_argument("--replies", type=int, default=2_000)
    args = parser.parse_args()
    database = setup_django(scale=None)

    import jwt
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from brobygger.languages.models import Language
    from brobygger.messaging.models import (
        ConsentHow,
        InboundMessage,
        MessageTemplate,
        OutboundMessage,
        SmsConsent,
    )
    from brobygger.messaging.services import messages_send
    from brobygger.messaging.tests.gateway_server import TOKEN, local_gateway
    from brobygger.people.models import Person
    from brobygger.testing import make_cast

    cast = make_cast()
    danish, arabic = Language.objects.get(code="da"), Language.objects.get(code="ar")
    body_da = (
        "Hej {first_name}. Ring til {caseworker_name} om informationsmødet. "
        "Svar STOP for at framelde."
    )
    body_ar = "مرحبا {first_name}. اتصلي بـ {caseworker_name} بخصوص الاجتماع. أرسلي توقف للإيقاف."
    template = MessageTemplate.objects.create(name="Bench", language=danish, body=body_da)
    MessageTemplate.objects.create(name="Bench", language=arabic, body=body_ar)
    people = Person.objects.bulk_create(
        [
            Person(
                municipality=cast.viborg,
                first_name=f"Fatima{i}",
                last_name="Benchmark",
                phone=f"+45{20120000 + i}",
                preferred_language=arabic if i % 3 == 0 else None,
            )
            for i in range(args.messages)
        ]
    )
    SmsConsent.objects.bulk_create(
        [
            SmsConsent(person=p, given_on=p.created_at.date(), given_how=ConsentHow.ORAL)
            for p in people
        ]
    )
    people = list(Person.objects.filter(last_name="Benchmark").select_related("preferred_language"))

    with local_gateway() as gateway:
        gateway.record = False
        settings.SMS_BACKEND = "brobygger.messaging.backends.gatewayapi.GatewayApiBackend"
        settings.GATEWAYAPI_URL, settings.GATEWAYAPI_TOKEN = gateway.url, TOKEN
        tracemalloc.start()
        started = time.perf_counter()
        result = messages_send(actor=cast.alice, people=people, template=template)
        seconds = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    sent = OutboundMessage.objects.filter(status="sent").count()
    if result.refused:
        print("refused, e.g.:", result.refused[0].reason, file=sys.stderr)

    client = Client()
    url = reverse("messaging:webhook-inbound")
    payloads = [
        {
            "id": 10_000 + i,
            "msisdn": int(people[i % len(people)].phone.as_e164.lstrip("+")),
            "receiver": 4512345678,
            "message": "Ja tak" if i % 10 else "STOP",
            "senttime": 1_790_000_000 + i,
        }
        for i in range(args.replies)
    ]
    requests = [
        (json.dumps(p), jwt.encode({"id": p["id"]}, settings.SMS_WEBHOOK_SECRET, algorithm="HS256"))
        for p in payloads
    ]
    started = time.perf_counter()
    for body, token in requests:
        response = client.post(
            url, body, content_type="application/json", HTTP_X_GWAPI_SIGNATURE=token
        )
        assert response.status_code == 200, response.status_code
    inbound_seconds = time.perf_counter() - started
    matched = InboundMessage.objects.filter(person__isnull=False).count()

    report(
        "messaging",
        database,
        {
            "messages": args.messages,
            "queued": len(result.queued),
            "refused": len(result.refused),
            "sent": sent,
            "send_seconds": round(seconds, 2),
            "messages_per_second": round(args.messages / seconds, 1),
            "send_peak_memory_mb": round(peak / 1_000_000, 1),
            "replies": args.replies,
            "replies_matched": matched,
            "inbound_seconds": round(inbound_seconds, 2),
            "replies_per_second": round(args.replies / inbound_seconds, 1),
        },
    )


if __name__ == "__main__":
    main()
