"""Reading what Excel exports: XLSX cells, encodings, and files that must be refused."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook

from brobygger.linkage.reading import ListFileError, open_list

LIMIT = 10_000_000


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_xlsx_cells_become_text(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "liste.xlsx",
        [
            ["Fornavn", "Efternavn", "Fødselsdato", "CPR", "Postnr"],
            # Excel cells hold naive datetimes, and Excel drops the leading zero of a CPR number.
            ["Fatima", "Al-Hassan", datetime(1980, 3, 5), 101751234, 8800],  # noqa: DTZ001
            [None, None, None, None, None],
            ["Hodan", "Warsame", "01-01-1990", None, 8830.0],
        ],
    )

    list_file = open_list(path, max_bytes=LIMIT)

    assert list_file.kind == "xlsx"
    rows = list(list_file.rows())
    assert rows[0] == (
        2,
        {
            "Fornavn": "Fatima",
            "Efternavn": "Al-Hassan",
            "Fødselsdato": "1980-03-05",
            "CPR": "101751234",
            "Postnr": "8800",
        },
    )
    assert [number for number, _row in rows] == [2, 4]  # the empty row is skipped


@pytest.mark.parametrize(
    ("content", "encoding", "delimiter"),
    [
        ("Fornavn;Efternavn\nSøren;Ørsted\n".encode("cp1252"), "cp1252", ";"),
        ("Fornavn,Efternavn\nSøren,Ørsted\n".encode(), "utf-8", ","),
        ("\ufeffFornavn;Efternavn\nSøren;Ørsted\n".encode(), "utf-8-sig", ";"),
        ("Fornavn\tEfternavn\nSøren\tØrsted\n".encode(), "utf-8", "\t"),
    ],
)
def test_encoding_and_delimiter_are_detected(
    tmp_path: Path, content: bytes, encoding: str, delimiter: str
) -> None:
    path = tmp_path / "liste.csv"
    path.write_bytes(content)

    list_file = open_list(path, max_bytes=LIMIT)

    assert (list_file.encoding, list_file.delimiter) == (encoding, delimiter)
    assert list(list_file.rows()) == [(2, {"Fornavn": "Søren", "Efternavn": "Ørsted"})]


def test_text_that_is_neither_utf8_nor_windows_1252_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_bytes(b"Fornavn;Efternavn\n\x81\x8d;\x90\x9d\n")
    with pytest.raises(ListFileError, match="neither UTF-8 nor Windows-1252"):
        open_list(path, max_bytes=LIMIT)


def test_a_workbook_that_unpacks_to_gigabytes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (LIMIT * 21))
    assert path.stat().st_size < LIMIT
    with pytest.raises(ListFileError, match="unpacks to"):
        open_list(path, max_bytes=LIMIT)


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "stor.csv"
    with path.open("wb") as handle:
        handle.truncate(LIMIT + 1)  # sparse: no 200 MB written to disk
    with pytest.raises(ListFileError, match="the limit is 10,0 MB"):
        open_list(path, max_bytes=LIMIT)


def test_a_row_wider_than_the_header_names_its_row(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text("Fornavn;Efternavn\nA;B\nC;D;E\n", encoding="utf-8")
    list_file = open_list(path, max_bytes=LIMIT)
    with pytest.raises(ListFileError, match="Row 3: the row has 3 cells but the header has 2."):
        list(list_file.rows())
