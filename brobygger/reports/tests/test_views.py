"""Status report pages: who reads, who writes which report, versions, and the downloads."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.reports.models import ReportText
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


def _url(cast: Cast, name: str, scope: str, **extra: str) -> str:
    kwargs = {"partnership_id": cast.partnership.pk, "quarter": "2026Q3", "scope": scope}
    return reverse(f"reports:{name}", kwargs={**kwargs, **extra})


def test_list_offers_every_report_of_the_quarter(client: Client, cast: Cast) -> None:
    client.force_login(cast.kim)
    url = reverse("reports:list", kwargs={"partnership_id": cast.partnership.pk})
    page = client.get(url, {"quarter": "2026Q3"}).content.decode()
    assert _url(cast, "detail", "partnership") in page
    assert _url(cast, "detail", "791") in page
    assert _url(cast, "detail", "grant") in page
    assert '<option value="2026Q4" selected>' in client.get(url).content.decode()


def test_lead_writes_her_municipalitys_report_in_versions(client: Client, cast: Cast) -> None:
    client.force_login(cast.lene)
    url = _url(cast, "section", "791", key="status")
    assert client.get(url).status_code == 200
    client.post(url, {"text": "Vi har ringet til 40 kvinder."})
    client.post(url, {"text": "Vi har ringet til 42 kvinder."})
    client.post(url, {"text": "Vi har ringet til 42 kvinder."})  # unchanged: no new version
    versions = list(ReportText.objects.order_by("version").values_list("version", "text"))
    assert versions == [(1, "Vi har ringet til 40 kvinder."), (2, "Vi har ringet til 42 kvinder.")]
    page = client.get(_url(cast, "detail", "791")).content.decode()
    assert "Vi har ringet til 42 kvinder." in page and "40 kvinder" not in page
    history = client.get(url).content.decode()
    assert "Version 1" in history and "Version 2" in history
    assert (
        AccessLogEntry.objects.filter(
            user=cast.lene, action=AccessAction.CHANGE, object_type="reports.reporttext"
        ).count()
        == 2
    )
    # Not the partnership's, not the grant report, not another municipality's.
    for scope in ("partnership", "grant", "766"):
        response = client.post(_url(cast, "section", scope, key="status"), {"text": "x"})
        assert response.status_code == 404, scope
    assert ReportText.objects.count() == 2


def test_coordinator_writes_the_grant_report(client: Client, cast: Cast) -> None:
    client.force_login(cast.kim)
    response = client.post(
        _url(cast, "section", "grant", key="summary"), {"text": "Projektets formål."}
    )
    assert response.status_code == 302
    unknown = client.post(_url(cast, "section", "grant", key="status"), {"text": "x"})
    assert unknown.status_code == 404  # the quarterly section is not in the grant report
    assert ReportText.objects.get().text == "Projektets formål."


def test_a_municipalitys_own_section_is_her_leads_not_the_coordinators(
    client: Client, cast: Cast
) -> None:
    """The README reserves a municipality's report texts for her municipal lead (issue 21,
    item 9): the coordinator reads them and writes the partnership's."""
    client.force_login(cast.kim)
    page = client.get(_url(cast, "detail", "791")).content.decode()
    assert _url(cast, "section", "791", key="status") not in page
    response = client.post(_url(cast, "section", "791", key="status"), {"text": "x"})
    assert response.status_code == 404
    assert not ReportText.objects.exists()
    partnership = client.post(_url(cast, "section", "partnership", key="status"), {"text": "y"})
    assert partnership.status_code == 302


# The evaluator reads the reports of her partnership, small numbers hidden
# (measures/tests/test_small_numbers_pages.py).
@pytest.mark.parametrize("who", ["alice", "ada", "bob"])
def test_without_aggregate_access_there_is_no_report(client: Client, cast: Cast, who: str) -> None:
    client.force_login(getattr(cast, who))
    assert client.get(_url(cast, "detail", "partnership")).status_code == 404
    assert client.get(_url(cast, "export", "partnership", fmt="xlsx")).status_code == 404


def test_steering_member_reads_but_does_not_write(client: Client, cast: Cast) -> None:
    from brobygger.accounts.models import Membership, Role, User

    member = User.objects.create_user("styregruppe", password="x")
    Membership.objects.create(user=member, role=Role.STEERING_MEMBER, partnership=cast.partnership)
    client.force_login(member)
    page = client.get(_url(cast, "detail", "partnership"))
    assert page.status_code == 200
    assert _url(cast, "section", "partnership", key="status") not in page.content.decode()
    assert client.post(_url(cast, "section", "partnership", key="status")).status_code == 404


@pytest.mark.parametrize(
    ("quarter", "scope"), [("2025Q4", "partnership"), ("2027Q1", "791"), ("x", "791")]
)
def test_a_quarter_outside_the_partnership_is_404(
    client: Client, cast: Cast, quarter: str, scope: str
) -> None:
    client.force_login(cast.kim)
    kwargs = {"partnership_id": cast.partnership.pk, "quarter": quarter, "scope": scope}
    assert client.get(reverse("reports:detail", kwargs=kwargs)).status_code == 404


def test_downloads(client: Client, cast: Cast) -> None:
    client.force_login(cast.lene)
    hostile = '=HYPERLINK("http://evil.invalid")'
    client.post(_url(cast, "section", "791", key="challenges"), {"text": hostile})
    response = client.get(_url(cast, "export", "791", fmt="xlsx"))
    assert response.status_code == 200
    assert "kvartalsrapport-2026Q3-791" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    cells = [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    assert "'" + hostile in cells and hostile not in cells
    criteria = book[book.sheetnames[1]]
    assert criteria["A1"].value == "Success criteria, project to date"
    rows = list(criteria.iter_rows(values_only=True))
    job = next(row for row in rows if row[0] and str(row[0]).startswith("25 per cent"))
    assert job[1:5] == (0, 0, None, 0.25)  # nobody yet: no rate, never 0 %
    assert client.get(_url(cast, "export", "791", fmt="pdf")).content.startswith(b"%PDF")
    data = json.loads(client.get(_url(cast, "export", "791", fmt="json")).content)
    assert data["texts"][1]["text"] == hostile
    assert client.get(_url(cast, "export", "791", fmt="docx")).status_code == 404
    assert AccessLogEntry.objects.filter(
        user=cast.lene, action=AccessAction.EXPORT, search_criterion__contains="format=xlsx"
    ).exists()


def test_grant_report_as_word_and_pdf(client: Client, cast: Cast) -> None:
    client.force_login(cast.kim)
    client.post(_url(cast, "section", "grant", key="results"), {"text": "Første afsnit.\n\nAndet."})
    response = client.get(_url(cast, "export", "grant", fmt="docx"))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "1. General information" and headings[-1] == "10. Attachments"
    assert len(headings) == 10
    texts = [p.text for p in document.paragraphs]
    assert "Første afsnit." in texts and "Andet." in texts
    assert len(document.tables) >= 5  # facts, criteria, per municipality, people, methods...
    assert client.get(_url(cast, "export", "grant", fmt="pdf")).content.startswith(b"%PDF")
    assert client.get(_url(cast, "export", "grant", fmt="xlsx")).status_code == 404


def test_workbook_sheets_have_chosen_short_names(client: Client, cast: Cast) -> None:
    client.force_login(cast.kim)
    response = client.get(_url(cast, "export", "partnership", fmt="xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Report",
        "Criteria, to date",
        "Criteria, this period",
        "Criteria per municipality",
        "People",
        "Interventions",
        "Method categories",
        "Outreach methods",
    ]
    assert all(len(name) <= 31 for name in book.sheetnames)
    assert len({name.casefold() for name in book.sheetnames}) == len(book.sheetnames)


def test_sheet_names_are_shortened_at_a_word() -> None:
    from brobygger.reports.exports import _sheet_name

    long = "Success criteria per municipality, project to date"
    assert _sheet_name(long, set()) == "Success criteria per"
    assert _sheet_name(long, {"Success criteria per"}) == "Success criteria per (2)"
    assert _sheet_name("Kriterier: [alle]", set()) == "Kriterier alle"
    assert _sheet_name("x" * 40, set()) == "x" * 31


def test_per_municipality_criteria_sheet_has_numerators_and_denominators(
    client: Client, cast: Cast
) -> None:
    from brobygger.measures.services import refresh_facts
    from brobygger.people.models import Person
    from brobygger.people.tests.factories import PersonFactory

    PersonFactory(municipality=cast.viborg)
    PersonFactory(municipality=cast.viborg)
    PersonFactory(municipality=cast.hedensted)
    Person.objects.update(created_at="2026-07-02T10:00:00+02:00")
    refresh_facts(Person.objects.values_list("pk", flat=True))  # behind the services' back

    def lines(user: User) -> tuple[str, dict[tuple[str, str], tuple[object, ...]]]:
        client.force_login(user)
        response = client.get(_url(cast, "export", "partnership", fmt="xlsx"))
        sheet = load_workbook(io.BytesIO(response.content))["Criteria per municipality"]
        rows = list(sheet.iter_rows(values_only=True))
        header = rows.index(("Criterion", "Municipality", "Numerator", "Denominator", "Rate"))
        found = {(str(row[0]), str(row[1])): row[2:] for row in rows[header + 1 :]}
        return next(title for title, _where in found if "network-oriented" in title), found

    # Viborg's lead sees Viborg's exact figures; the others' small ones are hidden from her.
    network, own = lines(cast.lene)
    assert own[(network, "Viborg")] == (0, 2, 0)
    assert own[(network, "Hedensted")] == (0, "<5", "–")
    assert own[(network, "Haderslev")] == (0, 0, None)  # nobody: no rate, never 0 %
    assert own[(network, "Partnership")] == (0, "<5", "–")
    # The coordinator sees no exact small number at all.
    network, coordinator = lines(cast.kim)
    assert coordinator[(network, "Viborg")] == (0, "<5", "–")
    assert coordinator[(network, "Haderslev")] == (0, 0, None)
