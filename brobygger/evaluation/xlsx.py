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
rust_xlsxwriter is both faster and streaming.

How it is used. A sheet is a header, the kind of each column (text, whole number, number or
date) and its rows (``Workbook.sheet``); nothing is written until ``close``, which reads every
sheet's rows in order, once. The rows reach the library as Arrow record batches of ``BATCH``
rows (``_Rows``), cleaned a column at a time; the header and kinds are their schema. The
library reads them one at a time as it writes, so memory stays flat. It once took a dict per
row, and making them was a third of the extract's Python time. Every row is as wide as its
header (the "Om udtrækket" sheet is one column of lines, its title the header). A sheet
without rows still gets its header.

This module keeps the extract's few rules in one place: a cell holds text, a number or a
date (never a time: the extract gives local dates) written as ``yyyy-mm-dd``; a column holds
its kind alone (a stray value fails the workbook, named); a text that a spreadsheet would
take for a formula gets a leading apostrophe (``safe_text``, as in every export) and is
written as text in any case; characters XML cannot hold are dropped; an empty text leaves its
cell empty; sheet titles are those Excel accepts. A failure while the rows are read is raised
as itself, not as the library's account of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import IntEnum
from functools import lru_cache
from itertools import islice
from typing import IO, Any, BinaryIO, cast

import pyarrow as pa
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


def _text(value: str) -> str | None:
    return safe_text(_ILLEGAL.sub("", value)) or None


def _plain(value: object) -> Cell:
    """The value as a cell can hold it (an enum member as its string or number)."""
    kind = type(value)
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


# The rows go to the writer as Arrow record batches, a column of each kind at a time: no
# Python code runs per row (making a record of each row was a third of the extract's time).
BATCH = 4_096
ARROW: dict[type, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    date: pa.date32(),
}
# The cells a column of each kind holds once cleaned (texts are always cleaned).
_HOLDS: dict[type, frozenset[type]] = {
    str: frozenset({str, type(None)}),
    int: frozenset({int, type(None)}),
    float: frozenset({float, int, type(None)}),
    date: frozenset({date, type(None)}),
}

# A cell's value as the workbook holds it, remembered: the same texts (a person's pseudonym on
# each of her rows, the codes on every row) repeat across batches. Bounded, so that memory
# stays flat however many rows there are; ``typed``: True and 1 are different cells.
_cell = lru_cache(maxsize=1 << 17, typed=True)(_plain)


def _column(values: tuple[object, ...], kind: type) -> pa.Array:
    """One column of a batch, cleaned, as an Arrow array of its kind."""
    holds = _HOLDS[kind]
    if kind is str:
        # Each distinct text once: a batch repeats its pseudonyms and codes.
        cleaned_of = {value: _cell(value) for value in set(values)}
        cleaned = list(map(cleaned_of.__getitem__, values))
    elif holds.issuperset(map(type, values)):
        return pa.array(values, type=ARROW[kind])
    else:
        cleaned = list(map(_cell, values))
    strays = set(map(type, cleaned)) - holds
    if strays:
        names = ", ".join(sorted(stray.__name__ for stray in strays))
        raise TypeError(f"A column of {kind.__name__} cannot hold {names}.")
    return pa.array(cleaned, type=ARROW[kind])


class _Rows:
    """A sheet's rows as the writer reads them: Arrow record batches of ``BATCH`` rows, the
    header and kinds as their schema. How many rows there were goes into ``counts[title]``
    and what went wrong into ``failures`` (the writer reports it as a RuntimeError)."""

    def __init__(
        self,
        header: Sequence[str],
        kinds: Sequence[type],
        rows: Iterable[Sequence[object]],
        *,
        title: str,
        counts: dict[str, int],
        failures: list[Exception],
    ) -> None:
        self.schema = pa.schema(
            [(name, ARROW[kind]) for name, kind in zip(header, kinds, strict=True)]
        )
        self.kinds = kinds
        self.rows = iter(rows)
        self.title, self.counts, self.failures = title, counts, failures

    def reader(self) -> pa.RecordBatchReader:
        return pa.RecordBatchReader.from_batches(self.schema, self._batches())

    def _batches(self) -> Iterator[pa.RecordBatch]:
        width = len(self.kinds)
        written = 0
        try:
            while batch := list(islice(self.rows, BATCH)):
                if set(map(len, batch)) != {width}:
                    raise ValueError(f"A row of {self.title!r} is not as wide as its header.")
                written += len(batch)
                columns = zip(*batch, strict=True)
                yield pa.record_batch(
                    [
                        _column(values, kind)
                        for values, kind in zip(columns, self.kinds, strict=True)
                    ],
                    schema=self.schema,
                )
        except Exception as error:
            self.failures.append(error)
            raise
        self.counts[self.title] = written


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
        self._failures: list[Exception] = []

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
        kinds: Sequence[type] = (),
    ) -> None:
        """Add a sheet: ``header`` (distinct texts) in its first row, then ``rows``, which are
        read when the workbook is closed. ``kinds``: what each column holds (``str``, ``int``,
        ``float`` or ``date``); text when not given."""
        if not title or len(title) > MAX_SHEET_TITLE or set(title) & set("[]:*?/\\"):
            raise ValueError(f"Not a sheet title Excel accepts: {title!r}")
        if title.casefold() in self._titles:
            raise ValueError(f"Two sheets titled {title!r}")
        sizes = [float(width) for width in widths]
        names = [_plain(name) for name in header]
        texts = [name for name in names if isinstance(name, str)]
        if not texts or len(texts) != len(names) or len(set(texts)) != len(texts):
            raise ValueError(f"A header of distinct texts, one at least: {header!r}")
        kinds = list(kinds) or [str] * len(texts)
        if len(kinds) != len(texts) or not set(kinds) <= ARROW.keys():
            kinds_known = ", ".join(kind.__name__ for kind in ARROW)
            raise ValueError(f"A kind of column ({kinds_known}) for each of {texts!r}")
        self._titles.add(title.casefold())
        read = _Rows(
            texts, kinds, rows, title=title, counts=self.counts, failures=self._failures
        ).reader()
        self._sheets.append((title, read))
        self._headers[title] = _format(header_style)
        if style != Style.PLAIN:
            # A style is a format of the columns: those of the header and those given a width.
            self._columns[title] = [_format(style)] * max(len(texts), len(sizes))
        if sizes:
            self._widths[title] = sizes
        if freeze_header:
            self._frozen[title] = {"row": 1, "col": 0}

    def close(self) -> None:
        try:
            rustpy_xlsxwriter.write_worksheets(
                self._sheets,
                cast(BinaryIO, self._out),
                freeze_panes=self._frozen,
                datetime_format=DATE_FORMAT,
                header_format=self._headers,
                column_formats=self._columns,  # type: ignore[arg-type]
                column_widths=self._widths,  # type: ignore[arg-type]
            )
        except RuntimeError:
            if self._failures:  # a sheet's rows failed: that, not the writer's account of it
                raise self._failures[0] from None
            raise


def _format(style: Style) -> rustpy_xlsxwriter.Format:
    cell_format = rustpy_xlsxwriter.Format()
    if style == Style.BOLD:
        cell_format.set_bold()
    elif style == Style.WRAP:
        cell_format.set_text_wrap().set_align("top")
    return cell_format
