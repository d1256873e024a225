"""The retention purge: exactly what the rules say is due, counted, and nothing else."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_tasks_db.models import DBTaskResult
from time_machine import TimeMachineFixture

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.linkage.models import ImportBatch, ImportRow, ListSource
from brobygger.outreach.models import OutreachMethod
from brobygger.people.models import ContactAttempt, Person, StatusEvent
from brobygger.people.tests.factories import PersonFactory
from brobygger.privacy.models import PurgeRun, PurgeTrigger, RetentionRule
from brobygger.privacy.purge import purge_plan, purge_run
from brobygger.privacy.tasks import next_run_at, purge_schedule, purge_scheduled
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 11, 23, 12, tzinfo=COPENHAGEN)


@pytest.fixture(autouse=True)
def today(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(NOW, tick=False)


def _person(
    cast: Cast, registered: datetime, status: str = "identified", **kwargs: object
) -> Person:
    person = PersonFactory(municipality=cast.viborg, status=status, **kwargs)
    Person.objects.filter(pk=person.pk).update(created_at=registered, updated_at=registered)
    return Person.objects.get(pk=person.pk)


@pytest.fixture
def people(cast: Cast) -> dict[str, Person]:
    old, recent = NOW - timedelta(days=220), NOW - timedelta(days=100)
    found_long_ago = _person(cast, old)
    found_lately = _person(cast, recent)
    # Reached once, long ago: not "never contacted"; inactive for 25 months.
    reached = _person(cast, NOW - timedelta(days=800), status="declined")
    StatusEvent.objects.create(
        person=reached,
        from_status="identified",
        to_status="contacted",
        occurred_on=date(2024, 9, 1),
    )
    StatusEvent.objects.filter(person=reached).update(recorded_at=NOW - timedelta(days=790))
    # Reached long ago too, but a contact attempt last month keeps her.
    active = _person(cast, NOW - timedelta(days=800), status="contacted")
    attempt = ContactAttempt.objects.create(person=active, channel="phone", outcome="reached")
    ContactAttempt.objects.filter(pk=attempt.pk).update(
        occurred_at=NOW - timedelta(days=30), updated_at=NOW - timedelta(days=30)
    )
    # Another municipality with a longer rule.
    hedensted = PersonFactory(municipality=cast.hedensted, status="identified")
    Person.objects.filter(pk=hedensted.pk).update(created_at=old, updated_at=old)
    RetentionRule.objects.create(municipality=cast.hedensted, never_contacted_months=12)
    return {
        "found_long_ago": found_long_ago,
        "found_lately": found_lately,
        "reached": reached,
        "active": active,
        "hedensted": hedensted,
    }


def test_the_plan_follows_each_municipality_s_rule(people: dict[str, Person], cast: Cast) -> None:
    plan = purge_plan()

    assert list(plan.people_never_contacted["791"]) == [people["found_long_ago"]]
    assert list(plan.people_inactive["791"]) == [people["reached"]]
    assert not plan.people_never_contacted["766"].exists()


def test_dry_run_counts_and_removes_nothing(people: dict[str, Person]) -> None:
    run = purge_run(dry_run=True)

    assert run.counts["791"]["people_never_contacted"] == 1
    assert run.counts["791"]["people_inactive"] == 1
    assert not Person.objects.filter(erased_at__isnull=False).exists()
    assert PurgeRun.objects.get().dry_run


def test_purge_erases_exactly_what_is_due_and_records_counts(people: dict[str, Person]) -> None:
    run = purge_run()

    erased = set(Person.objects.filter(erased_at__isnull=False).values_list("pk", flat=True))
    assert erased == {people["found_long_ago"].pk, people["reached"].pk}
    assert run.total >= 2 and not run.dry_run
    # The record holds counts only.
    assert "Person" not in json.dumps(run.counts)
    # The second run finds nothing more to erase.
    again = purge_run()
    assert again.counts["791"]["people_never_contacted"] == 0


def test_old_list_values_are_cleared_and_the_outcome_kept(cast: Cast) -> None:
    source = ListSource.objects.create(
        municipality=cast.viborg, name="Sprogskolen", method=OutreachMethod.objects.first()
    )
    batch = ImportBatch.objects.create(
        municipality=cast.viborg, source=source, original_name="liste.csv", status="done"
    )
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=NOW - timedelta(days=40))
    rejected = ImportRow.objects.create(
        batch=batch,
        row_number=2,
        values={"first_name": "Hiba", "cpr": "1205824417"},
        problems=[{"column": "cpr", "message": "x"}],
        outcome="rejected",
    )

    run = purge_run()

    rejected.refresh_from_db()
    assert rejected.values == {} and rejected.problems == [] and rejected.outcome == "rejected"
    assert run.counts["791"]["import_rows"] == 1


def test_access_log_older_than_six_months_is_purged(cast: Cast) -> None:
    AccessLogEntry.objects.create(user=cast.alice, action=AccessAction.VIEW)
    old = AccessLogEntry.objects.create(user=cast.alice, action=AccessAction.VIEW)
    # The log refuses update(): age the entry in SQL.

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_accesslogentry SET occurred_at = %s WHERE id = %s",
            [NOW - timedelta(days=200), old.pk],
        )

    run = purge_run()

    assert not AccessLogEntry.objects.filter(pk=old.pk).exists()
    assert run.counts[""]["access_log_entries"] == 1


def test_command_dry_run_prints_json(people: dict[str, Person]) -> None:
    out = StringIO()
    call_command("purge", "--dry-run", "--municipality", "791", stdout=out)

    summary = json.loads(out.getvalue())
    assert summary["dry_run"] is True
    assert summary["counts"]["791"]["people_never_contacted"] == 1
    assert not Person.objects.filter(erased_at__isnull=False).exists()


def test_the_nightly_run_is_queued_once_and_requeues_itself(
    people: dict[str, Person], settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    first = purge_schedule()
    second = purge_schedule()

    assert first == second == next_run_at(NOW)
    assert timezone_hour(first) == 2
    assert DBTaskResult.objects.filter(task_path=purge_scheduled.module_path).count() == 1

    removed = purge_scheduled.call()

    assert removed >= 2
    assert PurgeRun.objects.get().trigger == PurgeTrigger.SCHEDULE
    # The queued run is still the one pending: the run does not queue a second.
    assert DBTaskResult.objects.filter(task_path=purge_scheduled.module_path).count() == 1


def timezone_hour(moment: datetime) -> int:
    return moment.astimezone(COPENHAGEN).hour


def test_administrator_sets_a_rule_and_sees_the_dry_run(client: Client, cast: Cast) -> None:
    client.force_login(cast.ada)

    response = client.post(
        "/privacy/retention/791/",
        {
            "never_contacted_months": "3",
            "after_last_activity_months": "36",
            "import_row_days": "14",
        },
    )

    assert response.status_code == 302
    rule = RetentionRule.objects.get(municipality=cast.viborg)
    assert (rule.never_contacted_months, rule.after_last_activity_months) == (3, 36)
    assert AccessLogEntry.objects.filter(action=AccessAction.CHANGE, user=cast.ada).exists()
    bad = client.post(
        "/privacy/retention/791/",
        {
            "never_contacted_months": "0",
            "after_last_activity_months": "36",
            "import_row_days": "14",
        },
    )
    assert bad.status_code == 200
    assert RetentionRule.objects.get(municipality=cast.viborg).never_contacted_months == 3

    preview = client.post("/privacy/retention/", {"action": "dry-run"})
    assert preview.status_code == 200 and b'data-testid="purge-preview"' in preview.content
    assert PurgeRun.objects.get().dry_run


@pytest.mark.parametrize("username", ["alice", "lene", "kim", "charlie"])
def test_only_administrators_reach_the_retention_pages(
    client: Client, cast: Cast, username: str
) -> None:
    client.force_login(getattr(cast, username))
    for url in ("/privacy/retention/", "/privacy/retention/791/", "/privacy/purges/"):
        assert client.get(url).status_code == 404


def test_the_retention_page_reads_every_rule_in_one_query(
    client: Client, cast: Cast, django_assert_max_num_queries: Any
) -> None:
    RetentionRule.objects.create(municipality=cast.viborg, never_contacted_months=3)
    client.force_login(cast.ada)

    with django_assert_max_num_queries(12):  # 98 municipalities, not a query each
        response = client.get("/privacy/retention/")

    assert response.status_code == 200
