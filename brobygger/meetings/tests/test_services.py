"""Sessions, invitations, replies, reminders and attendance, through the services."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from brobygger.interventions.models import Completion, Enrolment
from brobygger.interventions.tests.factories import EnrolmentFactory, intervention_type
from brobygger.meetings import services
from brobygger.meetings.models import Attendance, Invitation, Reminder, Reply, Session
from brobygger.partners.tests.factories import OrganisationFactory
from brobygger.people.models import ContactAttempt, PipelineStatus
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

from .factories import TODAY, InvitationFactory, SessionFactory, language

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


def _data(**changes: object) -> services.SessionData:
    values: dict[str, object] = {
        "kind": "information",
        "title": "Informationsmøde om job",
        "date": TODAY + timedelta(days=7),
        "starts_at": time(10),
        "ends_at": time(12),
        "place": "Beboerhuset",
        "address": "Ellekærvej 1, 8800 Viborg",
        "languages": [language("ar"), language("da")],
        "interpreter": True,
        "interpreter_language": language("th"),
        "capacity": 2,
        "host": None,
        "intervention_type": intervention_type("Informationsmøde"),
        "notes": "",
    }
    values.update(changes)
    return services.SessionData(**values)  # type: ignore[arg-type]


def test_session_save_creates_and_changes(cast: Cast) -> None:
    session = services.session_save(actor=cast.alice, data=_data(), municipality=cast.viborg)
    assert session.municipality == cast.viborg
    assert {lang.code for lang in session.languages.all()} == {"ar", "da"}
    assert session.map_url == (
        "https://www.openstreetmap.org/search?query=Ellek%C3%A6rvej+1%2C+8800+Viborg"
    )

    changed = services.session_save(
        actor=cast.alice, data=_data(title="Nyt navn"), session=session, version=session.version
    )
    assert changed.title == "Nyt navn"
    assert changed.version == 2


def test_session_of_another_municipality_is_refused(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        services.session_save(actor=cast.charlie, data=_data(), municipality=cast.viborg)


def test_session_checks_host_interpreter_and_times(cast: Cast) -> None:
    other = OrganisationFactory(municipality=cast.hedensted)
    with pytest.raises(ValidationError) as error:
        services.session_save(
            actor=cast.alice,
            data=_data(host=other, interpreter=False, ends_at=time(9)),
            municipality=cast.viborg,
        )
    assert set(error.value.message_dict) == {"host", "interpreter_language", "ends_at"}


def test_cancel(cast: Cast) -> None:
    session = SessionFactory(date=TODAY + timedelta(days=2))
    services.session_cancel(actor=cast.alice, session=session)
    session.refresh_from_db()
    assert session.is_cancelled
    with pytest.raises(ValidationError):
        services.session_cancel(actor=cast.alice, session=session)
    with pytest.raises(ValidationError):
        services.invitations_create(
            actor=cast.alice, session=session, people=[PersonFactory()], channel="letter"
        )


def test_invite_once_per_person_in_her_language_with_capacity(cast: Cast) -> None:
    session = SessionFactory(capacity=2, date=TODAY + timedelta(days=3))
    thai = PersonFactory(preferred_language=language("th"))
    danish = PersonFactory()
    third = PersonFactory()

    first = services.invitations_create(
        actor=cast.alice, session=session, people=[thai, danish, thai], channel="letter"
    )
    assert len(first.created) == 2
    assert first.over_capacity == 0
    assert Invitation.objects.get(person=thai).language.code == "th"
    assert Invitation.objects.get(person=danish).language.code == "da"

    second = services.invitations_create(
        actor=cast.alice, session=session, people=[thai, third], channel="letter"
    )
    assert [p.pk for p in second.already_invited] == [thai.pk]
    assert len(second.created) == 1
    assert second.over_capacity == 1
    assert Invitation.objects.filter(session=session).count() == 3


def test_the_database_holds_one_invitation_per_person_and_session() -> None:
    invitation = InvitationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            session=invitation.session,
            person=invitation.person,
            channel="letter",
            language=invitation.language,
        )


def test_invite_refuses_other_municipality_past_sessions_and_unavailable_channels(
    cast: Cast,
) -> None:
    session = SessionFactory(date=TODAY + timedelta(days=1))
    with pytest.raises(ValidationError):
        services.invitations_create(
            actor=cast.alice,
            session=session,
            people=[PersonFactory(municipality=cast.hedensted)],
            channel="letter",
        )
    with pytest.raises(ValidationError):
        services.invitations_create(
            actor=cast.alice, session=session, people=[PersonFactory()], channel="sms"
        )
    with pytest.raises(PermissionDenied):
        services.invitations_create(
            actor=cast.charlie, session=session, people=[PersonFactory()], channel="letter"
        )
    past = SessionFactory(date=TODAY - timedelta(days=1))
    with pytest.raises(ValidationError):
        services.invitations_create(
            actor=cast.alice, session=past, people=[PersonFactory()], channel="letter"
        )


def test_reply_by_staff_and_by_text(cast: Cast) -> None:
    invitation = InvitationFactory(session__date=TODAY + timedelta(days=2), language=language("ar"))
    services.invitation_reply_record(actor=cast.alice, invitation=invitation, reply=Reply.MAYBE)
    invitation.refresh_from_db()
    assert invitation.reply == Reply.MAYBE and invitation.replied_at is not None

    with pytest.raises(PermissionDenied):
        services.invitation_reply_record(actor=cast.charlie, invitation=invitation, reply="yes")
    with pytest.raises(ValidationError):
        services.invitation_reply_record(actor=cast.alice, invitation=invitation, reply="perhaps")

    # The webhook: her words in Arabic, no user.
    found = services.invitation_reply_from_text(person=invitation.person, text="نعم، شكراً")
    assert found is not None
    invitation.refresh_from_db()
    assert invitation.reply == Reply.YES
    assert invitation.reply_text == "نعم، شكراً"

    assert services.invitation_reply_from_text(person=invitation.person, text="مرحبا") is None
    assert services.invitation_reply_from_text(person=PersonFactory(), text="ja") is None


def test_reminders_the_day_before_once_per_accepted_invitation(cast: Cast) -> None:
    tomorrow = TODAY + timedelta(days=1)
    yes = InvitationFactory(session__date=tomorrow, accepted=True)
    InvitationFactory(session=yes.session, reply="no")
    InvitationFactory(session=yes.session)
    InvitationFactory(session__date=TODAY + timedelta(days=2), accepted=True)
    cancelled = InvitationFactory(session__date=tomorrow, accepted=True)
    Session.objects.filter(pk=cancelled.session_id).update(cancelled_at=cancelled.created_at)

    assert services.reminders_record(today=TODAY) == 1
    assert services.reminders_record(today=TODAY) == 0
    reminder = Reminder.objects.get()
    assert reminder.invitation == yes
    assert reminder.due_on == TODAY and reminder.channel == "letter"

    # She says no after all: the unprinted reminder goes.
    services.invitation_reply_record(actor=cast.alice, invitation=yes, reply=Reply.NO)
    assert not Reminder.objects.exists()


def test_attendance_creates_a_completed_enrolment_and_a_contact(cast: Cast) -> None:
    session = SessionFactory(intervention_type=intervention_type("Informationsmøde"))
    person = PersonFactory()

    attendance = services.attendance_record(actor=cast.alice, session=session, person=person)

    enrolment = Enrolment.objects.get(person=person)
    assert attendance.enrolment == enrolment and attendance.enrolment_created
    assert enrolment.intervention_type.name == "Informationsmøde"
    assert enrolment.completion == Completion.COMPLETED
    assert enrolment.started_on == enrolment.ended_on == TODAY
    attempt = ContactAttempt.objects.get(person=person)
    assert (attempt.channel, attempt.outcome) == ("meeting", "reached")
    person.refresh_from_db()
    assert person.status == PipelineStatus.CONTACTED
    # A second tap on the same person changes nothing.
    again = services.attendance_record(actor=cast.alice, session=session, person=person)
    assert again == attendance
    assert Enrolment.objects.filter(person=person).count() == 1


def test_attendance_completes_her_ongoing_enrolment_and_undo_reopens_it(cast: Cast) -> None:
    kind = intervention_type("Virksomhedsbesøg")
    session = SessionFactory(kind="company_visit", intervention_type=kind)
    ongoing = EnrolmentFactory(
        person__municipality=cast.viborg, intervention_type=kind, started_on=date(2026, 11, 2)
    )
    attendance = services.attendance_record(
        actor=cast.alice, session=session, person=ongoing.person
    )
    ongoing.refresh_from_db()
    assert not attendance.enrolment_created
    assert (ongoing.completion, ongoing.ended_on) == (Completion.COMPLETED, TODAY)

    services.attendance_undo(actor=cast.alice, attendance=attendance)
    ongoing.refresh_from_db()
    assert (ongoing.completion, ongoing.ended_on) == (Completion.ONGOING, None)
    assert not Attendance.objects.exists()
    assert not ContactAttempt.objects.filter(person=ongoing.person).exists()


def test_undo_takes_away_what_attendance_created(cast: Cast) -> None:
    session = SessionFactory(intervention_type=intervention_type("Informationsmøde"))
    person = PersonFactory()
    services.attendance_toggle(actor=cast.alice, session=session, person=person)
    assert Attendance.objects.count() == 1

    assert services.attendance_toggle(actor=cast.alice, session=session, person=person) is None

    assert not Attendance.objects.exists()
    assert not Enrolment.objects.filter(person=person).exists()
    assert not ContactAttempt.objects.filter(person=person).exists()
    person.refresh_from_db()
    assert person.status == PipelineStatus.IDENTIFIED


def test_undo_keeps_an_enrolment_changed_since(cast: Cast) -> None:
    from brobygger.core.inputs import from_object
    from brobygger.interventions.services import EnrolmentData, enrolment_save

    session = SessionFactory(intervention_type=intervention_type("Informationsmøde"))
    person = PersonFactory()
    attendance = services.attendance_record(actor=cast.alice, session=session, person=person)
    enrolment = attendance.enrolment
    assert enrolment is not None
    enrolment_save(
        actor=cast.alice,
        person=person,
        data=from_object(
            EnrolmentData,
            enrolment,
            result="Vil gerne i praktik",
            completion="completed",
            ended_on=TODAY,
        ),
        enrolment=enrolment,
        version=enrolment.version,
    )
    with pytest.raises(ValidationError):
        services.attendance_undo(actor=cast.alice, attendance=attendance)
    assert Attendance.objects.filter(pk=attendance.pk).exists()
    assert ContactAttempt.objects.filter(person=person).exists()


def test_undo_only_by_who_recorded_it(cast: Cast) -> None:
    session = SessionFactory()
    person = PersonFactory()
    attendance = services.attendance_record(actor=cast.alice, session=session, person=person)
    with pytest.raises(ValidationError):
        services.attendance_undo(actor=cast.lene, attendance=attendance)
    assert Attendance.objects.filter(pk=attendance.pk).exists()


def test_attendance_without_an_intervention_records_the_contact_only(cast: Cast) -> None:
    session = SessionFactory(intervention_type=None)
    person = PersonFactory()
    attendance = services.attendance_record(actor=cast.alice, session=session, person=person)
    assert attendance.enrolment is None
    assert not Enrolment.objects.filter(person=person).exists()
    assert ContactAttempt.objects.filter(person=person, channel="meeting").exists()


def test_attendance_refuses_future_cancelled_and_strangers(cast: Cast) -> None:
    future = SessionFactory(date=TODAY + timedelta(days=1))
    with pytest.raises(ValidationError):
        services.attendance_record(actor=cast.alice, session=future, person=PersonFactory())
    session = SessionFactory()
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=cast.alice,
            session=session,
            person=PersonFactory(municipality=cast.hedensted),
        )
    with pytest.raises(PermissionDenied):
        services.attendance_record(actor=cast.charlie, session=session, person=PersonFactory())


def test_a_company_visit_at_the_door_moves_the_success_criteria(cast: Cast) -> None:
    """No retyping: the tap at the door is what the criteria count (network-oriented and a
    company-oriented intervention completed, among those contacted)."""
    from brobygger.measures.criteria import compute
    from brobygger.measures.periods import Period

    quarter = Period(date(2026, 10, 1), date(2026, 12, 31))

    def figures() -> dict[str, int]:
        results = compute(municipality_ids=[cast.viborg.pk], period=quarter)
        return {r.criterion.key: r.numerator for r in results}

    session = SessionFactory(
        kind="company_visit", intervention_type=intervention_type("Virksomhedsbesøg")
    )
    person = PersonFactory()
    before = figures()

    services.attendance_record(actor=cast.alice, session=session, person=person)

    after = figures()
    assert after["network"] == before["network"] + 1
    assert after["company"] == before["company"] + 1
