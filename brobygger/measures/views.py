"""The partnership's figures, on their pages: the success criteria with the funnel and the trend
(the dashboard), the people behind a figure, which outreach methods work, and the partnership's
own targets; and one method's figures for its entry in the methods library. Same paths as when
they lived under interventions (``/interventions/...``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, has_permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.accounts.selectors import municipalities_where, partnership_get
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_bulk_record
from brobygger.core.charts import chart
from brobygger.outreach.models import OutreachMethod
from brobygger.partnerships.models import Partnership
from brobygger.people.selectors import person_list
from brobygger.targetgroups.choosing import definition_chosen, definition_for_municipality

from . import disclosure, pipeline, quality, sections, services
from .criteria import BY_KEY, CRITERIA, compute_by_municipality, people_behind, targets_for
from .effectiveness import compare, method_figures
from .forms import PeriodForm, QualityForm, TargetsForm
from .periods import Period, quarters_between
from .suppression import Cell


def _period(
    request: AuthedRequest, default_start: date, default_end: date
) -> tuple[PeriodForm, Period]:
    form = PeriodForm(request.GET or None, initial={"start": default_start, "end": default_end})
    if request.GET and form.is_valid():
        return form, Period(form.cleaned_data["start"], form.cleaned_data["end"])
    return form, Period(default_start, default_end)


def _percent(share: Decimal | float | None) -> float | None:
    return None if share is None else round(float(share) * 100, 1)


def _count(cell: Cell) -> int | None:
    """A count for a chart: a hidden one is a gap, never its value."""
    return None if cell.suppressed else cell.value


@permission_required(Permission.VIEW_FIGURES)
def criteria_dashboard(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    """The five success criteria for each member municipality and for the partnership, over a
    period, with the pipeline funnel and the trend per quarter; a figure opens to the people
    behind it for those who may see them."""
    partnership = partnership_get(user=request.user, pk=partnership_id)
    today = timezone.localdate()
    form, period = _period(request, partnership.starts_on, min(today, partnership.ends_on))
    chosen = definition_chosen(request.GET, partnership)
    municipalities = list(partnership.municipalities.order_by("name"))
    ids = [m.pk for m in municipalities]
    breakdown = compute_by_municipality(
        municipality_ids=ids, period=period, targets=targets_for(partnership), where=chosen.where
    )
    viewer = disclosure.viewer_of(request.user)
    shown = disclosure.criteria(breakdown, ids, viewer)
    rows = [
        {
            "municipality": municipality,
            "results": shown.by_municipality[municipality.pk],
            "drill_down": has_permission(
                request.user, Permission.VIEW_PEOPLE, municipality_id=municipality.pk
            ),
        }
        for municipality in municipalities
    ]
    total = shown.total
    stages = disclosure.funnel(
        pipeline.funnel(municipality_ids=ids, period=period, where=chosen.where), ids, viewer
    )
    quarters = quarters_between(partnership.starts_on, min(today, partnership.ends_on))
    trend = disclosure.trend(
        pipeline.trend(municipality_ids=ids, quarters=quarters, where=chosen.where), ids, viewer
    )
    context = {
        "chosen": chosen,
        "partnership": partnership,
        "form": form,
        "period": period,
        "criteria": CRITERIA,
        "rows": rows,
        "total": total,
        "municipalities": municipalities,
        "stages": stages,
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
            labels=[line.stage.label for line in stages],
            datasets=[{"label": _("People"), "data": [_count(s.total) for s in stages]}],
        ),
        "trend_chart": chart(
            kind="line",
            labels=[row.row.quarter.label for row in trend],
            datasets=[
                {"label": _("Identified"), "data": [_count(r.identified) for r in trend]},
                {"label": _("Contacted"), "data": [_count(r.contacted) for r in trend]},
                {"label": _("First intervention"), "data": [_count(r.enrolled) for r in trend]},
                {"label": _("Job or education"), "data": [_count(r.outcomes) for r in trend]},
            ],
        ),
    }
    return render(request, "measures/criteria_dashboard.html", context)


@permission_required(Permission.VIEW_FIGURES)
def method_effectiveness(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    """Which outreach methods work, for the partnership or one municipality, and the member
    municipalities side by side (definitions in ``effectiveness.py``)."""
    partnership = partnership_get(user=request.user, pk=partnership_id)
    today = timezone.localdate()
    form, period = _period(request, partnership.starts_on, min(today, partnership.ends_on))
    municipalities = list(partnership.municipalities.order_by("name"))
    chosen = next((m for m in municipalities if str(m.pk) == request.GET.get("municipality")), None)
    definition = definition_chosen(request.GET, partnership)
    ids = [m.pk for m in municipalities]
    compared = disclosure.methods(
        compare(municipality_ids=ids, period=period, where=definition.where),
        ids,
        disclosure.viewer_of(request.user),
    )
    figures = compared.by_municipality[chosen.pk] if chosen else compared.total
    # One line per municipality (all methods together), which opens that municipality's
    # methods and categories with the same period and definition.
    query = request.GET.copy()
    comparison = []
    for m in municipalities:
        query["municipality"] = str(m.pk)
        comparison.append(
            {
                "municipality": m,
                "figures": compared.by_municipality[m.pk],
                "query": query.urlencode(),
            }
        )
    shown = [row for row in figures.methods if row.identified.value]
    context = {
        "partnership": partnership,
        "form": form,
        "period": period,
        "municipalities": municipalities,
        "chosen": chosen,
        "definition": definition,
        "figures": figures,
        "comparison": comparison,
        "partnership_total": compared.total.total_rows,
        "chart": chart(
            kind="bar",
            horizontal=True,
            labels=[row.row.label for row in shown],
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
    context |= sections.method_sections(
        viewer=disclosure.viewer_of(request.user),
        municipality_ids=[chosen.pk] if chosen else ids,
        period=period,
        figures=figures,
        where=definition.where,
    )
    return render(request, "measures/method_effectiveness.html", context)


def method_figures_section(
    request: HttpRequest, partnership: Partnership, method: OutreachMethod
) -> SafeString | None:
    """One method's figures on its entry in the methods library, which shows them to those
    who may read the partnership's aggregate figures (``knowledge.figures``); None before the
    partnership has started."""
    figures = method_figures(partnership=partnership, method=method)
    if figures is None:
        return None
    ids = [m.pk for m, _row in figures.by_municipality]
    shown = disclosure.methods(figures.compared, ids, disclosure.viewer_of(request.user))
    context = {
        "partnership": partnership,
        "figures": {
            "period": figures.period,
            "total": shown.find(None, figures.total),
            "by_municipality": [(m, shown.find(m.pk, row)) for m, row in figures.by_municipality],
        },
    }
    return render_to_string("measures/method_figures.html", context, request=request)


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
    definition = definition_for_municipality(request.GET, int(municipality_id))
    if definition is not None:
        people = people.filter(definition.person_q())
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
        search_criterion=(
            f"criterion={key} part={part} municipality={municipality_id}"
            + (f" definition={definition.pk}" if definition else "")
        ),
    )
    context = {"criterion": criterion, "part": part, "period": period, "people": behind}
    return render(request, "measures/criteria_people.html", context)


@permission_required(Permission.MANAGE_CONFIGURATION)
def targets_edit(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    """A partnership's own targets for the five criteria (seed 004's are the defaults)."""
    partnership = partnership_get(user=request.user, pk=partnership_id)
    form = TargetsForm(request.POST or None, targets=targets_for(partnership))
    if request.method == "POST" and form.is_valid():
        services.targets_save(actor=request.user, partnership=partnership, targets=form.shares())
        messages.success(request, _("The targets are saved."))
        return redirect("measures:targets", partnership_id=partnership.pk)
    return render(request, "measures/targets_form.html", {"form": form, "partnership": partnership})


def _quality_choice(request: AuthedRequest) -> tuple[QualityForm, quality.Settings, int]:
    """The form of the data-quality pages and what it chose: a municipality where the viewer
    may see people (another one is a 404) and the months a status may stand still."""
    municipalities = municipalities_where(request.user, Permission.VIEW_PEOPLE)
    first = municipalities.first()
    if first is None:
        raise Http404
    form = QualityForm(request.GET or None, municipalities=municipalities)
    chosen: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()  # an unknown number of months is shown at its field
        chosen = form.cleaned_data  # the choices that are valid still count
    if request.GET.get("municipality") and "municipality" not in chosen:
        raise Http404
    months = chosen.get("months", quality.MONTHS_CHOICES[0])
    municipality = chosen.get("municipality", first)
    return form, quality.Settings(timezone.localdate(), months), municipality.pk


@permission_required(Permission.VIEW_PEOPLE)
def data_quality(request: AuthedRequest) -> HttpResponse:
    """What weakens one municipality's figures, as counts; a count opens its people."""
    form, settings, municipality_id = _quality_choice(request)
    people = person_list(user=request.user, municipality_id=municipality_id)
    context = {
        "form": form,
        "rows": quality.rule_counts(people, settings),
        "municipality_id": municipality_id,
        "months": settings.months,
    }
    return render(request, "measures/data_quality.html", context)


@permission_required(Permission.VIEW_PEOPLE)
def data_quality_people(request: AuthedRequest, key: str) -> HttpResponse:
    """The people one data-quality rule finds in one municipality (the first 500)."""
    rule = quality.BY_KEY.get(key)
    if rule is None:
        raise Http404
    _form, settings, municipality_id = _quality_choice(request)
    people = person_list(user=request.user, municipality_id=municipality_id)
    found = list(rule.select(people, settings).order_by("last_name", "first_name", "pk")[:500])
    access_bulk_record(
        user=request.user,
        action=AccessAction.SEARCH,
        rows=(person.municipality_id for person in found),
        searched=[municipality_id],
        search_criterion=f"data-quality={key} municipality={municipality_id}",
    )
    context = {
        "rule": rule,
        "people": found,
        "municipality_id": municipality_id,
        "months": settings.months,
    }
    return render(request, "measures/data_quality_people.html", context)
