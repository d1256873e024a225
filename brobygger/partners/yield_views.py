"""Pages of the partner registry as the spine (issue 17, points 1 and 2): the partner names
in free text that match no partner record, per municipality."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.accounts.selectors import municipalities_where

from .links import live_text_fields, unmatched_texts


@permission_required(Permission.MANAGE_PARTNERS)
def unmatched_names(request: AuthedRequest) -> HttpResponse:
    """What ``brobygger partner_links_report`` prints, for the municipalities where the user
    keeps the partners: each name with how often it occurs, so she can add the partner."""
    municipalities = dict(
        municipalities_where(request.user, Permission.MANAGE_PARTNERS).values_list("pk", "name")
    )
    rows = unmatched_texts(live_text_fields(), municipality_ids=municipalities)
    groups: dict[str, list[object]] = {}
    for row in rows:
        groups.setdefault(municipalities[row.municipality_id], []).append(row)
    return render(request, "partners/unmatched_names.html", {"groups": groups})
