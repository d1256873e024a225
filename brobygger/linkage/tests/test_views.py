"""The import wizard and the review queue through the web."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.linkage import imports, wizard
from brobygger.linkage.models import (
    CandidateStatus,
    DuplicateCandidate,
    ImportBatch,
    ImportRow,
    ImportStatus,
    ListSource,
)
from brobygger.linkage.tests.fixture_list import FIXTURE_LIST, TRUTH, fixture_registry
from brobygger.outreach.models import MethodCategory, OutreachMethod
from brobygger.people.models import Person
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client: Client) -> Client:
    """These tests read the English interface."""
    client.cookies["brobygger_language"] = "en"
    return client


LIST = (
    "Fornavn;Efternavn;Fødselsdato;Telefon\n"
    "Fatma;Alhassan;05-03-1980;22334455\n"
    "Hodan;Warsame;;\n"
    ";Uden;;\n"
)


def _method() -> OutreachMethod:
    return OutreachMethod.objects.filter(category=MethodCategory.LISTS).first()  # type: ignore[return-value]


def _upload(client: Client, content: bytes, name: str = "liste.csv"):
    return client.post(
        reverse("linkage:upload"),
        {
            "new_source_name": "Sprogskolen",
            "method": str(_method().pk),
            "file": SimpleUploadedFile(name, content),
        },
    )


def test_the_wizard_from_upload_to_result(client: Client, cast: Cast) -> None:
    PersonFactory(first_name="Fatima", last_name="Al-Hassan", birth_date=date(1980, 3, 5))
    client.force_login(cast.alice)

    response = _upload(client, LIST.encode("cp1252"))
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("linkage:map", kwargs={"batch_id": batch.pk})

    page = client.get(response["Location"])
    assert "Fødselsdato" in page.content.decode()
    mapping = {
        "column_0": "first_name",
        "column_1": "last_name",
        "column_2": "birth_date",
        "column_3": "phone",
        "encoding": "cp1252",
    }
    response = client.post(reverse("linkage:map", kwargs={"batch_id": batch.pk}), mapping)
    assert response["Location"] == reverse("linkage:preview", kwargs={"batch_id": batch.pk})

    preview = client.get(response["Location"]).content.decode()
    assert "Row 4, column “Fornavn”: the first name is missing." in preview
    response = client.post(reverse("linkage:preview", kwargs={"batch_id": batch.pk}))
    assert response["Location"] == reverse("linkage:detail", kwargs={"batch_id": batch.pk})

    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE
    assert (batch.new_count, batch.matched_count, batch.rejected_count) == (1, 1, 1)
    result = client.get(response["Location"]).content.decode()
    assert 'data-testid="count-new">1<' in result
    assert ListSource.objects.get().column_mapping["Fødselsdato"] == "birth_date"
    assert client.get(reverse("linkage:model", kwargs={"batch_id": batch.pk})).status_code == 200


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The submitted file is empty."),
        (b"Fornavn;Efternavn\n", "header row but no data rows"),
        (b"\x00\x01\x02\x03" * 50, "binary data"),
        ("Fornavn\nFatima\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_unusable_files_are_refused_at_the_file_field(
    client: Client, cast: Cast, content: bytes, message: str
) -> None:
    client.force_login(cast.alice)

    response = _upload(client, content)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert not ListSource.objects.filter(name="Sprogskolen", batches__isnull=False).exists()


def test_a_file_over_the_limit_is_refused(client: Client, cast: Cast, settings: object) -> None:
    settings.IMPORT_MAX_BYTES = 1_000  # type: ignore[attr-defined]
    client.force_login(cast.alice)

    response = _upload(client, b"Fornavn\n" + b"Fatima\n" * 500)

    assert (
        "the limit is 0,0 MB" in response.content.decode()
        or "the limit is" in response.content.decode()
    )
    assert not ImportBatch.objects.exists()


def test_mapping_without_a_name_column_is_refused(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    _upload(client, LIST.encode())
    batch = ImportBatch.objects.get()

    response = client.post(
        reverse("linkage:map", kwargs={"batch_id": batch.pk}),
        {"column_0": "", "column_1": "last_name"},
    )

    assert response.status_code == 200
    assert "Choose the column that holds the first name" in response.content.decode()


def test_progress_is_polled_while_running_and_can_be_cancelled(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    source = ListSource.objects.create(municipality=cast.viborg, name="X", method=_method())
    batch = ImportBatch.objects.create(
        municipality=cast.viborg,
        source=source,
        original_name="x.csv",
        status=ImportStatus.RUNNING,
        phase="reading",
        rows_total=200,
        rows_done=50,
    )
    url = reverse("linkage:detail", kwargs={"batch_id": batch.pk})

    with imports.run.run_lock(batch.pk):  # as the worker running it holds it
        partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
        assert 'hx-trigger="every 1s"' in partial
        assert '<progress id="import-progress" max="100" value="12">' in partial
        assert "<html" not in partial
        client.post(reverse("linkage:cancel", kwargs={"batch_id": batch.pk}))
    batch.refresh_from_db()
    assert batch.cancel_requested


def test_an_interrupted_import_shows_as_failed_and_can_be_started_again(
    client: Client, cast: Cast
) -> None:
    """A worker killed in the middle of an import leaves its batch "running" with nobody
    holding its run lock: the page says so, and the same file can be started again."""
    client.force_login(cast.alice)
    _upload(client, LIST.encode("cp1252"))
    batch = ImportBatch.objects.get()
    wizard.import_map(
        actor=cast.alice, batch=batch, mapping={"Fornavn": "first_name", "Efternavn": "last_name"}
    )
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.RUNNING, phase="saving", rows_total=3
    )
    ImportRow.objects.create(batch=batch, row_number=2, values={"first_name": "Fatma"})
    people = Person.objects.count()

    page = client.get(reverse("linkage:list")).content.decode()
    assert "Failed" in page
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert "interrupted" in batch.error
    assert not ImportRow.objects.filter(batch=batch).exists()
    detail = client.get(reverse("linkage:detail", kwargs={"batch_id": batch.pk})).content.decode()
    assert 'data-testid="restart"' in detail
    assert Person.objects.count() == people

    response = client.post(reverse("linkage:restart", kwargs={"batch_id": batch.pk}))

    assert response["Location"] == reverse("linkage:detail", kwargs={"batch_id": batch.pk})
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE, batch.error
    assert (batch.new_count, batch.rejected_count) == (2, 1)
    assert Person.objects.count() == people + 2
    # done is final: starting it again is refused, and nothing is imported twice
    client.post(reverse("linkage:restart", kwargs={"batch_id": batch.pk}))
    assert Person.objects.count() == people + 2


def test_restart_is_a_post_and_only_for_the_municipality(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    _upload(client, LIST.encode("cp1252"))
    batch = ImportBatch.objects.get()
    url = reverse("linkage:restart", kwargs={"batch_id": batch.pk})

    assert client.get(url).status_code == 405
    client.force_login(cast.charlie)
    assert client.post(url).status_code == 404


def test_review_merge_and_undo(client: Client, cast: Cast) -> None:
    a = PersonFactory(first_name="Fatima", last_name="Al-Hassan")
    b = PersonFactory(first_name="Fatma", last_name="Alhassan", birth_date=date(1980, 3, 5))
    candidate = DuplicateCandidate.objects.create(
        municipality=cast.viborg,
        person_a=a,
        person_b=b,
        probability=0.8,
        evidence={"fn": ["same name, other spelling", 5.4], "dob": ["missing", 0.0]},
    )
    client.force_login(cast.alice)
    url = reverse("linkage:review-pair", kwargs={"candidate_id": candidate.pk})

    page = client.get(url).content.decode()
    assert "Fatma" in page and "Fatima" in page
    assert AccessLogEntry.objects.filter(action=AccessAction.VIEW, person_id=b.pk).exists()

    client.post(url, {"decision": "same", "keep": "a"})
    candidate.refresh_from_db()
    b.refresh_from_db()
    assert candidate.status == CandidateStatus.MERGED
    assert b.merged_into == a
    assert client.get(reverse("people:detail", kwargs={"person_id": b.pk})).status_code == 404
    survivor_page = client.get(
        reverse("people:detail", kwargs={"person_id": a.pk})
    ).content.decode()
    assert 'data-testid="merges"' in survivor_page
    assert url in survivor_page

    client.post(url, {"undo": "1"})
    candidate.refresh_from_db()
    b.refresh_from_db()
    assert candidate.status == CandidateStatus.OPEN
    assert b.merged_into is None
    assert Person.objects.get(pk=a.pk).birth_date is None


def test_review_decisions_need_change_rights(client: Client, cast: Cast) -> None:
    a, b = PersonFactory(), PersonFactory()
    candidate = DuplicateCandidate.objects.create(
        municipality=cast.viborg, person_a=a, person_b=b, probability=0.8
    )
    client.force_login(cast.bob)  # volunteer coordinator: no access to people

    response = client.post(
        reverse("linkage:review-pair", kwargs={"candidate_id": candidate.pk}), {"decision": "same"}
    )

    assert response.status_code == 404
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.OPEN


def test_a_malformed_row_is_named_in_the_preview_and_the_result_and_the_rest_imported(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.alice)
    content = (
        b"Fornavn;Efternavn;By\n"
        b"Hodan;Warsame;Viborg; Syd\n"  # the first row: a ";" outside quotation marks
        b"Fatma;Alhassan;Viborg\n"
        b'Semhar;"Tesfay;Viborg\n'
        b"Malee;Srisuk;Viborg\n"
    )
    response = _upload(client, content)
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.get()
    client.post(
        reverse("linkage:map", kwargs={"batch_id": batch.pk}),
        {"column_0": "first_name", "column_1": "last_name", "column_2": ""},
    )

    preview = client.get(reverse("linkage:preview", kwargs={"batch_id": batch.pk}))
    page = preview.content.decode()
    assert "Row 2: the row has 4 cells but the header has 3." in page
    assert "Row 4: a quotation mark (&quot;) in the row is never closed" in page
    assert "2 rows will be rejected" in page
    client.post(reverse("linkage:preview", kwargs={"batch_id": batch.pk}))

    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE, batch.error
    assert (batch.new_count, batch.rejected_count) == (2, 2)
    result = client.get(reverse("linkage:detail", kwargs={"batch_id": batch.pk})).content.decode()
    assert "Row 2: the row has 4 cells but the header has 3." in result
    assert "Row 4: a quotation mark" in result


def _import_done(cast: Cast, name: str) -> ListSource:
    source = ListSource.objects.create(municipality=cast.viborg, name=name, method=_method())
    ImportBatch.objects.create(
        municipality=cast.viborg, source=source, original_name="x.csv", status=ImportStatus.DONE
    )
    return source


def test_a_refused_file_leaves_the_name_of_the_new_list_free(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)

    refused = _upload(client, b"Fornavn;Efternavn\n")
    again = _upload(client, LIST.encode())

    assert refused.status_code == 200
    assert again.status_code == 302, again.content.decode()
    source = ListSource.objects.get()
    assert source.name == "Sprogskolen"
    assert ImportBatch.objects.get().source == source


@pytest.mark.parametrize("status", [ImportStatus.UPLOADED, ImportStatus.FAILED])
def test_a_new_list_named_like_an_earlier_attempt_takes_it_up_again(
    client: Client, cast: Cast, status: str
) -> None:
    """Her first attempt stopped at the columns, or its import failed: nothing of it is in
    the registry, and trying again with the same name must not be refused."""
    client.force_login(cast.alice)
    _upload(client, LIST.encode())
    first = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=first.pk).update(status=status)

    again = _upload(client, LIST.encode())

    assert again.status_code == 302, again.content.decode()
    second = ImportBatch.objects.exclude(pk=first.pk).get()
    assert second.source == first.source
    assert ListSource.objects.count() == 1


def test_a_list_name_in_use_is_refused_in_her_words(client: Client, cast: Cast) -> None:
    _import_done(cast, "Sprogskolen")
    client.force_login(cast.alice)

    response = _upload(client, LIST.encode())

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is already a list with that name in Viborg Kommune." in page
    assert "already exists" not in page
    assert not ImportBatch.objects.exclude(status=ImportStatus.DONE).exists()
    assert ListSource.objects.count() == 1


def test_a_list_name_in_use_is_refused_in_danish_without_the_model_names(
    client: Client, cast: Cast
) -> None:
    _import_done(cast, "sprogskolen")  # the same name in other letters
    client.cookies["brobygger_language"] = "da"
    client.force_login(cast.alice)

    page = _upload(client, LIST.encode()).content.decode()

    assert "Der findes allerede en liste med det navn i Viborg Kommune." in page
    assert "eksisterer allerede" not in page  # Django's "<model> med dette <felt> ..."
    assert ImportBatch.objects.count() == 1


def test_another_municipality_may_use_the_same_list_name(client: Client, cast: Cast) -> None:
    source = _import_done(cast, "Sprogskolen")
    ListSource.objects.filter(pk=source.pk).update(municipality=cast.hedensted)
    client.force_login(cast.alice)

    assert _upload(client, LIST.encode()).status_code == 302


def _wizard(client: Client, content: bytes) -> ImportBatch:
    """Upload, keep the recognised columns, start: the import runs inside the request."""
    _upload(client, content, name="garantiliste.csv")
    batch = ImportBatch.objects.latest("pk")
    wizard.import_map(actor=batch.created_by, batch=batch, mapping=batch.mapping)  # type: ignore[arg-type]
    client.post(reverse("linkage:preview", kwargs={"batch_id": batch.pk}))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE, batch.error
    return batch


def _count(page: str, testid: str) -> int:
    match = re.search(rf'data-testid="{testid}">(\d+)<', page)
    assert match, testid
    return int(match[1])


def test_the_result_adds_up_to_the_rows_and_names_who_became_what(
    client: Client, cast: Cast
) -> None:
    registry = fixture_registry(cast)
    client.force_login(cast.alice)

    batch = _wizard(client, FIXTURE_LIST.read_bytes())
    page = client.get(reverse("linkage:detail", kwargs={"batch_id": batch.pk})).content.decode()

    counts = {
        name: _count(page, f"count-{name}")
        for name in ("new", "review", "matched", "duplicates", "rejected")
    }
    truth = [outcome for outcome, _who in TRUTH.values()]
    assert counts == {
        "new": truth.count("new"),
        "review": truth.count("review"),
        "matched": truth.count("matched"),
        "duplicates": truth.count("duplicate"),
        "rejected": truth.count("rejected"),
    }
    assert _count(page, "count-rows") == len(TRUTH) == sum(counts.values())
    rows = {row.row_number: row for row in ImportRow.objects.filter(batch=batch)}
    semhar, amina = rows[8].person, rows[14].person
    assert semhar is not None and amina is not None
    for person in (semhar, amina, registry["fatima"], registry["mohammed"]):
        link = f'<a href="{reverse("people:detail", kwargs={"person_id": person.pk})}">{person}</a>'
        assert link in page, person
    assert "Row 11" in page  # Zahra Ahmadi again


def test_a_person_she_may_no_longer_see_is_not_named_in_the_result(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.alice)
    batch = _wizard(client, LIST.encode("cp1252"))
    hodan = Person.objects.get(first_name="Hodan")
    Person.objects.filter(pk=hodan.pk).update(erased_at=timezone.now())

    page = client.get(reverse("linkage:detail", kwargs={"batch_id": batch.pk})).content.decode()

    assert "Hodan" not in page
    assert "not shown: merged into another record or erased since" in page


def test_the_review_buttons_show_the_pairs_the_review_queue_lists(
    client: Client, cast: Cast
) -> None:
    fixture_registry(cast)
    client.force_login(cast.alice)
    batch = _wizard(client, FIXTURE_LIST.read_bytes())
    a, b = PersonFactory(first_name="Leyla"), PersonFactory(first_name="Leila")
    DuplicateCandidate.objects.create(
        municipality=cast.viborg,
        person_a=min(a, b, key=lambda p: p.pk),
        person_b=max(a, b, key=lambda p: p.pk),
        probability=0.7,
        status=CandidateStatus.LATER,  # left for later: still in the queue
    )

    lists = client.get(reverse("linkage:list")).content.decode()
    detail = client.get(reverse("linkage:detail", kwargs={"batch_id": batch.pk})).content.decode()
    queue = client.get(reverse("linkage:review")).content.decode()
    batch_queue = client.get(f"{reverse('linkage:review')}?batch={batch.pk}").content.decode()

    listed, listed_for_batch = (
        queue.count('data-testid="pair"'),
        batch_queue.count('data-testid="pair"'),
    )
    assert (listed, listed_for_batch) == (2, 1)
    assert f"Review queue ({listed} pairs)" in lists
    assert f"Review {listed_for_batch} pair<" in detail
    assert f'name="batch" value="{batch.pk}"' in batch_queue  # the filter keeps the import


def test_the_merged_filter_lists_merges_with_their_undo(client: Client, cast: Cast) -> None:
    a = PersonFactory(first_name="Fatima", last_name="Al-Hassan")
    b = PersonFactory(first_name="Fatma", last_name="Alhassan")
    candidate = DuplicateCandidate.objects.create(
        municipality=cast.viborg, person_a=a, person_b=b, probability=0.8
    )
    client.force_login(cast.alice)
    pair_url = reverse("linkage:review-pair", kwargs={"candidate_id": candidate.pk})
    client.post(pair_url, {"decision": "same", "keep": "a"})

    merged = client.get(f"{reverse('linkage:review')}?status=merged").content.decode()

    assert merged.count('data-testid="pair"') == 1
    assert pair_url in merged
    assert 'data-testid="undo"' in client.get(pair_url).content.decode()
    client.post(pair_url, {"undo": "1"})
    b.refresh_from_db()
    assert b.merged_into is None
    again = client.get(f"{reverse('linkage:review')}?status=merged").content.decode()
    assert 'data-testid="pair"' not in again


def test_charlie_gets_404_for_the_result_and_sees_no_pairs_of_viborg(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.alice)
    batch = _wizard(client, LIST.encode("cp1252"))
    client.force_login(cast.charlie)

    assert client.get(reverse("linkage:detail", kwargs={"batch_id": batch.pk})).status_code == 404
    queue = client.get(f"{reverse('linkage:review')}?status=merged&batch={batch.pk}")
    assert 'data-testid="pair"' not in queue.content.decode()
