"""Reading a list's rows: every row checked (for the preview, or staged for the import as
``ImportRow`` in chunks), and the staged rows read back for the linkage. No step holds the
whole file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.linkage.fields import CheckedRow, Problem, check_row
from brobygger.linkage.models import ImportBatch, ImportRow, RowOutcome
from brobygger.linkage.reading import ListFile, ListFileError, MalformedRow, open_list

from . import progress

CHUNK = 1000


@dataclass
class Preview:
    rows: int = 0
    rejected: int = 0
    with_warnings: int = 0
    sample: list[dict[str, Any]] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    problems_left_off: int = 0


def preview(
    list_file: ListFile, mapping: dict[str, str], *, sample: int = 20, problems: int = 500
) -> Preview:
    """Check every row without saving anything: the first rows as they will be read, and
    the problems of all rows (the first ``problems`` of them in full)."""
    result = Preview()
    today = timezone.localdate()
    for number, checked in checked_rows(list_file, mapping, today=today):
        result.rows += 1
        if checked.rejected:
            result.rejected += 1
        elif checked.problems:
            result.with_warnings += 1
        if len(result.sample) < sample:
            result.sample.append(
                {"row": number, "values": checked.values, "problems": checked.problems}
            )
        for problem in checked.problems:
            if len(result.problems) < problems:
                result.problems.append({"row": number, **problem.as_dict()})
            else:
                result.problems_left_off += 1
    return result


def checked_rows(
    list_file: ListFile, mapping: dict[str, str], *, today: date
) -> Iterator[tuple[int, CheckedRow]]:
    """Checked rows; a malformed row and a repeated list id reject the row; too many rows
    stop the file."""
    seen_ids: dict[str, int] = {}
    id_header = next((header for header, target in mapping.items() if target == "id"), "")
    for count, (number, row) in enumerate(list_file.rows_and_malformed(), start=1):
        if count > settings.IMPORT_MAX_ROWS:
            raise ListFileError(
                _("The list has more than %(limit)s rows; split it into parts.")
                % {"limit": settings.IMPORT_MAX_ROWS}
            )
        if isinstance(row, MalformedRow):
            yield number, CheckedRow(values={}, problems=[Problem("", row.message, rejects=True)])
            continue
        checked = check_row(row, mapping, today=today)
        identifier = checked.values.get("id")
        if identifier:
            if identifier in seen_ids:
                checked.problems.append(
                    Problem(
                        id_header,
                        _("the id “%(id)s” is also in row %(row)s.")
                        % {"id": identifier, "row": seen_ids[identifier]},
                        rejects=True,
                    )
                )
            else:
                seen_ids[identifier] = number
        yield number, checked


def rows_stage(batch: ImportBatch) -> None:
    """Check every row of the batch's file and stage it, in chunks."""
    list_file = open_list(
        Path(batch.file.path), max_bytes=settings.IMPORT_MAX_BYTES, encoding=batch.encoding
    )
    today = timezone.localdate()
    chunk: list[ImportRow] = []
    done = 0
    for number, checked in checked_rows(list_file, batch.mapping, today=today):
        # Staged and rejected rows keep the CPR number encrypted, never in clear.
        values, cpr_ciphertext = ImportRow.protected(checked.values)
        chunk.append(
            ImportRow(
                batch=batch,
                row_number=number,
                values=values,
                cpr_ciphertext=cpr_ciphertext,
                problems=[problem.as_dict() for problem in checked.problems],
                outcome=RowOutcome.REJECTED if checked.rejected else "",
            )
        )
        if len(chunk) >= CHUNK:
            ImportRow.objects.bulk_create(chunk)
            done += len(chunk)
            chunk = []
            progress.step(batch, rows_done=done)
    ImportRow.objects.bulk_create(chunk)
    progress.step(batch, rows_done=done + len(chunk))


def rows_staged(batch: ImportBatch) -> Iterator[tuple[str, dict[str, Any]]]:
    """The staged rows that were not rejected, as (row number, values) for the linkage."""
    rows = ImportRow.objects.filter(batch=batch).exclude(outcome=RowOutcome.REJECTED)
    for row in rows.only("row_number", "values", "cpr_ciphertext").iterator(chunk_size=CHUNK):
        yield str(row.row_number), row.row_values
