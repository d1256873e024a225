"""brobygger lists_snapshot [--date YYYY-MM-DD] [--schedule]

Records today's count of every saved list (one count per list and day; a second run the
same day replaces it). Prints how many lists were counted as JSON. With --schedule: puts the
daily run in the task queue (if it is not there) and exits.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from brobygger.lists.services import snapshots_take_all
from brobygger.lists.tasks import snapshot_schedule


class Command(BaseCommand):
    help = "Record today's count of every saved list (with --schedule: queue the daily run)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to record the counts for (default: today)")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="put the daily count in the task queue (if it is not there) and exit",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            run_after = snapshot_schedule()
            self.stdout.write(json.dumps({"next_run": run_after.isoformat()}))
            return
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"not a date: {options['date']!r}", returncode=2) from None
        counted = snapshots_take_all(today=today)
        self.stdout.write(json.dumps({"counted": counted}))
