"""Her plan on paper, for her to keep: one part in her language (when it has the plan's
headings, ``PlanWording``), then one in Danish. Goals and steps are printed in her language
where the caseworker wrote them so (with the interpreter, say), else in Danish."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from brobygger.accounts.access import AnyUser
from brobygger.core.pdf import render_pdf
from brobygger.languages.models import DANISH, Language
from brobygger.languages.selectors import language_or_danish
from brobygger.people.models import Person

from .models import GoalStatus, PlanGoal, PlanWording
from .selectors import PlanSupport, person_goals, plan_support, plan_wording_for


@dataclass(frozen=True)
class PlanLine:
    text: str
    on: date


@dataclass(frozen=True)
class PlanGoalPart:
    text: str
    target_on: date
    steps: list[PlanLine]


@dataclass(frozen=True)
class PlanPart:
    """The plan in one language."""

    language: Language
    wording: PlanWording
    goals: list[PlanGoalPart]


def _in(own: bool, danish: str, hers: str) -> str:
    return hers if own and hers else danish


def _part(wording: PlanWording, goals: list[PlanGoal], *, own: bool) -> PlanPart:
    return PlanPart(
        language=wording.language,
        wording=wording,
        goals=[
            PlanGoalPart(
                text=_in(own, goal.text, goal.text_in_her_language),
                target_on=goal.target_on,
                steps=[
                    PlanLine(_in(own, step.title, step.title_in_her_language), step.due_on)
                    for step in goal.steps.all()
                    if step.done_at is None
                ],
            )
            for goal in goals
        ],
    )


def plan_parts(*, user: AnyUser, person: Person) -> list[PlanPart]:
    """Her language's part first (if it has headings of its own), then the Danish one."""
    goals = list(person_goals(user=user, person=person).filter(status=GoalStatus.ACTIVE))
    parts = []
    own = plan_wording_for(person.preferred_language)
    if not own.fell_back and own.row.language.code != DANISH:
        parts.append(_part(own.row, goals, own=True))
    danish = plan_wording_for(language_or_danish(DANISH)).row
    parts.append(_part(danish, goals, own=False))
    return parts


@dataclass(frozen=True)
class PrintedPlan:
    person: Person
    parts: list[PlanPart]
    support: PlanSupport
    today: date


def plan_pdf(*, user: AnyUser, person: Person, today: date) -> tuple[bytes, int]:
    """The PDF, and how many goals it prints."""
    plan = PrintedPlan(
        person=person,
        parts=plan_parts(user=user, person=person),
        support=plan_support(user=user, person=person, today=today),
        today=today,
    )
    return render_pdf("cases/plan_pdf.html", {"plan": plan}), len(plan.parts[0].goals)
