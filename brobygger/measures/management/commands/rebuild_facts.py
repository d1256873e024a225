"""brobygger rebuild_facts [--check]

Rebuilds the fact table the figures count (``measures.PersonFact``, one row per person) from
the records, in one set-based statement, and prints the rows and the time taken as JSON. The
services keep the table in step with every write; the rebuild is for a restored backup, a
bulk load outside the services, or a doubt. With --check: changes nothing, prints how many
rows differ from what the records say, and exits with 1 when any does.
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from brobygger.measures.services import rebuild_facts, stale_facts


class Command(BaseCommand):
    help = "Rebuild the fact table of the figures from the records (--check: compare only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="change nothing; exit with 1 when a row differs from the records",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if options["check"]:
            stale = stale_facts()
            self.stdout.write(json.dumps({"differing_rows": len(stale)}))
            if stale:
                raise CommandError(f"{len(stale)} rows differ from the records", returncode=1)
            return
        rows = rebuild_facts()
        elapsed = round((time.perf_counter() - started) * 1000)
        self.stdout.write(json.dumps({"rows": rows, "ms": elapsed}))
