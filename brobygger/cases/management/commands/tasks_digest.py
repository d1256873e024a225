"""brobygger tasks_digest [--date YYYY-MM-DD] [--base-url URL] [--schedule]

Sends the daily e-mail of tasks due to the staff members who asked for it (at most one a day
each). Prints how many were sent as JSON. With --schedule: puts the morning run in the task
queue (if it is not there) and exits.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from brobygger.cases.digest import digest_send
from brobygger.cases.tasks import digest_schedule


class Command(BaseCommand):
    help = "Send the daily e-mail of tasks due (with --schedule: queue the morning run)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to send for (default: today)")
        parser.add_argument(
            "--base-url",
            default=settings.TASKS_DIGEST_BASE_URL,
            help="the site's address, for the link in the e-mail",
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="put the morning digest in the task queue (if it is not there) and exit",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            run_after = digest_schedule()
            self.stdout.write(json.dumps({"next_run": run_after.isoformat()}))
            return
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"not a date: {options['date']!r}", returncode=2) from None
        sent = digest_send(today=today, base_url=options["base_url"])
        self.stdout.write(json.dumps({"sent": sent}))
