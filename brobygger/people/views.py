from __future__ import annotations

from auditlog.models import LogEntry
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.core.http import AuthedRequest

from . import selectors
from .models import PipelineStatus


@permission_required(Permission.VIEW_PEOPLE)
def person_list(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    if status not in PipelineStatus.values:
        status = ""
    people = selectors.person_list(user=request.user, query=query, status=status)
    page = Paginator(people, 25).get_page(request.GET.get("page"))
    if query:
        access_record(user=request.user, action=AccessAction.SEARCH, search_criterion=f"q={query}")
    context = {
        "page": page,
        "query": query,
        "status": status,
        "statuses": PipelineStatus.choices,
        "extra_query": f"status={status}&" if status else "",
    }
    template = "people/person_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


@permission_required(Permission.VIEW_PEOPLE)
def person_detail(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=person_id)
    access_record(user=request.user, action=AccessAction.VIEW, obj=person)
    history = (
        LogEntry.objects.get_for_object(person).select_related("actor").order_by("-timestamp")[:50]
    )
    return render(request, "people/person_detail.html", {"person": person, "history": history})
