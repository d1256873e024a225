"""Importing a list: outcomes per row, art. 14, sources, the review queue, rollback."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.linkage.imports import applying, import_run, progress, run
from brobygger.linkage.models import (
    DuplicateCandidate,
    ImportBatch,
    ImportRow,
    ImportStatus,
    ListSource,
    RowOutcome,
)
from brobygger.linkage.tests.fixture_list import FIXTURE_LIST, TRUTH, fixture_registry
from brobygger.linkage.wizard import import_map, import_upload
from brobygger.outreach.models import MethodCategory, OutreachMethod
from brobygger.people.models import Person, PersonSource
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db

LIST = (
    "Løbenr;Fornavn;Efternavn;Fødselsdato;Telefon;Adresse;Postnr\n"
    "1;Fatma;Alhassan;05-03-1980;22334455;Vesterg. 3, 2. tv;8800\n"  # matches Fatima Al-Hassan
    "2;Hodan;Warsame;01-01-1990;;;\n"  # new
    "3;;Uden Fornavn;;;;\n"  # rejected: no first name
    "4;Xodan;Warsame;1990-01-01;;;\n"  # same as row 2
    "2;Dup;Id;;;;\n"  # rejected: duplicate id
    "6;=HYPERLINK(1);Hack;31-02-1980;abc;;99\n"  # kept as text, bad date/phone/postal left out
)


@pytest.fixture
def fatima(cast: Cast) -> Person:
    return PersonFactory(
        first_name="Fatima",
        last_name="Al-Hassan",
        birth_date=date(1980, 3, 5),
        street="Vestergade 3",
        floor_door="2. tv",
        postal_code="8800",
    )


@pytest.fixture
def source(cast: Cast) -> ListSource:
    method = OutreachMethod.objects.filter(category=MethodCategory.LISTS).first()
    return ListSource.objects.create(municipality=cast.viborg, name="Sprogskolen", method=method)


def _upload(cast: Cast, source: ListSource, text: str, encoding: str = "cp1252") -> ImportBatch:
    batch = import_upload(
        actor=cast.alice, source=source, upload=ContentFile(text.encode(encoding), "liste.csv")
    )
    return import_map(actor=cast.alice, batch=batch, mapping=batch.mapping)


def test_every_row_gets_an_outcome(cast: Cast, fatima: Person, source: ListSource) -> None:
    batch = import_run(_upload(cast, source, LIST).pk, actor=cast.alice)

    assert batch.status == ImportStatus.DONE, batch.error
    outcomes = dict(ImportRow.objects.filter(batch=batch).values_list("row_number", "outcome"))
    assert outcomes == {
        2: RowOutcome.MATCHED,
        3: RowOutcome.NEW,
        4: RowOutcome.REJECTED,
        5: RowOutcome.DUPLICATE,
        6: RowOutcome.REJECTED,
        7: RowOutcome.NEW,
    }
    assert (batch.new_count, batch.matched_count, batch.duplicate_count, batch.rejected_count) == (
        2,
        1,
        1,
        2,
    )
    assert not batch.file  # the uploaded list is deleted once imported


def test_matched_person_gains_the_list_as_source_and_blank_fields(
    cast: Cast, fatima: Person, source: ListSource
) -> None:
    import_run(_upload(cast, source, LIST).pk, actor=cast.alice)

    fatima.refresh_from_db()
    assert str(fatima.phone) == "+4522334455"
    assert fatima.version == 2  # an edit form opened before the import now conflicts
    assert fatima.inform_due_on is None  # she was known before the list
    assert PersonSource.objects.filter(person=fatima, note="Sprogskolen").count() == 1


def test_new_people_get_the_duty_to_inform_and_a_source(
    cast: Cast, fatima: Person, source: ListSource
) -> None:
    import_run(_upload(cast, source, LIST).pk, actor=cast.alice)

    hodan = Person.objects.get(first_name="Hodan")
    assert hodan.inform_due_on is not None and hodan.informed_on is None
    assert hodan.municipality == cast.viborg
    assert [s.note for s in hodan.sources.all()] == ["Sprogskolen"]
    assert hodan.status_events.count() == 1
    assert AccessLogEntry.objects.filter(action=AccessAction.CREATE, person_id=hodan.pk).exists()
    assert AccessLogEntry.objects.filter(action=AccessAction.IMPORT).count() == 1


def test_formula_cells_are_kept_as_text_and_problems_named(
    cast: Cast, fatima: Person, source: ListSource
) -> None:
    with translation.override("en"):
        batch = import_run(_upload(cast, source, LIST).pk, actor=cast.alice)

    hack = Person.objects.get(last_name="Hack")
    assert hack.first_name == "=HYPERLINK(1)"
    assert hack.birth_date is None and not hack.postal_code
    row = ImportRow.objects.get(batch=batch, row_number=7)
    messages = {(p["column"], p["message"]) for p in row.problems}
    assert (
        "Fødselsdato",
        "“31-02-1980” is not a date of birth (write dd.mm.yyyy); left out.",
    ) in messages
    assert any(column == "Fornavn" and "never calculated" in text for column, text in messages)


def test_a_phone_number_outside_the_allocated_ranges_is_left_out(
    cast: Cast, source: ListSource
) -> None:
    """Eight digits are a possible Danish number, but the person's phone field takes only
    allocated ranges; such a value must be left out of the row, not stop the whole import."""
    text = "Løbenr;Fornavn;Efternavn;Telefon\n1;Shazia;Numrusani;85 67 92 81\n"
    with translation.override("en"):
        batch = import_run(_upload(cast, source, text).pk, actor=cast.alice)

    assert batch.status == ImportStatus.DONE, batch.error
    assert not Person.objects.get(last_name="Numrusani").phone
    row = ImportRow.objects.get(batch=batch, row_number=2)
    assert [p["message"] for p in row.problems] == [
        "“85 67 92 81” is not a phone number; left out."
    ]


def test_people_of_another_municipality_are_never_matched(cast: Cast, source: ListSource) -> None:
    PersonFactory(
        municipality=cast.hedensted,
        first_name="Fatima",
        last_name="Al-Hassan",
        birth_date=date(1980, 3, 5),
    )

    batch = import_run(_upload(cast, source, LIST).pk, actor=cast.alice)

    assert batch.matched_count == 0
    assert Person.objects.filter(municipality=cast.viborg, first_name="Fatma").exists()


def test_uncertain_pairs_go_to_the_review_queue(
    cast: Cast, source: ListSource, settings: object
) -> None:
    settings.LINKAGE_MATCH_THRESHOLD = 1.01  # nothing is certain: all goes to review  # type: ignore[attr-defined]
    PersonFactory(first_name="Amina", last_name="Yusuf", birth_date=date(1985, 6, 1))
    text = "Fornavn;Efternavn;Fødselsdato\nAmina;Yusuf;\n"

    batch = import_run(_upload(cast, source, text).pk, actor=cast.alice)

    assert batch.review_count == 1
    candidate = DuplicateCandidate.objects.get()
    assert 0.5 <= candidate.probability <= 1
    assert candidate.evidence["fn"][0] == "same spelling"
    assert candidate.evidence["dob"][0] == "missing"


def test_a_cancelled_import_leaves_the_registry_as_before(
    cast: Cast, fatima: Person, source: ListSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = _upload(cast, source, LIST)
    before = (Person.objects.count(), PersonSource.objects.count(), str(fatima.phone))
    real_progress = progress.step

    def cancel_while_saving(batch: ImportBatch, **changes: object) -> None:
        if ImportBatch.objects.get(pk=batch.pk).phase == "saving":
            ImportBatch.objects.filter(pk=batch.pk).update(cancel_requested=True)
        real_progress(batch, **changes)

    monkeypatch.setattr(progress, "step", cancel_while_saving)
    batch = import_run(batch.pk, actor=cast.alice)

    fatima.refresh_from_db()
    assert batch.status == ImportStatus.CANCELLED
    assert (Person.objects.count(), PersonSource.objects.count(), str(fatima.phone)) == before
    # and it can be run again
    monkeypatch.setattr(progress, "step", real_progress)
    assert import_run(batch.pk, actor=cast.alice).status == ImportStatus.DONE


def test_a_failing_import_rolls_back(
    cast: Cast, fatima: Person, source: ListSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = _upload(cast, source, LIST)
    count = Person.objects.count()

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(applying, "queue_for_review", explode)
    with pytest.raises(RuntimeError):
        import_run(batch.pk, actor=cast.alice)

    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert Person.objects.count() == count
    assert not ImportRow.objects.filter(batch=batch).exists()


def test_a_second_run_of_a_done_import_changes_nothing(
    cast: Cast, fatima: Person, source: ListSource
) -> None:
    batch = import_run(_upload(cast, source, LIST).pk, actor=cast.alice)
    counts = (Person.objects.count(), PersonSource.objects.count(), ImportRow.objects.count())

    again = import_run(batch.pk, actor=cast.alice)

    assert again.status == ImportStatus.DONE
    assert (again.new_count, again.matched_count) == (batch.new_count, batch.matched_count)
    assert (
        Person.objects.count(),
        PersonSource.objects.count(),
        ImportRow.objects.count(),
    ) == counts


def test_an_import_is_done_in_the_same_transaction_as_its_people(
    cast: Cast, fatima: Person, source: ListSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopped between saving the people and saying "done", an import would be imported
    twice when started again; so the two are committed together, or not at all."""
    batch = _upload(cast, source, LIST)
    people = Person.objects.count()
    real_save = run.registry_save

    def save_then_die(*args: Any, **kwargs: Any) -> dict[str, int]:
        real_save(*args, **kwargs)
        raise RuntimeError("the process stops before the import is marked done")

    monkeypatch.setattr(run, "registry_save", save_then_die)
    with pytest.raises(RuntimeError):
        import_run(batch.pk, actor=cast.alice)

    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert Person.objects.count() == people
    monkeypatch.setattr(run, "registry_save", real_save)
    assert import_run(batch.pk, actor=cast.alice).new_count == 2
    assert Person.objects.count() == people + 2


def test_the_mapping_is_remembered_per_source(cast: Cast, source: ListSource) -> None:
    text = "Kaldenavn;Slægtsnavn\nHodan;Warsame\n"
    batch = import_upload(
        actor=cast.alice, source=source, upload=ContentFile(text.encode(), "a.csv")
    )
    assert batch.mapping == {"Kaldenavn": "", "Slægtsnavn": ""}
    import_map(
        actor=cast.alice,
        batch=batch,
        mapping={"Kaldenavn": "first_name", "Slægtsnavn": "last_name"},
    )

    again = import_upload(
        actor=cast.alice, source=source, upload=ContentFile(text.encode(), "b.csv")
    )

    assert again.mapping == {"Kaldenavn": "first_name", "Slægtsnavn": "last_name"}


def test_import_list_command_prints_a_json_summary(
    cast: Cast, fatima: Person, tmp_path: Path
) -> None:
    path = tmp_path / "liste.csv"
    path.write_bytes(LIST.encode("cp1252"))
    out = StringIO()

    call_command(
        "import-list", str(path), "--municipality", "791", "--source", "Garantier", stdout=out
    )

    summary = json.loads(out.getvalue())
    assert (summary["new"], summary["matched"], summary["rejected"]) == (2, 1, 2)
    assert summary["duplicates_in_list"] == 1
    assert [r["row"] for r in summary["rejections"]] == [4, 6]
    assert ListSource.objects.get(name="Garantier").municipality == cast.viborg


def test_import_list_command_refuses_unusable_input(cast: Cast, tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_bytes(b"Farve;Tal\nbla;1\n")
    with pytest.raises(CommandError) as error:
        call_command("import-list", str(path), "--municipality", "791", "--source", "X")
    assert error.value.returncode == 2
    assert "first name" in str(error.value)
    with pytest.raises(CommandError, match="unknown municipality"):
        call_command("import-list", str(path), "--municipality", "999", "--source", "X")


def test_the_fixture_list_comes_out_as_its_truth(cast: Cast, source: ListSource) -> None:
    registry = fixture_registry(cast)
    batch = import_upload(
        actor=cast.alice,
        source=source,
        upload=ContentFile(FIXTURE_LIST.read_bytes(), FIXTURE_LIST.name),
    )
    batch = import_map(actor=cast.alice, batch=batch, mapping=batch.mapping)

    batch = import_run(batch.pk, actor=cast.alice)

    rows = {row.row_number: row for row in ImportRow.objects.filter(batch=batch)}
    for number, (outcome, who) in TRUTH.items():
        assert rows[number].outcome == outcome, (number, rows[number].problems)
        if outcome == "matched":
            assert rows[number].person == registry[who], number
    amina = DuplicateCandidate.objects.get(batch=batch)
    assert {amina.person_a, amina.person_b} == {registry["amina"], rows[14].person}
    assert rows[11].person == rows[10].person


MALFORMED = (
    "Fornavn;Efternavn;By\n"
    "Fatma;Alhassan;Viborg\n"
    "Hodan;Warsame;Viborg; Syd\n"  # a ";" outside quotation marks: one cell too many
    'Semhar;"Tesfay;Viborg\n'  # a quotation mark never closed
    "Malee;Srisuk;Viborg\n"
    "Shirin;Rahimi;Tjele\n"
)


def test_malformed_rows_are_rejected_by_number_and_the_rest_imported(
    cast: Cast, source: ListSource
) -> None:
    with translation.override("en"):
        batch = import_run(_upload(cast, source, MALFORMED, "utf-8").pk, actor=cast.alice)

    assert batch.status == ImportStatus.DONE, batch.error
    outcomes = dict(ImportRow.objects.filter(batch=batch).values_list("row_number", "outcome"))
    assert outcomes == {
        2: RowOutcome.NEW,
        3: RowOutcome.REJECTED,
        4: RowOutcome.REJECTED,
        5: RowOutcome.NEW,
        6: RowOutcome.NEW,
    }
    assert set(Person.objects.values_list("first_name", flat=True)) == {"Fatma", "Malee", "Shirin"}
    problems = {
        row.row_number: row.problems[0]["message"]
        for row in ImportRow.objects.filter(batch=batch, outcome=RowOutcome.REJECTED)
    }
    assert problems[3].startswith("the row has 4 cells but the header has 3.")
    assert "never closed" in problems[4]
    assert (batch.new_count, batch.rejected_count) == (3, 2)


def test_a_full_name_too_long_for_a_first_name_rejects_its_row_only(
    cast: Cast, source: ListSource
) -> None:
    """A full name of up to 200 characters splits into a first name the person's record
    cannot hold: the row is rejected, the list imported."""
    long_name = " ".join(["Fatima"] * 20) + " Ali"  # 139 characters of first names
    text = f"Navn;By\n{long_name};Viborg\nHodan Warsame;Viborg\n"
    with translation.override("en"):
        batch = import_run(_upload(cast, source, text, "utf-8").pk, actor=cast.alice)

    assert batch.status == ImportStatus.DONE, batch.error
    rejected = ImportRow.objects.get(batch=batch, outcome=RowOutcome.REJECTED)
    assert rejected.row_number == 2
    assert [(p["column"], p["message"]) for p in rejected.problems] == [
        ("Navn", "139 characters; at most 100.")
    ]
    assert list(Person.objects.values_list("first_name", flat=True)) == ["Hodan"]


def test_an_import_learns_from_the_review_queue_and_keeps_the_spread_of_its_scores(
    cast: Cast, fatima: Person, source: ListSource, settings: object
) -> None:
    from brobygger.linkage.models import ReviewLabelCount

    settings.LINKAGE_LEARN_MIN_LABELS = 50  # type: ignore[attr-defined]
    settings.LINKAGE_LEARN_MIN_EACH = 10  # type: ignore[attr-defined]
    ReviewLabelCount.objects.create(
        municipality=cast.viborg, comparison="dob", level="same date", same=60, different=2
    )
    ReviewLabelCount.objects.create(
        municipality=cast.viborg, comparison="dob", level="different", same=0, different=18
    )
    batch = import_run(_upload(cast, source, LIST).pk, actor=cast.alice)

    assert batch.status == ImportStatus.DONE, batch.error
    assert batch.learning is not None and batch.learning["applied"]
    assert (batch.learning["same"], batch.learning["different"]) == (60, 20)
    dob = next(c for c in batch.model["comparisons"] if c["output_column_name"] == "dob")
    same_date = next(
        level for level in dob["comparison_levels"] if level["label_for_charts"] == "same date"
    )
    change = next(c for c in batch.learning["changes"] if c["level"] == "same date")
    assert same_date["m_probability"] == pytest.approx(change["after"])
    assert change["after"] > change["before"]
    assert batch.scores is not None
    kept = sum(count for count, _p in batch.scores["bins"])
    # The matched row's pair at least, and every pair in the review band or above.
    assert kept >= 1
    assert sum(c for c, _p in batch.scores["bins"][50:]) >= batch.matched_count


def test_an_import_below_the_safeguard_leaves_the_model_and_says_so(
    cast: Cast, fatima: Person, source: ListSource
) -> None:
    batch = import_run(_upload(cast, source, LIST).pk, actor=cast.alice)
    assert batch.learning is not None
    assert not batch.learning["applied"] and batch.learning["changes"] == []
