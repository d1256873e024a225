"""brobygger targetgroups_rescreen --definition ID [--date YYYY-MM-DD]

Re-screens the people of the definition's partnership under one target-group definition and
marks who falls inside and who outside, with the date. Prints the counts as JSON (everyone,
inside, outside, changed since the partnership's screening before).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from brobygger.targetgroups.models import TargetGroupDefinition
from brobygger.targetgroups.services import screening_run


class Command(BaseCommand):
    help = "Re-screen a partnership's people under one target-group definition."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--definition", type=int, required=True, help="the definition's id")
        parser.add_argument("--date", help="the day of the screening (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        definition = (
            TargetGroupDefinition.objects.select_related("partnership")
            .filter(pk=options["definition"])
            .first()
        )
        if definition is None:
            raise CommandError(f"no definition {options['definition']}", returncode=2)
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"not a date: {options['date']!r}", returncode=2) from None
        result = screening_run(actor=None, definition=definition, today=today)
        self.stdout.write(
            json.dumps(
                {
                    "definition": definition.pk,
                    "screened_on": result.screening.screened_on.isoformat(),
                    "people": result.inside + result.outside,
                    "inside": result.inside,
                    "outside": result.outside,
                    "changed": result.changed,
                }
            )
        )
