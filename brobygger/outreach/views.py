from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.core.forms import apply_errors
from brobygger.core.http import AuthedRequest
from brobygger.people.selectors import person_get
from brobygger.people.views import render_activity

from . import selectors, services
from .forms import ActivityDoneForm, ActivityForm, ContactAttemptForm
from .models import ActivityStatus, OutreachActivity


@permission_required(Permission.CHANGE_PEOPLE)
def contact_attempt_create(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, pk=person_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ContactAttemptForm(request.POST)
    if form.is_valid():
        try:
            attempt = services.contact_attempt_record(
                actor=request.user,
                person=person,
                channel=form.cleaned_data["channel"],
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            form = ContactAttemptForm(initial={"channel": attempt.channel})
            messages.success(request, _("The contact attempt was logged."))
    return render_activity(request, person, attempt_form=form)


@permission_required(Permission.MANAGE_OUTREACH)
def activity_list(request: AuthedRequest) -> HttpResponse:
    """The plan: activities week by week, from four weeks back to eight weeks ahead."""
    status = request.GET.get("status", "")
    today = timezone.localdate()
    activities = selectors.activity_list(
        user=request.user,
        status=status,
        date_from=today - timedelta(weeks=4),
        date_to=today + timedelta(weeks=8),
    )
    context = {
        "weeks": selectors.activities_by_week(activities),
        "status": status,
        "statuses": ActivityStatus.choices,
        "done_form": ActivityDoneForm(),
        "today": today,
    }
    template = "outreach/activity_list.html"
    if request.htmx:
        template += "#plan"
    return render(request, template, context)


@permission_required(Permission.MANAGE_OUTREACH)
def activity_create(request: AuthedRequest) -> HttpResponse:
    return _activity_form(request, None)


@permission_required(Permission.MANAGE_OUTREACH)
def activity_update(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=activity_id)
    return _activity_form(request, activity)


def _activity_form(request: AuthedRequest, activity: OutreachActivity | None) -> HttpResponse:
    form = ActivityForm(request.POST or None, instance=activity, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.activity_save(
                actor=request.user,
                municipality=activity.municipality if activity else data["municipality"],
                values={field: data[field] for field in services.ACTIVITY_FIELDS},
                activity=activity,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(title)s is saved.") % {"title": saved.title})
            return redirect("outreach:activity-list")
    return render(request, "outreach/activity_form.html", {"form": form, "activity": activity})


@permission_required(Permission.MANAGE_OUTREACH)
def activity_done(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=activity_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ActivityDoneForm(request.POST)
    if form.is_valid():
        try:
            services.activity_mark_done(actor=request.user, activity=activity, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
    activity = selectors.activity_get(user=request.user, pk=activity_id)
    if request.htmx:
        return render(
            request,
            "outreach/activity_list.html#activity",
            {"activity": activity, "done_form": form, "today": timezone.localdate()},
        )
    if form.errors:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("outreach:activity-list")
