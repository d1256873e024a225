"""The workbook's writer process: rust_xlsxwriter in a process of its own, fed Arrow record
batches through a pipe, so that the extract's rows are read while the workbook is written.

Why a process. rust_xlsxwriter keeps Python's lock (the GIL) while it writes, up to its
final compression, so a thread could not read the next rows meanwhile: the national extract
(1.55 million rows) spent about 7 s reading and cleaning its rows and 5 s writing them, one
after the other. In a process of its own the writer uses the machine's second core while the
database is read in the first, and the extract takes about as long as the longer of the two.

The process also cleans the columns of text (``cleaned``): done here, a column at a time,
it costs the process that reads the rows nothing.

What goes through the pipe, on the process's standard input: one line of JSON, the plan (a
sheet each: its title, its columns and their kinds, its styles, widths and whether its header
is frozen), then for each sheet in the plan's order an Arrow IPC stream of its record
batches, ended as a stream ends. The workbook is written to the file named by the one
argument. The process exits 0 once the file is whole; otherwise 1, with what went wrong on
standard error.

Nothing here imports Django or the rest of Brobygger: the process starts in a fraction of a
second, and all it can do is write what it is given.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from enum import IntEnum
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import rustpy_xlsxwriter

from brobygger.core.exports import FORMULA_PREFIXES

DATE_FORMAT = "yyyy-mm-dd"

# A column's kind, by name in the plan, and its type in the Arrow batches.
KINDS: dict[str, pa.DataType] = {
    "str": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "date": pa.date32(),
}


class Style(IntEnum):
    """How a sheet's cells look."""

    PLAIN = 0
    BOLD = 1  # a header row
    WRAP = 2  # long text, wrapped and at the top of its cell


def _format(style: Style) -> rustpy_xlsxwriter.Format:
    cell_format = rustpy_xlsxwriter.Format()
    if style == Style.BOLD:
        cell_format.set_bold()
    elif style == Style.WRAP:
        cell_format.set_text_wrap().set_align("top")
    return cell_format


# A column of text is cleaned here, a batch at a time, as ``xlsx._text`` cleans one text:
# characters XML cannot hold dropped (the same characters as ``xlsx._ILLEGAL``, in RE2's
# syntax), a text a spreadsheet would take for a formula given a leading apostrophe
# (``safe_text``), an empty text an empty cell.
ILLEGAL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{fffe}\x{ffff}]"
FORMULA = "^[" + "".join(f"\\x{{{ord(prefix):x}}}" for prefix in FORMULA_PREFIXES) + "]"


def cleaned(texts: pa.Array) -> pa.Array:
    """A column of text as the workbook holds it (the rules above)."""
    texts = pc.replace_substring_regex(texts, pattern=ILLEGAL, replacement="")
    formula = pc.match_substring_regex(texts, pattern=FORMULA)
    texts = pc.if_else(formula, pc.binary_join_element_wise("'", texts, ""), texts)
    return pc.if_else(pc.equal(texts, ""), pa.scalar(None, pa.string()), texts)


def schema_of(columns: Sequence[Sequence[str]]) -> pa.Schema:
    """The Arrow schema of a sheet's columns, each a name and the name of its kind."""
    return pa.schema([(name, KINDS[kind]) for name, kind in columns])


def _batches(source: BinaryIO, title: str, schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    """A sheet's batches, read from its stream when the writer comes to the sheet."""
    with pa.ipc.open_stream(source) as stream:
        if stream.schema != schema:
            raise ValueError(f"The rows of {title!r} do not have the columns of its plan.")
        for batch in stream:
            yield pa.record_batch(
                [
                    cleaned(column) if column.type == pa.string() else column
                    for column in batch.columns
                ],
                schema=schema,
            )


def write(source: BinaryIO, path: str) -> None:
    """Read the plan and the sheets' streams from ``source``; write the workbook to ``path``."""
    plan: list[dict[str, Any]] = json.loads(source.readline())
    sheets = []
    headers: dict[str, rustpy_xlsxwriter.Format] = {}
    columns: dict[str, list[rustpy_xlsxwriter.Format]] = {}
    widths: dict[str, list[float]] = {}
    frozen: dict[str, dict[str, int]] = {}
    for sheet in plan:
        title = sheet["title"]
        schema = schema_of(sheet["columns"])
        sheets.append(
            (title, pa.RecordBatchReader.from_batches(schema, _batches(source, title, schema)))
        )
        headers[title] = _format(Style(sheet["header_style"]))
        style = Style(sheet["style"])
        if style != Style.PLAIN:
            # A style is a format of the columns: those of the header and those given a width.
            columns[title] = [_format(style)] * max(len(schema), len(sheet["widths"]))
        if sheet["widths"]:
            widths[title] = [float(width) for width in sheet["widths"]]
        if sheet["freeze_header"]:
            frozen[title] = {"row": 1, "col": 0}
    rustpy_xlsxwriter.write_worksheets(
        sheets,
        path,
        freeze_panes=frozen,
        datetime_format=DATE_FORMAT,
        header_format=headers,
        column_formats=columns,  # type: ignore[arg-type]
        column_widths=widths,  # type: ignore[arg-type]
    )


def main(argv: Sequence[str] | None = None, source: BinaryIO | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    if len(arguments) != 1:
        print("usage: python -m brobygger.evaluation.xlsx_process WORKBOOK", file=sys.stderr)
        return 2
    try:
        write(sys.stdin.buffer if source is None else source, arguments[0])
    except Exception as error:
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
