"""Status reports: choose a quarter, read the figures, write the texts, download the files."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.accounts.selectors import partnership_get
from brobygger.core.forms import apply_errors
from brobygger.measures.disclosure import viewer_of

from . import selectors, services
from .documents import log_export, report_document
from .forms import ReportTextForm
from .models import ReportKind
from .selectors import GRANT, PARTNERSHIP, ReportScope

FORMATS: dict[str, dict[str, str]] = {
    ReportKind.QUARTERLY: {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pdf": "application/pdf",
        "json": "application/json",
    },
    ReportKind.GRANT: {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    },
}


@permission_required(Permission.VIEW_FIGURES)
def report_list(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    """The reports of one quarter: the partnership's, each municipality's, the grant report."""
    partnership = partnership_get(user=request.user, pk=partnership_id)
    quarters = selectors.report_quarters(partnership)
    chosen = next((q for q in quarters if str(q) == request.GET.get("quarter")), None)
    quarter = chosen or (quarters[0] if quarters else None)
    scopes: list[ReportScope] = []
    if quarter is not None:
        scopes = [
            ReportScope(partnership, quarter, ReportKind.QUARTERLY),
            *(
                ReportScope(partnership, quarter, ReportKind.QUARTERLY, municipality)
                for municipality in partnership.municipalities.order_by("name")
            ),
            ReportScope(partnership, quarter, ReportKind.GRANT),
        ]
    rows = [
        {
            "scope": scope,
            "texts": selectors.current_texts(scope),
            "may_write": services.may_write(request.user, scope),
        }
        for scope in scopes
    ]
    context = {"partnership": partnership, "quarters": quarters, "quarter": quarter, "rows": rows}
    return render(request, "reports/report_list.html", context)


def _scope(request: AuthedRequest, partnership_id: int, quarter: str, scope: str) -> ReportScope:
    return selectors.report_scope(
        user=request.user, partnership_id=partnership_id, quarter=quarter, scope=scope
    )


@permission_required(Permission.VIEW_FIGURES)
def report_detail(
    request: AuthedRequest, partnership_id: int, quarter: str, scope: str
) -> HttpResponse:
    report = _scope(request, partnership_id, quarter, scope)
    document = report_document(report, viewer_of(request.user))
    context = {
        "document": document,
        "scope": report,
        "sections": list(zip(report.sections, document.texts, strict=True)),
        "may_write": services.may_write(request.user, report),
        "formats": list(FORMATS[report.kind]),
    }
    return render(request, "reports/report_detail.html", context)


@permission_required(Permission.WRITE_REPORTS)
def section_edit(
    request: AuthedRequest, partnership_id: int, quarter: str, scope: str, key: str
) -> HttpResponse:
    report = _scope(request, partnership_id, quarter, scope)
    section = next((s for s in report.sections if s.key == key), None)
    if section is None or not services.may_write(request.user, report):
        raise Http404
    current = selectors.current_texts(report).get(key)
    form = ReportTextForm(request.POST or None, initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.report_text_save(
                actor=request.user, scope=report, section=key, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if saved is None:
                messages.info(request, _("The text did not change."))
            else:
                messages.success(request, _("Version %(n)s is saved.") % {"n": saved.version})
            return redirect(reverse("reports:detail", kwargs=report.url_kwargs()))
    context = {
        "scope": report,
        "section": section,
        "form": form,
        "history": selectors.text_history(report, key),
    }
    return render(request, "reports/section_form.html", context)


@permission_required(Permission.VIEW_FIGURES)
def report_export(
    request: AuthedRequest, partnership_id: int, quarter: str, scope: str, fmt: str
) -> HttpResponse:
    report = _scope(request, partnership_id, quarter, scope)
    if fmt not in FORMATS[report.kind]:
        raise Http404
    document = report_document(report, viewer_of(request.user))
    if fmt == "xlsx":
        content = document.xlsx()
    elif fmt == "docx":
        content = document.docx()
    elif fmt == "pdf":
        content = document.pdf(request)
    else:
        content = json.dumps(document.data, ensure_ascii=False, indent=2).encode()
    log_export(request=request, document=document, fmt=fmt)
    kind = "statusrapport" if report.kind == ReportKind.GRANT else "kvartalsrapport"
    where = report.slug if report.slug not in {GRANT, PARTNERSHIP} else "partnerskab"
    stamp = timezone.localdate().strftime("%Y%m%d")
    response = HttpResponse(content, content_type=FORMATS[report.kind][fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="{kind}-{report.quarter}-{where}-{stamp}.{fmt}"'
    )
    return response
