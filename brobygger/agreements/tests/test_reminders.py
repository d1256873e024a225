"""``brobygger agreements remind``: one e-mail per meeting due, to the right people."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from brobygger.agreements import services
from brobygger.agreements.models import StatusMeeting
from brobygger.testing import Cast

from .factories import agreement, organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def viborg_agreement(cast: Cast):  # type: ignore[no-untyped-def]
    partners = [
        organisation(cast.viborg, "Kvindernes Netværk"),
        organisation(cast.viborg, "Viborg Idrætsforening"),
    ]
    # Meetings on 1 March, 1 June, 1 September and 1 December 2027.
    return agreement(cast.alice, partners, activate=True)


def _remind(today: str, days: int = 7) -> dict[str, int]:
    out = StringIO()
    call_command("agreements", "remind", "--days", str(days), "--date", today, stdout=out)
    return json.loads(out.getvalue())


def test_a_meeting_due_is_reminded_once(cast: Cast, viborg_agreement) -> None:  # type: ignore[no-untyped-def]
    assert _remind("2027-02-20") == {"sent": 0, "without_recipient": 0}  # 1 March is 9 days off
    assert _remind("2027-02-23") == {"sent": 1, "without_recipient": 0}
    assert _remind("2027-02-24") == {"sent": 0, "without_recipient": 0}

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.invalid"]
    assert "01.03.2027" in message.subject and "Lektiehjælp i Ellekær" in message.subject
    assert "Beboerhuset" in message.body
    march = viborg_agreement.meetings.get(date=date(2027, 3, 1))
    assert march.reminded_on == date(2027, 2, 23)


def test_held_meetings_and_drafts_are_not_reminded(cast: Cast, viborg_agreement) -> None:  # type: ignore[no-untyped-def]
    StatusMeeting.objects.filter(date=date(2027, 3, 1)).update(held=True)
    agreement(
        cast.alice,
        [organisation(cast.viborg, "C"), organisation(cast.viborg, "D")],
        title="Udkast",
    )

    assert _remind("2027-02-23") == {"sent": 0, "without_recipient": 0}
    assert not mail.outbox


def test_without_the_author_the_municipal_staff_are_reminded(
    cast: Cast,
    viborg_agreement,  # type: ignore[no-untyped-def]
) -> None:
    cast.alice.is_active = False
    cast.alice.save()

    assert _remind("2027-05-30")["sent"] == 1

    # Bob (volunteer coordinator) and Lene (lead) manage Viborg's partners; Charlie is in
    # Hedensted, and Kim (the partnership's coordinator) sees it on her start page.
    assert sorted(mail.outbox[0].to) == ["bob@example.invalid", "lene@example.invalid"]


def test_the_reminder_is_in_danish_by_default(cast: Cast, viborg_agreement) -> None:  # type: ignore[no-untyped-def]
    result = services.status_meeting_reminders_send(
        today=date(2027, 8, 30), within_days=7, base_url="https://brobygger.example/"
    )

    assert result.sent == 1
    meeting = viborg_agreement.meetings.get(date=date(2027, 9, 1))
    assert f"https://brobygger.example/agreements/meetings/{meeting.pk}/" in mail.outbox[0].body


def test_bad_arguments() -> None:
    with pytest.raises(CommandError):
        call_command("agreements", "remind", "--date", "1. marts")
    with pytest.raises(CommandError):
        call_command("agreements", "remind", "--days", "-1")
