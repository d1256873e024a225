"""brobygger extracts_expire [--schedule]

Deletes the files of the evaluators' extracts made more than EXTRACT_RETENTION_DAYS days ago
(the runs stay, marked deleted) and closes runs that never finished. Prints how many files
were deleted as JSON. With --schedule: puts the daily run in the task queue (if it is not
there) and exits.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from brobygger.evaluation.services import extracts_expire
from brobygger.evaluation.tasks import expire_schedule


class Command(BaseCommand):
    help = "Delete the evaluators' extracts past their time (with --schedule: queue the daily run)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="put the daily deletion in the task queue (if it is not there) and exit",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            run_after = expire_schedule()
            self.stdout.write(json.dumps({"next_run": run_after.isoformat()}))
            return
        self.stdout.write(json.dumps({"deleted": extracts_expire()}))
