from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from brobygger.accounts.access import Permission, has_permission, partnership_scope_for
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.people.models import PipelineStatus

from . import selectors


@permission_required(Permission.VIEW_PARTNERSHIP)
def partnership_list(request: AuthedRequest) -> HttpResponse:
    partnerships = selectors.partnership_list(user=request.user)
    return render(request, "partnerships/partnership_list.html", {"partnerships": partnerships})


@permission_required(Permission.VIEW_PARTNERSHIP)
def partnership_detail(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    partnership = selectors.partnership_get(user=request.user, pk=partnership_id)
    counts = selectors.municipality_people_counts(partnership=partnership)
    rows = [
        {
            "municipality": municipality,
            "total": sum(counts.get(municipality.pk, {}).values()),
            "contacted": sum(
                n
                for status, n in counts.get(municipality.pk, {}).items()
                if status not in {PipelineStatus.IDENTIFIED, PipelineStatus.CONTACT_ATTEMPTED}
            ),
        }
        for municipality in partnership.municipalities.all()
    ]
    return render(
        request,
        "partnerships/partnership_detail.html",
        {
            "partnership": partnership,
            "rows": rows,
            "can_see_criteria": has_permission(request.user, Permission.VIEW_AGGREGATES),
            "can_set_targets": has_permission(request.user, Permission.MANAGE_CONFIGURATION),
            "can_export_extract": partnership_scope_for(
                request.user, Permission.EXPORT_PSEUDONYMISED
            ).allows(partnership.pk),
        },
    )
