"""Tasks: by hand from her page or the task list, my tasks and the municipality's, done and
undone, the start page's work list, and the daily e-mail of tasks due."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from brobygger.cases.digest import digest_send
from brobygger.cases.models import DigestPreference, Task, TaskSource
from brobygger.cases.services import TaskData, task_create, task_mark
from brobygger.cases.tasks import digest_schedule, digest_scheduled, next_run_at
from brobygger.messaging.tests.factories import InboundMessageFactory
from brobygger.partners.models import Organisation
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

from .factories import TaskFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


def test_a_task_about_her_from_her_page(client: Client, cast: Cast) -> None:
    person = PersonFactory()
    client.force_login(cast.alice)
    url = reverse("cases:person-task-create", kwargs={"person_id": person.pk})
    assert client.get(url).status_code == 200

    response = client.post(
        url, {"title": "Følg op på praktik", "assignee": cast.lene.pk, "due_on": "27.11.2026"}
    )

    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.person, task.assignee, task.due_on, task.created_by, task.source) == (
        person,
        cast.lene,
        date(2026, 11, 27),
        cast.alice,
        "by_hand",
    )
    page = client.get(reverse("people:detail", kwargs={"person_id": person.pk}))
    assert "Følg op på praktik" in page.content.decode()


def test_a_task_about_a_partner_from_the_task_list(client: Client, cast: Cast) -> None:
    partner = Organisation.objects.create(
        municipality=cast.viborg, name="Kvindernes Netværk", kind="association"
    )
    client.force_login(cast.alice)
    response = client.post(
        reverse("cases:task-create"),
        {
            "title": "Aftal næste møde",
            "assignee": cast.alice.pk,
            "due_on": "24.11.2026",
            "organisation": partner.pk,
        },
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert task.organisation == partner and task.person is None
    assert task.municipality == cast.viborg
    page = client.get(reverse("cases:my-tasks")).content.decode()
    assert "Aftal næste møde" in page and "Kvindernes Netværk" in page


def test_the_assignee_works_with_people_in_the_municipality(cast: Cast) -> None:
    for outsider in (cast.charlie, cast.bob):
        with pytest.raises(ValidationError) as raised:
            task_create(
                actor=cast.alice,
                municipality=cast.viborg,
                data=TaskData(title="x", assignee=outsider, due_on=date(2026, 11, 30)),
            )
        assert "assignee" in raised.value.message_dict
    with pytest.raises(ValidationError):
        task_create(
            actor=cast.alice,
            municipality=cast.viborg,
            data=TaskData(
                title="x",
                assignee=cast.alice,
                due_on=date(2026, 11, 30),
                person=PersonFactory(municipality=cast.hedensted),
            ),
        )
    with pytest.raises(PermissionDenied):
        task_create(
            actor=cast.charlie,
            municipality=cast.viborg,
            data=TaskData(title="x", assignee=cast.alice, due_on=date(2026, 11, 30)),
        )


def test_the_form_refuses_a_colleague_of_another_municipality_in_danish(
    client: Client, cast: Cast
) -> None:
    client.cookies["brobygger_language"] = "da"
    client.force_login(cast.alice)
    response = client.post(
        reverse("cases:task-create"),
        {"title": "x", "assignee": cast.charlie.pk, "due_on": "30.11.2026"},
    )
    assert response.status_code == 400
    assert "gyldig valgmulighed" in response.content.decode()
    assert not Task.objects.exists()


def test_mine_and_the_municipality_s(client: Client, cast: Cast) -> None:
    TaskFactory(assignee=cast.alice, title="Alices opgave")
    TaskFactory(assignee=cast.lene, title="Lenes opgave")
    TaskFactory(assignee=cast.charlie, municipality=cast.hedensted, title="Hedensteds opgave")
    client.force_login(cast.alice)
    mine = client.get(reverse("cases:my-tasks")).content.decode()
    assert "Alices opgave" in mine and "Lenes opgave" not in mine
    ours = client.get(reverse("cases:municipality-tasks")).content.decode()
    assert "Alices opgave" in ours and "Lenes opgave" in ours
    assert "Hedensteds opgave" not in ours


def test_done_and_undone(client: Client, cast: Cast) -> None:
    task = TaskFactory(assignee=cast.alice)
    client.force_login(cast.alice)
    url = reverse("cases:task-mark", kwargs={"task_id": task.pk})

    assert client.post(url, {"done": "1", "next": "/cases/tasks/?done=1"})["Location"] == (
        "/cases/tasks/?done=1"
    )
    task.refresh_from_db()
    assert task.done_at is not None and task.done_by == cast.alice
    assert task.title not in client.get(reverse("cases:my-tasks")).content.decode()
    assert task.title in client.get(reverse("cases:my-tasks") + "?done=1").content.decode()

    client.post(url, {"done": "0", "next": "https://evil.example/"})
    task.refresh_from_db()
    assert task.done_at is None and task.done_by is None


def test_another_municipality_cannot_mark_it(client: Client, cast: Cast) -> None:
    task = TaskFactory(assignee=cast.alice)
    client.force_login(cast.charlie)
    url = reverse("cases:task-mark", kwargs={"task_id": task.pk})
    assert client.post(url, {"done": "1"}).status_code == 404
    with pytest.raises(PermissionDenied):
        task_mark(actor=cast.charlie, task=task, done=True)
    task.refresh_from_db()
    assert task.done_at is None


def test_the_work_list_shows_her_tasks_overdue_and_due(client: Client, cast: Cast) -> None:
    person = PersonFactory()
    TaskFactory(assignee=cast.alice, title="Forfaldet-opgave", due_on=date(2026, 11, 20))
    TaskFactory(
        assignee=cast.alice, title="Denne-uges-opgave", due_on=date(2026, 11, 26), person=person
    )
    TaskFactory(assignee=cast.alice, title="Senere-opgave", due_on=date(2026, 12, 20))
    TaskFactory(assignee=cast.lene, title="Lenes-opgave", due_on=date(2026, 11, 24))
    done = TaskFactory(assignee=cast.alice, title="Klaret-opgave", due_on=date(2026, 11, 22))
    task_mark(actor=cast.alice, task=done, done=True)
    client.force_login(cast.alice)

    page = client.get(reverse("start:home")).content.decode()

    assert "Forfaldet-opgave" in page and "Denne-uges-opgave" in page
    assert reverse("people:detail", kwargs={"person_id": person.pk}) in page
    for absent in ("Senere-opgave", "Lenes-opgave", "Klaret-opgave"):
        assert absent not in page


# The daily e-mail ------------------------------------------------------------------------


def _wants(user: object, wanted: bool = True) -> None:
    DigestPreference.objects.create(user=user, daily_digest=wanted)


def test_the_digest_goes_to_those_who_asked_once_a_day(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    _wants(cast.alice)
    _wants(cast.lene, wanted=False)
    TaskFactory(assignee=cast.alice, title="Ring til Fatima", due_on=date(2026, 11, 23))
    TaskFactory(assignee=cast.alice, title="Gammel opgave", due_on=date(2026, 11, 2))
    TaskFactory(assignee=cast.alice, title="Næste uge", due_on=date(2026, 11, 30))
    TaskFactory(assignee=cast.lene, title="Lenes opgave", due_on=date(2026, 11, 23))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sent = digest_send(today=date(2026, 11, 23), base_url="https://brobygger.example/")
    assert sent == 1 and len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.invalid"]
    assert "Ring til Fatima" in message.body and "Gammel opgave" in message.body
    assert "Næste uge" not in message.body and "Lenes opgave" not in message.body
    assert "https://brobygger.example/cases/tasks/" in message.body
    assert "opgaver" in message.subject  # Danish

    assert digest_send(today=date(2026, 11, 23)) == 0  # once a day
    assert len(mail.outbox) == 1


def test_no_mail_before_the_commit(cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    _wants(cast.alice)
    TaskFactory(assignee=cast.alice, due_on=date(2026, 11, 23))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        digest_send(today=date(2026, 11, 23))
        assert mail.outbox == []
    assert len(callbacks) == 1


def test_a_user_who_left_the_municipality_gets_no_digest(cast: Cast) -> None:
    _wants(cast.alice)
    TaskFactory(assignee=cast.alice, due_on=date(2026, 11, 23))
    cast.alice.memberships.all().delete()
    assert digest_send(today=date(2026, 11, 23)) == 0


def test_the_preference_page(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    url = reverse("cases:digest")
    assert client.get(url).status_code == 200
    client.post(url, {"daily_digest": "on"})
    assert DigestPreference.objects.get(user=cast.alice).daily_digest
    client.post(url, {})
    assert not DigestPreference.objects.get(user=cast.alice).daily_digest


def test_the_command_sends(cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    _wants(cast.alice)
    TaskFactory(assignee=cast.alice, due_on=date(2026, 11, 23))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("tasks_digest", "--date", "2026-11-23")
    assert len(mail.outbox) == 1

    copenhagen = ZoneInfo("Europe/Copenhagen")
    assert next_run_at(datetime(2026, 11, 23, 5, tzinfo=copenhagen)) == datetime(
        2026, 11, 23, 6, tzinfo=copenhagen
    )
    assert next_run_at(datetime(2026, 11, 23, 7, tzinfo=copenhagen)) == datetime(
        2026, 11, 24, 6, tzinfo=copenhagen
    )


def test_the_scheduled_run_sends_and_queues_the_next(
    cast: Cast, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    first = digest_schedule()
    assert digest_schedule() == first  # idempotent
    assert (
        DBTaskResult.objects.filter(
            task_path=digest_scheduled.module_path, status=TaskResultStatus.READY
        ).count()
        == 1
    )

    _wants(cast.alice)
    TaskFactory(assignee=cast.alice, due_on=date(2026, 11, 23))
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_scheduled.call() == 1
    assert len(mail.outbox) == 1
    with pytest.raises(CommandError):
        call_command("tasks_digest", "--date", "i morgen")


def test_a_task_from_her_text_reply_handles_the_reply(client: Client, cast: Cast) -> None:
    reply = InboundMessageFactory(body="Kan du ringe til mig i morgen?")
    client.force_login(cast.alice)
    url = reverse("cases:task-from-reply", kwargs={"reply_id": reply.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert "Kan du ringe til mig i morgen?" in page.content.decode()  # the title, prefilled

    response = client.post(
        url, {"title": "Ring til hende", "assignee": cast.alice.pk, "due_on": "24.11.2026"}
    )

    assert response.status_code == 302, response.content.decode()[:1500]
    task = Task.objects.get()
    assert (task.source, task.reply, task.person) == (TaskSource.REPLY, reply, reply.person)
    reply.refresh_from_db()
    assert reply.handled_at is not None and reply.handled_by == cast.alice


def test_a_reply_of_another_municipality_makes_no_task(client: Client, cast: Cast) -> None:
    reply = InboundMessageFactory()
    client.force_login(cast.charlie)  # Hedensted
    url = reverse("cases:task-from-reply", kwargs={"reply_id": reply.pk})
    assert client.get(url).status_code == 404
    response = client.post(
        url, {"title": "Ring", "assignee": cast.charlie.pk, "due_on": "24.11.2026"}
    )
    assert response.status_code == 404
    assert not Task.objects.exists()
