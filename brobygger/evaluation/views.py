"""The evaluator's page: what the extract holds, and the two downloads. Nothing else here
is person-level, and nothing here shows a person."""

from __future__ import annotations

from typing import cast

from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.targetgroups.choosing import definition_chosen

from . import layout, selectors, services
from .files import ABOUT_SHEET, README
from .services import ExtractFormat


@permission_required(Permission.EXPORT_PSEUDONYMISED)
def extract_page(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    partnership = selectors.extract_partnership_get(user=request.user, pk=partnership_id)
    chosen = definition_chosen(request.GET, partnership)
    context = {
        "chosen": chosen,
        "partnership": partnership,
        "people_count": selectors.extract_people(
            partnership=partnership, where=chosen.where
        ).count(),
        "layout": layout.LAYOUT,
        "about_sheet": ABOUT_SHEET,
        "readme": README,
    }
    return render(request, "evaluation/extract.html", context)


def _download(
    request: AuthedRequest, partnership_id: int, file_format: ExtractFormat
) -> HttpResponse:
    partnership = selectors.extract_partnership_get(user=request.user, pk=partnership_id)
    extract = services.extract_export(
        actor=request.user,
        partnership=partnership,
        file_format=file_format,
        definition=definition_chosen(request.GET, partnership),
    )
    response = FileResponse(
        extract.file,
        as_attachment=True,
        filename=extract.filename,
        content_type=extract.content_type,
    )
    response["Cache-Control"] = "no-store"
    # The decorators are typed for HttpResponse; a FileResponse streams the temporary file.
    return cast(HttpResponse, response)


@permission_required(Permission.EXPORT_PSEUDONYMISED)
@require_GET
def extract_xlsx(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    return _download(request, partnership_id, ExtractFormat.XLSX)


@permission_required(Permission.EXPORT_PSEUDONYMISED)
@require_GET
def extract_csv(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    return _download(request, partnership_id, ExtractFormat.CSV)
