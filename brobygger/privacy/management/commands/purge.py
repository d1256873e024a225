"""brobygger purge [--dry-run] [--municipality CODE] [--schedule]

Applies the retention rules: erases the people whose period has passed (the anonymous counts
stay), clears the values of old imported lists, and removes old access-log entries, failed
logins and expired sessions. Prints the counts as JSON; the run is recorded with its counts.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from brobygger.partnerships.models import Municipality
from brobygger.privacy.models import PurgeTrigger
from brobygger.privacy.purge import purge_run
from brobygger.privacy.tasks import purge_schedule


class Command(BaseCommand):
    help = "Apply the retention rules (with --dry-run: only count what is due)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count, remove nothing")
        parser.add_argument("--municipality", help="only this municipality (code, e.g. 791)")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="put the nightly purge in the task queue (if it is not there) and exit",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            run_after = purge_schedule()
            self.stdout.write(json.dumps({"next_run": run_after.isoformat()}))
            return
        municipality = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(code=options["municipality"]).first()
            if municipality is None:
                raise CommandError(
                    f"unknown municipality code {options['municipality']!r}", returncode=2
                )
        run = purge_run(
            trigger=PurgeTrigger.COMMAND, dry_run=options["dry_run"], municipality=municipality
        )
        summary = {
            "dry_run": run.dry_run,
            "run": run.pk,
            "counts": run.counts,
            "total": run.total,
        }
        self.stdout.write(json.dumps(summary, indent=2, sort_keys=True))
