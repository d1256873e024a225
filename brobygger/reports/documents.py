"""A report as a document: its facts, its figures as tables, and its texts by section, the
same for the page, the PDF, the workbook and the Word file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.http import AuthedRequest
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.core.pdf import render_pdf
from brobygger.measures.disclosure import Viewer
from brobygger.targetgroups.choosing import Chosen

from . import exports, tables
from .models import ReportKind
from .quarterly import quarterly_report
from .selectors import ReportScope, texts_for_export
from .tables import Table

PDF_TEMPLATE = "reports/report_pdf.html"


@dataclass(frozen=True)
class ReportDocument:
    """A report's figures (``data``) with its facts and texts. The tables and the texts
    with their tables are made from the figures when a format asks for them: the JSON needs
    neither, and a national report has thousands of rows."""

    scope: ReportScope
    data: dict[str, Any]
    facts: list[tuple[str, str]]
    text_data: list[dict[str, Any]]

    @property
    def title(self) -> str:
        return self.scope.title

    @cached_property
    def tables(self) -> list[Table]:
        return tables.quarterly_tables(self.data)

    @cached_property
    def texts(self) -> list[exports.Text]:
        by_key = {table.key: table for table in self.tables}
        # The grant report puts each table under the section the grant giver's form asks it in.
        grant = self.scope.kind == ReportKind.GRANT
        placed = {
            "description": ("criteria",),
            "results": ("criteria_by_municipality", "people"),
            "activities": ("methods_categories", "methods_methods", "interventions"),
        }
        return [
            exports.Text(
                title=text["title"],
                text=text["text"],
                tables=tuple(
                    by_key[key]
                    for key in placed.get(text["section"], ())
                    if grant and key in by_key
                ),
            )
            for text in self.text_data
        ]

    def xlsx(self) -> bytes:
        return exports.workbook(
            title=self.title, facts=self.facts, tables=self.tables, texts=self.texts
        )

    def docx(self) -> bytes:
        return exports.document(title=self.title, facts=self.facts, texts=self.texts)

    def pdf(self, request: AuthedRequest | None = None) -> bytes:
        return render_pdf(PDF_TEMPLATE, {"document": self}, request)

    def json(self) -> bytes:
        return report_json(self.data)


def report_json(data: dict[str, Any]) -> bytes:
    """A report as the JSON of ``quarterly.SCHEMA``. Not indented: indentation makes Python
    encode in Python rather than C, which took most of a second for a national report."""
    return json.dumps(data, ensure_ascii=False).encode()


def report_document(
    scope: ReportScope, viewer: Viewer | None = None, definition: Chosen | None = None
) -> ReportDocument:
    """Compute the report's figures now and put them with its current texts; with a
    ``viewer``, as she may see them (small numbers hidden where she may not see people);
    with a ``definition``, for the people of that target-group definition only."""
    texts = texts_for_export(scope)
    grant = scope.kind == ReportKind.GRANT
    data = quarterly_report(
        partnership=scope.partnership,
        quarter=scope.quarter,
        municipality=scope.municipality,
        texts=texts,
        whole_project=grant,
        viewer=viewer,
        definition=definition,
    )
    partnership = scope.partnership
    facts = [
        (_("Partnership"), partnership.name),
        (_("Journal number"), partnership.journal_number or "—"),
        (
            _("Project period"),
            f"{partnership.starts_on:%d.%m.%Y}–{partnership.ends_on:%d.%m.%Y}",
        ),
        (
            _("Figures for"),
            f"{tables.day_text(data['period']['start'])}–{tables.day_text(data['period']['end'])}",
        ),
        (_("Date of the report"), f"{timezone.localdate():%d.%m.%Y}"),
        (_("Target group"), definition.label if definition is not None else _("Everyone")),
    ]
    if scope.municipality is not None:
        facts.insert(1, (_("Municipality"), scope.municipality.name))
    if grant:
        facts += [
            (_("Coordinating organisation"), partnership.coordinator_organisation or "—"),
            (_("Evaluator"), partnership.evaluator_organisation or "—"),
            (
                _("Member municipalities"),
                ", ".join(m.name for m in partnership.municipalities.order_by("name")),
            ),
        ]
    return ReportDocument(scope=scope, data=data, facts=facts, text_data=list(texts))


def log_export(*, request: AuthedRequest, document: ReportDocument, fmt: str) -> None:
    scope = document.scope
    access_record(
        user=request.user,
        action=AccessAction.EXPORT,
        municipality_id=scope.municipality.pk if scope.municipality else None,
        search_criterion=(
            f"report={scope.kind} partnership={scope.partnership.pk} "
            f"quarter={scope.quarter} scope={scope.slug} format={fmt}"
        ),
    )
