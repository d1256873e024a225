from __future__ import annotations

from dataclasses import replace
from urllib.parse import quote, urlencode

from auditlog.models import LogEntry
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.accounts.access import Permission, has_permission, scope_for
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.audit.conflicts import conflict_response
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_bulk_record, access_record
from brobygger.core.concurrency import EditConflict
from brobygger.core.forms import apply_errors
from brobygger.core.http import safe_next
from brobygger.languages.selectors import language_list
from brobygger.outreach.models import OutreachMethod
from brobygger.outreach.partner_picking import partner_directory
from brobygger.outreach.selectors import letter_choices

from . import display, selectors, services
from .cpr import cpr_masked
from .filters import AGE_BAND_CHOICES, FOLLOW_UP_CHOICES, PersonFilters
from .forms import (
    ContactAttemptForm,
    CprLookupForm,
    PersonForm,
    PersonRegistrationForm,
    StatusChangeForm,
)
from .models import ContactOutcome, Person, PipelineStatus
from .panels import panels_rendered


@permission_required(Permission.VIEW_PEOPLE)
def person_list(request: AuthedRequest) -> HttpResponse:
    filters = PersonFilters.from_query(request.GET)
    query = filters.query
    cpr_in_address = bool(selectors.looks_like_cpr(query))
    page_url = request.get_full_path()
    if cpr_in_address:
        # A CPR number must never travel in an address; the CPR field posts it instead. Nor
        # is it written back: not in the page's links, nor in the address htmx pushes.
        query = ""
        filters = replace(filters, query="")
        rest = request.GET.copy()
        rest.pop("q", None)
        page_url = f"{request.path}?{rest.urlencode()}" if rest else request.path
    people = selectors.person_list(user=request.user, query=query, filters=filters)
    page = Paginator(people, 25).get_page(request.GET.get("page"))
    if query:
        access_bulk_record(
            user=request.user,
            action=AccessAction.SEARCH,
            rows=(person.municipality_id for person in page),
            searched=scope_for(request.user, Permission.VIEW_PEOPLE).municipality_ids,
            search_criterion=f"q={query}",
        )
    response = _render_list(
        request,
        page=page,
        query=query,
        unreadable_query=bool(query) and not selectors.search_is_readable(query),
        filters=filters,
        cpr_in_address=cpr_in_address,
        page_url=page_url,
    )
    if cpr_in_address and request.htmx:
        response["HX-Push-Url"] = page_url
    return response


def _render_list(
    request: AuthedRequest, *, filters: PersonFilters | None = None, **context: object
) -> HttpResponse:
    filters = filters or PersonFilters()
    rest = {key: value for key, value in filters.as_query().items() if key != "q"}
    context.update(
        {
            "filters": filters,
            "status": filters.status,
            "method_id": filters.method,
            "partner_id": filters.partner,
            "partners": partner_directory().offered(
                scope_for(request.user, Permission.VIEW_PEOPLE).municipality_ids
            ),
            "caseworker_id": filters.caseworker,
            "letter_templates": letter_choices(),
            "statuses": PipelineStatus.choices,
            "extra_query": "".join(f"{k}={quote(v)}&" for k, v in rest.items()),
            "filter_query": urlencode(filters.as_query()),
            "methods": OutreachMethod.objects.all(),
            "caseworkers": selectors.caseworkers_of(user=request.user),
            "housing_areas": selectors.housing_areas_of(user=request.user),
            "countries": selectors.countries_of(user=request.user),
            "languages": language_list(),
            "age_bands": AGE_BAND_CHOICES,
            "follow_ups": FOLLOW_UP_CHOICES,
            "can_register": has_permission(request.user, Permission.CHANGE_PEOPLE),
            "cpr_form": context.get("cpr_form") or CprLookupForm(),
        }
    )
    template = "people/person_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


@permission_required(Permission.VIEW_PEOPLE)
def person_caseload(request: AuthedRequest) -> HttpResponse:
    work = selectors.caseload(user=request.user)
    context = {
        "caseload": work,
        "can_register": has_permission(request.user, Permission.CHANGE_PEOPLE),
    }
    return render(request, "people/caseload.html", context)


@permission_required(Permission.VIEW_PEOPLE)
def person_cpr_lookup(request: AuthedRequest) -> HttpResponse:
    """Find a person by exact CPR number, sent by POST so it stays out of addresses and logs."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = CprLookupForm(request.POST)
    if form.is_valid():
        number = form.cleaned_data["cpr"]
        found = list(selectors.person_list(user=request.user, query=number)[:2])
        access_bulk_record(
            user=request.user,
            action=AccessAction.SEARCH,
            rows=(person.municipality_id for person in found),
            searched=scope_for(request.user, Permission.VIEW_PEOPLE).municipality_ids,
            search_criterion=f"cpr={cpr_masked(number)}",
        )
        if len(found) == 1:
            return redirect("people:detail", person_id=found[0].pk)
        if not found:
            form.add_error("cpr", _("No person in your municipality has this CPR number."))
    page = Paginator(selectors.person_list(user=request.user).none(), 25).get_page(1)
    return _render_list(request, page=page, query="", cpr_form=form)


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
                phone=str(data["phone"] or ""),
                birth_date=data["birth_date"],
            )
        if not duplicates:
            try:
                person = services.person_register(
                    actor=request.user,
                    municipality=data["municipality"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    phone=str(data["phone"] or ""),
                    method=data["method"],
                    source_note=data["source_note"],
                    partner=data["partner"],
                    new_partner=form.new_partner(),
                    referred_by=data["referred_by"],
                    cpr=data["cpr"],
                    birth_date=data["birth_date"],
                    from_third_party=data["from_third_party"],
                    activity=data["activity"],
                )
            except ValidationError as error:
                apply_errors(form, error)
                return render(request, "people/person_register.html", {"form": form})
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
        {
            "history": display.change_history(person, history),
            "sources": sources,
            "merges": selectors.person_merges(user=request.user, person=person),
            "details": display.person_sections(person),
            "panels": panels_rendered(request, user=request.user, person=person),
            "letter_templates": letter_choices(),
            **activity_context(request, person),
        },
    )


def activity_context(
    request: AuthedRequest,
    person: Person,
    *,
    status_form: StatusChangeForm | None = None,
    attempt_form: ContactAttemptForm | None = None,
) -> dict[str, object]:
    """What the person page's activity region (status, quick logging, timeline) shows."""
    return {
        "person": person,
        "timeline": selectors.person_timeline(user=request.user, person=person),
        "status_form": status_form or StatusChangeForm(initial={"to_status": person.status}),
        "attempt_form": attempt_form or ContactAttemptForm(),
        "outcomes": ContactOutcome.choices,
        "can_change": has_permission(
            request.user, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id
        ),
        "can_answer_requests": has_permission(
            request.user,
            Permission.ANSWER_DATA_SUBJECT_REQUESTS,
            municipality_id=person.municipality_id,
        ),
    }


def render_activity(request: AuthedRequest, person: Person, **forms: object) -> HttpResponse:
    """After a write on the person page: the region for htmx, or the whole page."""
    if request.htmx:
        return render(
            request,
            "people/person_detail.html#activity",
            activity_context(request, person, **forms),  # type: ignore[arg-type]
        )
    if any(form.errors for form in forms.values()):  # type: ignore[attr-defined]
        return render(
            request,
            "people/person_detail.html",
            {"history": [], "sources": [], **activity_context(request, person, **forms)},  # type: ignore[arg-type]
            status=400,
        )
    return redirect("people:detail", person_id=person.pk)


@permission_required(Permission.CHANGE_PEOPLE)
def person_update(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=person_id)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                actor=request.user,
                person=person,
                changes=form.changes(),
                version=form.edited_version,
            )
        except EditConflict as conflict:
            return conflict_response(
                request,
                conflict=conflict,
                form=form,
                record_url=reverse("people:detail", kwargs={"person_id": person.pk}),
                edit_url=reverse("people:update", kwargs={"person_id": person.pk}),
            )
        messages.success(request, _("The changes were saved."))
        return redirect("people:detail", person_id=person.pk)
    if request.method == "GET":
        access_record(user=request.user, action=AccessAction.VIEW, obj=person)
    return render(request, "people/person_form.html", {"person": person, "form": form})


@permission_required(Permission.CHANGE_PEOPLE)
def person_status_change(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=person_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = StatusChangeForm(request.POST)
    if form.is_valid():
        try:
            services.person_status_change(
                actor=request.user,
                person=person,
                to_status=form.cleaned_data["to_status"],
                occurred_on=form.cleaned_data["occurred_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            form = StatusChangeForm(initial={"to_status": person.status})
            messages.success(request, _("The status was changed."))
    return render_activity(request, person, status_form=form)


@permission_required(Permission.VIEW_PEOPLE)
def person_cpr_reveal(request: AuthedRequest, person_id: int) -> HttpResponse:
    # Look the person up before checking the method: a foreign person is 404 either way.
    person = selectors.person_get(user=request.user, pk=person_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    # htmx swaps the region of the person page; a plain POST gets a page of its own.
    template = "people/person_detail.html#cpr" if request.htmx else "people/cpr_revealed.html"
    response = services.person_cpr_reveal(
        actor=request.user,
        person=person,
        deliver=lambda cpr: render(request, template, {"person": person, "revealed_cpr": cpr}),
    )
    # The whole number must not stay in a browser's or a proxy's cache.
    patch_cache_control(response, no_store=True)
    return response


@permission_required(Permission.CHANGE_PEOPLE)
@require_POST
def person_take(request: AuthedRequest, person_id: int) -> HttpResponse:
    """ "Take her" from the work list: she goes into the user's caseload."""
    person = selectors.person_get(user=request.user, pk=person_id)
    try:
        services.person_take(actor=request.user, person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is now in your caseload.") % {"name": person})
    return redirect(safe_next(request) or reverse("start:home"))
