"""``brobygger meetings remind [--date YYYY-MM-DD] [--schedule]``: record a reminder for each
accepted invitation to a session tomorrow, once per invitation (letter reminders are listed on
the session's page to print). ``--schedule`` instead puts the daily run in the task queue (if
it is not there) and exits. Prints one line of JSON."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from brobygger.meetings.services import reminders_record
from brobygger.meetings.tasks import reminders_schedule


class Command(BaseCommand):
    help = "Meetings and sessions: reminders the day before."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        remind = actions.add_parser("remind", help="Record the reminders for tomorrow's sessions.")
        remind.add_argument("--date", help="Today as YYYY-MM-DD (default: today)")
        remind.add_argument(
            "--schedule",
            action="store_true",
            help="put the daily run in the task queue (if it is not there) and exit",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            self.stdout.write(json.dumps({"next_run": reminders_schedule().isoformat()}))
            return
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError:
            raise CommandError(f"{options['date']!r} is not a date as YYYY-MM-DD") from None
        recorded = reminders_record(today=today or timezone.localdate())
        self.stdout.write(json.dumps({"recorded": recorded}))
