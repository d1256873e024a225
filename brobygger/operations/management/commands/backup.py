from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from brobygger.operations.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database to one file while Brobygger runs: SQLite with its online backup, "
        "PostgreSQL with pg_dump's custom format. Prints a JSON summary."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out",
            required=True,
            type=Path,
            help="The backup file; replaced only once the new backup is complete.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The DATABASES entry.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup(alias=options["database"], out=options["out"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps(summary))
