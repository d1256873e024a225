"""The extract's workbook writer (rust_xlsxwriter underneath), read back with openpyxl."""

from __future__ import annotations

import io
import json
import subprocess
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from openpyxl import load_workbook

from brobygger.evaluation import xlsx, xlsx_process
from brobygger.people.models import ContactChannel


def _written(rows: list[list[object]], **options: object) -> bytes:
    out = io.BytesIO()
    workbook = xlsx.Workbook(out)
    workbook.sheet(
        "Første",
        ["name", "value", "day"],
        rows,
        widths=(20, 10),
        kinds=(str, float, date),
        **options,  # type: ignore[arg-type]
    )
    workbook.sheet("Anden & <sidste>", ["x"], [])
    workbook.close()
    return out.getvalue()


def test_values_come_back_as_they_went_in() -> None:
    # A column holds one kind, as the extract's do: one of dates is formatted as dates
    # throughout (rust_xlsxwriter's column format); whole numbers may stand in a column of
    # numbers.
    content = _written(
        [
            ["a & b <c>", 3, None],
            ["  spaced  ", 2.5, None],
            ["bell\x07 stripped", Decimal("12.50"), None],
            [ContactChannel.PHONE, 1, None],
            [None, None, date(2026, 3, 1)],
            ["", 0, None],
            ["æøå ❤", -7, None],
            ["=HYPERLINK(1)", None, None],
        ],
        freeze_header=True,
    )
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Første", "Anden & <sidste>"]
    sheet = workbook["Første"]
    assert list(sheet.iter_rows(values_only=True)) == [
        ("name", "value", "day"),
        ("a & b <c>", 3, None),
        ("  spaced  ", 2.5, None),
        ("bell stripped", 12.5, None),
        ("phone", 1, None),
        (None, None, datetime.fromisoformat("2026-03-01T00:00")),  # openpyxl reads a date so
        (None, 0, None),
        ("æøå ❤", -7, None),
        ("'=HYPERLINK(1)", None, None),
    ]
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert sheet["C6"].number_format == "yyyy-mm-dd"
    assert sheet["B2"].number_format == sheet["B7"].number_format == "General"
    assert sheet.freeze_panes == "A2"
    # 20 characters; Excel (and rust_xlsxwriter) store the width with the cell's padding.
    assert 20 <= sheet.column_dimensions["A"].width < 21
    assert workbook["Anden & <sidste>"].freeze_panes is None


@pytest.mark.parametrize("enum_too", [False, True])
def test_texts_are_cleaned_alike_by_either_process(enum_too: bool) -> None:
    # Plain texts are cleaned by the writer process, a column at a time; a column that also
    # holds an enum's member by this one, a text at a time. Either way, the same cells.
    texts = ["bell\x07 and \ufffe", "=1+1", "", None, "-7", "\tx", "'=quoted", "æøå"]
    out = io.BytesIO()
    workbook = xlsx.Workbook(out)
    rows = [[text] for text in texts] + ([[ContactChannel.PHONE]] if enum_too else [])
    workbook.sheet("x", ["t"], rows)
    workbook.close()
    cells = [row[0] for row in load_workbook(out).active.iter_rows(values_only=True)]  # type: ignore[union-attr]
    assert cells[: len(texts) + 1] == [
        "t",
        "bell and ",
        "'=1+1",
        None,
        None,
        "'-7",
        "'\tx",
        "'=quoted",
        "æøå",
    ]


def test_a_sheet_without_rows_has_its_header_and_a_wrapped_one_its_format() -> None:
    out = io.BytesIO()
    workbook = xlsx.Workbook(out)
    workbook.sheet("Tom", ["pseudonym", "score"], [])
    workbook.sheet(
        "Om",
        ["Titel"],
        [[""], ["a long line"]],
        header_style=xlsx.Style.WRAP,
        style=xlsx.Style.WRAP,
    )
    workbook.close()
    book = load_workbook(io.BytesIO(out.getvalue()))
    assert list(book["Tom"].iter_rows(values_only=True)) == [("pseudonym", "score")]
    about = book["Om"]
    assert list(about.iter_rows(values_only=True)) == [("Titel",), (None,), ("a long line",)]
    assert about["A1"].alignment.wrap_text and not about["A1"].font.b
    assert about["A3"].alignment.wrap_text and about["A3"].alignment.vertical == "top"


@pytest.mark.parametrize("title", ["", "a" * 32, "a/b", "Første"])
def test_a_sheet_title_excel_refuses_is_refused(title: str) -> None:
    workbook = xlsx.Workbook(io.BytesIO())
    workbook.sheet("Første", ["x"], [])
    with pytest.raises(ValueError):
        workbook.sheet(title, ["x"], [])


@pytest.mark.parametrize("header", [[], ["x", "x"], ["x", 1], ["x", ""]])
def test_a_header_of_distinct_texts_is_asked_for(header: list[object]) -> None:
    with pytest.raises(ValueError):
        xlsx.Workbook(io.BytesIO()).sheet("x", header, [])


@pytest.mark.parametrize("row", [["a"], ["a", 1, 2]])
def test_a_row_as_wide_as_its_header_is_asked_for(row: list[object]) -> None:
    workbook = xlsx.Workbook(io.BytesIO())
    workbook.sheet("x", ["name", "value"], [row])
    with pytest.raises(ValueError):
        workbook.close()


@pytest.mark.parametrize("value", [datetime.fromisoformat("2026-01-01T12:00"), object(), b"bytes"])
def test_a_value_without_a_cell_type_is_refused(value: object) -> None:
    workbook = xlsx.Workbook(io.BytesIO())
    workbook.sheet("x", ["x"], [[value]])
    with pytest.raises(TypeError):
        workbook.close()


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (int, "7"),
        (int, 2.5),
        (float, True),
        (date, "1 January 2026"),
        (date, "2026-02-30"),
        (str, 7),
        (int, date(2026, 1, 1)),
    ],
)
def test_a_column_holds_its_kind_alone(kind: type, value: object) -> None:
    workbook = xlsx.Workbook(io.BytesIO())
    workbook.sheet("x", ["x"], [[None], [value]], kinds=[kind])
    with pytest.raises(TypeError, match=f"A column of {kind.__name__} cannot hold"):
        workbook.close()


@pytest.mark.parametrize("kinds", [[str], [str, int, int], [str, bytes]])
def test_a_kind_for_each_column_is_asked_for(kinds: list[type]) -> None:
    with pytest.raises(ValueError):
        xlsx.Workbook(io.BytesIO()).sheet("x", ["name", "value"], [], kinds=kinds)


def test_a_column_of_dates_may_hold_their_iso_text() -> None:
    out = io.BytesIO()
    workbook = xlsx.Workbook(out)
    workbook.sheet("x", ["d"], [["2026-08-21"], [None], ["1969-12-31"]], kinds=[date])
    workbook.close()
    assert list(load_workbook(out).active.iter_rows(values_only=True)) == [  # type: ignore[union-attr]
        ("d",),
        (datetime.fromisoformat("2026-08-21T00:00"),),
        (None,),
        (datetime.fromisoformat("1969-12-31T00:00"),),
    ]


def test_rows_go_to_the_writer_in_batches_of_their_kinds() -> None:
    out = io.BytesIO()
    workbook = xlsx.Workbook(out)
    many = [[f"p{n}", n, date(2026, 1, 1 + n % 28)] for n in range(2 * xlsx.BATCH + 1)]
    workbook.sheet("Mange", ["p", "n", "d"], iter(many), kinds=[str, int, date])
    workbook.close()
    assert workbook.counts == {"Mange": len(many)}
    rows = list(load_workbook(out).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert len(rows) == len(many) + 1
    assert rows[-1] == ("p8192", 8192, datetime.fromisoformat("2026-01-17T00:00"))


def test_a_failure_while_the_rows_are_read_is_raised_as_itself_and_stops_the_writer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[subprocess.Popen[bytes]] = []
    popen = subprocess.Popen

    def remembered(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        started.append(popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(xlsx.subprocess, "Popen", remembered)

    def rows() -> Iterator[list[object]]:
        yield from ([f"p{n}"] for n in range(xlsx.BATCH + 1))  # one batch goes to the writer
        raise LookupError("the database went away")

    out = io.BytesIO()
    workbook = xlsx.Workbook(out)
    workbook.sheet("x", ["p"], rows())
    with pytest.raises(LookupError, match="the database went away"):
        workbook.close()
    [writer] = started
    assert writer.returncode is not None  # stopped and waited for, not left running
    assert out.getvalue() == b""


def test_a_failure_of_the_writer_is_raised_with_its_account(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(xlsx, "WRITER", "brobygger.evaluation.no_such_writer")
    workbook = xlsx.Workbook(io.BytesIO())
    workbook.sheet("x", ["p"], ([f"p{n}"] for n in range(3 * xlsx.BATCH)))
    with pytest.raises(RuntimeError, match="The workbook's writer failed: .*no_such_writer"):
        workbook.close()


def _stream(schema: pa.Schema, batches: list[pa.RecordBatch]) -> bytes:
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, schema) as stream:
        for batch in batches:
            stream.write_batch(batch)
    return sink.getvalue()


def test_the_writer_process_writes_the_sheets_of_its_plan(tmp_path: Path) -> None:
    plan = [
        {
            "title": "Tal",
            "columns": [["n", "int"], ["d", "date"]],
            "header_style": int(xlsx.Style.BOLD),
            "style": int(xlsx.Style.PLAIN),
            "widths": [14],
            "freeze_header": True,
        },
        {
            "title": "Tom",
            "columns": [["t", "str"]],
            "header_style": int(xlsx.Style.WRAP),
            "style": int(xlsx.Style.WRAP),
            "widths": [],
            "freeze_header": False,
        },
    ]
    numbers = xlsx_process.schema_of(plan[0]["columns"])  # type: ignore[arg-type]
    texts = xlsx_process.schema_of(plan[1]["columns"])  # type: ignore[arg-type]
    batch = pa.record_batch([pa.array([1, 2]), pa.array([date(2026, 1, 2), None])], schema=numbers)
    source = io.BytesIO(
        json.dumps(plan).encode() + b"\n" + _stream(numbers, [batch, batch]) + _stream(texts, [])
    )
    path = tmp_path / "book.xlsx"
    assert xlsx_process.main([str(path)], source) == 0
    book = load_workbook(path)
    assert book.sheetnames == ["Tal", "Tom"]
    assert list(book["Tal"].iter_rows(values_only=True)) == [
        ("n", "d"),
        *[(1, datetime.fromisoformat("2026-01-02T00:00")), (2, None)] * 2,
    ]
    assert book["Tal"].freeze_panes == "A2" and book["Tal"]["A1"].font.b
    assert 14 <= book["Tal"].column_dimensions["A"].width < 15
    assert list(book["Tom"].iter_rows(values_only=True)) == [("t",)]
    assert book["Tom"]["A1"].alignment.wrap_text and not book["Tom"]["A1"].font.b


def test_the_writer_process_refuses_rows_that_are_not_its_plans(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = [
        {
            "title": "Tal",
            "columns": [["n", "int"]],
            "header_style": 1,
            "style": 0,
            "widths": [],
            "freeze_header": False,
        }
    ]
    texts = xlsx_process.schema_of([["n", "str"]])
    source = io.BytesIO(json.dumps(plan).encode() + b"\n" + _stream(texts, []))
    assert xlsx_process.main([str(tmp_path / "book.xlsx")], source) == 1
    assert "do not have the columns of its plan" in capsys.readouterr().err
    assert xlsx_process.main([], source) == 2
