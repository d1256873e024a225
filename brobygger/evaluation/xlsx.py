"""The evaluator's workbook, written by rust_xlsxwriter (through ``rustpy-xlsxwriter``) in
constant-memory mode.

Why this writer. The national extract (98 municipalities, 100,000 people, 1.55 million rows,
about 7 million cells) took 68 s as XLSX, of which about 53 s were XlsxWriter's cell writer
(pure Python, a few method calls and an XML escape per cell). Writing 1,000,000 rows of four
cells like the contact attempts (a pseudonym, a date, two codes), on this project's 2-core
machine while it was shared (load average 2.5 to 5), gave:

    ========================================  ========  ========  ==============
    writer                                    CPU       wall      peak memory
    ========================================  ========  ========  ==============
    XlsxWriter 3.3.1, a call per cell         26.4 s    59.7 s    29 MB
    XlsxWriter 3.3.1, ``write_row``           27.1 s    81.6 s    29 MB
    PyExcelerate 0.13.0 (whole sheet in RAM)  23.3 s    51.7 s    257 MB
    rustpy-xlsxwriter 0.8.0                    2.9 s     4.3 s    28 MB
    ========================================  ========  ========  ==============

PyExcelerate keeps every row in memory before it writes (no constant-memory mode), so only
rust_xlsxwriter is both faster and streaming. It takes each sheet's rows as an iterable that
it reads when the workbook is saved, one row at a time, XML and compression in Rust.

How it is used. A sheet is a header and its rows (``Workbook.sheet``); nothing is written
until ``close``, which reads every sheet's rows in order, once. The library takes a row as a
dict keyed by the header, and writes the first one's keys as the header row (``_records``);
it sizes and formats only the header's columns, so every row is as wide as its header (the
"Om udtrækket" sheet is one column of lines, its title the header). A sheet without rows
still gets its header.

This module keeps the extract's few rules in one place: a cell holds text, a number, a truth
value or a date (never a time: the extract gives local dates) written as ``yyyy-mm-dd``; a
text that a spreadsheet would take for a formula gets a leading apostrophe (``safe_text``, as
in every export) and is written as text in any case; characters XML cannot hold are dropped;
an empty text leaves its cell empty; sheet titles are those Excel accepts. A column holds
one type (each of the extract's is one field): the library gives a column in which a date
appears the date format as its column format, so a number there would show as a date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import IntEnum
from functools import lru_cache
from typing import IO, Any, BinaryIO, cast

import rustpy_xlsxwriter

from brobygger.core.exports import safe_text

MAX_SHEET_TITLE = 31
DATE_FORMAT = "yyyy-mm-dd"

# Characters XML 1.0 cannot hold at all; they are dropped.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

Cell = str | int | float | bool | date | None


class Style(IntEnum):
    """How a sheet's cells look."""

    PLAIN = 0
    BOLD = 1  # a header row
    WRAP = 2  # long text, wrapped and at the top of its cell


# Texts repeat (a person's pseudonym on each of her rows, the codes on every row): each is
# cleaned once. Bounded, so that memory stays flat however many rows there are.
@lru_cache(maxsize=1 << 17)
def _text(value: str) -> str | None:
    return safe_text(_ILLEGAL.sub("", value)) or None


def _plain(value: object) -> Cell:
    """The value as a cell can hold it (an enum member as its string or number)."""
    kind = type(value)
    if kind is str:
        return _text(value)
    if value is None or kind is int or kind is float or kind is bool or kind is date:
        return value  # type: ignore[return-value]
    if isinstance(value, datetime):
        raise TypeError("The extract gives dates, never times: convert to the local date.")
    if isinstance(value, str):
        return _text(str.__str__(value))
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float | Decimal):
        return float(value)
    if isinstance(value, date):
        return date(value.year, value.month, value.day)
    raise TypeError(f"An XLSX cell cannot hold {type(value).__name__}.")


def _records(
    header: Sequence[str], rows: Iterable[Sequence[object]], counts: dict[str, int], title: str
) -> Iterator[dict[str, Cell]]:
    """The rows as the library takes them, keyed by the header (the first one's keys are
    the header row: a sheet without rows gets one of empty cells, which is not written).
    How many there were goes into ``counts[title]``."""
    text, plain = _text, _plain
    written = 0
    for row in rows:
        written += 1
        # The common cells without a call (a third of the writer's Python time): numbers,
        # dates and nothing as they are, texts through the cache.
        cells: list[Any] = [
            value
            if (kind := type(value)) is int or value is None or kind is date
            else text(value)
            if kind is str
            else plain(value)
            for value in row
        ]
        yield dict(zip(header, cells, strict=True))
    counts[title] = written
    if not written:
        yield dict.fromkeys(header)


class Workbook:
    """An XLSX file written into ``out`` by ``close``, the sheets in the order they were
    added."""

    def __init__(self, out: IO[bytes]) -> None:
        self._out = out
        self.counts: dict[str, int] = {}  # rows written below each sheet's header, once closed
        self._sheets: list[tuple[str, Any]] = []
        self._titles: set[str] = set()
        self._headers: dict[str, rustpy_xlsxwriter.Format] = {}
        self._columns: dict[str, list[rustpy_xlsxwriter.Format]] = {}
        self._widths: dict[str, list[float]] = {}
        self._frozen: dict[str, dict[str, int]] = {}

    def sheet(
        self,
        title: str,
        header: Sequence[object],
        rows: Iterable[Sequence[object]],
        *,
        header_style: Style = Style.BOLD,
        style: Style = Style.PLAIN,
        widths: Sequence[float] = (),
        freeze_header: bool = False,
    ) -> None:
        """Add a sheet: ``header`` (distinct texts) in its first row, then ``rows``, which are
        read when the workbook is closed."""
        if not title or len(title) > MAX_SHEET_TITLE or set(title) & set("[]:*?/\\"):
            raise ValueError(f"Not a sheet title Excel accepts: {title!r}")
        if title.casefold() in self._titles:
            raise ValueError(f"Two sheets titled {title!r}")
        sizes = [float(width) for width in widths]
        names = [_plain(name) for name in header]
        texts = [name for name in names if isinstance(name, str)]
        if not texts or len(texts) != len(names) or len(set(texts)) != len(texts):
            raise ValueError(f"A header of distinct texts, one at least: {header!r}")
        self._titles.add(title.casefold())
        self._sheets.append((title, _records(texts, rows, self.counts, title)))
        self._headers[title] = _format(header_style)
        if style != Style.PLAIN:
            # A style is a format of the columns: those of the header and those given a width.
            self._columns[title] = [_format(style)] * max(len(texts), len(sizes))
        if sizes:
            self._widths[title] = sizes
        if freeze_header:
            self._frozen[title] = {"row": 1, "col": 0}

    def close(self) -> None:
        rustpy_xlsxwriter.write_worksheets(
            self._sheets,
            cast(BinaryIO, self._out),
            freeze_panes=self._frozen,
            datetime_format=DATE_FORMAT,
            header_format=self._headers,
            column_formats=self._columns,  # type: ignore[arg-type]
            column_widths=self._widths,  # type: ignore[arg-type]
        )


def _format(style: Style) -> rustpy_xlsxwriter.Format:
    cell_format = rustpy_xlsxwriter.Format()
    if style == Style.BOLD:
        cell_format.set_bold()
    elif style == Style.WRAP:
        cell_format.set_text_wrap().set_align("top")
    return cell_format
