"""Small numbers on every aggregate page, report and export: a role without person access
(the coordinator, the evaluator, another municipality's lead) sees "<5" where the
municipality's own lead sees the exact count."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from brobygger.accounts.models import User
from brobygger.interventions.models import Outcome, OutcomeKind
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]

SMALL = "&lt;5"
# A hidden count in a cell of a table (the note above the tables explains "&lt;5" too).
CELL = ">&lt;5<"


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


@pytest.fixture
def data(cast: Cast, suite_today: None) -> None:
    """Three people in Viborg (one with a job), twelve in Hedensted (three with a job)."""
    viborg = [PersonFactory(municipality=cast.viborg) for _i in range(3)]
    hedensted = [PersonFactory(municipality=cast.hedensted) for _i in range(12)]
    for person in [viborg[0], *hedensted[:3]]:
        Outcome.objects.create(
            person=person, kind=OutcomeKind.ORDINARY_JOB, started_on=date(2026, 11, 2)
        )


def _row(page: str, table: str, attribute: str) -> str:
    found = re.search(rf'data-testid="{table}".*?<tr {attribute}>(.*?)</tr>', page, re.S)
    assert found, (table, attribute)
    return found[1]


def _get(client: Client, user: User, name: str, cast: Cast, **params: str) -> str:
    client.force_login(user)
    url = reverse(name, kwargs={"partnership_id": cast.partnership.pk})
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


PERIOD = {"start": "01.01.2026", "end": "23.11.2026"}


@pytest.mark.usefixtures("data")
def test_criteria_funnel_and_trend(client: Client, cast: Cast) -> None:
    coordinator = _get(client, cast.kim, "measures:criteria", cast, **PERIOD)
    job = _row(coordinator, "criteria-791", 'data-criterion="job"')
    assert SMALL in job and "33" not in job  # no "1 of 3, 33 %"
    assert SMALL in _row(coordinator, "funnel", 'data-stage="identified"')
    assert 'data-testid="small-numbers-note"' in coordinator
    # Secondary suppression: Hedensted's job count is hidden too, or Viborg's would be the
    # partnership's 4 minus Hedensted's 3.
    hedensted = _row(coordinator, "criteria-766", 'data-criterion="job"')
    total = _row(coordinator, "criteria-all", 'data-criterion="job"')
    assert "–" in hedensted or "–" in total or SMALL in total

    lead = _get(client, cast.lene, "measures:criteria", cast, **PERIOD)
    own = _row(lead, "criteria-791", 'data-criterion="job"')
    assert ">1</a>" in own and ">3</a>" in own and "33" in own
    assert ">3<" in _row(lead, "funnel", 'data-stage="identified"')
    # Hedensted's figures are not hers: its small ones stay hidden from her.
    assert SMALL in _row(lead, "criteria-766", 'data-criterion="job"')


@pytest.mark.usefixtures("data")
def test_partnership_page(client: Client, cast: Cast) -> None:
    coordinator = _get(client, cast.kim, "partnerships:detail", cast)
    viborg = re.search(r"<td>Viborg</td>.*?</tr>", coordinator, re.S)
    assert viborg and SMALL in viborg[0]
    lead = _get(client, cast.lene, "partnerships:detail", cast)
    own = re.search(r"<td>Viborg</td>.*?</tr>", lead, re.S)
    assert own and 'align-text-right">3</td>' in own[0]


def _report(client: Client, user: User, cast: Cast, fmt: str) -> bytes:
    client.force_login(user)
    kwargs = {"partnership_id": cast.partnership.pk, "quarter": "2026Q4", "scope": "partnership"}
    response = client.get(reverse("reports:export", kwargs={**kwargs, "fmt": fmt}))
    assert response.status_code == 200
    return response.content


@pytest.mark.usefixtures("data")
def test_report_json_and_workbook(client: Client, cast: Cast) -> None:
    data = json.loads(_report(client, cast.kim, cast, "json"))
    viborg = next(m for m in data["municipalities"] if m["code"] == "791")["figures"]
    assert viborg["people"]["identified_in_period"] == "<5"
    job = next(c for c in viborg["criteria"] if c["key"] == "job")
    assert job["numerator"] == "<5" and job["rate"] == "–"
    hedensted = next(m for m in data["municipalities"] if m["code"] == "766")["figures"]
    # Viborg's 3 cannot be worked out as the partnership's 15 minus Hedensted's 12.
    assert "–" in (
        hedensted["people"]["identified_in_period"],
        data["figures"]["people"]["identified_in_period"],
    )

    own = json.loads(_report(client, cast.lene, cast, "json"))
    mine = next(m for m in own["municipalities"] if m["code"] == "791")["figures"]
    assert mine["people"]["identified_in_period"] == 3
    assert next(c for c in mine["criteria"] if c["key"] == "job")["numerator"] == 1

    book = load_workbook(io.BytesIO(_report(client, cast.kim, cast, "xlsx")), read_only=True)
    values = {
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    }
    assert "<5" in values
    exact = load_workbook(io.BytesIO(_report(client, cast.lene, cast, "xlsx")), read_only=True)
    people = [row for row in exact["People"].iter_rows(values_only=True)]
    identified = next(row for row in people if row[0] == "Identified in the period")
    headings = next(row for row in people if row[0] == "Figure")
    assert identified[headings.index("Viborg")] == 3  # her own


@pytest.mark.usefixtures("data")
def test_report_page(client: Client, cast: Cast) -> None:
    client.force_login(cast.kim)
    kwargs = {"partnership_id": cast.partnership.pk, "quarter": "2026Q4", "scope": "791"}
    page = client.get(reverse("reports:detail", kwargs=kwargs)).content.decode()
    assert CELL in page
    assert 'data-testid="small-numbers-note"' in page
    client.force_login(cast.lene)
    own = client.get(reverse("reports:detail", kwargs=kwargs)).content.decode()
    assert CELL not in own


@pytest.mark.usefixtures("data")
def test_the_evaluator_reads_the_figures_of_her_partnership_small_numbers_hidden(
    client: Client, cast: Cast
) -> None:
    criteria = _get(client, cast.eva, "measures:criteria", cast, **PERIOD)
    assert SMALL in _row(criteria, "criteria-791", 'data-criterion="job"')
    assert "criteria/job/people/" not in criteria  # never a person
    assert CELL in _get(client, cast.eva, "measures:methods", cast, **PERIOD)
    assert "2026Q4" in _get(client, cast.eva, "reports:list", cast)
    kwargs = {"partnership_id": cast.partnership.pk, "quarter": "2026Q4", "scope": "791"}
    assert CELL in client.get(reverse("reports:detail", kwargs=kwargs)).content.decode()
    data = json.loads(_report(client, cast.eva, cast, "json"))
    assert data["municipalities"][-1]["figures"]["people"]["identified_in_period"] == "<5"
    # She writes no report text.
    edit = reverse("reports:section", kwargs={**kwargs, "key": "status"})
    assert client.get(edit).status_code == 404
    # Her partnership's page leads to the figures.
    assert 'data-testid="criteria-link"' in _get(client, cast.eva, "partnerships:detail", cast)


@pytest.mark.usefixtures("data")
def test_report_pdf(client: Client, cast: Cast) -> None:
    def text(user: User) -> str:
        reader = PdfReader(io.BytesIO(_report(client, user, cast, "pdf")))
        return " ".join(page.extract_text() for page in reader.pages)

    assert "<5" in text(cast.kim)
    # Viborg's lead: the partnership's report hides the others' small numbers, not hers.
    assert "<5" in text(cast.lene)
    client.force_login(cast.lene)
    kwargs = {"partnership_id": cast.partnership.pk, "quarter": "2026Q4", "scope": "791"}
    own = client.get(reverse("reports:export", kwargs={**kwargs, "fmt": "pdf"})).content
    assert "<5" not in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(own)).pages)
