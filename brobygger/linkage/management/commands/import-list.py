"""brobygger import-list FILE --municipality CODE --source NAME [--method NAME]

Imports a list into the registry of one municipality, the same way as the web wizard: the
columns are mapped as the list's source remembers them (or recognised from their headers),
the rows are linked to the municipality's people, and a JSON summary says how many rows
were new, matched, repeated, need review or were rejected, and why.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from brobygger.linkage.imports import import_run
from brobygger.linkage.models import ImportRow, ImportStatus, ListSource, RowOutcome
from brobygger.linkage.wizard import import_map, import_upload
from brobygger.outreach.models import MethodCategory, OutreachMethod
from brobygger.partnerships.models import Municipality

REJECTIONS_SHOWN = 100


class Command(BaseCommand):
    help = "Import a list (CSV or XLSX) into a municipality's registry and link it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--municipality", required=True, help="municipality code, e.g. 791")
        parser.add_argument("--source", required=True, help="name of the list, e.g. 'Sprogskolen'")
        parser.add_argument(
            "--method", help="outreach method of a new list (default: the first list method)"
        )

    @translation.override("en")  # the command line speaks English, like its JSON
    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file", returncode=2)
        municipality = Municipality.objects.filter(code=options["municipality"]).first()
        if municipality is None:
            raise CommandError(
                f"unknown municipality code {options['municipality']!r}", returncode=2
            )
        source = self._source(municipality, options["source"], options["method"])
        try:
            with path.open("rb") as handle:
                batch = import_upload(actor=None, source=source, upload=File(handle, path.name))
            import_map(actor=None, batch=batch, mapping=batch.mapping)
        except ValidationError as error:
            raise CommandError(f"{path}: {' '.join(error.messages)}", returncode=2) from None
        batch = import_run(batch.pk, actor=None)
        if batch.status != ImportStatus.DONE:
            raise CommandError(f"{path}: {batch.error}", returncode=2)
        rejected = ImportRow.objects.filter(batch=batch, outcome=RowOutcome.REJECTED)
        self.stdout.write(
            json.dumps(
                {
                    "import": batch.pk,
                    "municipality": municipality.code,
                    "source": source.name,
                    "rows": batch.new_count
                    + batch.matched_count
                    + batch.duplicate_count
                    + batch.rejected_count,
                    "new": batch.new_count,
                    "matched": batch.matched_count,
                    "duplicates_in_list": batch.duplicate_count,
                    "needs_review": batch.review_count,
                    "rejected": batch.rejected_count,
                    "rejections": [
                        {"row": row.row_number, "problems": row.problems}
                        for row in rejected[:REJECTIONS_SHOWN]
                    ],
                    "mapping": batch.mapping,
                    "trained_with_em": batch.trained_with_em,
                    "seconds": round(time.perf_counter() - started, 2),
                },
                ensure_ascii=False,
            )
        )

    def _source(self, municipality: Municipality, name: str, method_name: str | None) -> ListSource:
        source = ListSource.objects.filter(municipality=municipality, name=name).first()
        if source:
            return source
        methods = OutreachMethod.objects.filter(category=MethodCategory.LISTS, is_active=True)
        method = methods.filter(name=method_name).first() if method_name else methods.first()
        if method is None:
            raise CommandError(f"unknown outreach method {method_name!r}", returncode=2)
        return ListSource.objects.create(municipality=municipality, name=name, method=method)
