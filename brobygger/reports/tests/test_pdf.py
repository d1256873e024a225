"""The report PDFs fit A4: every column on the page, no row split over two pages, and the
heading (whose report, which quarter) on page 1. Read back from the PDF with pypdf, and from
WeasyPrint's layout for what text cannot tell (where a box ends)."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader
from weasyprint.formatting_structure import boxes

from brobygger.core.pdf import render_document
from brobygger.measures.services import refresh_facts
from brobygger.outreach.models import ActivityStatus, OutreachActivity, OutreachMethod
from brobygger.people.models import Person, PersonSource, StatusEvent
from brobygger.people.tests.factories import PersonFactory
from brobygger.reports.documents import PDF_TEMPLATE, ReportDocument, report_document
from brobygger.reports.selectors import report_scope
from brobygger.reports.tables import Table
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


@pytest.fixture(autouse=True)
def no_small_numbers(settings: Any) -> None:
    """These tests are about the layout of the files, with figures of a handful of people:
    no count counts as small here. Hiding small numbers in the files is tested in
    ``measures/tests/test_small_numbers_pages.py``."""
    settings.BROBYGGER_SMALL_NUMBER_THRESHOLD = 1


COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


@pytest.fixture
def figures(cast: Cast) -> None:
    """People found by two methods in 2026Q3 in two municipalities, some contacted, and the
    activities' hours and cost: every table has rows, the methods table all its columns."""
    methods = list(OutreachMethod.objects.order_by("category", "position")[:3])
    for index, municipality in enumerate([cast.viborg, cast.hedensted] * 4):
        method = methods[index % len(methods)]
        person = PersonFactory(municipality=municipality)
        Person.objects.filter(pk=person.pk).update(
            created_at=datetime(2026, 7, 2 + index, 10, tzinfo=COPENHAGEN)
        )
        refresh_facts([person.pk])  # the update went behind the services' back
        PersonSource.objects.create(person=person, method=method)
        if index % 2 == 0:
            StatusEvent.objects.create(
                person=person,
                from_status="identified",
                to_status="contacted",
                occurred_on=date(2026, 7, 20 + index),
            )
    OutreachActivity.objects.create(
        municipality=cast.viborg,
        method=methods[0],
        title="Ring op",
        planned_on=date(2026, 7, 15),
        status=ActivityStatus.DONE,
        done_on=date(2026, 7, 15),
        hours=Decimal("12.5"),
        cost=Decimal("3000"),
    )


def _document(cast: Cast, scope: str) -> ReportDocument:
    return report_document(
        report_scope(
            user=cast.kim, partnership_id=cast.partnership.pk, quarter="2026Q3", scope=scope
        )
    )


def _printed_tables(document: ReportDocument) -> list[Table]:
    placed = [table for text in document.texts for table in text.tables]
    return placed + (document.tables if document.scope.kind == "quarterly" else [])


def _flat(text: str) -> str:
    """Whitespace as single spaces; a line broken after a hyphen ("Ringkøbing-" / "Skjern")
    joined again. A word cut elsewhere stays cut, and its heading is not found."""
    return " ".join(re.sub(r"-[ \t]*\n\s*", "-", text).split())


def _pages(client: Client, cast: Cast, scope: str) -> list[str]:
    client.force_login(cast.kim)
    kwargs = {"partnership_id": cast.partnership.pk, "quarter": "2026Q3", "scope": scope}
    response = client.get(reverse("reports:export", kwargs={**kwargs, "fmt": "pdf"}))
    assert response.status_code == 200
    return [_flat(page.extract_text()) for page in PdfReader(io.BytesIO(response.content)).pages]


@pytest.mark.usefixtures("figures")
@pytest.mark.parametrize("scope", ["partnership", "791", "grant"])
def test_the_pdf_has_its_heading_on_page_one_and_every_column_heading_whole(
    client: Client, cast: Cast, scope: str
) -> None:
    pages = _pages(client, cast, scope)
    document = _document(cast, scope)
    assert document.title in pages[0]
    assert "Q3 2026" in document.title
    assert ("Viborg" if scope == "791" else cast.partnership.name) in document.title
    text = " ".join(pages)
    tables = _printed_tables(document)
    assert tables
    for table in tables:
        assert _flat(table.title) in text
        for heading in table.headings:
            assert _flat(heading) in text, (table.key, heading)


@pytest.mark.usefixtures("figures")
@pytest.mark.parametrize("scope", ["partnership", "791", "grant"])
def test_every_table_fits_the_page_and_no_row_is_split(cast: Cast, scope: str) -> None:
    document = _document(cast, scope)
    layout = render_document(PDF_TEMPLATE, {"document": document})
    rows_printed = 0
    for number, page in enumerate(layout.pages, start=1):
        page_box = page._page_box
        right = page_box.content_box_x() + page_box.width
        bottom = page_box.content_box_y() + page_box.height
        content = [b for b in page_box.children if not isinstance(b, boxes.MarginBox)]
        for box in (box for child in content for box in child.descendants()):
            if isinstance(box, boxes.TextBox):
                # Half a point of rounding; a cut-off column ends centimetres beyond.
                assert box.position_x + box.width <= right + 0.5, (number, box.text)
                assert box.position_y + box.height <= bottom + 0.5, (number, box.text)
            if isinstance(box, boxes.TableRowGroupBox) and box.element_tag == "tbody":
                rows_printed += len(box.children)
    # A row split over two pages would be laid out twice, once on each.
    assert rows_printed == sum(len(table.rows) for table in _printed_tables(document))


@pytest.mark.usefixtures("figures")
def test_wide_tables_get_landscape_pages(cast: Cast) -> None:
    document = _document(cast, "partnership")
    assert any(table.wide for table in document.tables)
    layout = render_document(PDF_TEMPLATE, {"document": document})
    sizes = {(round(page.width), round(page.height)) for page in layout.pages}
    assert sizes == {(794, 1123), (1123, 794)}  # A4 in CSS pixels, portrait and landscape


@pytest.mark.usefixtures("figures")
def test_a_method_without_a_recorded_cost_says_so_in_the_pdf(client: Client, cast: Cast) -> None:
    text = " ".join(_pages(client, cast, "partnership"))
    assert "not recorded" in text
    assert "1,500.0" in text  # 3,000 kr. over the two contacted by the method that recorded it


@pytest.mark.usefixtures("figures")
def test_a_method_without_a_recorded_cost_says_so_in_the_workbook_and_json_keeps_null(
    client: Client, cast: Cast
) -> None:
    from openpyxl import load_workbook

    client.force_login(cast.kim)
    kwargs = {"partnership_id": cast.partnership.pk, "quarter": "2026Q3", "scope": "partnership"}
    book = load_workbook(
        io.BytesIO(client.get(reverse("reports:export", kwargs={**kwargs, "fmt": "xlsx"})).content)
    )
    rows = list(book["Outreach methods"].iter_rows(values_only=True))
    header = next(row for row in rows if row[0] == "Method")
    cost = header.index("Cost per contacted (kr.)")
    costs = {row[0]: row[cost] for row in rows[rows.index(header) + 1 :]}
    first, second = OutreachMethod.objects.order_by("category", "position")[:2]
    with translation.override("en"):  # the workbook was made in English: the English names
        first_label, second_label = str(first), str(second)
    assert costs[first_label] == 1500
    assert costs[second_label] == "not recorded"
    data = client.get(reverse("reports:export", kwargs={**kwargs, "fmt": "json"})).json()
    methods = {row["label"]: row for row in data["figures"]["methods"]["methods"]}
    assert methods[second_label]["cost"] is None
    assert methods[second_label]["cost_per_contacted"] is None
