"""The extract's workbook writer (rust_xlsxwriter underneath), read back with openpyxl."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from brobygger.evaluation import xlsx
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
        (date, "2026-01-01"),
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
