"""The referral link (issue 17): staff make, print and revoke a link; a referrer without a
login hands a woman over through it. She arrives as identified, credited to the link's
department or partner, with her consent and a task to contact her in time; the referrer
reads nothing back; a link that is revoked, expired or guessed gets one neutral page."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from brobygger.cases.link_models import ReferralLink
from brobygger.cases.link_tasks import reminders_scheduled
from brobygger.cases.models import Task, TaskSource
from brobygger.cases.tests.factories import ReferralLinkFactory
from brobygger.core.models import RateLimitCount
from brobygger.outreach.models import OutreachMethod
from brobygger.people.models import Person
from brobygger.testing import SUITE_TODAY, Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]

TODAY = date(2026, 11, 23)


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


def _form(**changes: Any) -> dict[str, Any]:
    data = {
        "lang": "en",
        "referrer_name": "Hanne Holm",
        "referrer_organisation": "Sundhedsplejen Vest",
        "first_name": "Amina",
        "last_name": "Yusuf",
        "phone": "20 30 40 50",
        "needs": "Danskundervisning og et netværk",
        "consent_confirmed": "on",
        "consent_given_on": "20.11.2026",
        "consent_method": "oral",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _url(link: ReferralLink) -> str:
    return reverse("referral-link:form", kwargs={"token": link.token})  # type: ignore[attr-defined]


def test_a_health_visitor_refers_a_woman_who_arrives_identified_credited_with_a_task(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    link = ReferralLinkFactory(owner=cast.alice, contact_within_days=3)

    page = client.get(_url(link))
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(_url(link), _form(receipt_email="hanne@example.invalid"))

    person = Person.objects.get(first_name="Amina")
    source = person.sources.get()
    task = Task.objects.get(person=person)
    assert page.status_code == 200 and "Sundhedsplejen" in page.content.decode()
    assert page["Cache-Control"].count("no-store") == 1
    assert sent.status_code == 200 and 'data-testid="link-received"' in sent.content.decode()
    assert "Amina" not in sent.content.decode() and "20304050" not in sent.content.decode()
    assert (person.municipality, person.status, person.phone) == (
        cast.viborg,
        "identified",
        "+4520304050",
    )
    assert (person.legal_basis, person.consent_method) == ("consent", "oral")
    assert person.consent_given_on == date(2026, 11, 20)
    assert person.inform_due_on == date(2026, 12, 23)
    assert "Hanne Holm" in person.consent_scope and "Danskundervisning" in person.notes
    assert source.method == link.method and source.note.startswith("Sundhedsplejen")
    assert (task.source, task.assignee, task.due_on) == (
        TaskSource.REFERRAL_LINK,
        cast.alice,
        date(2026, 11, 26),
    )
    # The receipt says nothing of her.
    (receipt,) = mail.outbox
    assert receipt.to == ["hanne@example.invalid"]
    assert "Amina" not in receipt.body and "Yusuf" not in receipt.body


def test_the_caseworker_finds_her_in_the_work_list_credited_to_the_department(
    client: Client, cast: Cast
) -> None:
    link = ReferralLinkFactory(owner=cast.alice, department="Sundhedsplejen Vest")
    client.post(_url(link), _form())
    client.force_login(cast.alice)

    home = client.get(reverse("start:home")).content.decode()
    person = Person.objects.get(first_name="Amina")
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()

    # The task is written in the municipality's language, as every stored text.
    assert "Kontakt Amina: henvist af Sundhedsplejen Vest" in home
    assert "Sundhedsplejen Vest" in page


def test_a_partners_link_credits_the_partner(client: Client, cast: Cast) -> None:
    link = ReferralLinkFactory(partner=True, owner=cast.alice)

    client.post(_url(link), _form())

    person = Person.objects.get(first_name="Amina")
    source = person.sources.get()
    assert source.note.startswith("Bydelsmødrene")
    # The partner record is her source, so the partner's figures count her.
    assert source.partner == link.organisation
    assert source.referred_by == _form()["referrer_name"]
    assert "Bydelsmødrene" in Task.objects.get(person=person).title


@pytest.mark.parametrize("state", ["revoked", "expired", "guessed"])
def test_a_revoked_expired_or_guessed_link_gets_the_same_neutral_page(
    client: Client, cast: Cast, state: str
) -> None:
    link = ReferralLinkFactory(**({state: True} if state != "guessed" else {}))
    url = _url(link) if state != "guessed" else reverse("referral-link:form", args=["gæt-1234"])

    shown = client.get(url)
    posted = client.post(url, _form())

    for response in (shown, posted):
        assert response.status_code == 404
        assert 'data-testid="link-unavailable"' in response.content.decode()
        assert "Sundhedsplejen" not in response.content.decode()
    assert not Person.objects.exists()


def test_without_the_consent_confirmation_it_is_refused_and_nothing_saved(
    client: Client, cast: Cast
) -> None:
    link = ReferralLinkFactory()

    refused = client.post(_url(link), _form(consent_confirmed=None))

    page = refused.content.decode()
    assert refused.status_code == 400
    assert 'data-testid="error-summary"' in page
    assert "Confirm that she agreed to be contacted by the municipality" in page
    assert not Person.objects.exists() and not Task.objects.exists()


def test_a_bot_is_thanked_and_nothing_saved_and_the_rate_limit_stops_a_flood(
    client: Client, cast: Cast, time_machine: Any
) -> None:
    # Every post inside one minute, wherever the machine's clock stands (no minute boundary).
    time_machine.move_to(SUITE_TODAY, tick=False)
    link = ReferralLinkFactory()

    bot = client.post(_url(link), _form(website="http://spam.example"))
    assert bot.status_code == 200 and not Person.objects.exists()

    # The bot's post counted too: nine more are let through in the minute, the tenth is not.
    statuses = [
        client.post(_url(link), _form(first_name=f"Amina{n}")).status_code for n in range(10)
    ]
    assert statuses == [200] * 9 + [429]
    assert Person.objects.count() == 9
    assert RateLimitCount.objects.exists()


def test_the_form_speaks_danish_unless_english_is_chosen(client: Client, cast: Cast) -> None:
    link = ReferralLinkFactory()
    client.cookies.clear()

    danish = client.get(_url(link)).content.decode()
    english = client.get(_url(link), {"lang": "en"}).content.decode()
    unknown = client.get(_url(link), {"lang": "xx"}).content.decode()

    assert '<html lang="da"' in danish and '<html lang="en"' in english
    assert '<html lang="da"' in unknown


def test_staff_make_print_and_revoke_a_link(client: Client, cast: Cast) -> None:
    method = OutreachMethod.objects.get(name="Sundhedspleje eller daginstitution (kommunal)")
    client.force_login(cast.alice)

    made = client.post(
        reverse("cases:link-list"),
        {
            "municipality": cast.viborg.pk,
            "label": "Sundhedsplejen Vest",
            "department": "Sundhedsplejen",
            "method": method.pk,
            "owner": cast.alice.pk,
            "contact_within_days": 4,
            "referrer_email": "sundhedsplejen@example.invalid",
            "reminder_schedule": "monthly",
        },
    )
    link = ReferralLink.objects.get()
    printed = client.get(reverse("cases:link", args=[link.pk])).content.decode()
    listed = client.get(reverse("cases:link-list")).content.decode()
    revoked = client.post(reverse("cases:link-revoke", args=[link.pk]))

    link.refresh_from_db()
    assert made["Location"] == reverse("cases:link", args=[link.pk])
    assert "<svg" in printed and "/h/" in printed
    assert "Sundhedsplejen Vest" in listed
    assert revoked.status_code == 302 and link.revoked_at is not None
    token = printed.split('data-testid="link-url">')[1].split("</a>")[0].rsplit("/h/", 1)[1]
    assert client.get(f"/h/{token}").status_code in (301, 404)
    assert client.get(f"/h/{token}").status_code != 200


def test_a_link_needs_a_department_or_a_partner(client: Client, cast: Cast) -> None:
    method = OutreachMethod.objects.first()
    client.force_login(cast.alice)

    refused = client.post(
        reverse("cases:link-list"),
        {
            "municipality": cast.viborg.pk,
            "label": "Uden afsender",
            "method": method.pk if method else "",
            "owner": cast.alice.pk,
            "contact_within_days": 5,
            "reminder_schedule": "none",
        },
    )

    assert refused.status_code == 400 and not ReferralLink.objects.exists()


def test_a_link_of_another_municipality_is_a_404(client: Client, cast: Cast) -> None:
    link = ReferralLinkFactory()
    client.force_login(cast.charlie)

    shown = client.get(reverse("cases:link", args=[link.pk]))
    revoked = client.post(reverse("cases:link-revoke", args=[link.pk]))
    listed = client.get(reverse("cases:link-list")).content.decode()

    link.refresh_from_db()
    assert (shown.status_code, revoked.status_code) == (404, 404)
    assert link.revoked_at is None and link.label not in listed


def test_reminders_go_on_each_links_schedule_once(
    cast: Cast, time_machine: Any, django_capture_on_commit_callbacks: Any
) -> None:
    monthly = ReferralLinkFactory(monthly=True)
    quarterly = ReferralLinkFactory(partner=True)
    ReferralLinkFactory(monthly=True, revoked=True)
    ReferralLinkFactory()  # no reminders

    time_machine.move_to("2026-12-24 08:00")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("referral_reminders")
        call_command("referral_reminders")
    first = [m.to for m in mail.outbox]
    time_machine.move_to("2027-02-23 08:00")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("referral_reminders")

    assert first == [[monthly.referrer_email]]
    assert "Kender du nogen, der kunne have gavn af" in mail.outbox[0].subject + mail.outbox[0].body
    assert monthly.token in mail.outbox[0].body  # type: ignore[attr-defined]
    assert sorted(m.to[0] for m in mail.outbox[1:]) == sorted(
        [monthly.referrer_email, quarterly.referrer_email]
    )


def test_the_reminders_are_queued_once_and_the_run_sends(
    cast: Cast, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    link = ReferralLinkFactory(monthly=True)
    ReferralLink.objects.filter(pk=link.pk).update(created_at=datetime(2026, 10, 1, tzinfo=UTC))

    call_command("referral_reminders", "--schedule")
    call_command("referral_reminders", "--schedule")
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders_scheduled.call()

    queued = DBTaskResult.objects.filter(
        task_path=reminders_scheduled.module_path, status=TaskResultStatus.READY
    )
    assert queued.count() == 1
    assert sent == 1 and len(mail.outbox) == 1
    with pytest.raises(CommandError):
        call_command("referral_reminders", "--date", "i morgen")


def test_a_wrong_phone_number_or_no_way_to_reach_her_is_refused(client: Client, cast: Cast) -> None:
    link = ReferralLinkFactory()

    wrong = client.post(_url(link), _form(phone="12"))
    unreachable = client.post(_url(link), _form(phone=""))

    assert wrong.status_code == unreachable.status_code == 400
    assert "Write a valid phone number." in wrong.content.decode()
    assert "Write her phone number or her e-mail." in unreachable.content.decode()
    assert not Person.objects.exists()
