"""The caseworker's working day (issue 14, point 2): her start page is her work list, she takes
a newly identified person in one click, sets the next follow-up with a contact attempt, and
corrects or removes an attempt she clicked wrongly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.people.display import CONTACT_ATTEMPT
from brobygger.people.models import ContactAttempt, Person, PipelineStatus, StatusEvent
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import SUITE_TODAY, Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]

TODAY = SUITE_TODAY.date()


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


def test_the_start_page_is_her_work_list(
    client: Client, cast: Cast, django_assert_max_num_queries: object
) -> None:
    overdue = PersonFactory(
        municipality=cast.viborg,
        first_name="Overdue",
        assigned_caseworker=cast.alice,
        follow_up_on=TODAY - timedelta(days=1),
        next_action="Ring igen",
    )
    today = PersonFactory(
        municipality=cast.viborg,
        first_name="Today",
        assigned_caseworker=cast.alice,
        follow_up_on=TODAY,
    )
    inform = PersonFactory(
        municipality=cast.viborg, first_name="Inform", inform_due_on=TODAY + timedelta(days=3)
    )
    new = PersonFactory(municipality=cast.viborg, first_name="Nobodys", gender="female")
    PersonFactory(municipality=cast.hedensted, first_name="Hedenstedperson")
    client.force_login(cast.alice)

    with django_assert_max_num_queries(20):  # type: ignore[operator]
        response = client.get(reverse("start:home"))

    page = response.content.decode()
    work = response.context["work"]
    assert work.overdue == [overdue] and work.coming_up == [today]
    assert work.inform_due == [inform] and new in work.unassigned
    for person in (overdue, today, inform, new):
        assert reverse("people:detail", kwargs={"person_id": person.pk}) in page
    assert "Ring igen" in page and "Hedenstedperson" not in page
    assert reverse("people:take", kwargs={"person_id": new.pk}) in page and "Take her" in page
    assert 'data-testid="find-or-register"' in page
    assert reverse("people:register") in page
    assert f'href="{reverse("people:caseload")}"' in page  # "My people" in the menu


def test_a_volunteer_coordinator_has_no_work_list(client: Client, cast: Cast) -> None:
    client.force_login(cast.bob)
    response = client.get(reverse("start:home"))
    assert "work" not in response.context
    assert reverse("people:caseload") not in response.content.decode()


def test_she_takes_a_newly_identified_person_in_one_click(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg, first_name="Hodan")
    client.force_login(cast.alice)

    response = client.post(
        reverse("people:take", kwargs={"person_id": person.pk}), {"next": "/"}, follow=True
    )

    person.refresh_from_db()
    assert person.assigned_caseworker == cast.alice
    assert "Hodan" in response.content.decode() and "is now in your caseload" in (
        response.content.decode()
    )
    assert AccessLogEntry.objects.filter(action=AccessAction.CHANGE, person_id=person.pk).exists()
    assert person not in response.context["work"].unassigned


def test_a_colleague_who_was_quicker_keeps_her(client: Client, cast: Cast) -> None:
    colleague = PersonFactory(municipality=cast.viborg, assigned_caseworker=cast.lene)
    client.force_login(cast.alice)
    response = client.post(reverse("people:take", kwargs={"person_id": colleague.pk}), follow=True)
    colleague.refresh_from_db()
    assert colleague.assigned_caseworker == cast.lene
    assert "is already her caseworker" in response.content.decode()


def test_taking_is_for_her_municipality_and_by_post(client: Client, cast: Cast) -> None:
    other = PersonFactory(municipality=cast.hedensted)
    client.force_login(cast.alice)
    assert client.post(reverse("people:take", kwargs={"person_id": other.pk})).status_code == 404
    mine = PersonFactory(municipality=cast.viborg)
    assert client.get(reverse("people:take", kwargs={"person_id": mine.pk})).status_code == 405
    client.force_login(cast.bob)
    assert client.post(reverse("people:take", kwargs={"person_id": mine.pk})).status_code == 404


def _attempt(client: Client, person: Person, **data: str) -> object:
    url = reverse("contact:attempt-create", kwargs={"person_id": person.pk})
    return client.post(url, {"channel": "phone", **data}, HTTP_HX_REQUEST="true")


def test_a_contact_attempt_sets_the_next_follow_up_in_the_same_step(
    client: Client, cast: Cast
) -> None:
    person = PersonFactory(municipality=cast.viborg, assigned_caseworker=cast.alice)
    version = person.version
    client.force_login(cast.alice)
    tuesday = TODAY + timedelta(days=1)  # 23.11.2026 is a Monday

    _attempt(
        client,
        person,
        outcome="no_answer",
        follow_up_on=tuesday.strftime("%d.%m.%Y"),
        next_action="Ring igen",
    )

    person.refresh_from_db()
    assert (person.follow_up_on, person.next_action) == (tuesday, "Ring igen")
    assert person.version == version + 1  # an edit form opened before it now conflicts
    assert person in client.get(reverse("start:home")).context["work"].coming_up


def test_a_follow_up_in_the_past_is_refused_and_nothing_is_saved(
    client: Client, cast: Cast
) -> None:
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.alice)
    response = _attempt(
        client,
        person,
        outcome="no_answer",
        follow_up_on=(TODAY - timedelta(days=1)).strftime("%d.%m.%Y"),
    )
    assert "cannot be in the past" in response.content.decode()  # type: ignore[attr-defined]
    assert not ContactAttempt.objects.exists()
    person.refresh_from_db()
    assert person.status == PipelineStatus.IDENTIFIED and person.follow_up_on is None


def test_she_corrects_a_wrong_click_and_the_status_follows(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.alice)
    _attempt(client, person, outcome="reached")
    person.refresh_from_db()
    assert person.status == PipelineStatus.CONTACTED
    attempt = ContactAttempt.objects.get()

    url = reverse("contact:attempt-edit", kwargs={"attempt_id": attempt.pk})
    person_page = reverse("people:detail", kwargs={"person_id": person.pk})
    assert url in client.get(person_page).content.decode()  # one click from her timeline
    assert client.get(url).status_code == 200
    response = client.post(url, {"channel": "phone", "outcome": "no_answer", "note": "Forkert"})

    assert response.status_code == 302
    attempt.refresh_from_db()
    person.refresh_from_db()
    assert (attempt.outcome, attempt.note) == ("no_answer", "Forkert")
    assert person.status == PipelineStatus.CONTACT_ATTEMPTED
    latest = StatusEvent.objects.filter(person=person).latest("recorded_at", "id")
    assert (latest.from_status, latest.to_status) == ("contacted", "contact_attempted")
    history = [
        entry
        for entry in LogEntry.objects.get_for_object(person)
        if CONTACT_ATTEMPT in (entry.changes_dict or {})
    ]
    assert len(history) == 1
    # Her change history says it in words, with the attempt as it was and as it is now.
    page = client.get(reverse("people:detail", kwargs={"person_id": person.pk})).content.decode()
    assert "Contact attempt" in page and "Reached" in page and "No answer" in page
    assert AccessLogEntry.objects.filter(
        action=AccessAction.CHANGE, object_type="people.contactattempt"
    ).exists()


def test_she_removes_a_wrong_click_and_the_status_goes_back(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.alice)
    _attempt(client, person, outcome="no_answer")
    attempt = ContactAttempt.objects.get()

    response = client.post(reverse("contact:attempt-remove", kwargs={"attempt_id": attempt.pk}))

    assert response.status_code == 302
    person.refresh_from_db()
    assert not ContactAttempt.objects.exists()
    assert person.status == PipelineStatus.IDENTIFIED
    assert AccessLogEntry.objects.filter(
        action=AccessAction.DELETE, object_type="people.contactattempt", person_id=person.pk
    ).exists()


def test_a_later_status_set_by_hand_stands(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.alice)
    _attempt(client, person, outcome="reached")
    client.post(
        reverse("people:status-change", kwargs={"person_id": person.pk}),
        {"to_status": PipelineStatus.FIRST_CONVERSATION, "occurred_on": TODAY.strftime("%d.%m.%Y")},
    )
    person.refresh_from_db()
    assert person.status == PipelineStatus.FIRST_CONVERSATION
    attempt = ContactAttempt.objects.get()
    client.post(reverse("contact:attempt-remove", kwargs={"attempt_id": attempt.pk}))
    person.refresh_from_db()
    assert person.status == PipelineStatus.FIRST_CONVERSATION


def test_only_its_author_corrects_or_removes_an_attempt(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.alice)
    _attempt(client, person, outcome="no_answer")
    attempt = ContactAttempt.objects.get()
    edit = reverse("contact:attempt-edit", kwargs={"attempt_id": attempt.pk})
    remove = reverse("contact:attempt-remove", kwargs={"attempt_id": attempt.pk})
    client.force_login(cast.lene)
    person_page = reverse("people:detail", kwargs={"person_id": person.pk})
    assert edit not in client.get(person_page).content.decode()  # a colleague logs a new one
    for user in (cast.lene, cast.charlie, cast.bob):
        client.force_login(user)
        assert client.get(edit).status_code == 404
        assert client.post(remove).status_code == 404
    assert ContactAttempt.objects.exists()
