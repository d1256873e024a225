"""brobygger link LEFT.csv [RIGHT.csv] --out PAIRS.csv [--threshold P] [--model-out MODEL.json]

Links two lists (or de-duplicates one) without touching the registry. The lists have the
standard columns ``id, first_name, last_name, birth_date, cpr, phone, email, address,
postal_code, city`` (empty cells allowed; other columns are ignored). Writes
``left_id,right_id,match_probability`` for every pair at or above the threshold and prints a
JSON summary. Unusable input stops with exit code 2 and one line saying what and where.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from brobygger.core.exports import safe_text
from brobygger.linkage.engine import Linkage, LinkageError, LinkType
from brobygger.linkage.features import STANDARD_COLUMNS
from brobygger.linkage.reading import ListFile, ListFileError, open_list

REQUIRED = ("id", "first_name", "last_name")


def probability(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Link two lists, or de-duplicate one, and write the scored pairs as CSV."
    # The command reads files and writes a file: Django's system checks (which import every
    # URL, view and template library, about three CPU seconds) check nothing it uses.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("left", type=Path)
        parser.add_argument("right", type=Path, nargs="?")
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--threshold", type=probability, default=0.5)
        parser.add_argument("--model-out", type=Path, help="save the trained model as JSON")
        parser.add_argument("--memory-limit", default="1500MB")

    @translation.override("en")  # the command line speaks English, like its JSON
    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        paths = [options["left"]] + ([options["right"]] if options["right"] else [])
        try:
            files = [self._open(path) for path in paths]
            link_type: LinkType = "link_only" if len(files) == 2 else "dedupe_only"
            with Linkage(link_type=link_type, memory_limit=options["memory_limit"]) as linkage:
                for name, list_file in zip(("left", "right"), files, strict=False):
                    try:
                        linkage.add(name, _standard_rows(list_file))
                    except ListFileError as error:
                        raise ListFileError(f"{list_file.path}: {error}") from None
                linkage.train()
                linkage.predict(threshold=options["threshold"])
                written = linkage.write_pairs(
                    options["out"], threshold=options["threshold"], neutralise=safe_text
                )
                if options["model_out"]:
                    options["model_out"].write_text(
                        json.dumps(linkage.model_json(), indent=2), encoding="utf-8"
                    )
                summary = {
                    "mode": "link" if len(files) == 2 else "dedupe",
                    "rows": dict(linkage.rows),
                    "candidate_pairs": linkage.candidate_pairs,
                    "candidate_pairs_estimated": linkage.candidate_pairs_estimated,
                    "pairs_written": written,
                    "threshold": options["threshold"],
                    "trained_with_em": linkage.trained_with_em,
                    "seconds": round(time.perf_counter() - started, 2),
                }
        except (ListFileError, LinkageError) as error:
            raise CommandError(str(error), returncode=2) from None
        except OSError as error:
            raise CommandError(f"{error.strerror}: {error.filename}", returncode=2) from None
        self.stdout.write(json.dumps(summary))

    def _open(self, path: Path) -> ListFile:
        if not path.is_file():
            raise ListFileError(f"{path}: no such file")
        try:
            list_file = open_list(path, max_bytes=settings.LINK_MAX_BYTES)
        except ListFileError as error:
            raise ListFileError(f"{path}: {error}") from None
        columns = {header.strip().lower() for header in list_file.headers}
        missing = [column for column in REQUIRED if column not in columns]
        if missing:
            raise ListFileError(
                f"{path}: missing column(s) {', '.join(missing)}; the standard columns are "
                + ", ".join(STANDARD_COLUMNS)
            )
        return list_file


def _standard_rows(list_file: ListFile) -> Iterator[tuple[str, dict[str, str]]]:
    """Rows keyed by the standard column names; ids must be present and unique."""
    by_name = {header.strip().lower(): header for header in list_file.headers}
    id_header = by_name["id"]
    seen: dict[str, int] = {}
    for number, row in list_file.rows():
        record = {column: row[by_name[column]] for column in STANDARD_COLUMNS if column in by_name}
        identifier = record["id"]
        if not identifier:
            raise ListFileError("the id is empty", row=number, column=id_header)
        if identifier in seen:
            raise ListFileError(
                f"duplicate id “{identifier}” (also row {seen[identifier]})",
                row=number,
                column=id_header,
            )
        seen[identifier] = number
        yield identifier, record
