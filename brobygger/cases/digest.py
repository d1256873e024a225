"""The daily e-mail of tasks due: to each staff member who asked for it, her open tasks due
today or overdue. It names the tasks and their days, never a person: the e-mail leaves the
system, the task list (behind its login) shows the rest."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .selectors import digest_tasks
from .services import digest_claim


def digest_send(*, today: date | None = None, base_url: str = "") -> int:
    """One e-mail per user with tasks due, at most one a day (sent once the claim of the day
    is committed); returns how many were sent."""
    today = today or timezone.localdate()
    sent = 0
    for user, tasks in digest_tasks(today=today).items():
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Brobygger: your tasks due")
            body = render_to_string(
                "cases/digest_email.txt",
                {"tasks": tasks, "today": today, "base_url": base_url.rstrip("/")},
            )
        with transaction.atomic():
            if not digest_claim(user=user, today=today):
                continue
            recipient = user.email
            transaction.on_commit(
                lambda subject=subject, body=body, to=recipient: send_mail(  # type: ignore[misc]
                    subject, body, None, [to]
                )
            )
        sent += 1
    return sent
