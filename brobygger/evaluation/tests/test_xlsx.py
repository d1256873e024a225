"""The extract's workbook writer (XlsxWriter underneath), read back with openpyxl."""

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
    with workbook.sheet("Første", widths=(20, 10), **options) as sheet:  # type: ignore[arg-type]
        sheet.append(["name", "value"], xlsx.Style.BOLD)
        for row in rows:
            sheet.append(row)
    with workbook.sheet("Anden & <sidste>") as sheet:
        sheet.append(["x"])
    workbook.close()
    return out.getvalue()


def test_values_come_back_as_they_went_in() -> None:
    content = _written(
        [
            ["a & b <c>", 3],
            ["  spaced  ", 2.5],
            ["bell\x07 stripped", Decimal("12.50")],
            [ContactChannel.PHONE, True],
            [None, date(2026, 3, 1)],
            ["", 0],
            ["æøå ❤", -7],
            ["=HYPERLINK(1)", None],
        ],
        freeze_header=True,
    )
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Første", "Anden & <sidste>"]
    sheet = workbook["Første"]
    assert list(sheet.iter_rows(values_only=True)) == [
        ("name", "value"),
        ("a & b <c>", 3),
        ("  spaced  ", 2.5),
        ("bell stripped", 12.5),
        ("phone", True),
        (None, datetime.fromisoformat("2026-03-01T00:00")),  # openpyxl reads a date so
        (None, 0),
        ("æøå ❤", -7),
        ("'=HYPERLINK(1)", None),
    ]
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert sheet["B6"].number_format == "yyyy-mm-dd"
    assert sheet.freeze_panes == "A2"
    # 20 characters; Excel (and XlsxWriter) store the width with the cell's padding.
    assert 20 <= sheet.column_dimensions["A"].width < 21
    assert workbook["Anden & <sidste>"].freeze_panes is None


@pytest.mark.parametrize("title", ["", "a" * 32, "a/b", "Første"])
def test_a_sheet_title_excel_refuses_is_refused(title: str) -> None:
    workbook = xlsx.Workbook(io.BytesIO())
    with workbook.sheet("Første"):
        pass
    with pytest.raises(ValueError), workbook.sheet(title):
        pass


@pytest.mark.parametrize("value", [datetime.fromisoformat("2026-01-01T12:00"), object(), b"bytes"])
def test_a_value_without_a_cell_type_is_refused(value: object) -> None:
    workbook = xlsx.Workbook(io.BytesIO())
    with pytest.raises(TypeError), workbook.sheet("x") as sheet:
        sheet.append([value])
