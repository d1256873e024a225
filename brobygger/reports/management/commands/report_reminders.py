"""brobygger report_reminders [--date YYYY-MM-DD] [--base-url URL] [--schedule]

Reminds the leads of member municipalities whose quarterly report is not submitted, from
REPORT_REMINDER_DAYS_BEFORE days before the deadline (REPORT_DEADLINE_DAYS after the quarter's
end), once per municipality and quarter. Prints how many e-mails were sent as JSON. With
--schedule: puts the morning run in the task queue (if it is not there) and exits.
"""

from __future__ import annotations

from datetime import date, datetime

from brobygger.cases.morning_command import MorningCommand
from brobygger.reports.reminders import reminders_send
from brobygger.reports.tasks import reminders_schedule


class Command(MorningCommand):
    help = "Remind municipal leads of quarterly reports due (with --schedule: queue the run)."

    def send(self, *, today: date | None, base_url: str) -> int:
        return reminders_send(today=today, base_url=base_url)

    def schedule(self) -> datetime:
        return reminders_schedule()
