"""``brobygger agreements remind [--days 7] [--date YYYY-MM-DD] [--base-url URL]``: e-mail a
reminder of each status meeting due within the next days, once per meeting.

Who gets it: the staff member who wrote the agreement, while she may still manage partners in
its municipality; otherwise the municipality's staff who may (see
``services.reminder_recipients``). Run it daily (cron or a scheduled task). Prints one line of
JSON: ``{"sent": N, "without_recipient": M}``."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from brobygger.agreements.services import status_meeting_reminders_send


class Command(BaseCommand):
    help = "Cooperation agreements: reminders of status meetings."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        remind = actions.add_parser("remind", help="E-mail reminders of the meetings due.")
        remind.add_argument(
            "--days", type=int, default=7, help="Meetings within this many days (default 7)"
        )
        remind.add_argument("--date", help="Today as YYYY-MM-DD (default: today)")
        remind.add_argument(
            "--base-url",
            default="",
            help="The site's address, e.g. https://brobygger.viborg.dk, for a link in the e-mail",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] < 0 or options["days"] > 366:
            raise CommandError("--days must be between 0 and 366")
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError:
            raise CommandError(f"{options['date']!r} is not a date as YYYY-MM-DD") from None
        result = status_meeting_reminders_send(
            today=today or timezone.localdate(),
            within_days=options["days"],
            base_url=options["base_url"],
        )
        self.stdout.write(
            json.dumps({"sent": result.sent, "without_recipient": result.without_recipient})
        )
