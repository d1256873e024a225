"""A person's interventions, outcomes and confidence answers, on one page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

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
from brobygger.accounts.selectors import partnership_get
from brobygger.audit.conflicts import conflict_response
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_bulk_record, access_record
from brobygger.core.charts import chart
from brobygger.core.concurrency import EditConflict
from brobygger.core.forms import apply_errors
from brobygger.core.pdf import pdf_response, render_pdf
from brobygger.people.models import Person
from brobygger.people.selectors import person_get, person_list

from . import pipeline, selectors, services
from .criteria import (
    BY_KEY,
    CRITERIA,
    Period,
    compute_by_municipality,
    people_behind,
    targets_for,
)
from .effectiveness import compare
from .forms import (
    ConfidenceForm,
    DimensionForm,
    EnrolmentForm,
    InterventionTypeForm,
    OutcomeForm,
    PeriodForm,
    ProgressionForm,
    TargetsForm,
)
from .models import Assessor, InterventionType, ProgressionDimension
from .services import CatalogueRecord

FORMS = {"enrolment": EnrolmentForm, "outcome": OutcomeForm, "confidence": ConfidenceForm}


@permission_required(Permission.VIEW_PEOPLE)
def person_interventions(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, pk=person_id)
    today = timezone.localdate()
    forms = {
        "enrolment": EnrolmentForm(initial={"started_on": today}, prefix="enrolment"),
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
            form = FORMS[kind](request.POST, prefix=kind)
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
            services.enrolment_save(actor=request.user, person=person, values=data)
            messages.success(request, _("The enrolment is saved."))
        elif kind == "outcome":
            services.outcome_record(actor=request.user, person=person, values=data)
            messages.success(request, _("The outcome is saved."))
        else:
            services.confidence_record(actor=request.user, person=person, values=data)
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
                    values=form.values(),
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
    form = EnrolmentForm(request.POST or None, instance=enrolment)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_save(
                actor=request.user,
                person=enrolment.person,
                values=form.cleaned_data,
                enrolment=enrolment,
                version=form.edited_version,
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


def _period(
    request: AuthedRequest, default_start: date, default_end: date
) -> tuple[PeriodForm, Period]:
    form = PeriodForm(request.GET or None, initial={"start": default_start, "end": default_end})
    if request.GET and form.is_valid():
        return form, Period(form.cleaned_data["start"], form.cleaned_data["end"])
    return form, Period(default_start, default_end)


def _percent(share: Decimal | float | None) -> float | None:
    return None if share is None else round(float(share) * 100, 1)


@permission_required(Permission.VIEW_AGGREGATES)
def criteria_dashboard(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    """The five success criteria for each member municipality and for the partnership, over a
    period, with the pipeline funnel and the trend per quarter; a figure opens to the people
    behind it for those who may see them."""
    partnership = partnership_get(user=request.user, pk=partnership_id)
    today = timezone.localdate()
    form, period = _period(request, partnership.starts_on, min(today, partnership.ends_on))
    municipalities = list(partnership.municipalities.order_by("name"))
    ids = [m.pk for m in municipalities]
    breakdown = compute_by_municipality(
        municipality_ids=ids, period=period, targets=targets_for(partnership)
    )
    rows = [
        {
            "municipality": municipality,
            "results": breakdown.by_municipality[municipality.pk],
            "drill_down": has_permission(
                request.user, Permission.VIEW_PEOPLE, municipality_id=municipality.pk
            ),
        }
        for municipality in municipalities
    ]
    total = breakdown.total
    stages = pipeline.funnel(municipality_ids=ids, period=period)
    quarters = pipeline.quarters_between(partnership.starts_on, min(today, partnership.ends_on))
    trend = pipeline.trend(municipality_ids=ids, quarters=quarters)
    context = {
        "partnership": partnership,
        "form": form,
        "period": period,
        "criteria": CRITERIA,
        "rows": rows,
        "total": total,
        "municipalities": municipalities,
        "stages": [
            {"stage": stage, "counts": [stage.counts.get(pk, 0) for pk in ids]} for stage in stages
        ],
        "trend": trend,
        "can_set_targets": has_permission(request.user, Permission.MANAGE_CONFIGURATION),
        "chart": chart(
            kind="bar",
            horizontal=True,
            labels=[result.criterion.title for result in total],
            datasets=[
                {"label": _("Rate"), "data": [_percent(r.rate) for r in total]},
                {"label": _("Target"), "data": [_percent(r.target) for r in total]},
            ],
            y={"min": 0, "max": 100, "step": 10},
        ),
        "funnel_chart": chart(
            kind="bar",
            horizontal=True,
            labels=[stage.label for stage in stages],
            datasets=[{"label": _("People"), "data": [s.total for s in stages]}],
        ),
        "trend_chart": chart(
            kind="line",
            labels=[row.quarter.label for row in trend],
            datasets=[
                {"label": _("Identified"), "data": [r.identified for r in trend]},
                {"label": _("Contacted"), "data": [r.contacted for r in trend]},
                {"label": _("First intervention"), "data": [r.enrolled for r in trend]},
                {"label": _("Job or education"), "data": [r.outcomes for r in trend]},
            ],
        ),
    }
    return render(request, "interventions/criteria_dashboard.html", context)


@permission_required(Permission.VIEW_AGGREGATES)
def method_effectiveness(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    """Which outreach methods work, for the partnership or one municipality, and the member
    municipalities side by side (definitions in ``effectiveness.py``)."""
    partnership = partnership_get(user=request.user, pk=partnership_id)
    today = timezone.localdate()
    form, period = _period(request, partnership.starts_on, min(today, partnership.ends_on))
    municipalities = list(partnership.municipalities.order_by("name"))
    chosen = next((m for m in municipalities if str(m.pk) == request.GET.get("municipality")), None)
    compared = compare(municipality_ids=[m.pk for m in municipalities], period=period)
    figures = compared.by_municipality[chosen.pk] if chosen else compared.total
    comparison = [
        {"municipality": m, "figures": compared.by_municipality[m.pk]} for m in municipalities
    ]
    shown = [row for row in figures.methods if row.identified]
    context = {
        "partnership": partnership,
        "form": form,
        "period": period,
        "municipalities": municipalities,
        "chosen": chosen,
        "figures": figures,
        "comparison": comparison,
        "chart": chart(
            kind="bar",
            horizontal=True,
            labels=[row.label for row in shown],
            datasets=[
                {
                    "label": _("Contacted"),
                    "data": [_percent(row.contacted.rate) for row in shown],
                },
                {
                    "label": _("In an intervention"),
                    "data": [_percent(row.intervention.rate) for row in shown],
                },
                {
                    "label": _("Job or education"),
                    "data": [_percent(row.outcome.rate) for row in shown],
                },
            ],
            y={"min": 0, "max": 100, "step": 10},
        ),
    }
    return render(request, "interventions/method_effectiveness.html", context)


@permission_required(Permission.VIEW_PEOPLE)
def criteria_people(request: AuthedRequest, key: str) -> HttpResponse:
    """The people behind one figure, within the viewer's access (a coordinator sees none)."""
    criterion = BY_KEY.get(key)
    municipality_id = request.GET.get("municipality", "")
    part = request.GET.get("part", "numerator")
    if (
        criterion is None
        or not municipality_id.isdigit()
        or part not in {"numerator", "denominator"}
    ):
        raise Http404
    if not has_permission(
        request.user, Permission.VIEW_PEOPLE, municipality_id=int(municipality_id)
    ):
        raise Http404
    form, period = _period(
        request, timezone.localdate().replace(month=1, day=1), timezone.localdate()
    )
    people = person_list(user=request.user).filter(municipality_id=int(municipality_id))
    behind = list(
        people_behind(people, criterion, period, part=part).order_by("last_name", "first_name")[
            :500
        ]
    )
    access_bulk_record(
        user=request.user,
        action=AccessAction.SEARCH,
        rows=(person.municipality_id for person in behind),
        searched=[int(municipality_id)],
        search_criterion=f"criterion={key} part={part} municipality={municipality_id}",
    )
    context = {"criterion": criterion, "part": part, "period": period, "people": behind}
    return render(request, "interventions/criteria_people.html", context)


@permission_required(Permission.MANAGE_CONFIGURATION)
def targets_edit(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    """A partnership's own targets for the five criteria (seed 004's are the defaults)."""
    partnership = partnership_get(user=request.user, pk=partnership_id)
    form = TargetsForm(request.POST or None, targets=targets_for(partnership))
    if request.method == "POST" and form.is_valid():
        services.targets_save(actor=request.user, partnership=partnership, targets=form.shares())
        messages.success(request, _("The targets are saved."))
        return redirect("interventions:targets", partnership_id=partnership.pk)
    return render(
        request, "interventions/targets_form.html", {"form": form, "partnership": partnership}
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
    list_url: str,
    new_title: str,
) -> HttpResponse:
    form = form_class(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        services.catalogue_save(
            actor=request.user,
            record=record,
            values=form.cleaned_data,
            fields=form_class.Meta.fields,
        )
        messages.success(request, _("Saved."))
        return redirect(list_url)
    title = str(record) if record.pk else new_title
    context = {"form": form, "title": title, "list_url": list_url}
    return render(request, "interventions/catalogue_form.html", context)
