"""The evaluator's pages: what the extract holds and how to ask for it, the progress of an
extract being made, and its download. Nothing else here is person-level, and nothing here
shows a person."""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.partnerships.models import Partnership
from brobygger.targetgroups.choosing import Chosen, definition_chosen

from . import layout, selectors, services
from .files import ABOUT_SHEET, README
from .models import ExtractFormat, ExtractStatus

RECENT = 10  # the extracts listed on the page


class ExtractRequestForm(forms.Form):
    file_format = forms.ChoiceField(label=_("Format"), choices=ExtractFormat.choices)


def _page(
    request: AuthedRequest,
    partnership: Partnership,
    chosen: Chosen,
    form: ExtractRequestForm,
    status: int = 200,
) -> HttpResponse:
    context = {
        "chosen": chosen,
        "partnership": partnership,
        "people_count": selectors.extract_people(
            partnership=partnership, where=chosen.where
        ).count(),
        "layout": layout.LAYOUT,
        "about_sheet": ABOUT_SHEET,
        "readme": README,
        "form": form,
        "formats": ExtractFormat,
        "runs": selectors.extract_runs_of(user=request.user, partnership=partnership)[:RECENT],
    }
    return render(request, "evaluation/extract.html", context, status=status)


@permission_required(Permission.EXPORT_PSEUDONYMISED)
@require_http_methods(["GET", "POST"])
def extract_page(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    """The page, and (POST) asking for an extract: it is made in the background, and the
    evaluator follows it on its own page. The target-group definition (``?definition=``)
    applies to both."""
    partnership = selectors.extract_partnership_get(user=request.user, pk=partnership_id)
    chosen = definition_chosen(request.GET, partnership)
    if request.method != "POST":
        return _page(request, partnership, chosen, ExtractRequestForm())
    form = ExtractRequestForm(request.POST)
    if not form.is_valid():
        return _page(request, partnership, chosen, form, status=400)
    run = services.extract_request(
        actor=request.user,
        partnership=partnership,
        file_format=ExtractFormat(form.cleaned_data["file_format"]),
        definition=chosen.definition,
    )
    return redirect("evaluation:extract-run", partnership_id=partnership.pk, extract_id=run.pk)


@permission_required(Permission.EXPORT_PSEUDONYMISED)
@require_GET
def extract_run(request: AuthedRequest, partnership_id: int, extract_id: int) -> HttpResponse:
    """The extract's progress while it is made (the page asks again every two seconds), and
    its download when it is ready."""
    partnership = selectors.extract_partnership_get(user=request.user, pk=partnership_id)
    run = selectors.extract_run_get(user=request.user, partnership=partnership, pk=extract_id)
    template = "evaluation/extract_run.html"
    if request.htmx:
        template += "#status"
    context = {
        "partnership": partnership,
        "run": run,
        "retention_days": settings.EXTRACT_RETENTION_DAYS,
    }
    return render(request, template, context)


@permission_required(Permission.EXPORT_PSEUDONYMISED)
@require_GET
def extract_download(request: AuthedRequest, partnership_id: int, extract_id: int) -> HttpResponse:
    partnership = selectors.extract_partnership_get(user=request.user, pk=partnership_id)
    run = selectors.extract_run_get(user=request.user, partnership=partnership, pk=extract_id)
    if run.status != ExtractStatus.DONE:
        raise Http404
    extract = services.extract_download(actor=request.user, run=run)
    response = FileResponse(
        extract.file,
        as_attachment=True,
        filename=extract.filename,
        content_type=extract.content_type,
    )
    response["Cache-Control"] = "no-store"
    # The decorators are typed for HttpResponse; a FileResponse streams the file.
    return cast(HttpResponse, response)
