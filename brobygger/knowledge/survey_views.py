"""The attitude survey's pages: the list, a survey's results with its charts, making and
changing a survey, and answering it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.core.charts import chart
from brobygger.core.forms import apply_errors
from brobygger.core.inputs import from_cleaned_data

from . import selectors, services
from .forms import (
    SurveyAnswerForm,
    SurveyForm,
)
from .models import Survey
from .selectors import SurveyResults


@permission_required(Permission.VIEW_PARTNERSHIP)
def survey_list(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    surveys = selectors.survey_list(user=request.user).order_by("municipality__name", "-opens_on")
    to_answer = {s.pk for s in selectors.surveys_to_answer(user=request.user, today=today)}
    rows = [
        {
            "survey": survey,
            "state": _state(survey, today),
            "may_answer": survey.pk in to_answer,
            "may_see_results": selectors.may_see_results(request.user, survey),
        }
        for survey in surveys
    ]
    context = {
        "rows": rows,
        "may_create": selectors.may_run_surveys(request.user),
        "minimum": selectors.MIN_RESPONSES,
    }
    return render(request, "knowledge/survey_list.html", context)


def _state(survey: Survey, today: date) -> str:
    if survey.is_open(today):
        return _("Open until %(date)s") % {
            "date": date_format(survey.closes_on, "SHORT_DATE_FORMAT")
        }
    if survey.is_closed(today):
        return _("Closed")
    return _("Opens %(date)s") % {"date": date_format(survey.opens_on, "SHORT_DATE_FORMAT")}


@permission_required(Permission.VIEW_PARTNERSHIP)
def survey_detail(request: AuthedRequest, survey_id: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=survey_id)
    today = timezone.localdate()
    results = None
    if selectors.may_see_results(request.user, survey):
        results = selectors.survey_results(survey=survey, today=today)
    context: dict[str, Any] = {
        "survey": survey,
        "state": _state(survey, today),
        "statements": survey.statements.order_by("position", "pk"),
        "results": results,
        "minimum": selectors.MIN_RESPONSES,
        "may_answer": selectors.may_answer(request.user, survey, today)
        and not selectors.has_answered(request.user, survey),
        "has_answered": selectors.has_answered(request.user, survey),
        "may_edit": selectors.may_run_surveys(request.user, survey.municipality_id)
        and not survey.is_closed(today),
    }
    if results is not None and results.shown:
        context.update(_charts(results))
    return render(request, "knowledge/survey_detail.html", context)


def _charts(results: SurveyResults) -> dict[str, Any]:
    """Chart.js specifications (see ``brobygger/charts.js``); the tables carry the same."""
    return {
        "statement_chart": chart(
            kind="bar",
            horizontal=True,
            labels=[row.statement.text for row in results.statements],
            datasets=[
                {"label": _("Agree most"), "data": [row.most for row in results.statements]},
                {"label": _("Agree least"), "data": [row.least for row in results.statements]},
            ],
            y={"min": 0, "step": 1},
        ),
        "placement_chart": chart(
            kind="bar",
            labels=[_placement_label(value) for value, _count in results.placements],
            datasets=[
                {"label": _("Answers"), "data": [count for _value, count in results.placements]}
            ],
            y={"min": 0, "step": 1},
        ),
    }


def _placement_label(value: int) -> str:
    names = {1: _("sceptical"), 4: _("expectant"), 7: _("enthusiastic")}
    return f"{value} {names[value]}" if value in names else str(value)


@permission_required(Permission.VIEW_AGGREGATES)
def survey_create(request: AuthedRequest) -> HttpResponse:
    municipalities = selectors.survey_municipalities(user=request.user)
    if not municipalities.exists():
        raise Http404
    form = SurveyForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                actor=request.user,
                municipality=form.cleaned_data["municipality"],
                data=from_cleaned_data(services.SurveyData, form.cleaned_data),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(title)s is open for answers.") % {"title": survey})
            return redirect("knowledge:survey-detail", survey_id=survey.pk)
    context = {
        "title": _("New attitude survey"),
        "intro": _(
            "Staff of the job centre answer anonymously: they pick the statements they agree "
            "with most and least and place themselves between sceptical and enthusiastic. "
            "The results are shown when the round has closed, with at least %(minimum)s answers."
        )
        % {"minimum": selectors.MIN_RESPONSES},
        "form": form,
        "cancel_url": reverse("knowledge:survey-list"),
    }
    return render(request, "knowledge/form_page.html", context)


@permission_required(Permission.VIEW_AGGREGATES)
def survey_update(request: AuthedRequest, survey_id: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=survey_id)
    if not selectors.may_run_surveys(request.user, survey.municipality_id):
        raise Http404
    detail_url = reverse("knowledge:survey-detail", kwargs={"survey_id": survey.pk})
    if survey.is_closed(timezone.localdate()):
        messages.error(request, _("The round has closed and can no longer be changed."))
        return redirect(detail_url)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(
                actor=request.user,
                survey=survey,
                data=from_cleaned_data(services.SurveyData, form.cleaned_data),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The survey is saved."))
            return redirect(detail_url)
    context = {"title": survey.title, "form": form, "cancel_url": detail_url}
    return render(request, "knowledge/form_page.html", context)


@permission_required(Permission.VIEW_PARTNERSHIP)
def survey_answer(request: AuthedRequest, survey_id: int) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, pk=survey_id)
    if survey.municipality_id not in selectors.staff_municipality_ids(request.user):
        raise Http404
    today = timezone.localdate()
    if selectors.has_answered(request.user, survey):
        messages.info(request, _("You have already answered this survey. Thank you."))
        return redirect("knowledge:survey-detail", survey_id=survey.pk)
    if not survey.is_open(today):
        messages.error(request, _("The survey is not open for answers."))
        return redirect("knowledge:survey-detail", survey_id=survey.pk)
    form = SurveyAnswerForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.survey_answer(
                actor=request.user,
                survey=survey,
                most_agreed=list(data["most_agreed"]),
                least_agreed=list(data["least_agreed"]),
                self_placement=data["self_placement"],
                today=today,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you. Your answer is saved anonymously."))
            return redirect("knowledge:survey-detail", survey_id=survey.pk)
    context = {"survey": survey, "form": form, "minimum": selectors.MIN_RESPONSES}
    return render(request, "knowledge/survey_answer.html", context)
