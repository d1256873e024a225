"""The capacity-building page of an association (``capacity.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.core.forms import ModelForm
from brobygger.core.inputs import from_cleaned_data

from . import capacity, selectors
from .care_views import _saved
from .forms import (
    CapacityActionForm,
    CapacityBuildingForm,
    CapacityCourseForm,
    ExpectationPointForm,
)
from .models import ASSOCIATION_KINDS, ActionStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


# What the page adds to a plan: form, typed input, service, message.
ADDITIONS: dict[str, tuple[type[ModelForm], type[Any], Callable[..., object], StrOrPromise]] = {
    "course": (
        CapacityCourseForm,
        capacity.CourseData,
        capacity.course_add,
        gettext_lazy("The course is saved."),
    ),
    "expectation": (
        ExpectationPointForm,
        capacity.ExpectationData,
        capacity.expectation_add,
        gettext_lazy("The expectation point is saved."),
    ),
    "action": (
        CapacityActionForm,
        capacity.ActionData,
        capacity.action_save,
        gettext_lazy("The action item is saved."),
    ),
}


def _action_status(request: AuthedRequest, page: capacity.CapacityPage) -> None:
    """Move an action item to another status (a row's select)."""
    action = next((a for a in page.actions if str(a.pk) == request.POST.get("action")), None)
    new_status = request.POST.get("status", "")
    if action is None or page.building is None or new_status not in ActionStatus.values:
        raise Http404
    capacity.action_save(
        actor=request.user,
        building=page.building,
        action=action,
        data=capacity.ActionData(
            title=action.title,
            responsible=action.responsible,
            due_on=action.due_on,
            status=new_status,
        ),
    )
    messages.success(request, _("The status is saved."))


@permission_required(Permission.MANAGE_PARTNERS)
def capacity_page(request: AuthedRequest, organisation_id: int) -> HttpResponse:
    """An association's capacity building: key adviser, courses attended, expectation points
    agreed, and action items with status and due date (seed 002)."""
    organisation = selectors.organisation_get(user=request.user, pk=organisation_id)
    if organisation.kind not in ASSOCIATION_KINDS:
        raise Http404
    page = capacity.capacity_of(user=request.user, organisation=organisation)
    building = page.building
    today = timezone.localdate()
    advisers = capacity.key_advisers(organisation)
    forms = {
        "building": CapacityBuildingForm(
            instance=building,
            initial={"started_on": today, "key_adviser": request.user.pk},
            advisers=advisers,
            prefix="building",
        ),
        "course": CapacityCourseForm(initial={"attended_on": today}, prefix="course"),
        "expectation": ExpectationPointForm(initial={"agreed_on": today}, prefix="expectation"),
        "action": CapacityActionForm(prefix="action"),
    }
    kind = request.POST.get("form", "")
    status = 200
    back = redirect("partners:capacity", organisation_id=organisation.pk)
    if request.method == "POST":
        status = 400
        if kind == "building":
            form = forms["building"] = CapacityBuildingForm(
                request.POST, instance=building, advisers=advisers, prefix="building"
            )
            if _saved(
                request,
                form,
                lambda: capacity.building_save(
                    actor=request.user,
                    organisation=organisation,
                    data=from_cleaned_data(capacity.BuildingData, form.cleaned_data),
                ),
                _("The capacity building is saved."),
            ):
                return back
        elif building is None:
            messages.error(request, _("Start the capacity building first."))
        elif kind in ADDITIONS:
            form_class, data_class, write, message = ADDITIONS[kind]
            added = forms[kind] = form_class(request.POST, prefix=kind)
            if _saved(
                request,
                added,
                lambda: write(
                    actor=request.user,
                    building=building,
                    data=from_cleaned_data(data_class, added.cleaned_data),
                ),
                str(message),
            ):
                return back
        elif kind == "action_status":
            _action_status(request, page)
            return back
    else:
        access_record(user=request.user, action=AccessAction.VIEW, obj=organisation)
    context = {
        "organisation": organisation,
        "page": page,
        "forms": forms,
        "statuses": ActionStatus.choices,
        "today": today,
    }
    return render(request, "partners/capacity.html", context, status=status)
