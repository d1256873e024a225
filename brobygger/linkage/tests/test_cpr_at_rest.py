"""No CPR number in clear anywhere in the database: not in staged rows while an import runs,
not in rejected rows after it, not after a failed import is run again, not after review.
Every table is read with a raw cursor, so a table added later is checked the day it is added.
"""

from __future__ import annotations

import importlib
import json
import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from brobygger.core.crypto import decrypt
from brobygger.linkage.imports import import_run, run
from brobygger.linkage.models import ImportBatch, ImportRow, ImportStatus, ListSource, RowOutcome
from brobygger.linkage.wizard import import_map, import_upload
from brobygger.outreach.models import MethodCategory, OutreachMethod
from brobygger.people.models import Person
from brobygger.people.tests.factories import PersonFactory
from brobygger.privacy.purge import purge_run
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db

# Synthetic numbers; each scenario's rows are listed with what becomes of them.
LIST = (
    "Løbenr;Fornavn;Efternavn;Fødselsdato;CPR-nr;Telefon\n"
    "1;Fatma;Alhassan;05-03-1980;050380-1236;22334455\n"  # matches Fatima: CPR fills hers
    "2;Hodan;Warsame;01-01-1990;0101901238;\n"  # new
    "3;;Uden Fornavn;;0202905316;\n"  # rejected: no first name
    "4;Xodan;Warsame;1990-01-01;010190-1238;\n"  # same as row 2
    "2;Dup;Id;;120388-1239;\n"  # rejected: repeated id
    "6;Amal;Nuur;;3202905316;\n"  # a CPR-shaped number that is no date: left out
    "7;;;;111111-1118;\n"  # rejected: no name at all
)
REVIEW_LIST = "Fornavn;Efternavn;CPR\nAmina;Yusuf;0106851231\nAmina;Yusuf;010685-1231\n"
IMPORTED = {
    "0503801236",
    "0101901238",
    "0202905316",
    "1203881239",
    "3202905316",
    "1111111118",
    "0106851231",
}
_CPR_SHAPED = re.compile(r"(?=(\d{6}-?\d{4}))")  # overlapping: a longer digit run hides none


def cpr_numbers_in_clear(numbers: set[str]) -> list[str]:
    """Every place (table, column) where one of ``numbers`` is stored in clear, with or
    without the dash: every text, JSON and binary column of every table."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [description[0] for description in cursor.description]
            for record in cursor.fetchall():
                for column, value in zip(columns, record, strict=True):
                    text = _as_text(value)
                    hits = {match.replace("-", "") for match in _CPR_SHAPED.findall(text)}
                    found += [f"{table}.{column}: {hit}" for hit in sorted(hits & numbers)]
    return found


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict | list):  # PostgreSQL hands JSON back decoded
        return json.dumps(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("latin-1")
    return ""


@pytest.fixture
def source(cast: Cast) -> ListSource:
    method = OutreachMethod.objects.filter(category=MethodCategory.LISTS).first()
    return ListSource.objects.create(municipality=cast.viborg, name="Sprogskolen", method=method)


def _upload(cast: Cast, source: ListSource, text: str) -> ImportBatch:
    batch = import_upload(
        actor=cast.alice, source=source, upload=ContentFile(text.encode("cp1252"), "liste.csv")
    )
    return import_map(actor=cast.alice, batch=batch, mapping=batch.mapping)


def test_no_cpr_number_is_stored_in_clear_by_any_import(
    cast: Cast, source: ListSource, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    fatima = PersonFactory(first_name="Fatima", last_name="Al-Hassan", birth_date=date(1980, 3, 5))
    PersonFactory(first_name="Amina", last_name="Yusuf", birth_date=date(1985, 6, 1))
    while_staged: list[list[str]] = []
    real_link = run._link

    def link_and_look(batch: ImportBatch) -> Any:
        # Every row is staged now, and nothing is resolved yet.
        assert ImportRow.objects.filter(batch=batch).exists()
        while_staged.append(cpr_numbers_in_clear(IMPORTED))
        return real_link(batch)

    monkeypatch.setattr(run, "_link", link_and_look)

    # An import that fails after staging, and the same import run again.
    batch = _upload(cast, source, LIST)
    real_save = run.registry_save

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(run, "registry_save", fail)
    with pytest.raises(RuntimeError):
        import_run(batch.pk, actor=cast.alice)
    monkeypatch.setattr(run, "registry_save", real_save)
    batch = import_run(batch.pk, actor=cast.alice)
    # A list whose rows all go to the review queue.
    settings.LINKAGE_MATCH_THRESHOLD = 1.01
    review = import_run(_upload(cast, source, REVIEW_LIST).pk, actor=cast.alice)

    assert batch.status == review.status == ImportStatus.DONE, (batch.error, review.error)
    outcomes = dict(ImportRow.objects.filter(batch=batch).values_list("row_number", "outcome"))
    assert [n for n, outcome in sorted(outcomes.items()) if outcome == RowOutcome.REJECTED] == [
        4,
        6,
        8,
    ]
    assert review.review_count >= 1
    # No number in clear anywhere: not while staged, not when done...
    assert len(while_staged) == 3
    assert while_staged == [[], [], []]
    assert cpr_numbers_in_clear(IMPORTED) == []
    # ...though the imports used them: they are there, encrypted.
    fatima.refresh_from_db()
    assert decrypt(fatima.cpr_ciphertext) == "0503801236"
    assert Person.objects.get(first_name="Hodan").cpr_masked == "010190-XXXX"
    rejected = ImportRow.objects.get(batch=batch, row_number=4)
    assert "cpr" not in rejected.values
    assert rejected.row_values["cpr"] == "0202905316"


def test_the_retention_purge_removes_the_encrypted_number_of_rejected_rows(
    cast: Cast, source: ListSource
) -> None:
    batch = import_run(_upload(cast, source, LIST).pk, actor=cast.alice)
    assert ImportRow.objects.filter(batch=batch).exclude(cpr_ciphertext="").count() == 3

    purge_run(now=timezone.now() + timedelta(days=400))

    assert not ImportRow.objects.filter(batch=batch).exclude(cpr_ciphertext="").exists()
    assert not ImportRow.objects.filter(batch=batch).exclude(values={}).exists()


def test_the_migration_encrypts_the_cpr_numbers_of_existing_rows(
    cast: Cast, source: ListSource
) -> None:
    """Rows staged or rejected before 0004 hold the number in their values; 0004 moves it to
    the encrypted column (and its reverse moves it back)."""
    migration = importlib.import_module("brobygger.linkage.migrations.0004_importrow_encrypt_cpr")
    state = MigrationLoader(connection).project_state(("linkage", "0004_importrow_encrypt_cpr"))
    batch = ImportBatch.objects.create(
        municipality=cast.viborg, source=source, original_name="old.csv"
    )
    ImportRow.objects.bulk_create(
        [
            ImportRow(
                batch=batch,
                row_number=2,
                values={"first_name": "Hodan", "cpr": "0202905316"},
                outcome=RowOutcome.REJECTED,
            ),
            ImportRow(batch=batch, row_number=3, values={"first_name": "Amal"}),
        ]
    )
    assert cpr_numbers_in_clear({"0202905316"})

    migration.encrypt_cpr(state.apps, None)

    rows = {row.row_number: row for row in ImportRow.objects.filter(batch=batch)}
    assert rows[2].values == {"first_name": "Hodan"}
    assert decrypt(rows[2].cpr_ciphertext) == "0202905316"
    assert rows[2].row_values == {"first_name": "Hodan", "cpr": "0202905316"}
    assert (rows[3].values, rows[3].cpr_ciphertext) == ({"first_name": "Amal"}, "")
    assert cpr_numbers_in_clear({"0202905316"}) == []

    migration.decrypt_cpr(state.apps, None)

    rows[2].refresh_from_db()
    assert (rows[2].values["cpr"], rows[2].cpr_ciphertext) == ("0202905316", "")
