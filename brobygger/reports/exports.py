"""A report's tables and texts as a workbook (openpyxl) and as a Word document
(python-docx). Every text cell passes ``safe_cell``: a section text or a method name that
starts with "=" is shown, never run."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from brobygger.core.exports import safe_cell, safe_text

from .tables import COUNT, DECIMAL, SHARE, Table

NUMBER_FORMATS = {COUNT: "#,##0", SHARE: "0.0%", DECIMAL: "#,##0.0"}


@dataclass(frozen=True)
class Text:
    title: str
    text: str
    tables: tuple[Table, ...] = ()


def workbook(
    *, title: str, facts: Iterable[tuple[str, str]], tables: list[Table], texts: list[Text]
) -> bytes:
    """One sheet for the facts and texts, then one sheet per table."""
    book = Workbook()
    front = book.active
    assert front is not None  # nosec B101  # a new workbook always has a sheet; for mypy
    front.title = _sheet_name(_("Report"), set())
    front.append([safe_cell(title)])
    front["A1"].font = Font(bold=True, size=14)
    for label, value in facts:
        front.append([safe_cell(label), safe_cell(value)])
    front.append([])
    for text in texts:
        front.append([safe_cell(text.title)])
        front.cell(front.max_row, 1).font = Font(bold=True)
        front.append([safe_cell(text.text or "—")])
        front.cell(front.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    front.column_dimensions["A"].width = 40
    front.column_dimensions["B"].width = 80
    names = {front.title}
    for table in tables:
        sheet = book.create_sheet(_sheet_name(table.sheet or table.title, names))
        names.add(sheet.title)
        sheet.append([safe_cell(table.title)])
        sheet["A1"].font = Font(bold=True)
        if table.note:
            sheet.append([safe_cell(table.note)])
        sheet.append([safe_cell(h) for h in table.headings])
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([safe_cell(value) for value in row])
            for column, kind in enumerate(table.kinds, start=1):
                if kind in NUMBER_FORMATS:
                    sheet.cell(sheet.max_row, column).number_format = NUMBER_FORMATS[kind]
        sheet.freeze_panes = sheet.cell(header_row + 1, 2)
        sheet.column_dimensions["A"].width = 60
        for column in range(2, len(table.columns) + 1):
            sheet.column_dimensions[get_column_letter(column)].width = 16
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


SHEET_NAME_LENGTH = 31  # Excel's limit


def _sheet_name(title: str, taken: set[str]) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name, each name once.
    Tables name their sheets (``Table.sheet``); a longer name is shortened at a word, never
    in the middle of one."""
    clean = " ".join("".join(" " if ch in "[]:*?/\\" else ch for ch in title).split())
    clean = _words_within(clean, SHEET_NAME_LENGTH) or "Ark"
    name, number = clean, 2
    while name.casefold() in {other.casefold() for other in taken}:
        suffix = f" ({number})"
        name, number = _words_within(clean, SHEET_NAME_LENGTH - len(suffix)) + suffix, number + 1
    return name


def _words_within(text: str, limit: int) -> str:
    """The whole words of ``text`` that fit in ``limit`` characters (a first word longer than
    that is cut, as nothing else fits)."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;.-–")


def document(*, title: str, facts: Iterable[tuple[str, str]], texts: list[Text]) -> bytes:
    """A Word document: the title, the facts as a two-column table, then each section with
    its text and its tables."""
    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(safe_text(title), level=0)
    facts = list(facts)
    if facts:
        grid = doc.add_table(rows=0, cols=2)
        grid.style = "Table Grid"
        for label, value in facts:
            cells = grid.add_row().cells
            cells[0].text, cells[1].text = safe_text(label), safe_text(value)
    for text in texts:
        doc.add_heading(safe_text(text.title), level=1)
        for paragraph in (text.text or "").split("\n\n"):
            if paragraph.strip():
                doc.add_paragraph(safe_text(paragraph.strip()))
        for table in text.tables:
            _docx_table(doc, table)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_table(doc: Any, table: Table) -> None:
    doc.add_paragraph(safe_text(table.title), style="Caption")
    grid = doc.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    for cell, heading in zip(grid.rows[0].cells, table.headings, strict=True):
        cell.text = safe_text(heading)
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value, kind in zip(cells, row, table.kinds, strict=True):
            cell.text = safe_text(format_value(value, kind))
    if table.note:
        doc.add_paragraph(safe_text(table.note))


def format_value(value: Any, kind: str) -> str:
    """A cell as Danish readers write it: "1.234", "34,5 %", "2,5"; "—" for none."""
    if value is None:
        return "—"
    if isinstance(value, str):  # a word in a column of figures: "not recorded"
        return value
    if kind == COUNT:
        return formats.number_format(value, 0, force_grouping=True)
    if kind == SHARE:
        return f"{formats.number_format(round(value * 100, 1), 1)}\u00a0%"
    if kind == DECIMAL:
        return formats.number_format(round(value, 1), 1, force_grouping=True)
    return str(value)
