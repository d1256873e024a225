"""No page and no export makes more database queries because it shows more rows (no N+1).

The walk GETs every URL pattern of the project (``tests/urlwalk.py``) with the objects of a
data set of Viborg (``tests/dataset.py``), and sends the exports that are asked for by POST
(invitation letters, a person's access request). Each page is read by the first role, in
``ROLES`` order, that it answers with 200: once to warm it up, once with ``SMALL`` copies of
the data set's shape, and once more after the data set has grown to ``LARGE`` copies. It must
make as many queries the last time as the time before.

A new page is measured the day its URL is added, and a new URL argument fails the walk until
the data set names an object for it. So that the walk cannot pass by seeing nothing, every
list page (``LISTS``, and every URL named ``...list``) must show more rows of the data set
after it grew, and every export (``EXPORTS``) must have been read.

PDFs are made from their templates as always (that is where the queries are), but WeasyPrint's
layout of the pages, which reads nothing from the database and takes most of the time, is left
out of the walk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import weasyprint
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from brobygger.accounts.models import User
from brobygger.outreach.models import LetterTemplate
from brobygger.people.models import Person
from brobygger.reports.selectors import GRANT, PARTNERSHIP
from brobygger.testing import Cast

from .dataset import MARK, Dataset
from .urlwalk import all_urls, data_protection_officer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]

SMALL, LARGE = 2, 4

# Not walked with GET: logging out would end the walk's sessions, and the letters are asked
# for by POST (below).
SKIPPED = {"accounts:logout", "contact:letters"}

# URLs walked with more than one set of arguments (the report of the partnership and the
# grant report beside Viborg's, and each file format), by URL name.
VARIANTS: dict[str, list[dict[str, str]]] = {
    "reports:detail": [{}, {"scope": PARTNERSHIP}, {"scope": GRANT}],
    "reports:export": [
        {"fmt": "xlsx"},
        {"fmt": "json"},
        {"fmt": "pdf"},
        {"scope": PARTNERSHIP, "fmt": "xlsx"},
        {"scope": GRANT, "fmt": "docx"},
    ],
    "privacy:register-export": [{"fmt": "json"}, {"fmt": "pdf"}],
}

# The pages that list rows of the data set: each must show more of them after it grew (so
# the walk sees rows where it counts queries). URLs named ``...list`` are lists too.
LISTS = {
    "accounts:account",
    "agreements:calendar-feed",
    "agreements:detail",
    "meetings:detail",
    "meetings:door",
    "api:person_list",
    "audit:access-log",
    "cases:municipality-tasks",
    "cases:my-tasks",
    "cases:note",
    "cases:person-conversations",
    "cases:person-notes",
    "cases:person-plan",
    "events:follow-ups",
    "events:participants",
    "events:schedule",
    "events:wishes",
    "measures:criteria-people",
    "measures:partner-results",
    "measures:partner-table",
    "interventions:enrolment",
    "interventions:person",
    "knowledge:home",
    "knowledge:library",
    "linkage:detail",
    "linkage:preview",
    "linkage:review",
    "lists:mine",
    "contact:location-detail",
    "documents:agreement",
    "documents:organisation",
    "documents:person",
    "partners:capacity",
    "partners:care",
    "partners:matches",
    "partners:mentoring",
    "partners:mentorship",
    "partners:organisation",
    "partners:referrals",
    "partners:training-course",
    "partners:unmatched-names",
    "partners:volunteer-care",
    "people:caseload",
    "people:detail",
    "privacy:person[action=json]",
    "reports:section",
    "signup:review",
    "start:home",
}
# Pages named ``...list`` that list no rows of their own: the quarter's reports are one per
# member municipality, each with the current text of its sections.
NOT_LISTS = {"reports:list"}
# The downloads: each must have been read.
EXPORTS = {
    "agreements:calendar-feed",
    "meetings:ics",
    "agreements:pdf",
    "api:person_list",
    "documents:partner-download",
    "documents:person-download",
    "evaluation:extract-download",
    "events:schedule-pdf",
    "interventions:progression-pdf",
    "outreach:activity-poster",
    "outreach:activity-qr",
    "partners:volunteer-thanks",
    "contact:letters",
    "cases:person-plan-pdf",
    "lists:bulk[export]",
    "privacy:person[action=json]",
    "privacy:person[action=pdf]",
    "privacy:register-export[fmt=json]",
    "privacy:register-export[fmt=pdf]",
    "reports:export[fmt=json]",
    "reports:export[fmt=pdf]",
    "reports:export[fmt=xlsx]",
    "reports:export[scope=grant,fmt=docx]",
    "reports:export[scope=partnership,fmt=xlsx]",
    "reports:approved-json",
}


# Answers that are no page but no export either: the JSON API (its list is an export) and
# the probes of the load balancer.
NOT_EXPORTS = {
    "api:api-root",
    "api:openapi-json",
    "api:person_activities",
    "api:person_contact_attempts",
    "api:person_detail",
    "healthz",
    "readyz",
}


# Pages that write a record of their own for every row, by design, and how many queries a row
# may cost at most: a page that costs more per row has gained a query per row.
PER_ROW: dict[str, tuple[int, str]] = {
    # Every letter is recorded as a contact attempt through the contact-attempt service: the
    # person's row is locked, the attempt written and checked, her status moved with its
    # history, and the access log told, letter by letter; the event and the status each
    # refresh her row of the figures' fact table (measures.receivers: two statements each).
    "contact:letters": (16, "letter"),
}


# The roles, the widest view of a municipality first.
ROLES: dict[str, Callable[[Cast], User]] = {
    "municipal lead": lambda cast: cast.lene,
    "coordinator": lambda cast: cast.kim,
    "volunteer coordinator": lambda cast: cast.bob,
    "caseworker": lambda cast: cast.alice,
    "evaluator": lambda cast: cast.eva,
    "administrator": lambda cast: cast.ada,
    "data protection officer": data_protection_officer,
}


class _LaidOutPages:
    """Stands in for WeasyPrint's document in the walk (see the module's docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def render(self) -> _LaidOutPages:
        return self

    def write_pdf(self) -> bytes:
        return b"%PDF-1.7 (not laid out in the query walk)"


@pytest.fixture(autouse=True)
def _no_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    # The PDF module imports WeasyPrint when it lays out its first page.
    monkeypatch.setattr(weasyprint, "HTML", _LaidOutPages)


@dataclass(frozen=True)
class Page:
    label: str
    url: str
    # The form of an export asked for by POST, made when it is sent (from the data set then).
    post: Callable[[], dict[str, Any]] | None = None


@dataclass(frozen=True)
class Measure:
    queries: int
    rows: int  # how often the answer names a row of the data set (``MARK``)
    content_type: str
    posted: int  # the rows a POST named (the people of the letters)


def _label(name: str, variant: dict[str, str]) -> str:
    if not variant:
        return name
    return f"{name}[{','.join(f'{k}={v}' for k, v in variant.items())}]"


def _pages(dataset: Dataset) -> list[Page]:
    """Every URL pattern with the data set's objects (in each variant), and the exports sent
    by POST."""
    pages = []
    for name, arguments in all_urls():
        if name in SKIPPED:
            continue
        kwargs = dataset.url_kwargs(name)
        for variant in VARIANTS.get(name, [{}]):
            chosen = {argument: kwargs[argument] for argument in arguments} | variant
            url = reverse(name, kwargs=chosen) + dataset.query(name)
            pages.append(Page(_label(name, variant), url))

    def letters() -> dict[str, Any]:
        template = LetterTemplate.objects.filter(is_active=True).order_by("pk").first()
        assert template is not None
        people = Person.objects.filter(municipality=dataset.cast.viborg, merged_into=None)
        return {"template": template.pk, "person_ids": list(people.values_list("pk", flat=True))}

    person = reverse("privacy:person", kwargs={"person_id": dataset.person.pk})
    pages.extend(
        Page(
            f"privacy:person[action={action}]",
            person,
            post=lambda action=action: {"action": action, "access-received_on": "20.11.2026"},
        )
        for action in ("json", "pdf")
    )
    pages.append(Page("contact:letters", reverse("contact:letters"), post=letters))

    def bulk_export() -> dict[str, Any]:
        people = Person.objects.filter(municipality=dataset.cast.viborg, merged_into=None)
        return {
            "action": "export",
            "confirmed": "1",
            "do-fmt": "xlsx",
            "person_ids": list(people.values_list("pk", flat=True)),
        }

    pages.append(Page("lists:bulk[export]", reverse("lists:bulk"), post=bulk_export))
    return pages


def _measure(client: Client, page: Page) -> Measure | None:
    data = page.post() if page.post is not None else None
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url) if data is None else client.post(page.url, data)
        content = (
            b"".join(response.streaming_content)
            if getattr(response, "streaming", False)
            else response.content
        )
    if response.status_code != 200:
        return None
    return Measure(
        queries=len(queries),
        rows=content.count(MARK.encode()),
        content_type=response.get("Content-Type", ""),
        posted=max((len(v) for v in (data or {}).values() if isinstance(v, list)), default=0),
    )


def _walk(cast: Cast) -> tuple[dict[str, Measure], dict[str, Measure], dict[str, str]]:
    """Each page's measure with the small and the large data set, and the role that read it."""
    dataset = Dataset(cast)
    dataset.grow(SMALL)
    clients = {}
    for role, make in ROLES.items():
        clients[role] = Client()
        clients[role].force_login(make(cast))
    # Each page's reader, found with the first read (which also warms the page up).
    readers: dict[Page, str] = {}
    for page in _pages(dataset):
        for role, client in clients.items():
            if _measure(client, page) is not None:
                readers[page] = role
                break
    small = {page.label: _measure(clients[role], page) for page, role in readers.items()}
    dataset.grow(LARGE - SMALL)
    large = {page.label: _measure(clients[role], page) for page, role in readers.items()}
    return (
        {label: m for label, m in small.items() if m is not None},
        {label: m for label, m in large.items() if m is not None},
        {page.label: role for page, role in readers.items()},
    )


def test_no_page_makes_more_queries_for_more_rows(cast: Cast) -> None:
    small, large, readers = _walk(cast)
    lists = LISTS | {
        label for label in small if label.split("[")[0].endswith("list") and label not in NOT_LISTS
    }
    documents = {
        label
        for label, measure in small.items()
        if not measure.content_type.startswith("text/html") and label not in NOT_EXPORTS
    }

    grew = {
        f"{label} (as {readers[label]})": f"{small[label].queries} → {large[label].queries}"
        for label in sorted(small.keys() & large.keys())
        if large[label].queries > small[label].queries and label not in PER_ROW
    }
    for label, (most, row) in PER_ROW.items():
        added = large[label].queries - small[label].queries
        rows = large[label].posted - small[label].posted
        if added > most * rows:
            grew[label] = f"{added} more queries for {rows} more of them: over {most} a {row}"
    unseen = {
        label: f"{small[label].rows} → {large[label].rows}" if label in large else "not read"
        for label in sorted(lists)
        if label not in large or large[label].rows <= small[label].rows
    }

    assert not grew, f"these pages make more queries for {LARGE} copies than for {SMALL}: {grew}"
    assert small.keys() == large.keys(), "a page stopped answering when the data set grew"
    assert not unseen, f"give the data set rows that these lists show: {unseen}"
    assert documents == EXPORTS, (
        f"exports not read: {sorted(EXPORTS - documents)}; "
        f"new downloads to add to EXPORTS: {sorted(documents - EXPORTS)}"
    )
