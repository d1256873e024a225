"""Hostile lists: what the import wizard, ``brobygger import-list``, ``brobygger link`` and
``brobygger postal-areas`` do with files that are not lists, bombs, and lists of hostile text.

A file that cannot be used is refused with a message saying why (never a server error, never a
half import: no person is created and no upload is left behind). A list that is used keeps
hostile text as text: shown escaped on every page, invisible characters removed, formulas
never calculated and neutralised in exports.
"""

from __future__ import annotations

import csv
import io
import struct
import time
import zipfile
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from brobygger.core.exports import FORMULA_PREFIXES, safe_cell, safe_text
from brobygger.linkage.models import ImportBatch, ImportStatus
from brobygger.linkage.reading import MAX_COLUMNS, ListFileError, open_list
from brobygger.outreach.models import MethodCategory, OutreachMethod
from brobygger.partners.models import PostalArea
from brobygger.people.models import Person
from brobygger.testing import Cast

from .corpus import BIDI, CONTROL, CORPUS, FORMULA, XSS
from .html import unescaped_markup

pytestmark = pytest.mark.django_db

LIMIT = 50_000_000  # the default IMPORT_MAX_BYTES
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06" + bytes(64)
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00" + bytes(200)
SHARED_STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


@pytest.fixture
def client(client: Client) -> Client:
    """These tests read the English interface."""
    client.cookies["brobygger_language"] = "en"
    return client


@pytest.fixture
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


# Building hostile workbooks ---------------------------------------------------------------


def _workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _shared_strings_bomb(megabytes: int) -> bytes:
    """A real workbook whose shared strings unpack to ``megabytes`` MB: a few kB on disk, and
    openpyxl would read every string into memory."""
    source = zipfile.ZipFile(io.BytesIO(_workbook([["Fornavn"], ["Fatima"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml" and b"sharedStrings" not in data:
                data = data.replace(b"</Types>", SHARED_STRINGS_TYPE.encode() + b"</Types>")
            if info.filename != "xl/sharedStrings.xml":
                archive.writestr(info, data)
        item = b"<si><t>a</t></si>"
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
            strings.write(
                b'<?xml version="1.0"?>'
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            chunk = item * 50_000
            for _ in range(megabytes * 1_000_000 // len(chunk)):
                strings.write(chunk)
            strings.write(b"</sst>")
    return out.getvalue()


def _lying_archive(content: bytes, member: str, declared: int) -> bytes:
    """``content`` with the sizes of ``member`` in both headers replaced by ``declared``."""
    data = bytearray(content)
    name = member.encode()
    position = data.find(b"PK\x01\x02")
    while position != -1:
        length = struct.unpack("<H", data[position + 28 : position + 30])[0]
        if data[position + 46 : position + 46 + length] == name:
            data[position + 24 : position + 28] = struct.pack("<I", declared)
            local = struct.unpack("<I", data[position + 42 : position + 46])[0]
            data[local + 22 : local + 26] = struct.pack("<I", declared)
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(data)


def _sheet_bomb() -> bytes:
    """A workbook whose sheet is 200 MB of rows but declares 2 kB: zipfile stops at the
    declared size (and fails the checksum), so nothing may unpack the rest."""
    out = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(_workbook([["Fornavn"], ["Fatima"]])))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(info, source.read(info.filename))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><sheetData>'
            )
            row = b'<row><c t="inlineStr"><is><t>Fatima</t></is></c></row>'
            chunk = row * 20_000
            for _ in range(200_000_000 // len(chunk)):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return _lying_archive(out.getvalue(), "xl/worksheets/sheet1.xml", 2_000)


def _damaged_further_in() -> bytes:
    """A workbook of 5,000 rows whose sheet declares half its size: the header and the first
    rows read, then the checksum fails."""
    rows: list[list[object]] = [["Fornavn", "Efternavn"]]
    rows += [[f"Navn{i}", f"Efternavn{i}"] for i in range(5000)]
    content = _workbook(rows)
    real = zipfile.ZipFile(io.BytesIO(content)).getinfo("xl/worksheets/sheet1.xml").file_size
    return _lying_archive(content, "xl/worksheets/sheet1.xml", real // 2)


@pytest.fixture
def unpacked_bytes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts every byte zipfile unpacks while the test runs."""
    counted = [0]
    read = zipfile.ZipExtFile._read1  # type: ignore[attr-defined]

    def counting(self: zipfile.ZipExtFile, n: int) -> bytes:
        data: bytes = read(self, n)
        counted[0] += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "_read1", counting)
    return counted


# The hostile files --------------------------------------------------------------------------

BAD_FILES = {
    "png-as-csv": ("liste.csv", PNG, "binary data"),
    "png-as-xlsx": ("liste.xlsx", PNG, "binary data"),
    "elf-as-csv": ("liste.csv", ELF, "binary data"),
    "elf-as-xlsx": ("liste.xlsx", ELF, "binary data"),
    "empty": ("liste.csv", b"", "The submitted file is empty."),
    "header-only": ("liste.csv", b"Fornavn;Efternavn\r\n", "header row but no data rows"),
    "one-megabyte-line": ("liste.csv", b"A" * 1_000_000, "not valid CSV"),
    "one-megabyte-header": (
        "liste.csv",
        b";".join(b"Kolonne%d" % i for i in range(100_000))[:1_000_000] + b"\nx\n",
        f"a list can have at most {MAX_COLUMNS}",
    ),
    "nul-bytes": ("liste.csv", b"Fornavn;Efternavn\nFat\x00ima;Ali\n", "binary data"),
    "not-utf8-nor-cp1252": ("liste.csv", b"Fornavn\n\x81\x8d\x8f\x90\x9d\n", "neither UTF-8"),
    "utf16": ("liste.csv", "Fornavn\nFatima\n".encode("utf-16"), "UTF-16"),
    "old-xls": ("liste.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old Excel file"),
    "zip-not-workbook": ("liste.xlsx", b"PK\x03\x04" + bytes(100), "not a valid Excel workbook"),
    "shared-strings-bomb": ("liste.xlsx", None, "far more than a list holds"),
    "lying-sheet-bomb": ("liste.xlsx", None, "not a valid Excel workbook"),
}


def _content(key: str) -> bytes:
    name, content, _message = BAD_FILES[key]
    if key == "shared-strings-bomb":
        return _shared_strings_bomb(20)
    if key == "lying-sheet-bomb":
        return _sheet_bomb()
    assert content is not None
    return content


def _method() -> OutreachMethod:
    method = OutreachMethod.objects.filter(category=MethodCategory.LISTS).first()
    assert method is not None
    return method


def _upload(client: Client, name: str, content: bytes) -> object:
    return client.post(
        reverse("linkage:upload"),
        {
            "new_source_name": "Fjendtlig liste",
            "method": str(_method().pk),
            "file": SimpleUploadedFile(name, content),
        },
    )


def _kept_uploads() -> set[Path]:
    root = Path(settings.IMPORT_ROOT)
    return {p for p in root.rglob("*") if p.is_file() and "running" not in p.parts}


@pytest.mark.parametrize("key", sorted(BAD_FILES))
def test_the_wizard_refuses_a_hostile_file_with_a_reason(
    client: Client, cast: Cast, key: str, unpacked_bytes: list[int]
) -> None:
    name, _content_unused, message = BAD_FILES[key]
    content = _content(key)
    people, uploads = Person.objects.count(), _kept_uploads()
    client.force_login(cast.alice)

    started = time.perf_counter()
    response = _upload(client, name, content)

    assert response.status_code == 200, key  # the form again, with the reason
    assert message in response.content.decode()
    assert time.perf_counter() - started < 20, "refused, but only after unpacking"
    assert unpacked_bytes[0] < 1_000_000, f"{unpacked_bytes[0]} bytes unpacked"
    assert not ImportBatch.objects.exists()
    assert Person.objects.count() == people
    assert _kept_uploads() == uploads, "a refused upload was kept"


@pytest.mark.parametrize("key", ["shared-strings-bomb", "lying-sheet-bomb"])
def test_the_reader_refuses_a_bomb_without_unpacking_it(
    tmp_path: Path, key: str, unpacked_bytes: list[int], english: None
) -> None:
    path = tmp_path / "bombe.xlsx"
    path.write_bytes(_content(key))
    assert path.stat().st_size < 1_000_000  # small on disk: 20 MB and 200 MB unpacked

    with pytest.raises(ListFileError, match=BAD_FILES[key][2]):
        open_list(path, max_bytes=LIMIT)

    assert unpacked_bytes[0] < 100_000


def test_a_workbook_damaged_further_in_is_refused_in_the_preview_and_the_import(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.alice)
    response = _upload(client, "liste.xlsx", _damaged_further_in())
    batch = ImportBatch.objects.get()  # its beginning reads well
    assert response.status_code == 302

    client.post(reverse("linkage:map", kwargs={"batch_id": batch.pk}), {"column_0": "first_name"})
    preview = client.get(reverse("linkage:preview", kwargs={"batch_id": batch.pk}))
    started = client.post(reverse("linkage:preview", kwargs={"batch_id": batch.pk}))

    assert preview.status_code == 200
    assert "not a valid Excel workbook" in preview.content.decode()
    assert started.status_code < 500
    batch.refresh_from_db()
    assert batch.status in {ImportStatus.UPLOADED, ImportStatus.FAILED}
    assert not Person.objects.exists()


def test_the_command_line_refuses_hostile_files_with_exit_code_2(
    cast: Cast, tmp_path: Path
) -> None:
    for key in ("png-as-csv", "elf-as-xlsx", "nul-bytes", "shared-strings-bomb"):
        name = BAD_FILES[key][0]
        path = tmp_path / f"{key}-{name}"
        path.write_bytes(_content(key))
        for command in (
            ["import-list", str(path), "--municipality", "791", "--source", "Fjendtlig"],
            ["link", str(path), "--out", str(tmp_path / "pairs.csv")],
        ):
            with pytest.raises(CommandError) as refused:
                call_command(*command, stdout=StringIO(), stderr=StringIO())
            assert refused.value.returncode == 2, (key, command[0])
    assert not Person.objects.exists()


# A list of hostile text that is imported -----------------------------------------------------


def _hostile_list() -> bytes:
    """One row per hostile text as first name, the corpus again as last name and city."""
    out = StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Løbenr", "Fornavn", "Efternavn", "Fødselsdato", "Telefon", "By"])
    # Without NUL: a file with NUL bytes is refused whole (binary data), tested above.
    texts = [t for _c, t in CORPUS if 0 < len(t) <= 100 and t.strip() and "\x00" not in t]
    for number, text in enumerate(texts, start=1):
        other = texts[(number * 7) % len(texts)]
        writer.writerow([f"R{number}", f"{text} {number}", other, other, other, text])
    writer.writerow(["=1+1", '=HYPERLINK("https://evil.example","Klik")', "Ali", "", "", ""])
    return out.getvalue().encode("utf-8")


def test_a_hostile_list_is_imported_as_text_shown_escaped(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    response = _upload(client, "fjendtlig.csv", _hostile_list())
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.get()
    mapping = client.get(reverse("linkage:map", kwargs={"batch_id": batch.pk}))
    assert not unescaped_markup(mapping.content.decode())
    client.post(
        reverse("linkage:map", kwargs={"batch_id": batch.pk}),
        {
            "column_0": "id",
            "column_1": "first_name",
            "column_2": "last_name",
            "column_3": "birth_date",
            "column_4": "phone",
            "column_5": "city",
            "encoding": "utf-8",
        },
    )
    preview = client.get(reverse("linkage:preview", kwargs={"batch_id": batch.pk}))
    assert preview.status_code == 200
    assert not unescaped_markup(preview.content.decode())

    client.post(reverse("linkage:preview", kwargs={"batch_id": batch.pk}))  # runs at once here
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE, batch.error
    people = list(Person.objects.filter(municipality=cast.viborg))
    assert len(people) > 150

    # Stored as text: invisible characters gone, formulas kept as typed (never calculated).
    invisible = {c for t in CONTROL + BIDI for c in t if c in "\u202e\u202d\u2066\u200b\x00\x1b"}
    for person in people:
        assert not set(person.first_name + person.last_name + person.city) & invisible, person.pk
    assert Person.objects.filter(first_name__startswith="=HYPERLINK(").exists()
    assert any(p.first_name.startswith("<script>") for p in people)

    # Shown escaped on every page that shows them.
    pages = [
        reverse("linkage:detail", kwargs={"batch_id": batch.pk}),
        reverse("people:list"),
        f"{reverse('people:list')}?q=script",
        reverse("people:caseload"),
        *[reverse("people:detail", kwargs={"person_id": p.pk}) for p in people[:40]],
    ]
    for url in pages:
        page = client.get(url)
        assert page.status_code == 200, url
        assert not unescaped_markup(page.content.decode()), url


def test_every_formula_of_the_corpus_is_neutralised_for_spreadsheets() -> None:
    for text in FORMULA + [f"{p}cmd|' /C calc'!A0" for p in FORMULA_PREFIXES]:
        for value in (safe_cell(text), safe_text(text)):
            assert isinstance(value, str)
            assert not value.startswith(FORMULA_PREFIXES), text
    assert safe_cell(-1) == -1  # numbers stay numbers
    assert safe_cell("Fatima") == "Fatima"


def test_the_link_command_neutralises_hostile_ids_in_its_csv(cast: Cast, tmp_path: Path) -> None:
    rows = ["id;first_name;last_name;birth_date"]
    rows += [f"{p}SUM(1+{i});Fatima;Al-Hassan;05-03-1980" for i, p in enumerate("=+-@")]
    left = tmp_path / "venstre.csv"
    left.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "par.csv"

    call_command("link", str(left), "--out", str(out), stdout=StringIO())

    cells = [cell for row in csv.reader(out.open(encoding="utf-8")) for cell in row]
    assert len(cells) > 3
    assert not [cell for cell in cells if cell.startswith(FORMULA_PREFIXES)]


def test_xss_in_a_file_name_is_never_kept_as_a_path(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    name = f"../../{XSS[0]}.csv"

    response = _upload(client, name, b"Fornavn;Efternavn\nFatima;Ali\n")

    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    root = Path(settings.IMPORT_ROOT).resolve()
    assert root in Path(batch.file.path).resolve().parents
    assert "/" not in batch.original_name and ".." not in Path(batch.file.name).parts
    detail = client.get(reverse("linkage:detail", kwargs={"batch_id": batch.pk}))
    assert not unescaped_markup(detail.content.decode())
    batch.file.delete(save=False)


# The postal-areas command -------------------------------------------------------------------

POSTAL_FILES = {
    "binary": PNG,
    "nul": b"nr;navn;latitude;longitude\n8800;Viborg\x00;56,45;9,40\n",
    "no-delimiter": b"just one column\nand another line\n",
    "one-megabyte-line": b"nr,navn,lat,lon\n" + b"8800," + b"A" * 1_000_000 + b",56.4,9.4\n",
    "arabic-digits": "nr;navn;latitude;longitude\n٨٨٠٠;Viborg;56,45;9,40\n".encode(),
    "formula-name": b"nr;navn;latitude;longitude\n8800;=HYPERLINK(1);56,45;9,40\nx;y;1;2\n",
    "nan": b"nr;navn;latitude;longitude\n8800;Viborg;nan;inf\n",
    "huge-number": b"nr;navn;latitude;longitude\n8800;Viborg;" + b"9" * 400 + b";9,40\n",
    "empty": b"",
    "invalid-utf8": b"nr;navn;latitude;longitude\n8800;\xff\xfe;56,45;9,40\n",
}


@pytest.mark.parametrize("key", sorted(POSTAL_FILES))
def test_postal_areas_refuses_hostile_files_and_changes_nothing(tmp_path: Path, key: str) -> None:
    path = tmp_path / "postnumre.csv"
    path.write_bytes(POSTAL_FILES[key])

    with pytest.raises(CommandError):
        call_command("postal-areas", str(path), stdout=StringIO())

    assert not PostalArea.objects.exists()
