"""Background work of text messages, run by the database task queue (django-tasks)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from .delivery import RETRY, message_deliver


@task()
def send_message(message_id: int) -> str:
    """Send one queued message; a provider that is down is tried again later, with a pause
    that grows with each try (at once where the queue cannot wait, as in the tests)."""
    from .models import OutboundMessage

    status = message_deliver(message_id)
    if status == RETRY:
        attempts = OutboundMessage.objects.filter(pk=message_id).values_list("attempts", flat=True)
        pause = settings.SMS_RETRY_SECONDS * 2 ** max(0, (attempts.first() or 1) - 1)
        again = send_message
        if pause and again.get_backend().supports_defer:
            again = send_message.using(run_after=timezone.now() + timedelta(seconds=pause))
        again.enqueue(message_id)
    return status
