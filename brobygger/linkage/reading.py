"""Reading the lists people export from Excel: CSV (UTF-8 or Windows-1252, comma or
semicolon) and XLSX, as a stream of rows.

``open_list`` looks at the file once and refuses what cannot be read, with a message a
caseworker can act on (an old .xls, UTF-16, a binary file, an empty file, a header with no
rows, a workbook that unpacks to gigabytes). ``ListFile.rows`` then yields one row at a time
with its spreadsheet row number, so the header is row 1 and messages match what the user
sees in Excel.
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

ENCODINGS = ("utf-8", "cp1252")
# More columns than any list has; each one is a choice on the mapping page.
MAX_COLUMNS = 300
DELIMITERS = ",;\t"
_SAMPLE = 64 * 1024
# A workbook may unpack to this many times the size limit before it counts as a zip bomb,
# and to this many times its own size (once it unpacks to more than _UNPACK_FLOOR): the XML of
# a real list compresses 5 to 20 times, and Apache POI refuses more than 100 times by default.
# Without the second rule a 250 kB upload could unpack to a gigabyte of shared strings, which
# openpyxl reads into memory whole, even in read-only mode (minutes of CPU, gigabytes of RAM).
_UNPACK_FACTOR = 20
_UNPACK_RATIO = 100
_UNPACK_FLOOR = 1_000_000
# A cell of a CSV file may hold line breaks (Alt+Enter in Excel), so one row may span several
# lines of the file; a row spanning more has a quotation mark that is never closed. The limit
# also bounds the work of reading the lines after such a row again: at most this many times
# the file.
_MAX_LINES_PER_ROW = 100


class ListFileError(Exception):
    """The file (or a row or cell of it) cannot be used; the message says where and why."""

    def __init__(self, message: str, *, row: int | None = None, column: str = "") -> None:
        self.row = row
        self.column = column
        self.bare_message = message
        super().__init__(located(message, row=row, column=column))


def located(message: str, *, row: int | None, column: str) -> str:
    if row and column:
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": row,
            "column": column,
            "message": message,
        }
    if row:
        return _("Row %(row)s: %(message)s") % {"row": row, "message": message}
    return message


@dataclass(frozen=True)
class MalformedRow:
    """A row that cannot be split into the header's columns: a cell with a delimiter outside
    quotation marks, or a quotation mark that is never closed. The import reports it by its
    number and goes on with the next row; one bad row must not block the whole list."""

    message: str


@dataclass
class ListFile:
    path: Path
    kind: str  # "csv" or "xlsx"
    headers: list[str]
    encoding: str = ""
    delimiter: str = ""
    size: int = 0

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """``(row number, {header: cell text})`` for every non-empty data row. A malformed
        row stops the reading with a ``ListFileError`` naming it (the ``link`` command's rule:
        it stops unusable input)."""
        for number, row in self.rows_and_malformed():
            if isinstance(row, MalformedRow):
                raise ListFileError(row.message, row=number)
            yield number, row

    def rows_and_malformed(self) -> Iterator[tuple[int, dict[str, str] | MalformedRow]]:
        """Like ``rows``, but a malformed row is yielded as a ``MalformedRow`` and the
        reading goes on with the next row (the import rejects it and says why)."""
        records = self._xlsx_rows() if self.kind == "xlsx" else self._csv_records()
        next(records, None)  # the header
        width = len(self.headers)
        # A CSV cell is text already; a workbook's may be a number or a date.
        text: Callable[[Any], str] = str.strip if self.kind == "csv" else _cell_text
        for number, cells in enumerate(records, start=2):
            if isinstance(cells, MalformedRow):
                yield number, cells
                continue
            texts = [text(cell) for cell in cells]
            if not any(texts):
                continue
            if len(texts) > width and any(texts[width:]):
                yield number, MalformedRow(self._too_wide(len(texts)))
                continue
            texts += [""] * (width - len(texts))
            yield number, dict(zip(self.headers, texts[:width], strict=True))

    def _too_wide(self, cells: int) -> str:
        message = _("the row has %(cells)s cells but the header has %(width)s.") % {
            "cells": cells,
            "width": len(self.headers),
        }
        if self.kind != "csv":
            return message
        hint = _("Perhaps a cell holds a “%(delimiter)s” outside quotation marks.") % {
            "delimiter": _delimiter_label(self.delimiter)
        }
        return f"{message} {hint}"

    def _csv_records(self) -> Iterator[list[str] | MalformedRow]:
        """The records of the file. A record whose quotation mark is never closed would
        swallow the rows after it: it is yielded as a ``MalformedRow`` and the reading starts
        again at its second line."""
        try:
            with self.path.open(encoding=self.encoding, newline="") as handle:
                lines = _Lines(handle)
                reader = self._csv_reader(lines)
                while True:
                    lines.start_record()
                    try:
                        cells: list[str] | None = next(reader)
                    except StopIteration:
                        return
                    except (csv.Error, _RowTooLong):
                        cells = None
                    one_line = len(lines.record) == 1 and not lines.ran_out
                    if cells is None and one_line:
                        # A stray quotation mark inside one line (Al"Hassan, "Al"Hassan):
                        # read it leniently, as Excel does.
                        cells = self._lenient(lines.record[0])
                        if cells is None:
                            yield MalformedRow(_("the row cannot be read: a cell is too long."))
                            continue
                    if cells is not None and (one_line or self._fits(cells)):
                        yield cells
                        continue
                    yield MalformedRow(
                        _(
                            'a quotation mark (") in the row is never closed, so the row runs '
                            "into the rows after it."
                        )
                    )
                    lines.read_again(lines.record[1:])
                    reader = self._csv_reader(lines)
        except UnicodeDecodeError as error:
            raise ListFileError(
                _("The file is not %(encoding)s text (byte %(position)s).")
                % {"encoding": _encoding_label(self.encoding), "position": error.start}
            ) from None

    def _csv_reader(self, lines: _Lines) -> Iterator[list[str]]:
        return csv.reader(lines, delimiter=self.delimiter, strict=True)

    def _lenient(self, line: str) -> list[str] | None:
        try:
            return next(csv.reader([line], delimiter=self.delimiter, strict=False), [])
        except csv.Error:  # a cell over csv's field size limit
            return None

    def _fits(self, cells: list[str]) -> bool:
        """Whether a record spanning several lines has the header's cells: a quoted cell
        with line breaks does; a quotation mark closed rows later leaves too few or too
        many."""
        width = len(self.headers)
        return len(cells) >= width and not any(cell.strip() for cell in cells[width:])

    def _xlsx_rows(self) -> Iterator[tuple[object, ...]]:
        """The first sheet's rows. A workbook damaged further in (a checksum that fails, XML
        cut off) is refused when the reading gets there, like one damaged at the start."""
        from openpyxl import load_workbook

        workbook = load_workbook(self.path, read_only=True, data_only=True)
        try:
            rows = workbook.worksheets[0].iter_rows(values_only=True)
            while True:
                try:
                    row = next(rows)
                except StopIteration:
                    return
                except Exception:  # noqa: BLE001 - zipfile, XML and openpyxl errors alike
                    raise ListFileError(
                        _("The file is not a valid Excel workbook (.xlsx).")
                    ) from None
                yield row
        finally:
            workbook.close()


class _RowTooLong(Exception):
    pass


class _Lines:
    """The lines of a CSV file as ``csv.reader`` reads them, keeping the lines of the record
    being read, so that a record with a broken quotation mark can be read again from its
    second line."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle
        self._again: deque[str] = deque()
        self.record: list[str] = []
        self.ran_out = False  # the record reached the end of the file

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if len(self.record) >= _MAX_LINES_PER_ROW:
            raise _RowTooLong
        if self._again:
            line = self._again.popleft()
        else:
            read = self._handle.readline()
            if not read:
                self.ran_out = True
                raise StopIteration
            line = read
        self.record.append(line)
        return line

    def start_record(self) -> None:
        self.record = []
        self.ran_out = False

    def read_again(self, lines: list[str]) -> None:
        self._again.extendleft(reversed(lines))


def _delimiter_label(delimiter: str) -> str:
    return _("tab") if delimiter == "\t" else delimiter


def _encoding_label(encoding: str) -> str:
    return {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp1252": "Windows-1252"}.get(
        encoding, encoding
    )


def _cell_text(value: object) -> str:
    """Cells as text: Excel dates as ISO dates, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        midnight = value.time() == time(0, 0)
        return value.date().isoformat() if midnight else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def open_list(path: Path, *, max_bytes: int, encoding: str = "") -> ListFile:
    """Inspect the file and return a reader for it, or raise ``ListFileError``."""
    size = path.stat().st_size
    if size == 0:
        raise ListFileError(_("The file is empty."))
    if size > max_bytes:
        raise ListFileError(
            _("The file is %(size)s MB; the limit is %(limit)s MB. Split the list into parts.")
            % {"size": _megabytes(size), "limit": _megabytes(max_bytes)}
        )
    with path.open("rb") as handle:
        head = handle.read(_SAMPLE)
    if head.startswith(b"PK\x03\x04"):
        list_file = _open_xlsx(path, max_bytes=max_bytes)
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ListFileError(
            _("This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) or CSV.")
        )
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ListFileError(
            _("The file is saved as UTF-16 text. In Excel, save it as “CSV UTF-8”.")
        )
    elif b"\x00" in head:
        raise ListFileError(_("The file is not a CSV or XLSX file: it contains binary data."))
    else:
        list_file = _open_csv(path, head, encoding=encoding)
    list_file.size = size
    if next(list_file.rows_and_malformed(), None) is None:
        raise ListFileError(_("The file has a header row but no data rows."))
    return list_file


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",")


def _open_csv(path: Path, head: bytes, *, encoding: str) -> ListFile:
    encoding = encoding or _detect_encoding(path)
    if encoding == "utf-8" and head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    try:
        sample = head.decode(encoding if encoding != "utf-8-sig" else "utf-8-sig", "ignore")
    except LookupError:
        raise ListFileError(
            _("Unknown encoding “%(encoding)s”.") % {"encoding": encoding}
        ) from None
    first_line = sample.splitlines()[0] if sample.strip() else ""
    if not first_line.strip():
        raise ListFileError(_("The first row of the file is empty; it must hold column names."))
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=DELIMITERS).delimiter
    except csv.Error:
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    list_file = ListFile(path=path, kind="csv", headers=[], encoding=encoding, delimiter=delimiter)
    header = next(list_file._csv_records(), [])
    if isinstance(header, MalformedRow):
        raise ListFileError(
            _("The file is not valid CSV: %(error)s") % {"error": header.message}
        ) from None
    list_file.headers = _headers([_cell_text(cell) for cell in header])
    return list_file


def _detect_encoding(path: Path) -> str:
    """UTF-8 if every byte decodes as UTF-8, else Windows-1252 if that decodes, else refuse."""
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ListFileError(
        _("The file is neither UTF-8 nor Windows-1252 text. In Excel, save it as “CSV UTF-8”.")
    )


def _open_xlsx(path: Path, *, max_bytes: int) -> ListFile:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ListFileError(_("The file is not a valid Excel workbook (.xlsx).")) from None
    packed = path.stat().st_size
    too_large = unpacked > max_bytes * _UNPACK_FACTOR
    if too_large or unpacked > max(packed * _UNPACK_RATIO, _UNPACK_FLOOR):
        # The sizes are those the archive declares; reading never unpacks more than declared
        # (zipfile stops there and fails the checksum), so the check holds for a lying archive.
        raise ListFileError(
            _("The workbook unpacks to %(size)s MB, far more than a list holds; it is refused.")
            % {"size": _megabytes(unpacked)}
        )
    list_file = ListFile(path=path, kind="xlsx", headers=[])
    try:
        header = next(list_file._xlsx_rows(), ())
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged workbook
        raise ListFileError(_("The file is not a valid Excel workbook (.xlsx).")) from None
    list_file.headers = _headers([_cell_text(cell) for cell in header])
    return list_file


def _headers(cells: list[str]) -> list[str]:
    while cells and not cells[-1]:
        cells.pop()
    if not cells:
        raise ListFileError(_("The first row of the file is empty; it must hold column names."))
    if len(cells) > MAX_COLUMNS:
        # Every column becomes a choice on the mapping page: thousands would stall it.
        raise ListFileError(
            _(
                "The file has %(count)s columns; a list can have at most %(limit)s. Delete the "
                "columns that are not needed and save the file again."
            )
            % {"count": len(cells), "limit": MAX_COLUMNS}
        )
    headers = [
        cell or _("Column %(letter)s") % {"letter": get_column_letter(i)}
        for i, cell in enumerate(cells, 1)
    ]
    seen: dict[str, int] = {}
    for index, header in enumerate(headers, 1):
        key = header.casefold()
        if key in seen:
            raise ListFileError(
                _("Column names must be unique: “%(name)s” is column %(first)s and %(second)s.")
                % {
                    "name": header,
                    "first": get_column_letter(seen[key]),
                    "second": get_column_letter(index),
                }
            )
        seen[key] = index
    return headers
