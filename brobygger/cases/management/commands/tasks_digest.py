"""brobygger tasks_digest [--date YYYY-MM-DD] [--base-url URL] [--schedule]

Sends the daily e-mail of tasks due to the staff members who asked for it (at most one a day
each). Prints how many were sent as JSON. With --schedule: puts the morning run in the task
queue (if it is not there) and exits.
"""

from __future__ import annotations

from datetime import date, datetime

from brobygger.cases.digest import digest_send
from brobygger.cases.morning_command import MorningCommand
from brobygger.cases.tasks import digest_schedule


class Command(MorningCommand):
    help = "Send the daily e-mail of tasks due (with --schedule: queue the morning run)."

    def send(self, *, today: date | None, base_url: str) -> int:
        return digest_send(today=today, base_url=base_url)

    def schedule(self) -> datetime:
        return digest_schedule()
