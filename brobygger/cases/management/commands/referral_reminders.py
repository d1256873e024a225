"""brobygger referral_reminders [--date YYYY-MM-DD] [--base-url URL] [--schedule]

E-mails the referrers whose referral link is due a reminder on the schedule the municipality
chose ("Kender du nogen, der kunne have gavn af ..."), at most once per period each: a
second run sends nothing again. Prints how many were sent as JSON. With --schedule: puts the
morning run in the task queue (if it is not there) and exits.
"""

from __future__ import annotations

from datetime import date, datetime

from brobygger.cases.link_services import reminders_send
from brobygger.cases.link_tasks import reminders_schedule
from brobygger.cases.morning_command import MorningCommand


class Command(MorningCommand):
    help = "Remind referrers of their referral link (with --schedule: queue the morning run)."

    def send(self, *, today: date | None, base_url: str) -> int:
        return reminders_send(today=today, base_url=base_url)

    def schedule(self) -> datetime:
        return reminders_schedule()
