"""The evaluator's download: check → build the file → log → hand it over.

The file is built in a temporary file before anything is sent, so the access log row carries
the real number of people, and a download that fails half-way is neither sent nor logged.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import IO

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils import timezone

from brobygger.accounts.access import AnyUser
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_bulk_record
from brobygger.partnerships.models import Partnership
from brobygger.targetgroups.choosing import Chosen

from . import extract, files, layout, selectors
from .pseudonyms import pseudonymiser_for


class ExtractFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"  # a ZIP of CSV files


Writer = Callable[..., dict[str, int]]

_WRITERS: dict[ExtractFormat, tuple[Writer, str, str]] = {
    ExtractFormat.XLSX: (
        files.write_xlsx,
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ExtractFormat.CSV: (files.write_csv_zip, "zip", "application/zip"),
}


@dataclass(frozen=True)
class ExtractFile:
    file: IO[bytes]  # positioned at the start; the caller closes it (FileResponse does)
    filename: str
    content_type: str
    counts: dict[str, int]  # rows per table

    @property
    def people(self) -> int:
        return self.counts[layout.LAYOUT[0].name]


def extract_export(
    *,
    actor: AnyUser,
    partnership: Partnership,
    file_format: ExtractFormat,
    definition: Chosen | None = None,
) -> ExtractFile:
    """The partnership's pseudonymised extract in ``file_format``, logged as an export; with
    a target-group ``definition``, of the people it takes only (and it says which)."""
    if not selectors.extract_partnership_ids(user=actor).allows(partnership.pk):
        raise PermissionDenied
    where = definition.where if definition is not None else None
    tables: Sequence[layout.Table] = extract.extract_tables(
        partnership=partnership,
        pseudonymiser=pseudonymiser_for(partnership=partnership),
        where=where,
    )
    made_at = timezone.now()
    text = files.about(
        partnership=partnership,
        tables=tables,
        made_at=made_at,
        target_group=definition.label if definition is not None else "",
    )
    write, extension, content_type = _WRITERS[file_format]
    out = tempfile.TemporaryFile()  # noqa: SIM115  (handed to the response, which closes it)
    try:
        counts = write(tables=tables, text=text, out=out)
        out.seek(0)
        # One entry per municipality with her people's rows (the people sheet is one row a
        # person), so that each municipality's log shows the extract of her people.
        access_bulk_record(
            user=actor,
            action=AccessAction.EXPORT,
            rows=dict(
                selectors.extract_people(partnership=partnership, where=where)
                .order_by()
                .values_list("municipality_id")
                .annotate(people=Count("id"))
            ),
            obj=partnership,
            search_criterion=(
                f"pseudonymised extract partnership={partnership.pk} format={file_format}"
                + (f" {definition.query}" if definition is not None and definition.query else "")
            ),
        )
    except BaseException:
        out.close()
        raise
    return ExtractFile(
        file=out,
        filename=(
            f"pseudonymiseret-udtraek-{partnership.pk}-"
            f"{timezone.localtime(made_at):%Y-%m-%d}.{extension}"
        ),
        content_type=content_type,
        counts=counts,
    )
