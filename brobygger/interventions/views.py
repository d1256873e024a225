"""A person's interventions, outcomes and confidence answers, on one page; her enrolments and
their progression cards; and the administrators' catalogues (intervention types, progression
card dimensions)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, has_permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.audit.conflicts import conflict_response
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.core.concurrency import EditConflict
from brobygger.core.forms import apply_errors
from brobygger.core.inputs import from_cleaned_data
from brobygger.core.pdf import pdf_response, render_pdf
from brobygger.people.models import Person
from brobygger.people.selectors import person_get

from . import selectors, services
from .forms import (
    ConfidenceForm,
    DimensionForm,
    EnrolmentForm,
    InterventionTypeForm,
    OutcomeForm,
    ProgressionForm,
)
from .models import Assessor, InterventionType, ProgressionDimension
from .services import (
    AssessmentData,
    CatalogueRecord,
    ConfidenceData,
    DimensionData,
    EnrolmentData,
    InterventionTypeData,
    OutcomeData,
)

FORMS = {"enrolment": EnrolmentForm, "outcome": OutcomeForm, "confidence": ConfidenceForm}


@permission_required(Permission.VIEW_PEOPLE)
def person_interventions(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, pk=person_id)
    today = timezone.localdate()
    forms = {
        "enrolment": EnrolmentForm(
            initial={"started_on": today},
            prefix="enrolment",
            municipality_id=person.municipality_id,
        ),
        "outcome": OutcomeForm(initial={"started_on": today}, prefix="outcome"),
        "confidence": ConfidenceForm(initial={"measured_on": today}, prefix="confidence"),
    }
    status = 200
    if request.method == "POST":
        if not has_permission(
            request.user, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id
        ):
            return redirect("interventions:person", person_id=person.pk)
        kind = request.POST.get("form", "")
        if kind in FORMS:
            extra = {"municipality_id": person.municipality_id} if kind == "enrolment" else {}
            form = FORMS[kind](request.POST, prefix=kind, **extra)
            forms[kind] = form
            if form.is_valid() and _save(request, person, kind, form):
                return redirect("interventions:person", person_id=person.pk)
            status = 400
    else:
        access_record(user=request.user, action=AccessAction.VIEW, obj=person)
    context = {
        "person": person,
        "enrolments": selectors.person_enrolments(user=request.user, person=person),
        "outcomes": selectors.person_outcomes(user=request.user, person=person),
        "confidence": selectors.person_confidence(user=request.user, person=person),
        "forms": forms,
        "can_change": has_permission(
            request.user, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id
        ),
    }
    return render(request, "interventions/person_interventions.html", context, status=status)


def _save(request: AuthedRequest, person: Person, kind: str, form: object) -> bool:
    data = form.cleaned_data  # type: ignore[attr-defined]
    try:
        if kind == "enrolment":
            services.enrolment_save(
                actor=request.user,
                person=person,
                data=from_cleaned_data(EnrolmentData, data),
                new_partner=form.new_partner(),  # type: ignore[attr-defined]
            )
            messages.success(request, _("The enrolment is saved."))
        elif kind == "outcome":
            services.outcome_record(
                actor=request.user, person=person, data=from_cleaned_data(OutcomeData, data)
            )
            messages.success(request, _("The outcome is saved."))
        else:
            services.confidence_record(
                actor=request.user, person=person, data=from_cleaned_data(ConfidenceData, data)
            )
            messages.success(request, _("The answer is saved."))
    except ValidationError as error:
        apply_errors(form, error)  # type: ignore[arg-type]
        return False
    return True


@permission_required(Permission.VIEW_PEOPLE)
def enrolment_detail(request: AuthedRequest, enrolment_id: int) -> HttpResponse:
    """The enrolment and its progression card: a table, a chart, and the form to fill in."""
    enrolment = selectors.enrolment_get(user=request.user, pk=enrolment_id)
    person = enrolment.person
    can_change = has_permission(
        request.user, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id
    )
    dimensions = list(selectors.progression_dimensions())
    form = ProgressionForm(
        request.POST if request.method == "POST" and can_change else None,
        dimensions=dimensions,
        initial={"assessed_on": timezone.localdate(), "assessor": Assessor.MENTOR},
    )
    status = 200
    if request.method == "POST" and can_change:
        if form.is_valid():
            try:
                services.progression_record(
                    actor=request.user,
                    enrolment=enrolment,
                    data=from_cleaned_data(AssessmentData, form.cleaned_data),
                    scores=form.scores(),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The progression card is saved."))
                return redirect("interventions:enrolment", enrolment_id=enrolment.pk)
        status = 400
    elif request.method == "GET":
        access_record(user=request.user, action=AccessAction.VIEW, obj=enrolment)
    card = selectors.progression_card(user=request.user, enrolment=enrolment)
    context = {
        "enrolment": enrolment,
        "card": card,
        "chart": card.chart(),
        "form": form,
        "can_change": can_change,
    }
    return render(request, "interventions/enrolment_detail.html", context, status=status)


@permission_required(Permission.VIEW_PEOPLE)
def progression_pdf(request: AuthedRequest, enrolment_id: int) -> HttpResponse:
    """The progression card to print and sign with the company mentor."""
    enrolment = selectors.enrolment_get(user=request.user, pk=enrolment_id)
    card = selectors.progression_card(user=request.user, enrolment=enrolment)
    access_record(
        user=request.user,
        action=AccessAction.EXPORT,
        obj=enrolment,
        row_count=len(card.assessments),
    )
    content = render_pdf(
        "interventions/progression_pdf.html",
        {"enrolment": enrolment, "card": card},
        request,
    )
    return pdf_response(content, f"progressionskort-{enrolment.pk}.pdf")


@permission_required(Permission.CHANGE_PEOPLE)
def enrolment_update(request: AuthedRequest, enrolment_id: int) -> HttpResponse:
    enrolment = selectors.enrolment_get(user=request.user, pk=enrolment_id)
    form = EnrolmentForm(
        request.POST or None, instance=enrolment, municipality_id=enrolment.person.municipality_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_save(
                actor=request.user,
                person=enrolment.person,
                data=from_cleaned_data(EnrolmentData, form.cleaned_data),
                enrolment=enrolment,
                version=form.edited_version,
                new_partner=form.new_partner(),
            )
        except EditConflict as conflict:
            return conflict_response(
                request,
                conflict=conflict,
                form=form,
                record_url=reverse(
                    "interventions:enrolment", kwargs={"enrolment_id": enrolment.pk}
                ),
                edit_url=reverse(
                    "interventions:enrolment-update", kwargs={"enrolment_id": enrolment.pk}
                ),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The enrolment is saved."))
            return redirect("interventions:enrolment", enrolment_id=enrolment.pk)
    elif request.method == "GET":
        access_record(user=request.user, action=AccessAction.VIEW, obj=enrolment)
    return render(
        request, "interventions/enrolment_form.html", {"form": form, "enrolment": enrolment}
    )


@permission_required(Permission.MANAGE_CONFIGURATION)
def type_list(request: AuthedRequest) -> HttpResponse:
    types = InterventionType.objects.annotate(people=Count("enrolments__person", distinct=True))
    return render(request, "interventions/type_list.html", {"types": types})


@permission_required(Permission.MANAGE_CONFIGURATION)
def type_edit(request: AuthedRequest, type_id: int | None = None) -> HttpResponse:
    return _catalogue_edit(
        request,
        record=_catalogue_entry(InterventionType, type_id),
        form_class=InterventionTypeForm,
        data_class=InterventionTypeData,
        list_url="interventions:type-list",
        new_title=_("New intervention"),
    )


@permission_required(Permission.MANAGE_CONFIGURATION)
def dimension_list(request: AuthedRequest) -> HttpResponse:
    dimensions = ProgressionDimension.objects.annotate(uses=Count("scores"))
    return render(request, "interventions/dimension_list.html", {"dimensions": dimensions})


@permission_required(Permission.MANAGE_CONFIGURATION)
def dimension_edit(request: AuthedRequest, dimension_id: int | None = None) -> HttpResponse:
    return _catalogue_edit(
        request,
        record=_catalogue_entry(ProgressionDimension, dimension_id),
        form_class=DimensionForm,
        data_class=DimensionData,
        list_url="interventions:dimension-list",
        new_title=_("New dimension"),
    )


def _catalogue_entry(model: type[CatalogueRecord], pk: int | None) -> CatalogueRecord:
    if pk is None:
        return model()
    record = model.objects.filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def _catalogue_edit(
    request: AuthedRequest,
    *,
    record: CatalogueRecord,
    form_class: type[InterventionTypeForm | DimensionForm],
    data_class: type[InterventionTypeData | DimensionData],
    list_url: str,
    new_title: str,
) -> HttpResponse:
    form = form_class(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        services.catalogue_save(
            actor=request.user,
            record=record,
            data=from_cleaned_data(data_class, form.cleaned_data),
        )
        messages.success(request, _("Saved."))
        return redirect(list_url)
    title = str(record) if record.pk else new_title
    context = {"form": form, "title": title, "list_url": list_url}
    return render(request, "interventions/catalogue_form.html", context)
