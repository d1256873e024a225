"""Quarterly reports submitted and approved: the lead submits her municipality's quarter, the
coordinator approves or sends it back with a comment; approved figures stay as they were
(beside the live ones); every change is in the access log; bad steps are refused in Danish and
save nothing; the partnership's report is built from the approved reports; reminders."""

from __future__ import annotations

import json
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from time_machine import TimeMachineFixture

from brobygger.audit.models import AccessLogEntry
from brobygger.measures.periods import Quarter
from brobygger.people.tests.factories import PersonFactory
from brobygger.reports import services
from brobygger.reports.models import ApprovalStatus, QuarterlyApproval, ReportKind, ReportReminder
from brobygger.reports.reminders import quarters_due, reminders_send
from brobygger.reports.selectors import ReportScope
from brobygger.reports.tasks import reminders_schedule, reminders_scheduled
from brobygger.testing import SUITE_TODAY, Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]

Q3 = Quarter(2026, 3)
IN_Q3 = datetime(2026, 8, 3, 12, tzinfo=ZoneInfo("Europe/Copenhagen"))


def _identified_in_q3(time_machine: TimeMachineFixture, **people: int) -> None:
    """People of the cast's municipalities (by attribute name), identified in Q3."""
    time_machine.move_to(IN_Q3)
    cast_municipalities = people.pop("cast")
    for name, n in people.items():
        PersonFactory.create_batch(n, municipality=getattr(cast_municipalities, name))
    time_machine.move_to(SUITE_TODAY)


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


def _scope(cast: Cast, municipality: str = "viborg", quarter: Quarter = Q3) -> ReportScope:
    return ReportScope(cast.partnership, quarter, ReportKind.QUARTERLY, getattr(cast, municipality))


def _url(cast: Cast, name: str, scope: str = "791", quarter: str = "2026Q3") -> str:
    kwargs = {"partnership_id": cast.partnership.pk, "quarter": quarter, "scope": scope}
    return reverse(f"reports:{name}", kwargs=kwargs)


def test_the_lead_submits_and_the_coordinator_approves_with_figures_frozen(
    client: Client, cast: Cast, time_machine: TimeMachineFixture
) -> None:
    _identified_in_q3(time_machine, cast=cast, viborg=3)
    client.force_login(cast.lene)
    assert client.post(_url(cast, "submit")).status_code == 302
    approval = QuarterlyApproval.objects.get()
    assert approval.status == ApprovalStatus.SUBMITTED and approval.submitted_by == cast.lene
    assert approval.figures["figures"]["people"]["total_at_end"] == 3
    # The published copy hides the small count from roles without person access.
    assert approval.published["figures"]["people"]["total_at_end"] == "<5"

    client.force_login(cast.kim)
    decided = client.post(_url(cast, "decide"), {"decision": "approve", "comment": ""})
    assert decided.status_code == 302
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.APPROVED and approval.decided_by == cast.kim

    # Two more people later: the live figures move, the approved ones stay.
    _identified_in_q3(time_machine, cast=cast, viborg=2)
    client.force_login(cast.lene)
    page = client.get(_url(cast, "detail")).content.decode()
    assert "approved 23.11.2026" in page
    frozen = page[
        page.index('data-testid="frozen-figures"') : page.index('data-testid="live-figures"')
    ]
    assert 'data-testid="table-people"' in frozen
    listing = client.get(
        reverse("reports:list", kwargs={"partnership_id": cast.partnership.pk}),
        {"quarter": "2026Q3"},
    ).content.decode()
    assert "approved 23.11.2026" in listing
    logged = AccessLogEntry.objects.filter(object_type="reports.quarterlyapproval")
    assert set(logged.values_list("user__username", flat=True)) == {"lene", "kim"}
    assert logged.count() == 2
    assert all(entry.municipality_id == cast.viborg.pk for entry in logged)


def test_sending_back_needs_a_comment_and_the_lead_submits_again(cast: Cast) -> None:
    services.report_submit(actor=cast.lene, scope=_scope(cast))
    with translation.override("da"), pytest.raises(ValidationError) as missing:
        services.report_decide(actor=cast.kim, scope=_scope(cast), approve=False, comment="  ")
    assert "Skriv, hvorfor rapporten sendes tilbage." in missing.value.messages
    assert QuarterlyApproval.objects.get().status == ApprovalStatus.SUBMITTED
    returned = services.report_decide(
        actor=cast.kim, scope=_scope(cast), approve=False, comment="Tallene for Q3 mangler."
    )
    assert returned.status == ApprovalStatus.RETURNED
    with pytest.raises(ValidationError):  # nothing to approve until she submits again
        services.report_decide(actor=cast.kim, scope=_scope(cast), approve=True)
    again = services.report_submit(actor=cast.lene, scope=_scope(cast))
    assert again.status == ApprovalStatus.SUBMITTED and again.decided_at is None
    assert QuarterlyApproval.objects.count() == 1


def test_approving_twice_and_submitting_an_approved_quarter_are_refused_in_danish(
    client: Client, cast: Cast
) -> None:
    services.report_submit(actor=cast.lene, scope=_scope(cast))
    with translation.override("da"):
        with pytest.raises(ValidationError) as twice:
            services.report_submit(actor=cast.lene, scope=_scope(cast))
        assert twice.value.messages == [
            "Kvartalet er allerede indsendt og venter på koordinatoren."
        ]
        services.report_decide(actor=cast.kim, scope=_scope(cast), approve=True)
        with pytest.raises(ValidationError) as approved:
            services.report_decide(actor=cast.kim, scope=_scope(cast), approve=True)
        assert approved.value.messages == ["Kvartalet er allerede godkendt."]
        with pytest.raises(ValidationError) as resubmit:
            services.report_submit(actor=cast.lene, scope=_scope(cast))
        assert resubmit.value.messages == [
            "Kvartalet er allerede godkendt og kan ikke indsendes igen."
        ]
        with pytest.raises(ValidationError) as unfinished:
            services.report_submit(actor=cast.lene, scope=_scope(cast, quarter=Quarter(2026, 4)))
        assert unfinished.value.messages == [
            "Kvartalet er ikke slut endnu; indsend det, når det er slut."
        ]
    # Through the page: a clear message, nothing changed.
    client.cookies["brobygger_language"] = "da"
    client.force_login(cast.kim)
    response = client.post(_url(cast, "decide"), {"decision": "approve"}, follow=True)
    assert "Kvartalet er allerede godkendt." in response.content.decode()
    assert QuarterlyApproval.objects.get().decided_by == cast.kim


def test_only_her_lead_submits_and_only_the_coordinator_decides(client: Client, cast: Cast) -> None:
    for user in (cast.kim, cast.alice, cast.eva):
        with pytest.raises(PermissionDenied):
            services.report_submit(actor=user, scope=_scope(cast))
    with pytest.raises(PermissionDenied):  # Viborg's lead, for Hedensted
        services.report_submit(actor=cast.lene, scope=_scope(cast, "hedensted"))
    services.report_submit(actor=cast.lene, scope=_scope(cast))
    for user in (cast.lene, cast.eva, cast.alice):
        with pytest.raises(PermissionDenied):
            services.report_decide(actor=user, scope=_scope(cast), approve=True)
    client.force_login(cast.kim)
    assert client.post(_url(cast, "submit")).status_code == 404
    client.force_login(cast.lene)
    assert client.post(_url(cast, "decide"), {"decision": "approve"}).status_code == 404
    assert client.get(_url(cast, "submit")).status_code == 405
    assert QuarterlyApproval.objects.get().status == ApprovalStatus.SUBMITTED


def test_the_partnership_report_is_built_from_the_approved_reports(
    client: Client, cast: Cast, time_machine: TimeMachineFixture
) -> None:
    _identified_in_q3(time_machine, cast=cast, viborg=6, hedensted=9)
    services.report_submit(actor=cast.lene, scope=_scope(cast))
    services.report_decide(actor=cast.kim, scope=_scope(cast), approve=True)
    # A person added after approval is in the live figures, not in the approved report.
    _identified_in_q3(time_machine, cast=cast, viborg=1)
    client.force_login(cast.lene)
    url = reverse(
        "reports:approved-json",
        kwargs={"partnership_id": cast.partnership.pk, "quarter": "2026Q3"},
    )
    data = json.loads(client.get(url).content)
    assert [m["code"] for m in data["approved"]] == ["791"]
    assert {m["code"] for m in data["not_approved"]} == {"766", "510", "760"}
    assert {m["status"] for m in data["not_approved"]} == {"not_submitted"}
    network = next(c for c in data["criteria"] if c["key"] == "network")
    assert network["denominator"] == 6  # Viborg's lead sees her own exact figures
    page = client.get(
        reverse(
            "reports:approved", kwargs={"partnership_id": cast.partnership.pk, "quarter": "2026Q3"}
        )
    ).content.decode()
    assert 'data-testid="not-approved"' in page and "Hedensted" in page
    assert AccessLogEntry.objects.filter(search_criterion__startswith="approved report").exists()


def test_the_reminder_goes_to_leads_of_quarters_not_submitted_once(cast: Cast, settings) -> None:
    settings.REPORT_DEADLINE_DAYS = 30
    settings.REPORT_REMINDER_DAYS_BEFORE = 7
    cast.lene.email = "lene@viborg.dk"
    cast.lene.save()
    assert quarters_due(date(2026, 10, 23)) == [Q3]  # Q3 is due on 30.10.2026
    assert quarters_due(date(2026, 10, 22)) == []
    assert quarters_due(date(2026, 10, 31)) == []
    assert reminders_send(today=date(2026, 10, 25), base_url="https://brobygger.test") == 1
    assert reminders_send(today=date(2026, 10, 26)) == 0  # once per quarter
    assert mail.outbox[0].to == ["lene@viborg.dk"]
    assert "30.10.2026" in mail.outbox[0].body
    assert "https://brobygger.test/reports/" in mail.outbox[0].body
    assert ReportReminder.objects.get().municipality == cast.viborg
    # A submitted quarter is not reminded of.
    ReportReminder.objects.all().delete()
    services.report_submit(actor=cast.lene, scope=_scope(cast))
    assert reminders_send(today=date(2026, 10, 25)) == 0


def test_the_reminder_command_sends_and_the_schedule_keeps_going(cast: Cast, settings) -> None:
    out = StringIO()
    call_command("report_reminders", "--date", "2026-10-25", stdout=out)
    assert json.loads(out.getvalue()) == {"sent": 1}  # to Viborg's lead
    assert mail.outbox[0].to == [cast.lene.email]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    scheduled = StringIO()
    call_command("report_reminders", "--schedule", stdout=scheduled)
    first = datetime.fromisoformat(json.loads(scheduled.getvalue())["next_run"])
    assert reminders_schedule() == first  # queued once
    assert (
        DBTaskResult.objects.filter(
            task_path=reminders_scheduled.module_path, status=TaskResultStatus.READY
        ).count()
        == 1
    )
    assert reminders_scheduled.call() == 0  # today (23.11.2026) no quarter is due
