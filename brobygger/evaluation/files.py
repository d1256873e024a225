"""The extract as files: an XLSX workbook (one sheet per table and "Om udtrækket" first) or a
ZIP of UTF-8 CSV files with a README.txt. Both say the same about the columns and the
pseudonyms, and every cell passes through ``safe_cell`` (``safe_text`` in the workbook's
writer): a method named "=HYPERLINK(...)" stays text.

Both writers stream: the workbook's sheets (``xlsx``) and the CSV files are written into
their archive row by row, so memory stays flat however many rows a national partnership has.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import IO

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.core.exports import FORMULA_PREFIXES, safe_cell, safe_text
from brobygger.interventions.models import Assessor, Completion, InterventionCategory, OutcomeKind
from brobygger.outreach.models import ActivityStatus, MethodCategory
from brobygger.partnerships.models import Partnership
from brobygger.people.models import (
    ContactChannel,
    ContactOutcome,
    Gender,
    IntegrationPeriod,
    PipelineStatus,
)

from . import xlsx
from .layout import Table
from .pseudonyms import PSEUDONYM_LENGTH

ABOUT_SHEET = "Om udtrækket"
README = "README.txt"

# The code lists behind the columns that hold codes (stable in every language).
CODES: tuple[tuple[str, type[models.TextChoices]], ...] = (
    ("gender", Gender),
    ("status", PipelineStatus),
    ("integration_period", IntegrationPeriod),
    ("first_method_category", MethodCategory),
    ("intervention_category", InterventionCategory),
    ("completion", Completion),
    ("kind", OutcomeKind),
    ("assessor", Assessor),
    ("channel", ContactChannel),
    ("outcome", ContactOutcome),
    ("method_category", MethodCategory),
    ("activity_status", ActivityStatus),
)


@dataclass(frozen=True)
class About:
    """What the extract holds and how it is pseudonymised, in the reader's language."""

    title: str
    facts: list[tuple[str, str]]
    paragraphs: list[str]
    tables: Sequence[Table]

    def codes(self) -> list[tuple[str, str, str]]:
        return [
            (column, value, str(label))
            for column, choices in CODES
            for value, label in choices.choices
            if value
        ]


def about(
    *,
    partnership: Partnership,
    tables: Sequence[Table],
    made_at: datetime,
    target_group: str = "",
) -> About:
    municipalities = ", ".join(f"{m.code} {m.name}" for m in partnership.municipalities.all())
    return About(
        title=_("Pseudonymised extract for the evaluation"),
        facts=[
            (_("Partnership"), partnership.name),
            (_("Municipalities"), municipalities),
            (_("Target group"), target_group or _("Everyone")),
            (_("Made"), timezone.localtime(made_at).strftime("%Y-%m-%d %H:%M")),
        ],
        paragraphs=[
            _(
                "Each person appears only under a pseudonym: a keyed hash (HMAC-SHA256, 16 "
                "hexadecimal characters) of the person's record under a secret key that "
                "Brobygger keeps for this partnership. The same person has the same pseudonym "
                "in every extract of this partnership, so extracts can be compared over time. "
                "Other partnerships get other pseudonyms. Without the key, which never leaves "
                "Brobygger, a pseudonym cannot be traced back to a person."
            ),
            _(
                "Not included: names and other spellings of names, CPR numbers, dates of birth "
                "(only the year), phone numbers, e-mail addresses, addresses, postal codes, "
                "cities and housing areas, the spouse, notes and comments, the providers of "
                "interventions, employers and educational institutions, and the staff who "
                "registered anything."
            ),
            _(
                "The extract is still personal data (pseudonymised data, GDPR article 4(5)). "
                "Keep it as the data processing agreement says and do not try to identify "
                "anyone. A small group, such as a few people from one country in one "
                "municipality, can point to a person: publish figures, not rows."
            ),
            _(
                "Records that were merged into another record are left out: their history "
                "belongs to the record they were merged into. Codes are the same in every "
                "language; their meanings are listed at the end. Dates are written "
                "YYYY-MM-DD in the CSV files."
            ),
        ],
        tables=tables,
    )


def write_xlsx(*, tables: Sequence[Table], text: About, out: IO[bytes]) -> dict[str, int]:
    """Write the workbook to ``out``; the number of rows of each table.

    Excel holds 1,048,576 rows a sheet: a longer table goes on in "<sheet> 2", ... The writer
    must know every sheet before it reads a row, so the sheets are those the table's count
    asks for; a row more than they hold (one added while the file was written) fails the
    extract rather than being left out."""
    workbook = xlsx.Workbook(out)
    # The README's lines, one a row, under the title.
    title, *lines = _readme_lines(text, underlined=False)
    workbook.sheet(
        ABOUT_SHEET,
        [title],
        ([line] for line in lines),
        header_style=xlsx.Style.WRAP,
        style=xlsx.Style.WRAP,
        widths=(120,),
    )
    sheets: dict[str, list[str]] = {}
    leftovers: list[Iterator[Sequence[object]]] = []
    for table in tables:
        rows = iter(table.rows())
        header = [column.name for column in table.columns]
        titles = sheets[table.name] = [
            table.sheet if part == 1 else f"{table.sheet} {part}"
            for part in range(1, max(1, -(-table.count() // ROWS_PER_SHEET)) + 1)
        ]
        for title in titles:
            # The writer neutralises formulas (``safe_text``).
            workbook.sheet(
                title,
                header,
                islice(rows, ROWS_PER_SHEET),
                widths=_widths(table),
                freeze_header=True,
                kinds=[column.kind for column in table.columns],
            )
        leftovers.append(rows)
    workbook.close()
    if any(next(rows, None) is not None for rows in leftovers):
        raise RuntimeError("A table grew while the workbook was written.")
    return {
        name: sum(workbook.counts[title] for title in titles) for name, titles in sheets.items()
    }


# Rows of a table on one sheet, below its header (Excel's limit is 1,048,576 rows a sheet).
ROWS_PER_SHEET = 1_048_575


def _widths(table: Table) -> list[int]:
    return [
        max(12, len(column.name) + 2, PSEUDONYM_LENGTH + 2 if index <= 2 else 0)
        for index, column in enumerate(table.columns, start=1)
    ]


def readme_text(text: About) -> str:
    return "\n".join(_readme_lines(text, underlined=True)) + "\n"


def _readme_lines(text: About, *, underlined: bool) -> list[str]:
    """The README's lines (its headings underlined in the text file, not in the workbook)."""

    def heading(line: str, underline: str) -> list[str]:
        return [line, underline * len(line)] if underlined else [line]

    lines = [*heading(text.title, "="), ""]
    lines += [f"{label}: {safe_cell(value)}" for label, value in text.facts]
    lines.append("")
    for paragraph in text.paragraphs:
        lines += [paragraph, ""]
    lines.append(_("The CSV files are UTF-8, comma-separated, with the column names in line one."))
    lines.append("")
    for table in text.tables:
        lines += heading(f"{table.name}.csv ({table.sheet}): {table.description}", "-")
        lines += [f"  {column.name}: {column.description}" for column in table.columns]
        lines.append("")
    lines += [_("Codes"), "-----"] if underlined else [_("Codes")]
    lines += [f"  {column} = {value}: {label}" for column, value, label in text.codes()]
    return lines


def write_csv_zip(*, tables: Sequence[Table], text: About, out: IO[bytes]) -> dict[str, int]:
    """Write the archive to ``out``: README.txt and one CSV file per table; the number of
    rows of each table."""
    counts: dict[str, int] = {}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(README, readme_text(text))
        for table in tables:
            with (
                archive.open(f"{table.name}.csv", "w", force_zip64=True) as raw,
                io.TextIOWrapper(raw, encoding="utf-8", newline="") as stream,
            ):
                writer = csv.writer(stream)
                writer.writerow([safe_cell(column.name) for column in table.columns])
                count = 0
                rows = iter(table.rows())
                while chunk := list(islice(rows, CSV_CHUNK)):
                    writer.writerows(_neutralised(chunk))
                    count += len(chunk)
                counts[table.name] = count
    return counts


# Rows written to a CSV file at a time.
CSV_CHUNK = 4_096


def _neutralised(chunk: list[Sequence[object]]) -> Iterable[Sequence[object]]:
    """The rows with every text a spreadsheet would take for a formula neutralised
    (``safe_text``): each distinct value of a column is looked at once, and a chunk without
    such a text (nearly every one) is written as it is. A call per cell was a third of the
    national extract's CSV time."""
    columns: list[Sequence[object]] = list(zip(*chunk, strict=True))
    changed = False
    for index, column in enumerate(columns):
        formulas: dict[object, object] = {
            value: safe_text(value)
            for value in set(column)
            if isinstance(value, str) and value.startswith(FORMULA_PREFIXES)
        }
        if formulas:
            columns[index] = [formulas.get(value, value) for value in column]
            changed = True
    return zip(*columns, strict=True) if changed else chunk
