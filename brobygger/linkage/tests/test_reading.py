"""Reading what Excel exports: XLSX cells, encodings, and files that must be refused."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook

from brobygger.linkage.reading import ListFileError, MalformedRow, open_list

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


def test_a_small_workbook_that_unpacks_to_far_more_than_its_size_is_refused(
    tmp_path: Path,
) -> None:
    """Under the total limit, but 100 times its own size: the ratio of a zip bomb."""
    path = tmp_path / "lille.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<si><t>a</t></si>" * 200_000)  # 3,4 MB
    assert path.stat().st_size * 100 < 3_400_000 < LIMIT

    with pytest.raises(ListFileError, match="unpacks to 3,4 MB"):
        open_list(path, max_bytes=LIMIT)


def test_a_workbook_that_compresses_like_a_list_is_read(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Fornavn", "Efternavn", "Postnr"]]
    rows += [[f"Fatima{i}", f"Al-Hassan{i * 7}", 8800 + i % 50] for i in range(20_000)]
    path = _xlsx(tmp_path / "stor.xlsx", rows)

    assert sum(1 for _row in open_list(path, max_bytes=LIMIT).rows()) == 20_000


def _declare_size(data: bytes, member: str, size: int) -> bytes:
    """The archive with ``member``'s uncompressed size replaced in both of its headers."""
    patched = bytearray(data)
    name = member.encode()
    # (signature, offset of the name length, offset of the name, offset of the size)
    for signature, length_at, name_at, size_at in (
        (b"PK\x01\x02", 28, 46, 24),
        (b"PK\x03\x04", 26, 30, 22),
    ):
        position = patched.find(signature)
        while position != -1:
            length = int.from_bytes(
                patched[position + length_at : position + length_at + 2], "little"
            )
            if patched[position + name_at : position + name_at + length] == name:
                patched[position + size_at : position + size_at + 4] = size.to_bytes(4, "little")
            position = patched.find(signature, position + 4)
    return bytes(patched)


def test_a_workbook_damaged_further_in_is_refused_where_reading_gets_there(
    tmp_path: Path,
) -> None:
    path = _xlsx(tmp_path / "skadet.xlsx", [["Fornavn"]] + [[f"Navn{i}"] for i in range(3000)])
    sheet = "xl/worksheets/sheet1.xml"
    size = zipfile.ZipFile(path).getinfo(sheet).file_size
    # Half the sheet's size declared: zipfile stops there and the checksum fails.
    path.write_bytes(_declare_size(path.read_bytes(), sheet, size // 2))

    list_file = open_list(path, max_bytes=LIMIT)  # the beginning reads well
    with pytest.raises(ListFileError, match="not a valid Excel workbook"):
        list(list_file.rows())


def test_a_file_with_more_columns_than_a_list_has_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bred.csv"
    path.write_text(";".join(f"K{i}" for i in range(301)) + "\n" + "x\n", encoding="utf-8")

    with pytest.raises(ListFileError, match="301 columns; a list can have at most 300"):
        open_list(path, max_bytes=LIMIT)


def _read(tmp_path: Path, text: str) -> list[tuple[int, object]]:
    path = tmp_path / "liste.csv"
    path.write_text(text, encoding="utf-8")
    return list(open_list(path, max_bytes=LIMIT).rows_and_malformed())


def test_a_row_wider_than_the_header_is_reported_and_the_reading_goes_on(tmp_path: Path) -> None:
    rows = _read(tmp_path, "Fornavn;Efternavn;By\nFatima;Ali;Viborg\nHodan;Warsame;Viborg; Syd\n")

    assert rows[0] == (2, {"Fornavn": "Fatima", "Efternavn": "Ali", "By": "Viborg"})
    number, malformed = rows[1]
    assert number == 3 and isinstance(malformed, MalformedRow)
    assert malformed.message == (
        "the row has 4 cells but the header has 3. "
        "Perhaps a cell holds a “;” outside quotation marks."
    )


def test_a_quotation_mark_never_closed_does_not_swallow_the_rows_after_it(
    tmp_path: Path,
) -> None:
    rows = _read(
        tmp_path,
        'Fornavn;Efternavn;By\nFatima;"Ali;Viborg\nHodan;Warsame;Viborg\nAmina;"Yusuf;Tjele\n',
    )

    assert [number for number, _row in rows] == [2, 3, 4]
    assert isinstance(rows[0][1], MalformedRow)
    assert "never closed" in rows[0][1].message
    assert rows[1] == (3, {"Fornavn": "Hodan", "Efternavn": "Warsame", "By": "Viborg"})
    assert isinstance(rows[2][1], MalformedRow)  # the last row: open to the end of the file


def test_a_quoted_cell_with_line_breaks_and_stray_quotes_are_still_read(tmp_path: Path) -> None:
    rows = _read(
        tmp_path,
        'Fornavn;Efternavn;Adresse\nFatima;Al"Hassan;"Vestergade 3\n2. tv"\nAmina;Yusuf;Tjele\n',
    )

    assert rows == [
        (2, {"Fornavn": "Fatima", "Efternavn": 'Al"Hassan', "Adresse": "Vestergade 3\n2. tv"}),
        (3, {"Fornavn": "Amina", "Efternavn": "Yusuf", "Adresse": "Tjele"}),
    ]


def test_a_quotation_mark_open_for_thousands_of_lines_is_read_again_in_bounded_time(
    tmp_path: Path,
) -> None:
    """Every row opens a quotation mark: each is reported, and no row is read more than a
    bounded number of times."""
    text = "Fornavn;Efternavn\n" + "".join(f'Navn{i};"Efternavn{i}\n' for i in range(5000))

    rows = _read(tmp_path, text)

    assert len(rows) == 5000
    assert all(isinstance(row, MalformedRow) for _number, row in rows)


def test_a_malformed_first_row_does_not_refuse_the_file(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text("Fornavn;Efternavn\nA;B;C\nD;E\n", encoding="utf-8")

    list_file = open_list(path, max_bytes=LIMIT)

    assert list(list_file.rows_and_malformed())[1] == (3, {"Fornavn": "D", "Efternavn": "E"})


def test_an_xlsx_row_wider_than_the_header_is_reported(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "liste.xlsx", [["Fornavn"], ["Fatima", "Ali"], ["Hodan"]])

    rows = list(open_list(path, max_bytes=LIMIT).rows_and_malformed())

    assert rows[0] == (2, MalformedRow("the row has 2 cells but the header has 1."))
    assert rows[1] == (3, {"Fornavn": "Hodan"})
