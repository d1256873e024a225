"""The evaluator's pseudonymised extract: what it holds, what it never holds, who gets it."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from brobygger.accounts.access import Permission, partnership_scope_for
from brobygger.accounts.models import Membership, Role, User
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.core.crypto import encrypt
from brobygger.evaluation import files
from brobygger.evaluation.layout import LAYOUT
from brobygger.evaluation.models import ExtractRun, ExtractStatus, PseudonymKey
from brobygger.evaluation.pseudonyms import pseudonymiser_for
from brobygger.interventions.models import (
    Assessor,
    Completion,
    ConfidenceMeasure,
    Enrolment,
    InterventionType,
    Outcome,
    OutcomeKind,
    ProgressionAssessment,
    ProgressionDimension,
    ProgressionScore,
)
from brobygger.outreach.models import (
    ActivityStatus,
    MethodCategory,
    OutreachActivity,
    OutreachMethod,
)
from brobygger.partnerships.models import Municipality, Partnership
from brobygger.people.cpr import cpr_lookup_hash
from brobygger.people.models import (
    ContactAttempt,
    ContactChannel,
    ContactOutcome,
    IntegrationPeriod,
    Person,
    PersonSource,
    PipelineStatus,
    StatusEvent,
)
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import PASSWORD, Cast

pytestmark = pytest.mark.django_db

HOSTILE_METHOD = '=HYPERLINK("http://evil.invalid","klik")'

# Everything about the synthetic person that must never leave in an extract.
SECRETS = {
    "first_name": "Zulaikhatest",
    "last_name": "Qarshibaevatest",
    "name_variants": "Zulayxo Qarshiboyeva",
    "email": "zulaikha.secret@example.invalid",
    "street": "Hemmeligvej 17",
    "floor_door": "3. tv",
    "postal_code": "8831",
    "city": "Loegstruptest",
    "housing_area": "Boligomraade Hemmelig",
    "provider_name": "Aegtefaelle Hemmelig",
    "notes": "NOTE-SECRET kender naboen",
    "next_action": "NEXT-ACTION-SECRET",
    "informed_how": "INFORMED-SECRET",
    "consent_scope": "CONSENT-SECRET",
}
PHONE_E164 = "+4528917364"
PHONE_NATIONAL = "28 91 73 64"
CPR = "1502851234"
OTHER_SECRETS = [
    "SOURCE-NOTE-SECRET",
    "STATUS-NOTE-SECRET",
    "CONFIDENCE-NOTE-SECRET",
    "Udbyder Hemmelig ApS",
    "RESULT-SECRET",
    "Arbejdsgiver Hemmelig",
    "Mentor Hemmelig",
    "ASSESSMENT-COMMENT-SECRET",
    "SCORE-COMMENT-SECRET",
    "ATTEMPT-NOTE-SECRET",
    "ACTIVITY-TITLE-SECRET",
    "ACTIVITY-PLACE-SECRET",
    "ACTIVITY-PARTNER-SECRET",
    "ACTIVITY-NOTES-SECRET",
    "alice",
]


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


@pytest.fixture
def data(cast: Cast) -> dict[str, Person]:
    method = OutreachMethod.objects.create(name=HOSTILE_METHOD, category=MethodCategory.PR)
    person = PersonFactory(
        municipality=cast.viborg,
        birth_date=date(1985, 2, 15),
        phone=PHONE_E164,
        cpr_ciphertext=encrypt(CPR),
        cpr_hash=cpr_lookup_hash(CPR),
        country_of_origin="SY",
        year_of_arrival=2019,
        danish_programme="DU2",
        danish_module=3,
        children_count=2,
        status=PipelineStatus.IN_INTERVENTION,
        integration_period=IntegrationPeriod.COMPLETED,
        known_in_municipal_systems=False,
        assigned_caseworker=cast.alice,
        created_by=cast.alice,
        **SECRETS,
    )
    activity = OutreachActivity.objects.create(
        municipality=cast.viborg,
        method=method,
        title="ACTIVITY-TITLE-SECRET",
        place="ACTIVITY-PLACE-SECRET",
        partner_note="ACTIVITY-PARTNER-SECRET",
        notes="ACTIVITY-NOTES-SECRET",
        planned_on=date(2026, 8, 1),
        status=ActivityStatus.DONE,
        done_on=date(2026, 8, 1),
        hours=Decimal("2.5"),
        responsible=cast.alice,
    )
    # Another partnership's municipality: its activities stay out.
    OutreachActivity.objects.create(
        municipality=Municipality.objects.get(code="751"),
        method=method,
        title="Aarhustest",
        planned_on=date(2026, 8, 1),
    )
    PersonSource.objects.create(
        person=person,
        method=method,
        activity=activity,
        note="SOURCE-NOTE-SECRET",
        recorded_by=cast.alice,
    )
    ContactAttempt.objects.create(
        person=person,
        channel=ContactChannel.PHONE,
        outcome=ContactOutcome.NO_ANSWER,
        occurred_at=datetime(2026, 8, 18, 10, tzinfo=ZoneInfo("Europe/Copenhagen")),
        note="ATTEMPT-NOTE-SECRET",
        made_by=cast.alice,
    )
    ContactAttempt.objects.create(
        person=person,
        channel=ContactChannel.HOME_VISIT,
        outcome=ContactOutcome.REACHED,
        # Half past midnight in Copenhagen, still 20 August in UTC.
        occurred_at=datetime(2026, 8, 21, 0, 30, tzinfo=ZoneInfo("Europe/Copenhagen")),
    )
    PersonSource.objects.create(
        person=person, method=OutreachMethod.objects.exclude(pk=method.pk)[0]
    )
    StatusEvent.objects.create(
        person=person,
        from_status=PipelineStatus.CONTACT_ATTEMPTED,
        to_status=PipelineStatus.CONTACTED,
        occurred_on=date(2026, 8, 20),
        note="STATUS-NOTE-SECRET",
        recorded_by=cast.alice,
    )
    StatusEvent.objects.create(
        person=person,
        from_status=PipelineStatus.CONTACTED,
        to_status=PipelineStatus.IN_INTERVENTION,
        occurred_on=date(2026, 9, 1),
    )
    ConfidenceMeasure.objects.create(
        person=person, measured_on=date(2026, 10, 1), score=6, note="CONFIDENCE-NOTE-SECRET"
    )
    ConfidenceMeasure.objects.create(person=person, measured_on=date(2026, 8, 20), score=3)
    praktik = InterventionType.objects.get(name="Virksomhedspraktik")
    enrolment = Enrolment.objects.create(
        person=person,
        intervention_type=praktik,
        provider_note="Udbyder Hemmelig ApS",
        started_on=date(2026, 9, 1),
        ended_on=date(2026, 10, 31),
        completion=Completion.COMPLETED,
        result="RESULT-SECRET",
        recorded_by=cast.alice,
    )
    for day in (date(2026, 9, 15), date(2026, 10, 15)):
        assessment = ProgressionAssessment.objects.create(
            enrolment=enrolment,
            assessed_on=day,
            assessor=Assessor.MENTOR,
            assessor_name="Mentor Hemmelig",
            comment="ASSESSMENT-COMMENT-SECRET",
        )
        for dimension in ProgressionDimension.objects.all()[:2]:
            ProgressionScore.objects.create(
                assessment=assessment,
                dimension=dimension,
                score=3,
                comment="SCORE-COMMENT-SECRET",
            )
    Outcome.objects.create(
        person=person,
        kind=OutcomeKind.ORDINARY_JOB,
        started_on=date(2026, 11, 1),
        organisation="Arbejdsgiver Hemmelig",
        weekly_hours=Decimal("37.5"),
    )
    hedensted = PersonFactory(municipality=cast.hedensted, first_name="Hedenstedtest")
    merged = PersonFactory(municipality=cast.viborg, first_name="Mergedtest", merged_into=person)
    Enrolment.objects.create(person=merged, intervention_type=praktik, started_on=date(2026, 9, 2))
    outside = PersonFactory(
        municipality=Municipality.objects.get(code="751"), first_name="Aarhustest"
    )
    return {"person": person, "hedensted": hedensted, "merged": merged, "outside": outside}


def _url(name: str, partnership: Partnership, **kwargs: int) -> str:
    return reverse(f"evaluation:{name}", kwargs={"partnership_id": partnership.pk, **kwargs})


FORMATS = {"extract-xlsx": "xlsx", "extract-csv": "csv"}


def _request(client: Client, user: User, partnership: Partnership, name: str) -> ExtractRun:
    """Ask for the extract as the evaluator does (the test settings run the task at once)."""
    client.force_login(user)
    response = client.post(_url("extract", partnership), {"file_format": FORMATS[name]})
    assert response.status_code == 302
    run = ExtractRun.objects.filter(requested_by=user, partnership=partnership).latest("id")
    assert response["Location"] == _url("extract-run", partnership, extract_id=run.pk)
    return run


def _download(client: Client, user: User, partnership: Partnership, name: str) -> bytes:
    run = _request(client, user, partnership, name)
    assert run.status == ExtractStatus.DONE, run.error
    response = client.get(_url("extract-download", partnership, extract_id=run.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def _sheets(content: bytes) -> dict[str, list[tuple[object, ...]]]:
    workbook = load_workbook(io.BytesIO(content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


def _records(rows: list[tuple[object, ...]]) -> list[dict[str, object]]:
    header = [str(name) for name in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def _csv_tables(content: bytes) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name.removesuffix(".csv"): list(
                csv.DictReader(io.StringIO(archive.read(name).decode()))
            )
            for name in archive.namelist()
            if name.endswith(".csv")
        }


def _unpacked(content: bytes) -> str:
    """Every file of an XLSX or ZIP, decompressed, as one text."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def _evaluator_of_another_partnership(cast: Cast) -> tuple[User, Partnership]:
    other = Partnership.objects.create(
        name="Viborg og Skive", starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31)
    )
    other.municipalities.set([cast.viborg, Municipality.objects.get(code="779")])
    evaluator = User.objects.create_user(username="evert", password=PASSWORD)
    Membership.objects.create(user=evaluator, role=Role.EVALUATOR, partnership=other)
    return evaluator, other


def test_workbook_holds_the_partnership_people_under_pseudonyms(
    client: Client, cast: Cast, data: dict[str, Person]
) -> None:
    sheets = _sheets(_download(client, cast.eva, cast.partnership, "extract-xlsx"))

    assert list(sheets) == [
        "Om udtrækket",
        "Borgere",
        "Forløb",
        "Resultater",
        "Tiltro",
        "Progression",
        "Kontaktforsøg",
        "Opsøgning",
    ]
    people = _records(sheets["Borgere"])
    pseudonymiser = pseudonymiser_for(partnership=cast.partnership)
    by_pseudonym = {row["pseudonym"]: row for row in people}
    assert set(by_pseudonym) == {
        pseudonymiser.person(data["person"].pk),
        pseudonymiser.person(data["hedensted"].pk),
    }
    row = by_pseudonym[pseudonymiser.person(data["person"].pk)]
    assert row == {
        "pseudonym": pseudonymiser.person(data["person"].pk),
        "municipality_code": "791",
        "birth_year": 1985,
        "gender": "female",
        "country_of_origin": "SY",
        "year_of_arrival": 2019,
        "danish_programme": "DU2",
        "danish_module": 3,
        "danish_exam": None,
        "children_count": 2,
        "status": "in_intervention",
        "integration_period": "completed",
        "known_in_municipal_systems": 0,
        "identified_on": row["identified_on"],
        "first_method": "'" + HOSTILE_METHOD,
        "first_method_category": "pr",
        "first_activity": pseudonymiser.activity(activity_pk(data)),
        "contact_reached_on": row["contact_reached_on"],
        "first_confidence_on": row["first_confidence_on"],
        "first_confidence": 3,
        "latest_confidence_on": row["latest_confidence_on"],
        "latest_confidence": 6,
    }
    assert len(str(row["pseudonym"])) == 16
    assert row["contact_reached_on"].date() == date(2026, 8, 20)  # type: ignore[attr-defined]
    assert row["first_confidence_on"].date() == date(2026, 8, 20)  # type: ignore[attr-defined]
    assert row["latest_confidence_on"].date() == date(2026, 10, 1)  # type: ignore[attr-defined]
    assert row["identified_on"].date() == timezone.localdate(data["person"].created_at)  # type: ignore[attr-defined]

    enrolments = _records(sheets["Forløb"])
    assert len(enrolments) == 1
    assert enrolments[0]["intervention"] == "Virksomhedspraktik"
    assert enrolments[0]["company_oriented"] == 1
    assert enrolments[0]["completion"] == "completed"
    assert enrolments[0]["enrolment"] != enrolments[0]["pseudonym"]
    outcomes = _records(sheets["Resultater"])
    assert [(o["kind"], o["weekly_hours"]) for o in outcomes] == [("ordinary_job", 37.5)]
    assert [c["score"] for c in _records(sheets["Tiltro"])] == [3, 6]
    progression = _records(sheets["Progression"])
    assert len(progression) == 4
    assert {p["enrolment"] for p in progression} == {enrolments[0]["enrolment"]}
    assert [p["assessment"] for p in progression] == [1, 1, 2, 2]
    attempts = _records(sheets["Kontaktforsøg"])
    assert [(a["pseudonym"], a["channel"], a["outcome"]) for a in attempts] == [
        (row["pseudonym"], "phone", "no_answer"),
        (row["pseudonym"], "home_visit", "reached"),
    ]
    # The local date, never the time of day.
    assert attempts[1]["attempted_on"].date() == date(2026, 8, 21)  # type: ignore[attr-defined]
    activities = _records(sheets["Opsøgning"])
    assert len(activities) == 1  # Aarhus is not a member
    assert activities[0]["activity"] == row["first_activity"]
    assert activities[0]["municipality_code"] == "791"
    assert activities[0]["method_category"] == "pr"
    assert activities[0]["activity_status"] == "done"
    assert activities[0]["hours"] == 2.5 and activities[0]["cost"] is None
    # The other partnership's extract gives the same activity another pseudonym.
    assert (
        pseudonymiser_for(partnership=_other(cast)).activity(activity_pk(data))
        != (row["first_activity"])
    )


def activity_pk(data: dict[str, Person]) -> int:
    source = PersonSource.objects.get(person=data["person"], activity__isnull=False)
    assert source.activity_id is not None
    return source.activity_id


def _other(cast: Cast) -> Partnership:
    other = Partnership.objects.create(
        name="Viborg alene", starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31)
    )
    other.municipalities.set([cast.viborg])
    return other


def test_no_identifying_value_is_anywhere_in_either_file(
    client: Client, cast: Cast, data: dict[str, Person]
) -> None:
    for name in ("extract-xlsx", "extract-csv"):
        content = _download(client, cast.eva, cast.partnership, name)
        text = _unpacked(content)
        for value in [*SECRETS.values(), *OTHER_SECRETS, PHONE_E164, PHONE_NATIONAL]:
            assert value.lower() not in text.lower(), f"{value} in {name}"
        for value in (CPR, "150285", data["person"].cpr_hash, "1985-02-15", "15.02.1985"):
            assert value not in text, f"{value} in {name}"
        for value in ("Mergedtest", "Aarhustest", "Hedenstedtest"):
            assert value not in text


def test_birth_year_and_never_the_date(client: Client, cast: Cast, data: dict[str, Person]) -> None:
    sheets = _sheets(_download(client, cast.eva, cast.partnership, "extract-xlsx"))
    cells = [value for rows in sheets.values() for row in rows for value in row]
    assert not any(getattr(value, "date", lambda: None)() == date(1985, 2, 15) for value in cells)
    csv_people = _csv_tables(_download(client, cast.eva, cast.partnership, "extract-csv"))[
        "borgere"
    ]
    assert "1985" in {row["birth_year"] for row in csv_people}
    assert "birth_date" not in csv_people[0]


def test_formula_is_neutralised_in_both_files(
    client: Client, cast: Cast, data: dict[str, Person]
) -> None:
    content = _download(client, cast.eva, cast.partnership, "extract-xlsx")
    workbook = load_workbook(io.BytesIO(content))
    header = [cell.value for cell in next(workbook["Borgere"].iter_rows(max_row=1))]
    column = header.index("first_method")
    method_cells = [row[column] for row in workbook["Borgere"].iter_rows(min_row=2)]
    assert "f" not in {cell.data_type for cell in method_cells}
    assert "<f>" not in _unpacked(content)
    assert "'" + HOSTILE_METHOD in {cell.value for cell in method_cells}

    tables = _csv_tables(_download(client, cast.eva, cast.partnership, "extract-csv"))
    assert "'" + HOSTILE_METHOD in {row["first_method"] for row in tables["borgere"]}
    assert not any(row["first_method"].startswith("=") for row in tables["borgere"])


def test_merged_and_outside_people_are_left_out_and_counts_match(
    client: Client, cast: Cast, data: dict[str, Person]
) -> None:
    content = _download(client, cast.eva, cast.partnership, "extract-csv")
    tables = _csv_tables(content)
    pseudonymiser = pseudonymiser_for(partnership=cast.partnership)
    pseudonyms = {row["pseudonym"] for row in tables["borgere"]}
    assert pseudonymiser.person(data["merged"].pk) not in pseudonyms
    assert pseudonymiser.person(data["outside"].pk) not in pseudonyms
    assert {len(rows) for rows in tables.values()} and {
        name: len(rows) for name, rows in tables.items()
    } == {
        "borgere": 2,
        "forloeb": 1,
        "resultater": 1,
        "tiltro": 2,
        "progression": 4,
        "kontaktforsoeg": 2,
        "opsoegning": 1,
    }
    for name, rows in tables.items():
        if "pseudonym" in rows[0]:  # the activities are not a person's
            assert {row["pseudonym"] for row in rows} <= pseudonyms, name
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sorted(archive.namelist()) == sorted(
            ["README.txt", *(f"{layout.name}.csv" for layout in LAYOUT)]
        )
        readme = archive.read("README.txt").decode()
    assert "HMAC-SHA256" in readme and "first_method" in readme
    assert "Opsøgende indsats" in readme


def test_pseudonyms_are_stable_and_differ_between_partnerships(
    client: Client, cast: Cast, data: dict[str, Person]
) -> None:
    first = _records(
        _sheets(_download(client, cast.eva, cast.partnership, "extract-xlsx"))["Borgere"]
    )
    second = _csv_tables(_download(client, cast.eva, cast.partnership, "extract-csv"))["borgere"]
    again = _records(
        _sheets(_download(client, cast.eva, cast.partnership, "extract-xlsx"))["Borgere"]
    )
    assert [r["pseudonym"] for r in first] == [r["pseudonym"] for r in second]
    assert [r["pseudonym"] for r in first] == [r["pseudonym"] for r in again]
    assert PseudonymKey.objects.count() == 1

    evaluator, other = _evaluator_of_another_partnership(cast)
    theirs = _csv_tables(_download(client, evaluator, other, "extract-csv"))["borgere"]
    assert len(theirs) == 1  # the Viborg person; nobody in Skive
    assert theirs[0]["pseudonym"] not in {r["pseudonym"] for r in first}
    assert PseudonymKey.objects.count() == 2


def test_the_key_is_random_encrypted_and_made_once(cast: Cast) -> None:
    first = pseudonymiser_for(partnership=cast.partnership)
    second = pseudonymiser_for(partnership=cast.partnership)
    assert first.person(1) == second.person(1) != first.enrolment(1)
    key = PseudonymKey.objects.get()
    assert len(key.secret) > 64  # a Fernet token, not the 64 hexadecimal characters


def test_every_download_is_in_the_access_log(
    client: Client, cast: Cast, data: dict[str, Person]
) -> None:
    _download(client, cast.eva, cast.partnership, "extract-xlsx")
    _download(client, cast.eva, cast.partnership, "extract-csv")

    entries = AccessLogEntry.objects.filter(user=cast.eva, action=AccessAction.EXPORT).order_by(
        "pk"
    )
    # One entry per municipality whose people are in the file, with her rows (one person in
    # each of two municipalities here).
    extract = f"pseudonymised extract partnership={cast.partnership.pk}"
    places = sorted([data["person"].municipality_id, data["hedensted"].municipality_id])
    assert [(e.search_criterion, e.municipality_id, e.row_count) for e in entries] == [
        (f"{extract} format={file_format}", place, 1)
        for file_format in ("xlsx", "csv")
        for place in places
    ]
    assert entries[0].object_type == "partnerships.partnership"
    assert entries[0].person_id is None


def test_the_page_explains_and_offers_two_downloads(
    client: Client, cast: Cast, data: dict[str, Person]
) -> None:
    client.force_login(cast.eva)
    page = client.get(_url("extract", cast.partnership)).content.decode()
    assert 'data-testid="extract-xlsx"' in page and 'data-testid="extract-csv"' in page
    assert "2 people" in page
    assert "Zulaikhatest" not in page
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()

    detail = client.get(
        reverse("partnerships:detail", kwargs={"partnership_id": cast.partnership.pk})
    )
    assert 'data-testid="extract-link"' in detail.content.decode()
    home = client.get(reverse("start:home")).content.decode()
    assert _url("extract", cast.partnership) in home


def _steering_member(cast: Cast) -> User:
    user = User.objects.create_user(username="stine", password=PASSWORD)
    Membership.objects.create(user=user, role=Role.STEERING_MEMBER, partnership=cast.partnership)
    return user


@pytest.mark.parametrize("name", ["alice", "bob", "lene", "charlie", "kim", "ada", "steering"])
def test_no_other_role_gets_the_extract(client: Client, cast: Cast, name: str) -> None:
    user = _steering_member(cast) if name == "steering" else getattr(cast, name)
    client.force_login(user)
    assert client.get(_url("extract", cast.partnership)).status_code == 404
    assert (
        client.post(_url("extract", cast.partnership), {"file_format": "xlsx"}).status_code == 404
    )
    assert not ExtractRun.objects.exists()
    detail = client.get(
        reverse("partnerships:detail", kwargs={"partnership_id": cast.partnership.pk})
    )
    assert 'data-testid="extract-link"' not in detail.content.decode()
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()


def test_evaluator_of_another_partnership_gets_404_and_it_is_logged(
    client: Client, cast: Cast
) -> None:
    evaluator, _other = _evaluator_of_another_partnership(cast)
    client.force_login(evaluator)
    assert client.get(_url("extract", cast.partnership)).status_code == 404
    assert client.post(_url("extract", cast.partnership), {"file_format": "csv"}).status_code == 404
    assert (
        AccessLogEntry.objects.filter(
            user=evaluator, action=AccessAction.REFUSED, object_id=str(cast.partnership.pk)
        ).count()
        == 2
    )
    assert not PseudonymKey.objects.exists()


def test_the_evaluator_reaches_no_person(
    client: Client, cast: Cast, data: dict[str, Person]
) -> None:
    person = data["person"]
    enrolment = Enrolment.objects.get(person=person)
    client.force_login(cast.eva)
    for url in (
        reverse("people:detail", kwargs={"person_id": person.pk}),
        reverse("interventions:person", kwargs={"person_id": person.pk}),
        reverse("interventions:enrolment", kwargs={"enrolment_id": enrolment.pk}),
        reverse("people:list"),
    ):
        assert client.get(url).status_code == 404, url
    run = _request(client, cast.eva, cast.partnership, "extract-csv")
    download = _url("extract-download", cast.partnership, extract_id=run.pk)
    assert client.post(download).status_code == 405


def test_partnership_scope_counts_partnership_memberships_only(cast: Cast) -> None:
    scope = partnership_scope_for(cast.eva, Permission.EXPORT_PSEUDONYMISED)
    assert scope.allows(cast.partnership.pk) and not scope.everywhere
    for user in (cast.alice, cast.lene, cast.kim, cast.ada):
        assert partnership_scope_for(user, Permission.EXPORT_PSEUDONYMISED).is_empty


def test_a_table_longer_than_an_excel_sheet_goes_on_in_the_next(
    client: Client, cast: Cast, data: dict[str, Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("brobygger.evaluation.files.ROWS_PER_SHEET", 1)
    sheets = _sheets(_download(client, cast.eva, cast.partnership, "extract-xlsx"))
    first, second = _records(sheets["Kontaktforsøg"]), _records(sheets["Kontaktforsøg 2"])
    assert [a["channel"] for a in [*first, *second]] == ["phone", "home_visit"]


def test_the_csv_neutralises_each_formula_and_leaves_the_other_cells_alone() -> None:
    plain = [("a1b2", 1, date(2026, 1, 1)), ("a1b2", None, None)]
    assert files._neutralised(plain) is plain  # nothing to change: written as it is
    hostile = [("=1+1", 1, "-"), ("ok", True, "@x"), ("=1+1", 1.5, "+")]
    assert list(files._neutralised(hostile)) == [
        ("'=1+1", 1, "'-"),
        ("ok", True, "'@x"),
        ("'=1+1", 1.5, "'+"),
    ]
