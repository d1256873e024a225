from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, has_permission
from brobygger.accounts.decorators import permission_required
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.core.http import AuthedRequest

from . import selectors, services
from .forms import PersonRegistrationForm
from .models import Person, PipelineStatus


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
        "can_register": has_permission(request.user, Permission.CHANGE_PEOPLE),
    }
    template = "people/person_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


@permission_required(Permission.CHANGE_PEOPLE)
def person_register(request: AuthedRequest) -> HttpResponse:
    form = PersonRegistrationForm(request.POST or None, user=request.user)
    duplicates: list[Person] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not data["confirmed_new"]:
            duplicates = selectors.possible_duplicates(
                user=request.user,
                municipality_id=data["municipality"].pk,
                first_name=data["first_name"],
                last_name=data["last_name"],
                cpr=data["cpr"],
                birth_date=data["birth_date"],
            )
        if not duplicates:
            person = services.person_register(
                actor=request.user,
                municipality=data["municipality"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                method=data["method"],
                source_note=data["source_note"],
                cpr=data["cpr"],
                birth_date=data["birth_date"],
            )
            messages.success(request, _("%(name)s is registered.") % {"name": person})
            return redirect("people:detail", person_id=person.pk)
        # Show the same form again, now confirming that it is someone new.
        form = PersonRegistrationForm(
            {**request.POST.dict(), "confirmed_new": "True"}, user=request.user
        )
    return render(request, "people/person_register.html", {"form": form, "duplicates": duplicates})


@permission_required(Permission.VIEW_PEOPLE)
def person_detail(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=person_id)
    access_record(user=request.user, action=AccessAction.VIEW, obj=person)
    history = (
        LogEntry.objects.get_for_object(person).select_related("actor").order_by("-timestamp")[:50]
    )
    sources = selectors.person_sources(user=request.user, person=person)
    return render(
        request,
        "people/person_detail.html",
        {"person": person, "history": history, "sources": sources},
    )


@permission_required(Permission.VIEW_PEOPLE)
def person_cpr_reveal(request: AuthedRequest, person_id: int) -> HttpResponse:
    # Look the person up before checking the method: a foreign person is 404 either way.
    person = selectors.person_get(user=request.user, pk=person_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    cpr = services.person_cpr_reveal(actor=request.user, person=person)
    template = "people/person_detail.html#cpr" if request.htmx else "people/cpr_revealed.html"
    return render(request, template, {"person": person, "revealed_cpr": cpr})
