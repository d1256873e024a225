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
sheet's rows in order, once. The rows become Arrow record batches of ``BATCH`` rows
(``_Rows``), cleaned a column at a time; the header and kinds are their schema. They go
through a pipe to a process of their own that runs the library (``xlsx_process``: the library
keeps Python's lock while it writes, so in this process no row could be read meanwhile); the
rows are read here while the batches before them are written there. The library reads the
batches one at a time, so memory stays flat. It once took a dict per row, and making them was
a third of the extract's Python time. Every row is as wide as its header (the "Om udtrækket"
sheet is one column of lines, its title the header). A sheet without rows still gets its
header.

This module keeps the extract's few rules in one place: a cell holds text, a number or a
date (never a time: the extract gives local dates) written as ``yyyy-mm-dd``; a column holds
its kind alone (a stray value fails the workbook, named), except that a column of dates may
hold them as their ISO text, as SQLite gives them (``extract._AsText``); a text that a
spreadsheet would take for a formula gets a leading apostrophe (``safe_text``, as in every
export) and is written as text in any case; characters XML cannot hold are dropped; an empty
text leaves its cell empty; sheet titles are those Excel accepts. A failure while the rows are
read is raised as itself, and a failure of the writer process with its account.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import re
import shutil
import subprocess  # nosec B404  # the workbook's writer process, ``xlsx_process``
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from brobygger.core.exports import safe_text

from . import xlsx_process
from .xlsx_process import DATE_FORMAT, Style

__all__ = ["BATCH", "DATE_FORMAT", "Style", "Workbook"]

MAX_SHEET_TITLE = 31

# Characters XML 1.0 cannot hold at all; they are dropped (also by ``xlsx_process.ILLEGAL``).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

Cell = str | int | float | bool | date | None


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
    kind: xlsx_process.KINDS[kind.__name__] for kind in (str, int, float, date)
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
    if kind is date and str in set(map(type, values)):
        return _dates_of_text(values)
    if kind is str and holds.issuperset(map(type, values)):
        # Plain texts: cleaned by the writer process (``xlsx_process.cleaned``).
        return pa.array(values, type=ARROW[str])
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


def _dates_of_text(values: tuple[object, ...]) -> pa.Array:
    """A column of dates given as their ISO text (as SQLite gives them), converted at once."""
    try:
        return pa.array(values, type=pa.string()).cast(ARROW[date])
    except (pa.ArrowInvalid, pa.ArrowTypeError) as error:  # not a date, not a text
        raise TypeError(f"A column of date cannot hold this: {error}") from None


class _Rows:
    """A sheet's rows as Arrow record batches of ``BATCH`` rows, the header and kinds as
    their schema. How many rows there were goes into ``counts[title]``."""

    def __init__(
        self,
        header: Sequence[str],
        kinds: Sequence[type],
        rows: Iterable[Sequence[object]],
        *,
        title: str,
        counts: dict[str, int],
    ) -> None:
        self.columns = [[name, kind.__name__] for name, kind in zip(header, kinds, strict=True)]
        self.schema = xlsx_process.schema_of(self.columns)
        self.kinds = kinds
        self.rows = iter(rows)
        self.title, self.counts = title, counts

    def batches(self) -> Iterator[pa.RecordBatch]:
        width = len(self.kinds)
        written = 0
        while batch := list(islice(self.rows, BATCH)):
            if set(map(len, batch)) != {width}:
                raise ValueError(f"A row of {self.title!r} is not as wide as its header.")
            written += len(batch)
            columns = zip(*batch, strict=True)
            yield pa.record_batch(
                [_column(values, kind) for values, kind in zip(columns, self.kinds, strict=True)],
                schema=self.schema,
            )
        self.counts[self.title] = written


# The writer process (``xlsx_process``) and how much the pipe to it may hold: a few batches,
# so that neither side waits for the other at each one.
WRITER = "brobygger.evaluation.xlsx_process"
PIPE_BYTES = 1 << 20


class Workbook:
    """An XLSX file written into ``out`` by ``close``, the sheets in the order they were
    added."""

    def __init__(self, out: IO[bytes]) -> None:
        self._out = out
        self.counts: dict[str, int] = {}  # rows written below each sheet's header, once closed
        self._sheets: list[tuple[dict[str, Any], _Rows]] = []
        self._titles: set[str] = set()

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
        names = [_plain(name) for name in header]
        texts = [name for name in names if isinstance(name, str)]
        if not texts or len(texts) != len(names) or len(set(texts)) != len(texts):
            raise ValueError(f"A header of distinct texts, one at least: {header!r}")
        kinds = list(kinds) or [str] * len(texts)
        if len(kinds) != len(texts) or not set(kinds) <= ARROW.keys():
            kinds_known = ", ".join(kind.__name__ for kind in ARROW)
            raise ValueError(f"A kind of column ({kinds_known}) for each of {texts!r}")
        self._titles.add(title.casefold())
        rows_of = _Rows(texts, kinds, rows, title=title, counts=self.counts)
        plan = {
            "title": title,
            "columns": rows_of.columns,
            "header_style": int(header_style),
            "style": int(style),
            "widths": [float(width) for width in widths],
            "freeze_header": freeze_header,
        }
        self._sheets.append((plan, rows_of))

    def close(self) -> None:
        """Write the workbook: the rows are read here while the writer process writes those
        it has been given (``xlsx_process``). A failure while the rows are read is raised as
        itself, and the writer is stopped; a failure of the writer as a RuntimeError with
        its account."""
        with tempfile.TemporaryDirectory(prefix="brobygger-xlsx-") as folder:
            path = Path(folder) / "workbook.xlsx"
            with (Path(folder) / "errors.txt").open("w+b") as errors:
                writer = subprocess.Popen(  # noqa: S603  # nosec B603  # this Python, our module
                    [sys.executable, "-m", WRITER, str(path)],
                    stdin=subprocess.PIPE,
                    stderr=errors,
                )
                pipe = writer.stdin
                if pipe is None:  # pragma: no cover (asked for above)
                    raise RuntimeError("The workbook's writer has no input.")
                _widen(pipe)
                try:
                    self._send(pipe)
                except BaseException:
                    if writer.poll() is None:  # the rows failed: stop the writer
                        writer.kill()
                        writer.wait()
                        raise
                    # Otherwise the writer had stopped first: its account below says why.
                finally:
                    with contextlib.suppress(BrokenPipeError):
                        pipe.close()
                if writer.wait() != 0:
                    errors.seek(0)
                    account = errors.read().decode(errors="replace").strip()
                    raise RuntimeError(f"The workbook's writer failed: {account}")
            with path.open("rb") as written:
                shutil.copyfileobj(written, self._out, PIPE_BYTES)

    def _send(self, pipe: IO[bytes]) -> None:
        pipe.write(json.dumps([plan for plan, _rows in self._sheets]).encode() + b"\n")
        for _plan, rows in self._sheets:
            with pa.ipc.new_stream(pipe, rows.schema) as stream:
                for batch in rows.batches():
                    stream.write_batch(batch)


def _widen(pipe: IO[bytes]) -> None:
    """Let the pipe hold ``PIPE_BYTES`` (Linux; elsewhere, or above the system's limit, it
    keeps its size)."""
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if set_size is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(pipe.fileno(), set_size, PIPE_BYTES)
