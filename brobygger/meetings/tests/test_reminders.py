"""The reminder the day before: ``brobygger meetings remind`` and the daily task, with the
clock pinned to the suite's today (Monday 23 November 2026)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from brobygger.meetings.models import Reminder
from brobygger.meetings.tasks import next_run_at, reminders_schedule, reminders_scheduled
from brobygger.testing import SUITE_TODAY

from .factories import TODAY, InvitationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


def test_the_command_records_tomorrows_reminders_once() -> None:
    accepted = InvitationFactory(session__date=TODAY + timedelta(days=1), accepted=True)
    InvitationFactory(session__date=TODAY + timedelta(days=1))  # no answer: no reminder
    InvitationFactory(session__date=TODAY, accepted=True)  # today: too late

    out = StringIO()
    call_command("meetings", "remind", stdout=out)
    assert json.loads(out.getvalue()) == {"recorded": 1}
    assert Reminder.objects.get().invitation == accepted

    again = StringIO()
    call_command("meetings", "remind", stdout=again)
    assert json.loads(again.getvalue()) == {"recorded": 0}


def test_the_command_takes_another_day() -> None:
    InvitationFactory(session__date=TODAY + timedelta(days=8), accepted=True)
    out = StringIO()
    call_command("meetings", "remind", "--date", str(TODAY + timedelta(days=7)), stdout=out)
    assert json.loads(out.getvalue()) == {"recorded": 1}
    with pytest.raises(CommandError):
        call_command("meetings", "remind", "--date", "23.11.2026")


def test_the_daily_run_is_queued_once_and_requeues_itself(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    InvitationFactory(session__date=TODAY + timedelta(days=1), accepted=True)

    first = reminders_schedule()
    second = reminders_schedule()

    assert first == second == next_run_at(SUITE_TODAY)
    assert first.astimezone(ZoneInfo("Europe/Copenhagen")).hour == 7
    assert first.date() == TODAY + timedelta(days=1)  # noon has passed 07:00 today
    assert DBTaskResult.objects.filter(task_path=reminders_scheduled.module_path).count() == 1

    assert reminders_scheduled.call() == 1
    assert DBTaskResult.objects.filter(task_path=reminders_scheduled.module_path).count() == 1

    out = StringIO()
    call_command("meetings", "remind", "--schedule", stdout=out)
    assert datetime.fromisoformat(json.loads(out.getvalue())["next_run"]) == first
