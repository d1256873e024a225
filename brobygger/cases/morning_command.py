"""The shape of a morning e-mail command (``tasks_digest``, ``referral_reminders``): send
for a day (``--date``, default today) with links to the site (``--base-url``), or with
``--schedule`` put the morning run in the task queue once and exit. Prints JSON."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class MorningCommand(BaseCommand, ABC):
    @abstractmethod
    def send(self, *, today: date | None, base_url: str) -> int:
        """Send the day's e-mails; how many were sent."""

    @abstractmethod
    def schedule(self) -> datetime:
        """Queue the morning run once; when it runs."""

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
            help="put the morning run in the task queue (if it is not there) and exit",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            self.stdout.write(json.dumps({"next_run": self.schedule().isoformat()}))
            return
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"not a date: {options['date']!r}", returncode=2) from None
        sent = self.send(today=today, base_url=options["base_url"])
        self.stdout.write(json.dumps({"sent": sent}))
