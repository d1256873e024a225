"""The reminder before a quarterly report is due: an e-mail to the leads of each member
municipality that has not submitted the quarter (or whose report was sent back), once per
municipality and quarter, from ``REPORT_REMINDER_DAYS_BEFORE`` days before the deadline
(``REPORT_DEADLINE_DAYS`` after the quarter's end) until the deadline. It names the quarter and
the partnership, never a person."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from brobygger.accounts.models import Membership, Role
from brobygger.measures.periods import Quarter
from brobygger.partnerships.models import Partnership

from .models import ApprovalStatus, QuarterlyApproval, ReportReminder


def deadline_of(quarter: Quarter) -> date:
    return quarter.period.end + timedelta(days=settings.REPORT_DEADLINE_DAYS)


def quarters_due(today: date) -> list[Quarter]:
    """Ended quarters whose deadline is within the reminder's days from ``today``."""
    days = settings.REPORT_REMINDER_DAYS_BEFORE
    quarter = Quarter.of(today - timedelta(days=settings.REPORT_DEADLINE_DAYS + 1))
    due = []
    while quarter.period.end < today:
        if 0 <= (deadline_of(quarter) - today).days <= days:
            due.append(quarter)
        quarter = quarter.next()
    return due


def _claim(partnership: Partnership, municipality_id: int, quarter: Quarter, today: date) -> bool:
    try:
        with transaction.atomic():
            ReportReminder.objects.create(
                partnership=partnership,
                municipality_id=municipality_id,
                quarter=str(quarter),
                sent_on=today,
            )
    except IntegrityError:
        return False
    return True


def reminders_send(*, today: date | None = None, base_url: str = "") -> int:
    """Remind the leads of the municipalities whose quarter is not submitted; returns how
    many e-mails were sent."""
    today = today or timezone.localdate()
    sent = 0
    for quarter in quarters_due(today):
        period = quarter.period
        partnerships = Partnership.objects.filter(
            starts_on__lte=period.end, ends_on__gte=period.start
        ).prefetch_related("municipalities")
        for partnership in partnerships:
            done = set(
                QuarterlyApproval.objects.filter(
                    partnership=partnership,
                    quarter=str(quarter),
                    status__in=[ApprovalStatus.SUBMITTED, ApprovalStatus.APPROVED],
                ).values_list("municipality_id", flat=True)
            )
            for municipality in partnership.municipalities.all():
                if municipality.pk in done:
                    continue
                leads = list(
                    Membership.objects.filter(
                        role=Role.MUNICIPAL_LEAD,
                        municipality=municipality,
                        user__is_active=True,
                    )
                    .exclude(user__email="")
                    .values_list("user__email", flat=True)
                )
                if not leads or not _claim(partnership, municipality.pk, quarter, today):
                    continue
                with translation.override(settings.LANGUAGE_CODE):
                    subject = _("Brobygger: the quarterly report for %(quarter)s is due") % {
                        "quarter": quarter.label
                    }
                    body = render_to_string(
                        "reports/reminder_email.txt",
                        {
                            "quarter": quarter,
                            "deadline": deadline_of(quarter),
                            "partnership": partnership,
                            "municipality": municipality,
                            "base_url": base_url.rstrip("/"),
                        },
                    )
                send_mail(subject, body, None, sorted(set(leads)))
                sent += 1
    return sent
