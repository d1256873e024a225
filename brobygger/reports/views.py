"""Status reports: choose a quarter, read the figures, write the texts, download the files."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.accounts.selectors import partnership_get
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.core.forms import apply_errors
from brobygger.measures.disclosure import viewer_of
from brobygger.targetgroups.choosing import definition_chosen

from . import selectors, services, tables
from .approved import approved_report, approved_report_data
from .documents import log_export, report_document, report_json
from .forms import DecisionForm, ReportTextForm
from .models import ApprovalStatus, ReportKind
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
    approvals = selectors.approvals_of(partnership, quarter) if quarter else {}
    rows = [
        {
            "scope": scope,
            "texts": selectors.current_texts(scope),
            "may_write": services.may_write(request.user, scope),
            "approval": approvals.get(scope.municipality.pk) if scope.municipality else None,
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
    chosen = definition_chosen(request.GET, report.partnership)
    viewer = viewer_of(request.user)
    document = report_document(report, viewer, chosen)
    approval = selectors.approval_of(report)
    frozen = None
    if approval is not None and approval.status == ApprovalStatus.APPROVED:
        exact = report.municipality is not None and viewer.knows(report.municipality.pk)
        frozen = tables.quarterly_tables(approval.shown_to(exact=exact))
    context = {
        "approval": approval,
        "frozen_tables": frozen,
        "may_submit": services.may_submit(request.user, report),
        "may_approve": services.may_approve(request.user, report),
        "decision_form": DecisionForm(),
        "chosen": chosen,
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
    chosen = definition_chosen(request.GET, report.partnership)
    document = report_document(report, viewer_of(request.user), chosen)
    if fmt == "xlsx":
        content = document.xlsx()
    elif fmt == "docx":
        content = document.docx()
    elif fmt == "pdf":
        content = document.pdf(request)
    else:
        content = document.json()
    log_export(request=request, document=document, fmt=fmt)
    kind = "statusrapport" if report.kind == ReportKind.GRANT else "kvartalsrapport"
    where = report.slug if report.slug not in {GRANT, PARTNERSHIP} else "partnerskab"
    stamp = timezone.localdate().strftime("%Y%m%d")
    response = HttpResponse(content, content_type=FORMATS[report.kind][fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="{kind}-{report.quarter}-{where}-{stamp}.{fmt}"'
    )
    return response


@permission_required(Permission.WRITE_REPORTS)
@require_POST
def report_submit(
    request: AuthedRequest, partnership_id: int, quarter: str, scope: str
) -> HttpResponse:
    """The municipality's lead submits the quarter: its figures are frozen for approval."""
    report = _scope(request, partnership_id, quarter, scope)
    if not services.may_submit(request.user, report):
        raise Http404
    try:
        services.report_submit(actor=request.user, scope=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The quarter is submitted to the coordinator."))
    return redirect(reverse("reports:detail", kwargs=report.url_kwargs()))


@permission_required(Permission.APPROVE_REPORTS)
@require_POST
def report_decide(
    request: AuthedRequest, partnership_id: int, quarter: str, scope: str
) -> HttpResponse:
    """The coordinator approves a submitted quarter or sends it back with a comment."""
    report = _scope(request, partnership_id, quarter, scope)
    if not services.may_approve(request.user, report):
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(reverse("reports:detail", kwargs=report.url_kwargs()))
    approve = form.cleaned_data["decision"] == DecisionForm.APPROVE
    try:
        services.report_decide(
            actor=request.user,
            scope=report,
            approve=approve,
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The quarter is approved.") if approve else _("The quarter is sent back."),
        )
    return redirect(reverse("reports:detail", kwargs=report.url_kwargs()))


def _approved(request: AuthedRequest, partnership_id: int, quarter: str) -> Any:
    scope = _scope(request, partnership_id, quarter, PARTNERSHIP)
    report = approved_report(
        partnership=scope.partnership, quarter=scope.quarter, viewer=viewer_of(request.user)
    )
    return scope, report


@permission_required(Permission.VIEW_FIGURES)
def report_approved(request: AuthedRequest, partnership_id: int, quarter: str) -> HttpResponse:
    """The partnership's report from the approved municipal reports."""
    scope, report = _approved(request, partnership_id, quarter)
    context = {"scope": scope, "report": report}
    return render(request, "reports/report_approved.html", context)


@permission_required(Permission.VIEW_FIGURES)
def report_approved_json(request: AuthedRequest, partnership_id: int, quarter: str) -> HttpResponse:
    scope, report = _approved(request, partnership_id, quarter)
    content = report_json(approved_report_data(report))
    access_record(
        user=request.user,
        action=AccessAction.EXPORT,
        search_criterion=(
            f"approved report partnership={scope.partnership.pk} quarter={scope.quarter}"
        ),
    )
    response = HttpResponse(content, content_type="application/json")
    response["Content-Disposition"] = (
        f'attachment; filename="kvartalsrapport-{scope.quarter}-godkendte-kommuner.json"'
    )
    return response
