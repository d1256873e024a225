"""``brobygger report quarterly``: the quarterly status report from the command line.

    brobygger report quarterly --municipality 791 --quarter 2026Q3 --format json --out r.json
    brobygger report quarterly --partnership 1 --quarter 2026Q3 --format xlsx --out r.xlsx

A municipality's report belongs to its partnership (``--partnership`` picks one when the
municipality is a member of several). The JSON follows docs/quarterly-report.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from brobygger.measures.periods import Quarter
from brobygger.partnerships.models import Municipality, Partnership
from brobygger.reports.documents import report_document
from brobygger.reports.models import ReportKind
from brobygger.reports.selectors import ReportScope, report_quarters


class Command(BaseCommand):
    help = "Write a status report to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="report", required=True)
        quarterly = subcommands.add_parser("quarterly", help="The quarterly status report.")
        quarterly.add_argument("--municipality", metavar="CODE", help="Municipality code")
        quarterly.add_argument("--partnership", metavar="ID", type=int, help="Partnership id")
        quarterly.add_argument("--quarter", required=True, help="As 2026Q3")
        quarterly.add_argument("--format", choices=["json", "xlsx", "pdf"], default="json")
        quarterly.add_argument("--out", required=True, type=Path, help="The file to write")
        quarterly.add_argument(
            "--language", choices=["da", "en"], default="da", help="Language of labels"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            scope = self._scope(options)
            document = report_document(scope)
            fmt = options["format"]
            if fmt == "json":
                content = document.json()
            elif fmt == "xlsx":
                content = document.xlsx()
            else:
                content = document.pdf()
        out: Path = options["out"]
        try:
            out.write_bytes(content)
        except OSError as error:
            raise CommandError(f"cannot write {out}: {error.strerror}") from None
        self.stdout.write(f"{scope.title}: {out} ({len(content):,} bytes)")

    def _scope(self, options: dict[str, Any]) -> ReportScope:
        try:
            quarter = Quarter.parse(options["quarter"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        code, partnership_id = options["municipality"], options["partnership"]
        if not code and partnership_id is None:
            raise CommandError("give --municipality CODE or --partnership ID")
        municipality = None
        if code:
            municipality = Municipality.objects.filter(code=code).first()
            if municipality is None:
                raise CommandError(f"there is no municipality with code {code!r}")
        partnerships = Partnership.objects.all()
        if partnership_id is not None:
            partnerships = partnerships.filter(pk=partnership_id)
        if municipality is not None:
            partnerships = partnerships.filter(municipalities=municipality)
        found = list(partnerships[:2])
        if not found:
            raise CommandError(
                "no such partnership"
                + (f" with municipality {code}" if municipality is not None else "")
            )
        if len(found) > 1:
            raise CommandError(
                f"municipality {code} is in several partnerships: give --partnership ID"
            )
        partnership = found[0]
        if quarter not in report_quarters(partnership):
            raise CommandError(
                f"{quarter} is outside the partnership's period "
                f"({partnership.starts_on:%d.%m.%Y}–{partnership.ends_on:%d.%m.%Y}) "
                "or in the future"
            )
        return ReportScope(partnership, quarter, ReportKind.QUARTERLY, municipality)
