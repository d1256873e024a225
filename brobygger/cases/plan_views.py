"""Her plan: goals with dates, the next steps towards them (tasks), what supports them, and the
printed plan for her to keep, in her language and Danish. And the plan's headings per language,
for administrators."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from brobygger.accounts.access import Permission, has_permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.core.forms import apply_errors
from brobygger.core.inputs import from_cleaned_data
from brobygger.core.pdf import pdf_response
from brobygger.languages.models import Language
from brobygger.languages.text_pages import TextEditPage, text_edit, text_rows
from brobygger.people.models import Person
from brobygger.people.selectors import person_get

from . import selectors, services
from .forms import GoalCloseForm, GoalForm, PlanWordingForm, StepForm
from .models import PlanGoal
from .plan_pdf import plan_pdf
from .services import GoalData, PlanWordingData, StepData


def _changeable(request: AuthedRequest, person: Person) -> bool:
    return has_permission(
        request.user, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id
    )


def _plan_page(
    request: AuthedRequest, person: Person, goal_form: GoalForm, status: int = 200
) -> HttpResponse:
    access_record(user=request.user, action=AccessAction.VIEW, obj=person)
    today = timezone.localdate()
    context = {
        "person": person,
        "goals": selectors.person_goals(user=request.user, person=person),
        "support": selectors.plan_support(user=request.user, person=person, today=today),
        "goal_form": goal_form,
        "can_change": _changeable(request, person),
        "today": today,
    }
    return render(request, "cases/person_plan.html", context, status=status)


@permission_required(Permission.VIEW_PEOPLE)
def person_plan(request: AuthedRequest, person_id: int) -> HttpResponse:
    """Her plan, and (for those who may change her) the form for a new goal."""
    person = person_get(user=request.user, pk=person_id)
    if request.method == "POST" and _changeable(request, person):
        form = GoalForm(request.POST)
        if form.is_valid():
            try:
                services.goal_add(
                    actor=request.user,
                    person=person,
                    data=from_cleaned_data(GoalData, form.cleaned_data),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The goal is added to her plan."))
                return redirect("cases:person-plan", person_id=person.pk)
        return _plan_page(request, person, form, status=400)
    return _plan_page(request, person, GoalForm())


def _changeable_goal(request: AuthedRequest, goal_id: int) -> PlanGoal:
    goal = selectors.goal_get(user=request.user, pk=goal_id)
    if not _changeable(request, goal.person):
        raise Http404
    return goal


@permission_required(Permission.CHANGE_PEOPLE)
def goal_edit(request: AuthedRequest, goal_id: int) -> HttpResponse:
    """Change a goal's words or date; mark it reached or set aside."""
    goal = _changeable_goal(request, goal_id)
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(
                actor=request.user, goal=goal, data=from_cleaned_data(GoalData, form.cleaned_data)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The goal is saved."))
            return redirect("cases:person-plan", person_id=goal.person_id)
    access_record(user=request.user, action=AccessAction.VIEW, obj=goal)
    close_form = GoalCloseForm(initial={"status": goal.status, "closed_on": timezone.localdate()})
    context = {"goal": goal, "person": goal.person, "form": form, "close_form": close_form}
    return render(request, "cases/goal_form.html", context, status=400 if form.errors else 200)


@require_POST
@permission_required(Permission.CHANGE_PEOPLE)
def goal_close(request: AuthedRequest, goal_id: int) -> HttpResponse:
    goal = _changeable_goal(request, goal_id)
    form = GoalCloseForm(request.POST)
    if form.is_valid():
        try:
            services.goal_close(
                actor=request.user,
                goal=goal,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["closed_on"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The goal's status is saved."))
            return redirect("cases:person-plan", person_id=goal.person_id)
    context = {"goal": goal, "person": goal.person, "form": GoalForm(instance=goal)}
    return render(request, "cases/goal_form.html", {**context, "close_form": form}, status=400)


@permission_required(Permission.CHANGE_PEOPLE)
def step_create(request: AuthedRequest, goal_id: int) -> HttpResponse:
    """A next step towards a goal: a task, in the assignee's work list."""
    goal = _changeable_goal(request, goal_id)
    form = StepForm(
        request.POST or None,
        assignees=selectors.assignable_users(municipality_id=goal.person.municipality_id),
        initial={"assignee": request.user.pk, "due_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.step_add(
                actor=request.user, goal=goal, data=from_cleaned_data(StepData, form.cleaned_data)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The step is added to her plan."))
            return redirect("cases:person-plan", person_id=goal.person_id)
    access_record(user=request.user, action=AccessAction.VIEW, obj=goal)
    context = {"goal": goal, "person": goal.person, "form": form}
    return render(request, "cases/step_form.html", context, status=400 if form.errors else 200)


@permission_required(Permission.VIEW_PEOPLE)
def person_plan_pdf(request: AuthedRequest, person_id: int) -> HttpResponse:
    """Her plan to print and keep: in her language first (when it has the plan's headings),
    then in Danish. Each print is in the access log as a read of her and as an export (its
    rows: the goals printed)."""
    person = person_get(user=request.user, pk=person_id)
    content, goals = plan_pdf(user=request.user, person=person, today=timezone.localdate())
    access_record(user=request.user, action=AccessAction.VIEW, obj=person)
    access_record(user=request.user, action=AccessAction.EXPORT, obj=person, row_count=goals)
    return pdf_response(content, f"plan-{person.pk}.pdf")


# The plan's headings per language ---------------------------------------------------------


@permission_required(Permission.MANAGE_CONFIGURATION)
def plan_wording_list(request: AuthedRequest) -> HttpResponse:
    """Every language and its plan headings: missing, machine-drafted, or checked."""
    rows = text_rows(selectors.plan_wording_list())
    return render(request, "cases/plan_wording_list.html", {"rows": rows})


def _plan_wording_save(actor: User, language: Language, form: BaseForm) -> object:
    data = from_cleaned_data(PlanWordingData, form.cleaned_data)
    return services.plan_wording_save(actor=actor, language=language, data=data)


PLAN_WORDING_PAGE = TextEditPage(
    title=gettext_lazy("Plan texts"),
    list_url="cases:plan-wordings",
    text_of=selectors.plan_wording_of,
    form_for=lambda data, text: PlanWordingForm(data, instance=text),
    save=_plan_wording_save,
)


@permission_required(Permission.MANAGE_CONFIGURATION)
def plan_wording_edit(request: AuthedRequest, language: str) -> HttpResponse:
    return text_edit(request, PLAN_WORDING_PAGE, language)
