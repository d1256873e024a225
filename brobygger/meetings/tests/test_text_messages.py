"""Invitations by text message (messaging's templates, in her language) and her answer by text:
"JA" or "نعم" records her reply on the invitation and the message needs nobody's hands."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from brobygger.languages.models import Language
from brobygger.meetings import services
from brobygger.meetings.models import Invitation, Reminder, Reply
from brobygger.messaging.backends.base import InboundReport
from brobygger.messaging.models import OutboundMessage
from brobygger.messaging.services import reply_receive
from brobygger.messaging.tests.factories import SmsConsentFactory, TemplateFactory
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

from .factories import TODAY, SessionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]

INVITATION = (
    "Hej {first_name}. Informationsmøde {meeting_date} kl. {meeting_time}, {meeting_place}."
)


def _template() -> object:
    template = TemplateFactory(name="Møde", body=INVITATION)
    TemplateFactory(
        name="Møde",
        language=Language.objects.get(code="ar"),
        body="مرحبا {first_name}. اجتماع {meeting_date} الساعة {meeting_time}، {meeting_place}.",
    )
    return template


def test_invited_by_text_in_her_language_or_told_why_not(cast: Cast) -> None:
    session = SessionFactory(date=TODAY + timedelta(days=5), place="Beboerhuset", address="")
    arabic = SmsConsentFactory(
        person=PersonFactory(
            municipality=cast.viborg,
            phone="+4520123456",
            preferred_language=Language.objects.get(code="ar"),
        )
    ).person
    without_consent = PersonFactory(municipality=cast.viborg, phone="+4520654321")

    with translation.override("en"):
        result = services.invitations_create(
            actor=cast.alice,
            session=session,
            people=[arabic, without_consent],
            channel="sms",
            template=_template(),  # type: ignore[arg-type]
        )

    assert [i.person for i in result.created] == [arabic]
    assert [r.person for r in result.not_texted] == [without_consent]
    assert "has not consented" in result.not_texted[0].reason
    message = OutboundMessage.objects.get()
    assert message.person == arabic
    assert message.body.startswith("مرحبا")
    assert f"{session.date:%d.%m.%Y}" in message.body
    assert "Beboerhuset" in message.body
    assert not Invitation.objects.filter(person=without_consent).exists()


def test_sms_needs_a_template(cast: Cast) -> None:
    with pytest.raises(Exception) as refused:
        services.invitations_create(
            actor=cast.alice,
            session=SessionFactory(date=TODAY + timedelta(days=5)),
            people=[PersonFactory()],
            channel="sms",
        )
    assert "template" in refused.value.message_dict  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "reply"), [("JA", Reply.YES), ("نعم", Reply.YES), ("لا", Reply.NO)]
)
def test_her_text_answer_is_recorded_on_the_invitation(cast: Cast, text: str, reply: str) -> None:
    session = SessionFactory(date=TODAY + timedelta(days=5))
    person = SmsConsentFactory(
        person=PersonFactory(
            municipality=cast.viborg,
            phone="+4520123456",
            preferred_language=Language.objects.get(code="ar"),
        )
    ).person
    services.invitations_create(
        actor=cast.alice,
        session=session,
        people=[person],
        channel="sms",
        template=_template(),  # type: ignore[arg-type]
    )

    answer, _new = reply_receive(
        InboundReport("77", "+4520123456", "+4512345678", text, timezone.now())
    )

    invitation = Invitation.objects.get(person=person)
    assert invitation.reply == reply
    assert answer.person == person
    assert answer.handled_at is not None  # answered the invitation: nobody needs to read it


def test_a_text_that_answers_nothing_waits_for_staff(cast: Cast) -> None:
    session = SessionFactory(date=TODAY + timedelta(days=5))
    person = SmsConsentFactory(
        person=PersonFactory(municipality=cast.viborg, phone="+4520123456")
    ).person
    services.invitations_create(
        actor=cast.alice,
        session=session,
        people=[person],
        channel="sms",
        template=_template(),  # type: ignore[arg-type]
    )
    answer, _new = reply_receive(
        InboundReport("78", "+4520123456", "+4512345678", "Hvor ligger det?", timezone.now())
    )
    assert Invitation.objects.get(person=person).reply == ""
    assert answer.handled_at is None


def test_the_reminder_the_day_before_is_texted_in_her_language(cast: Cast) -> None:
    session = SessionFactory(date=TODAY + timedelta(days=1), place="Beboerhuset", address="")
    person = SmsConsentFactory(
        person=PersonFactory(
            municipality=cast.viborg,
            phone="+4520123456",
            preferred_language=Language.objects.get(code="ar"),
        )
    ).person
    withdrawn = SmsConsentFactory(
        person=PersonFactory(municipality=cast.viborg, phone="+4520654321")
    )
    services.invitations_create(
        actor=cast.alice,
        session=session,
        people=[person, withdrawn.person],
        channel="sms",
        template=_template(),  # type: ignore[arg-type]
    )
    for invitation in Invitation.objects.all():
        services.invitation_reply_record(invitation=invitation, reply=Reply.YES)
    withdrawn.withdrawn_at = timezone.now()
    withdrawn.save()

    assert services.reminders_record(today=TODAY) == 2

    reminders = {r.invitation.person: r for r in Reminder.objects.select_related("invitation")}
    assert reminders[person].done_at is not None
    assert reminders[withdrawn.person].done_at is None  # left for staff to phone
    texted = OutboundMessage.objects.filter(person=person).order_by("pk").last()
    assert texted is not None
    assert "Beboerhuset" in texted.body
    assert f"{session.date:%d.%m.%Y}" in texted.body
    assert services.reminders_record(today=TODAY) == 0
    assert OutboundMessage.objects.filter(person=person).count() == 2  # never twice
