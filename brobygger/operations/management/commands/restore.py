from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from brobygger.operations.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the database's contents with a backup made by `brobygger backup`, all or "
        "nothing. Stop the app servers and the task worker first. Prints a JSON summary."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The backup file.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The DATABASES entry.")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interactive"]:
            answer = input(
                f"This replaces every record in the database {options['database']!r} with "
                f"the backup {options['file']}. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("restore cancelled; nothing was changed")
        try:
            summary = restore(alias=options["database"], source=options["file"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps(summary))
        if summary["unapplied_migrations"]:
            self.stderr.write(
                f"The backup is older than this release: {summary['unapplied_migrations']} "
                "migrations are not applied. Run `brobygger migrate` before starting the servers."
            )
