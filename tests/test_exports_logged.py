"""Every export of person-level data is in the access log with its row count, and the
spreadsheet exports neutralise formulas (issue 7, item 6).

The exports: the evaluator's extract (XLSX and CSV), invitation letters (PDF), a progression
card (PDF), her printed plan (PDF), the access-request answer (PDF and JSON), and the API's
list of people.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from brobygger.accounts.tokens import api_token_create
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.cases.models import PlanGoal
from brobygger.evaluation.models import ExtractRun
from brobygger.interventions.models import Enrolment, InterventionType
from brobygger.outreach.models import LetterTemplate
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.invalid","klik")'


@pytest.fixture
def people(cast: Cast) -> list[int]:
    ids = [
        PersonFactory(municipality=cast.viborg, first_name=name, provider_name=FORMULA).pk
        for name in ("Amina", "Nour", FORMULA)
    ]
    # A catalogue entry named like a formula reaches the evaluator's extract.
    formula_type = InterventionType.objects.create(name=FORMULA, category="employment")
    Enrolment.objects.create(
        person_id=ids[1], intervention_type=formula_type, started_on=date(2026, 9, 1)
    )
    return ids


def _exported(user: object) -> AccessLogEntry:
    entry = AccessLogEntry.objects.filter(user=user, action=AccessAction.EXPORT).latest("id")
    # A progression card printed blank, to be filled in by hand, has 0 rows: still counted.
    assert entry.row_count is not None
    return entry


def _evaluation_extract(client: Client, cast: Cast, file_format: str) -> Any:
    """Ask for the extract (the test settings make it at once) and download it."""
    client.force_login(cast.eva)
    page = f"/evaluation/partnerships/{cast.partnership.pk}/"
    assert client.post(page, {"file_format": file_format}).status_code == 302
    run = ExtractRun.objects.filter(requested_by=cast.eva).latest("id")
    response = client.get(f"{page}extracts/{run.pk}/download")
    assert response.status_code == 200
    return response


def _evaluation_xlsx(client: Client, cast: Cast, people: list[int]) -> object:
    response = _evaluation_extract(client, cast, "xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [
        value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
    ]
    assert any(isinstance(v, str) and "HYPERLINK" in v for v in cells), "the formula is exported"
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and value.startswith("=")), value
    return cast.eva


def _evaluation_csv(client: Client, cast: Cast, people: list[int]) -> object:
    response = _evaluation_extract(client, cast, "csv")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert any("HYPERLINK" in archive.read(n).decode("utf-8-sig") for n in archive.namelist())
    for name in archive.namelist():
        if name.endswith(".csv"):
            for row in csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))):
                assert not any(cell.startswith(("=", "+", "@")) for cell in row), row
    return cast.eva


def _letters(client: Client, cast: Cast, people: list[int]) -> object:
    client.force_login(cast.alice)
    template = LetterTemplate.objects.filter(is_active=True).first()
    assert template is not None
    response = client.post("/outreach/letters/", {"template": template.pk, "person_ids": people})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "no-store"
    assert _exported(cast.alice).row_count == len(people)
    return cast.alice


def _progression_card(client: Client, cast: Cast, people: list[int]) -> object:
    enrolment = Enrolment.objects.create(
        person_id=people[0],
        intervention_type=InterventionType.objects.first(),
        started_on=date(2026, 10, 1),
    )
    client.force_login(cast.alice)
    response = client.get(f"/interventions/enrolments/{enrolment.pk}/progression.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    return cast.alice


def _her_plan(client: Client, cast: Cast, people: list[int]) -> object:
    for text in ("Sprogskole", FORMULA):
        PlanGoal.objects.create(person_id=people[0], text=text, target_on=date(2027, 3, 1))
    client.force_login(cast.alice)
    response = client.get(f"/cases/people/{people[0]}/plan.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "no-store"
    assert _exported(cast.alice).row_count == 2
    return cast.alice


def _access_request(client: Client, cast: Cast, people: list[int]) -> object:
    client.force_login(cast.lene)
    for action in ("pdf", "json"):
        response = client.post(
            f"/privacy/people/{people[0]}/",
            {"action": action, "access-received_on": "20.11.2026"},
        )
        assert response.status_code == 200
    return cast.lene


def _api_list(client: Client, cast: Cast, people: list[int]) -> object:
    _record, token = api_token_create(user=cast.alice, name="test", second_factor=False)
    response = client.get("/api/v1/persons", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert _exported(cast.alice).row_count == len(people)
    return cast.alice


EXPORTS: dict[str, Callable[[Client, Cast, list[int]], object]] = {
    "evaluation-xlsx": _evaluation_xlsx,
    "evaluation-csv": _evaluation_csv,
    "letters-pdf": _letters,
    "progression-card-pdf": _progression_card,
    "her-plan-pdf": _her_plan,
    "access-request": _access_request,
    "api-person-list": _api_list,
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_export_is_logged_with_its_row_count(
    client: Client, cast: Cast, people: list[int], name: str
) -> None:
    before = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    user = EXPORTS[name](client, cast, people)

    written = AccessLogEntry.objects.filter(action=AccessAction.EXPORT, id__gt=before)
    assert written.exists()
    _exported(user)
    # Each entry names the municipality whose people it exported, so her lead and data
    # protection officer see it (issue 21, item 1).
    assert cast.viborg.pk in {entry.municipality_id for entry in written}
    assert all(entry.municipality_id is not None for entry in written)
