"""Sending one queued message: what its background task runs.

Never twice: the row is locked while it is sent, a row that is no longer queued is left
alone, and the row's idempotency key goes to the provider as its reference. A provider that
is down or slow is tried again (``SMS_SEND_ATTEMPTS`` in all); one that refuses the message
marks it refused, with the provider's words for the caseworker. The message sent is her
contact attempt (channel SMS, outcome "sent"), recorded through the people service."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, has_permission
from brobygger.people.contacts import contact_attempt_record
from brobygger.people.models import ContactChannel, ContactOutcome

from .backends import OutgoingSms, ProviderError, get_backend
from .models import MessageStatus, OutboundMessage

logger = logging.getLogger("brobygger.messaging")

RETRY = "retry"


def _note(message: OutboundMessage) -> str:
    if message.template is not None:
        return _("Text message “%(name)s” (%(language)s)") % {
            "name": message.template.name,
            "language": message.language.code if message.language else "",
        }
    return _("Text message")


def _record_contact(message: OutboundMessage) -> None:
    """Her contact attempt; a failure here must not undo the sending (it would send again)."""
    try:
        with transaction.atomic():
            message.contact_attempt = contact_attempt_record(
                actor=message.sent_by,  # type: ignore[arg-type]  # checked before sending
                person=message.person,
                channel=ContactChannel.SMS,
                outcome=ContactOutcome.SENT,
                occurred_at=message.sent_at,
                note=_note(message),
            )
    except Exception:  # the message is sent: whatever went wrong here, it stays sent
        logger.exception("sms %s sent, but its contact attempt was not recorded", message.pk)


@transaction.atomic
def message_deliver(message_id: int) -> str:
    """Send the message if it is still queued; its status after, or ``RETRY``."""
    message = (
        # The message row alone is locked (PostgreSQL locks no nullable side of a join).
        OutboundMessage.objects.select_for_update(of=("self",))
        .select_related("person", "sent_by", "template", "language")
        .filter(pk=message_id)
        .first()
    )
    if message is None or message.status != MessageStatus.QUEUED:
        return message.status if message else "gone"
    sender = message.sent_by
    if sender is None or not has_permission(
        sender, Permission.CHANGE_PEOPLE, municipality_id=message.municipality_id
    ):
        message.status, message.status_at = MessageStatus.FAILED, timezone.now()
        message.error = _("The sender may no longer contact her; nothing was sent.")
        message.save(update_fields=["status", "status_at", "error", "updated_at"])
        return message.status
    message.attempts += 1
    try:
        accepted = get_backend().send(
            OutgoingSms(
                to=message.to_number,
                body=message.body,
                reference=str(message.idempotency_key),
                encoding=message.encoding,
            )
        )
    except ProviderError as error:
        message.error = str(error)[:500]
        if error.retryable and message.attempts < settings.SMS_SEND_ATTEMPTS:
            message.save(update_fields=["attempts", "error", "updated_at"])
            return RETRY
        message.status = MessageStatus.FAILED if error.retryable else MessageStatus.REFUSED
        message.status_at = timezone.now()
        message.save(update_fields=["attempts", "error", "status", "status_at", "updated_at"])
        logger.warning("sms %s not sent: %s", message.pk, message.error)
        return message.status
    now = timezone.now()
    message.status, message.provider_id, message.error = (
        MessageStatus.SENT,
        accepted.provider_id,
        "",
    )
    message.sent_at = message.status_at = now
    message.save(
        update_fields=[
            "attempts",
            "status",
            "provider_id",
            "error",
            "sent_at",
            "status_at",
            "updated_at",
        ]
    )
    _record_contact(message)
    if message.contact_attempt is not None:
        message.save(update_fields=["contact_attempt"])
    return message.status
