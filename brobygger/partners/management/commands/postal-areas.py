"""``brobygger postal-areas FILE.csv``: load where postal codes lie, for matching distances.

The file is a public list of Danish postal-code centres with the columns ``nr`` (or
``postnummer``/``code``), ``navn`` (or ``name``) and the centre as ``latitude``/``longitude``
(or ``lat``/``lon``, or DAWA's ``visueltcenter_y``/``visueltcenter_x``). Rows are added or
updated; nothing else is touched. Exits 2 with the row and column of the first bad value,
having changed nothing."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from brobygger.partners.models import PostalArea

CODE = ("nr", "postnummer", "code")
NAME = ("navn", "name")
LATITUDE = ("latitude", "lat", "visueltcenter_y")
LONGITUDE = ("longitude", "lon", "visueltcenter_x")
# Characters no place name holds (NUL cannot even be stored in PostgreSQL text).
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _column(header: list[str], names: tuple[str, ...], required: bool = True) -> str | None:
    lowered = {h.strip().lower(): h for h in header}
    for name in names:
        if name in lowered:
            return lowered[name]
    if required:
        raise CommandError(f"the file has no column {' or '.join(names)}", returncode=2)
    return None


class Command(BaseCommand):
    help = "Load postal-code centres for the distances of matching."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {path}: {error}", returncode=2) from None
        first_line = text.splitlines()[0] if text.strip() else ""
        try:
            delimiter = csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
        try:
            areas = self._areas(reader)
        except csv.Error as error:
            raise CommandError(f"{path} is not a CSV file: {error}", returncode=2) from None
        if not areas:
            raise CommandError("the file has no rows", returncode=2)
        with transaction.atomic():
            PostalArea.objects.bulk_create(
                areas,
                update_conflicts=True,
                unique_fields=["code"],
                update_fields=["name", "latitude", "longitude"],
            )
        self.stdout.write(f"{len(areas)} postal areas loaded")

    def _areas(self, reader: csv.DictReader[str]) -> list[PostalArea]:
        header = list(reader.fieldnames or [])
        code_col = _column(header, CODE)
        name_col = _column(header, NAME, required=False)
        lat_col, lon_col = _column(header, LATITUDE), _column(header, LONGITUDE)
        areas = []
        for line, row in enumerate(reader, start=2):
            code = (row.get(code_col or "") or "").strip()
            # ASCII digits only: "٨٨٠٠" and "８８００" are digits to str.isdigit() as well.
            if not (len(code) == 4 and code.isascii() and code.isdigit()):
                raise CommandError(
                    f"row {line}, column {code_col}: {code!r} is not a postal code", returncode=2
                )
            try:
                latitude = float((row.get(lat_col or "") or "").replace(",", "."))
                longitude = float((row.get(lon_col or "") or "").replace(",", "."))
            except ValueError:
                raise CommandError(
                    f"row {line}: the centre is not a number", returncode=2
                ) from None
            if not (54 <= latitude <= 58.5 and 7.5 <= longitude <= 15.5):
                raise CommandError(
                    f"row {line}: {latitude}, {longitude} is not in Denmark", returncode=2
                )
            name = (row.get(name_col) or "").strip()[:100] if name_col else ""
            if CONTROL.search(name):
                raise CommandError(
                    f"row {line}, column {name_col}: the name holds control characters",
                    returncode=2,
                )
            areas.append(PostalArea(code=code, name=name, latitude=latitude, longitude=longitude))
        return areas
