"""For development and the demo: each message is written to a file (``SMS_CONSOLE_FILE``,
under var/) and to the log instead of being sent. Its webhooks speak GatewayAPI's format, so a
reply or a delivery status can be tried out with curl and a JWT signed with the secret."""

from __future__ import annotations

import json
import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .base import Accepted, OutgoingSms
from .gatewayapi import GatewayApiWebhooks

logger = logging.getLogger("brobygger.messaging")


class ConsoleBackend(GatewayApiWebhooks):
    def send(self, sms: OutgoingSms) -> Accepted:
        provider_id = f"console-{uuid.uuid4().hex[:12]}"
        line = {
            "time": timezone.now().isoformat(),
            "id": provider_id,
            "to": sms.to,
            "reference": sms.reference,
            "encoding": sms.encoding,
            "message": sms.body,
        }
        path = Path(settings.SMS_CONSOLE_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as outbox:
            outbox.write(json.dumps(line, ensure_ascii=False) + "\n")
        logger.info("sms %s (ref %s) written to %s", provider_id, sms.reference, path)
        return Accepted(provider_id=provider_id)
