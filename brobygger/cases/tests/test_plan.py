"""Her plan: goals with dates, next steps as tasks in the work list, what supports the plan, and
the printed plan in her language and Danish."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.cases.models import GoalStatus, PlanGoal, PlanWording, Task, TaskSource
from brobygger.cases.plan_pdf import plan_parts
from brobygger.cases.selectors import person_goals, plan_support, tasks_of
from brobygger.cases.services import (
    GoalData,
    StepData,
    goal_add,
    goal_close,
    goal_update,
    step_add,
)
from brobygger.cases.tests.factories import PlanGoalFactory, TaskFactory
from brobygger.interventions.tests.factories import EnrolmentFactory
from brobygger.languages.models import Language
from brobygger.meetings.tests.factories import InvitationFactory, SessionFactory
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_goal_and_its_step_through_the_pages(client: Client, cast: Cast) -> None:
    person = PersonFactory(assigned_caseworker=cast.alice)
    client.force_login(cast.alice)
    plan_url = reverse("cases:person-plan", kwargs={"person_id": person.pk})
    assert client.get(plan_url).status_code == 200

    response = client.post(
        plan_url,
        {
            "text": "Begynde på danskuddannelse",
            "text_in_her_language": "",
            "target_on": "01.03.2027",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    goal = PlanGoal.objects.get(person=person)
    assert (goal.target_on, goal.status, goal.created_by) == (
        date(2027, 3, 1),
        GoalStatus.ACTIVE,
        cast.alice,
    )

    step_url = reverse("cases:step-create", kwargs={"goal_id": goal.pk})
    assert client.get(step_url).status_code == 200
    response = client.post(
        step_url,
        {"title": "Tilmeld hende sprogskolen", "assignee": cast.alice.pk, "due_on": "01.12.2026"},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    step = Task.objects.get(goal=goal)
    assert (step.person, step.source, step.assignee) == (person, TaskSource.PLAN_STEP, cast.alice)
    # The step is a task in Alice's work list.
    assert step in tasks_of(user=cast.alice, assignee=cast.alice)

    page = client.get(plan_url).content.decode()
    assert "Begynde på danskuddannelse" in page and "Tilmeld hende sprogskolen" in page
    detail = client.get(reverse("people:detail", kwargs={"person_id": person.pk})).content.decode()
    assert "Begynde på danskuddannelse" in detail


def test_a_goal_without_words_or_date_is_refused_and_nothing_is_saved(
    client: Client, cast: Cast
) -> None:
    person = PersonFactory()
    client.force_login(cast.alice)
    url = reverse("cases:person-plan", kwargs={"person_id": person.pk})
    response = client.post(url, {"text": "   ", "target_on": "31.02.2027"})
    assert response.status_code == 400
    assert not PlanGoal.objects.exists()
    with pytest.raises(ValidationError):
        goal_add(
            actor=cast.alice,
            person=person,
            data=GoalData(text="  ", target_on=date(2027, 1, 1)),
        )


def test_a_goal_is_changed_reached_and_reopened(cast: Cast) -> None:
    goal = PlanGoalFactory()
    goal_update(
        actor=cast.alice,
        goal=goal,
        data=GoalData(text="Praktik i et køkken", target_on=date(2027, 5, 1)),
    )
    goal.refresh_from_db()
    assert (goal.text, goal.target_on) == ("Praktik i et køkken", date(2027, 5, 1))

    goal_close(actor=cast.alice, goal=goal, status=GoalStatus.REACHED, on=date(2026, 11, 20))
    goal.refresh_from_db()
    assert (goal.status, goal.closed_on) == (GoalStatus.REACHED, date(2026, 11, 20))
    with pytest.raises(ValidationError):
        goal_close(actor=cast.alice, goal=goal, status=GoalStatus.DROPPED, on=date(2027, 1, 1))

    goal_close(actor=cast.alice, goal=goal, status=GoalStatus.ACTIVE, on=date(2026, 11, 20))
    goal.refresh_from_db()
    assert (goal.status, goal.closed_on) == (GoalStatus.ACTIVE, None)


def test_the_goal_pages_change_and_close_it(client: Client, cast: Cast) -> None:
    goal = PlanGoalFactory()
    client.force_login(cast.alice)
    url = reverse("cases:goal", kwargs={"goal_id": goal.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Få kørekort", "target_on": "01.06.2027"})
    assert response.status_code == 302
    close = reverse("cases:goal-close", kwargs={"goal_id": goal.pk})
    assert client.post(close, {"status": "nonsense", "closed_on": "20.11.2026"}).status_code == 400
    response = client.post(close, {"status": "dropped", "closed_on": "20.11.2026"})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.text, goal.status) == ("Få kørekort", GoalStatus.DROPPED)


def test_another_municipality_cannot_see_or_change_her_plan(client: Client, cast: Cast) -> None:
    goal = PlanGoalFactory()
    client.force_login(cast.charlie)  # a caseworker of Hedensted
    for url in (
        reverse("cases:person-plan", kwargs={"person_id": goal.person_id}),
        reverse("cases:person-plan-pdf", kwargs={"person_id": goal.person_id}),
        reverse("cases:goal", kwargs={"goal_id": goal.pk}),
        reverse("cases:step-create", kwargs={"goal_id": goal.pk}),
    ):
        assert client.get(url).status_code == 404, url
    with pytest.raises(PermissionDenied):
        goal_add(
            actor=cast.charlie,
            person=goal.person,
            data=GoalData(text="Noget", target_on=date(2027, 1, 1)),
        )
    with pytest.raises(PermissionDenied):
        step_add(
            actor=cast.charlie,
            goal=goal,
            data=StepData(title="Ring", assignee=cast.charlie, due_on=date(2026, 12, 1)),
        )


def test_a_step_goes_only_to_staff_of_her_municipality(cast: Cast) -> None:
    goal = PlanGoalFactory()
    with pytest.raises(ValidationError):
        step_add(
            actor=cast.alice,
            goal=goal,
            data=StepData(title="Ring", assignee=cast.charlie, due_on=date(2026, 12, 1)),
        )
    assert not Task.objects.exists()


def test_what_supports_the_plan(cast: Cast) -> None:
    person = PersonFactory()
    EnrolmentFactory(person=person)
    EnrolmentFactory(person=person, completed=True)
    coming = SessionFactory(date=date(2026, 12, 3))
    past = SessionFactory(date=date(2026, 11, 2))
    InvitationFactory(session=coming, person=person)
    InvitationFactory(session=past, person=person)
    support = plan_support(user=cast.alice, person=person, today=date(2026, 11, 23))
    assert len(support.enrolments) == 1
    assert [i.session for i in support.sessions] == [coming]


def test_the_plan_prints_in_her_language_first_then_danish(client: Client, cast: Cast) -> None:
    arabic = Language.objects.get(code="ar")
    person = PersonFactory(preferred_language=arabic, assigned_caseworker=cast.alice)
    goal = PlanGoalFactory(person=person, in_arabic=True, text="Begynde på sprogskole")
    TaskFactory(goal=goal, person=person, title="Tilmeld sprogskolen", source="plan_step")
    PlanGoalFactory(person=person, reached=True, text="Et nået mål")

    parts = plan_parts(user=cast.alice, person=person)
    assert [part.language.code for part in parts] == ["ar", "da"]
    assert parts[0].goals[0].text == "أن أبدأ في مدرسة اللغة"
    assert parts[1].goals[0].text == "Begynde på sprogskole"
    # A step without words in her language is printed in Danish in both parts.
    assert [s.text for s in parts[0].goals[0].steps] == ["Tilmeld sprogskolen"]
    assert len(parts[1].goals) == 1  # the reached goal is not on her paper

    client.force_login(cast.alice)
    response = client.get(reverse("cases:person-plan-pdf", kwargs={"person_id": person.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    text = _pdf_text(response.content)
    assert "Min plan" in text and "Begynde på sprogskole" in text
    assert "Alice" in text  # her contact person
    assert AccessLogEntry.objects.filter(
        user=cast.alice, action=AccessAction.VIEW, person_id=person.pk
    ).exists()


def test_a_language_without_plan_texts_prints_in_danish_only(cast: Cast) -> None:
    arabic = Language.objects.get(code="ar")
    PlanWording.objects.filter(language=arabic).delete()
    person = PersonFactory(preferred_language=arabic)
    PlanGoalFactory(person=person)
    assert [part.language.code for part in plan_parts(user=cast.alice, person=person)] == ["da"]


def test_the_seeded_plan_texts_cover_every_seeded_language() -> None:
    seeded = set(Language.objects.values_list("code", flat=True))
    worded = set(PlanWording.objects.values_list("language__code", flat=True))
    assert seeded <= worded
    assert set(
        PlanWording.objects.filter(checked_by_translator=True).values_list(
            "language__code", flat=True
        )
    ) == {"da", "en"}


def test_an_administrator_corrects_a_language_plan_texts(client: Client, cast: Cast) -> None:
    client.force_login(cast.ada)
    assert client.get(reverse("cases:plan-wordings")).status_code == 200
    url = reverse("cases:plan-wording-edit", kwargs={"language": "so"})
    assert client.get(url).status_code == 200
    fields = {
        "heading": "Qorshahayga",
        "intro": "Kani waa qorshaha.",
        "goals_heading": "Hadafyada",
        "by_label": "ilaa",
        "steps_heading": "Tallaabooyinka",
        "support_heading": "Caawimaad",
        "mentor_label": "Lataliye",
        "contact_heading": "Xiriir",
        "checked_by_translator": "on",
    }
    assert client.post(url, {**fields, "heading": ""}).status_code == 400
    assert client.post(url, fields).status_code == 302
    wording = PlanWording.objects.get(language__code="so")
    assert wording.intro == "Kani waa qorshaha." and wording.checked_by_translator
    assert (
        client.get(reverse("cases:plan-wording-edit", kwargs={"language": "xx"})).status_code == 404
    )
    client.force_login(cast.alice)
    assert client.get(url).status_code == 404


def test_goals_are_listed_active_first(cast: Cast) -> None:
    person = PersonFactory()
    reached = PlanGoalFactory(person=person, reached=True, target_on=date(2026, 12, 1))
    later = PlanGoalFactory(person=person, target_on=date(2027, 6, 1))
    sooner = PlanGoalFactory(person=person, target_on=date(2027, 1, 1))
    assert list(person_goals(user=cast.alice, person=person)) == [sooner, later, reached]
