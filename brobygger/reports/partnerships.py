"""The partnership pages: the partnerships a user may open, and one partnership's municipalities
with their people counted (figures, never people), the door to its reports and measures.

Their URLs keep the ``partnerships`` namespace (``partnership_urls``); the partnership itself is
ground data (``brobygger.partnerships``), these pages stand on the people below them."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from brobygger.accounts.access import Permission, has_permission, partnership_scope_for
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.accounts.selectors import partnership_get, partnership_list
from brobygger.measures.disclosure import part_of_whole, viewer_of
from brobygger.people.models import PipelineStatus
from brobygger.people.selectors import people_status_counts_by_municipality


@permission_required(Permission.VIEW_PARTNERSHIP)
def partnership_list_page(request: AuthedRequest) -> HttpResponse:
    partnerships = partnership_list(user=request.user)
    return render(request, "partnerships/partnership_list.html", {"partnerships": partnerships})


@permission_required(Permission.VIEW_PARTNERSHIP)
def partnership_detail(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_get(user=request.user, pk=partnership_id)
    municipalities = list(partnership.municipalities.all())
    ids = [m.pk for m in municipalities]
    counts = people_status_counts_by_municipality(municipality_ids=ids)
    not_yet = {PipelineStatus.IDENTIFIED, PipelineStatus.CONTACT_ATTEMPTED}
    shown = part_of_whole(
        [sum(n for s, n in counts.get(pk, {}).items() if s not in not_yet) for pk in ids],
        [sum(counts.get(pk, {}).values()) for pk in ids],
        ids,
        viewer_of(request.user),
    )
    rows = [
        {"municipality": municipality, "total": total, "contacted": contacted}
        for municipality, total, contacted in zip(
            municipalities, shown.wholes, shown.parts, strict=True
        )
    ]
    return render(
        request,
        "partnerships/partnership_detail.html",
        {
            "partnership": partnership,
            "rows": rows,
            "can_see_criteria": has_permission(request.user, Permission.VIEW_FIGURES),
            "can_set_targets": has_permission(request.user, Permission.MANAGE_CONFIGURATION),
            "can_export_extract": partnership_scope_for(
                request.user, Permission.EXPORT_PSEUDONYMISED
            ).allows(partnership.pk),
        },
    )
