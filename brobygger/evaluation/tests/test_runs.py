"""The extract made in the background: asked for, followed, downloaded (and logged) by its
requester only, failed with a message, deleted after its time."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from brobygger.accounts.models import Membership, Role, User
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.evaluation import services
from brobygger.evaluation.models import ExtractFormat, ExtractRun, ExtractStatus
from brobygger.partnerships.models import Municipality, Partnership
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import HADERSLEV, PASSWORD, Cast

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture
def people(cast: Cast) -> None:
    PersonFactory.create_batch(3, municipality=cast.viborg)
    PersonFactory(municipality=cast.hedensted)


def _page(partnership: Partnership) -> str:
    return reverse("evaluation:extract", kwargs={"partnership_id": partnership.pk})


def _run_url(run: ExtractRun, name: str = "extract-run") -> str:
    return reverse(
        f"evaluation:{name}", kwargs={"partnership_id": run.partnership_id, "extract_id": run.pk}
    )


def _ask(client: Client, user: User, partnership: Partnership, file_format: str) -> ExtractRun:
    client.force_login(user)
    response = client.post(_page(partnership), {"file_format": file_format})
    assert response.status_code == 302
    run = ExtractRun.objects.filter(requested_by=user).latest("id")
    assert response["Location"] == _run_url(run)
    return run


def test_asking_makes_the_extract_in_the_background_and_the_page_offers_it(
    client: Client, cast: Cast, people: None
) -> None:
    run = _ask(client, cast.eva, cast.partnership, "csv")

    assert run.status == ExtractStatus.DONE and run.progress == 100
    assert run.task_id and run.finished_at is not None
    assert run.counts["borgere"] == 4
    assert run.people == {str(cast.viborg.pk): 3, str(cast.hedensted.pk): 1}
    stored = Path(run.file.path)
    assert stored.is_relative_to(Path(settings.EXTRACT_ROOT)) and stored.stat().st_size == run.size
    assert stored.stat().st_mode & 0o077 == 0  # the application's user alone reads it
    # Made, not yet downloaded: the log is told at the download.
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()

    page = client.get(_run_url(run)).content.decode()
    assert 'data-status="done"' in page and 'data-testid="extract-download"' in page
    assert "hx-get" not in page  # nothing left to follow
    listing = client.get(_page(cast.partnership)).content.decode()
    assert _run_url(run) in listing


def test_progress_is_told_as_the_rows_are_written(
    client: Client, cast: Cast, people: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "PROGRESS_EVERY", 1)
    seen: list[int] = []
    tell = services._Progress.tell

    def recorded(progress: services._Progress) -> None:
        tell(progress)
        seen.append(ExtractRun.objects.get(pk=progress.extract_id).progress)

    monkeypatch.setattr(services._Progress, "tell", recorded)
    run = _ask(client, cast.eva, cast.partnership, "xlsx")

    assert len(seen) == sum(run.counts.values())
    assert seen == sorted(seen) and seen[0] < seen[-1] <= 99
    assert run.progress == 100


def test_a_running_extract_is_followed_and_not_asked_for_twice(
    client: Client, cast: Cast, people: None
) -> None:
    running = ExtractRun.objects.create(
        partnership=cast.partnership,
        requested_by=cast.eva,
        file_format=ExtractFormat.XLSX,
        status=ExtractStatus.RUNNING,
        progress=40,
    )
    client.force_login(cast.eva)
    page = client.get(_run_url(running)).content.decode()
    assert 'value="40"' in page and "hx-get" in page and 'hx-trigger="every 2s"' in page
    partial = client.get(_run_url(running), HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<section id="status"') and "<h1>" not in partial
    assert client.get(_run_url(running, "extract-download")).status_code == 404

    again = _ask(client, cast.eva, cast.partnership, "xlsx")
    assert again.pk == running.pk and ExtractRun.objects.count() == 1
    other_format = _ask(client, cast.eva, cast.partnership, "csv")
    assert other_format.pk != running.pk and other_format.status == ExtractStatus.DONE

    # A run lost by a stopped worker is closed after an hour, and a new one is made.
    ExtractRun.objects.filter(pk=running.pk).update(
        created_at=running.created_at - services.STUCK_AFTER
    )
    new = _ask(client, cast.eva, cast.partnership, "xlsx")
    running.refresh_from_db()
    assert new.pk != running.pk and new.status == ExtractStatus.DONE
    assert running.status == ExtractStatus.FAILED and running.error


def test_an_unknown_format_is_refused_with_the_error_summary(
    client: Client, cast: Cast, people: None
) -> None:
    client.force_login(cast.eva)
    for value in ("pdf", "", "xlsx\x00"):
        response = client.post(_page(cast.partnership), {"file_format": value})
        assert response.status_code == 400
        assert 'data-testid="error-summary"' in response.content.decode()
    assert not ExtractRun.objects.exists()


def test_only_the_requester_reaches_her_extract(client: Client, cast: Cast, people: None) -> None:
    run = _ask(client, cast.eva, cast.partnership, "csv")
    colleague = User.objects.create_user(username="eva2", password=PASSWORD)
    Membership.objects.create(user=colleague, role=Role.EVALUATOR, partnership=cast.partnership)
    other = Partnership.objects.create(
        name="Hedensted og Haderslev", starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31)
    )
    other.municipalities.set([cast.hedensted, Municipality.objects.get(code=HADERSLEV)])
    outsider = User.objects.create_user(username="evert", password=PASSWORD)
    Membership.objects.create(user=outsider, role=Role.EVALUATOR, partnership=other)
    # The coordinator sees the partnership's figures, but not the extract.
    for user in (colleague, outsider, cast.kim, cast.lene, cast.alice, cast.ada):
        client.force_login(user)
        for name in ("extract-run", "extract-download"):
            assert client.get(_run_url(run, name)).status_code == 404, (user, name)
    client.force_login(cast.eva)
    wrong_partnership = reverse(
        "evaluation:extract-download", kwargs={"partnership_id": other.pk, "extract_id": run.pk}
    )
    assert client.get(wrong_partnership).status_code == 404
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()


def test_every_download_is_logged_per_municipality(
    client: Client, cast: Cast, people: None
) -> None:
    run = _ask(client, cast.eva, cast.partnership, "csv")
    for _time in range(2):
        response = client.get(_run_url(run, "extract-download"))
        assert response.status_code == 200 and response["Cache-Control"] == "no-store"
        content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert "borgere.csv" in zipfile.ZipFile(io.BytesIO(content)).namelist()

    entries = AccessLogEntry.objects.filter(user=cast.eva, action=AccessAction.EXPORT)
    criterion = f"pseudonymised extract partnership={cast.partnership.pk} format=csv"
    assert sorted((e.municipality_id, e.row_count, e.search_criterion) for e in entries) == sorted(
        [(cast.viborg.pk, 3, criterion), (cast.hedensted.pk, 1, criterion)] * 2
    )


def _in(language: str, text: Promise) -> str:
    with translation.override(language):
        return str(text)


def test_a_failure_leaves_no_file_and_says_so_in_danish(
    client: Client, cast: Cast, people: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> dict[str, int]:
        kwargs["out"].write(b"half a file")
        raise RuntimeError("disk full")

    monkeypatch.setitem(services._WRITERS, ExtractFormat.XLSX, (broken, "xlsx", "x"))
    before = set(Path(settings.EXTRACT_ROOT).rglob("*"))
    run = _ask(client, cast.eva, cast.partnership, "xlsx")

    assert run.status == ExtractStatus.FAILED and not run.file
    message = _in("da", services.BROKEN)
    assert run.error == message != _in("en", services.BROKEN)
    assert set(Path(settings.EXTRACT_ROOT).rglob("*")) == before
    client.cookies["brobygger_language"] = "da"
    page = client.get(_run_url(run)).content.decode()
    assert 'data-testid="extract-error"' in page and message in page


def test_an_evaluator_who_left_before_her_extract_was_made_gets_none(
    cast: Cast, people: None
) -> None:
    run = ExtractRun.objects.create(
        partnership=cast.partnership, requested_by=cast.eva, file_format=ExtractFormat.CSV
    )
    Membership.objects.filter(user=cast.eva).delete()

    done = services.extract_build_run(run.pk)

    assert done.status == ExtractStatus.FAILED and not done.file
    assert done.error == _in("da", services.NO_ACCESS)
    # A second hand-out of the same task leaves the run as it is.
    assert services.extract_build_run(run.pk).error == done.error


def test_extracts_are_deleted_after_their_time(client: Client, cast: Cast, people: None) -> None:
    days = settings.EXTRACT_RETENTION_DAYS
    with time_machine.travel(NOW, tick=False):
        old = _ask(client, cast.eva, cast.partnership, "csv")
        stuck = ExtractRun.objects.create(
            partnership=cast.partnership, requested_by=cast.eva, file_format=ExtractFormat.XLSX
        )
    with time_machine.travel(NOW + timedelta(days=days - 1), tick=False):
        young = _ask(client, cast.eva, cast.partnership, "csv")
    path = Path(old.file.path)

    with time_machine.travel(NOW + timedelta(days=days, minutes=1), tick=False):
        out = io.StringIO()
        call_command("extracts_expire", stdout=out)

    assert out.getvalue().strip() == '{"deleted": 1}'
    old.refresh_from_db()
    stuck.refresh_from_db()
    young.refresh_from_db()
    assert old.status == ExtractStatus.EXPIRED and not old.file and not path.exists()
    assert stuck.status == ExtractStatus.FAILED and stuck.error
    assert young.status == ExtractStatus.DONE and Path(young.file.path).exists()
    client.force_login(cast.eva)
    assert client.get(_run_url(old, "extract-download")).status_code == 404
    assert 'data-status="expired"' in client.get(_run_url(old)).content.decode()


def test_the_deletion_is_scheduled_once(cast: Cast, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from brobygger.evaluation.tasks import expire_scheduled

    call_command("extracts_expire", "--schedule", stdout=io.StringIO())
    call_command("extracts_expire", "--schedule", stdout=io.StringIO())
    pending = DBTaskResult.objects.filter(
        task_path=expire_scheduled.module_path, status=TaskResultStatus.READY
    )
    assert pending.count() == 1
    run_after = pending.get().run_after.astimezone(ZoneInfo(settings.TIME_ZONE))
    assert run_after.hour == settings.EXTRACT_EXPIRE_HOUR and run_after.minute == 0
