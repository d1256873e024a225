"""Which partners bring results (issue 17, point 2): the partnership's table, and one
partner's results with its people (for those who may see them) and its agreements."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from brobygger.accounts.access import Permission, has_permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.accounts.selectors import partnership_get
from brobygger.agreements.selectors import agreement_list
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_bulk_record
from brobygger.partners.selectors import organisation_get
from brobygger.people.selectors import person_list

from . import disclosure
from .partner_yield import partner_yield, shown


@permission_required(Permission.VIEW_FIGURES)
def partner_table(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    """ "Which partners bring results": every partner of the partnership's municipalities with
    people through it, its counts (small ones hidden for those who may not see the people)
    and the share in a job or education with its Wilson interval."""
    partnership = partnership_get(user=request.user, pk=partnership_id)
    ids = list(partnership.municipalities.values_list("pk", flat=True))
    rows = shown(partner_yield(municipality_ids=ids), disclosure.viewer_of(request.user))
    names = dict(partnership.municipalities.values_list("pk", "name"))
    context = {
        "partnership": partnership,
        "rows": [(row, names[row.partner.municipality_id]) for row in rows],
    }
    return render(request, "measures/partner_table.html", context)


@permission_required(Permission.MANAGE_PARTNERS)
def partner_results(request: AuthedRequest, organisation_id: int) -> HttpResponse:
    """One partner's results: the counts, the people behind them for a user who may see
    the people of its municipality (each read logged), and its agreements with their status
    meetings."""
    organisation = organisation_get(user=request.user, pk=organisation_id)
    found = partner_yield(
        municipality_ids=[organisation.municipality_id], partner_ids=[organisation.pk]
    )
    figures = shown(found, disclosure.viewer_of(request.user))
    people = []
    if found and has_permission(
        request.user, Permission.VIEW_PEOPLE, municipality_id=organisation.municipality_id
    ):
        result = found[0]
        persons = list(
            person_list(user=request.user)
            .filter(pk__in=sorted(result.through))
            .order_by("last_name", "first_name", "pk")[:500]
        )
        people = [
            {
                "person": person,
                "reached": person.pk in result.reached,
                "enrolled": person.pk in result.enrolled,
                "outcome": person.pk in result.outcome,
            }
            for person in persons
        ]
        access_bulk_record(
            user=request.user,
            action=AccessAction.SEARCH,
            rows=(person.municipality_id for person in persons),
            searched=[organisation.municipality_id],
            search_criterion=f"partner={organisation.pk}",
        )
    agreements = (
        agreement_list(user=request.user)
        .filter(parties__organisation=organisation)
        .prefetch_related("meetings")
        .distinct()
    )
    context = {
        "organisation": organisation,
        "figures": figures[0] if figures else None,
        "people": people,
        "agreements": agreements,
    }
    return render(request, "measures/partner_results.html", context)
