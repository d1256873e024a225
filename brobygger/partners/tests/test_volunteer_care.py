"""Volunteer care after the match (``partners/volunteer_care.py``): check-ins, support
requests, the end of a mentorship with its reason, waiting times, the training calendar,
anniversaries and the thank-you letter, the volunteer pipeline and its data migration."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from brobygger.accounts.models import User
from brobygger.accounts.tests.factories import UserFactory
from brobygger.partners import volunteer_care as care
from brobygger.partners.models import (
    Mentorship,
    MentorshipCheckIn,
    MentorshipEnd,
    MentorshipStatus,
    SupportRequest,
    TrainingAttendance,
    TrainingCourse,
    TrainingEnrolment,
    TrainingSession,
    Volunteer,
    VolunteerStatus,
    VolunteerStatusChange,
)
from brobygger.partners.tests.factories import (
    MentorshipCheckInFactory,
    MentorshipEndFactory,
    MentorshipFactory,
    ReferralFactory,
    SupportRequestFactory,
    TrainingCourseFactory,
    TrainingEnrolmentFactory,
    TrainingSessionFactory,
    VolunteerFactory,
    VolunteerStatusChangeFactory,
)
from brobygger.privacy.services import person_erase
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]

TODAY = date(2026, 11, 23)
pipeline_migration = importlib.import_module(
    "brobygger.partners.migrations.0005_volunteer_pipeline"
)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The services' messages read in English (the pages are asked for in English too)."""
    with translation.override("en"):
        yield


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


def messages_of(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


# --- check-ins ------------------------------------------------------------------------------


def test_a_check_in_is_recorded_on_an_active_mentorship(cast: Cast) -> None:
    mentorship = MentorshipFactory()
    check_in = care.check_in_record(
        actor=cast.bob,
        mentorship=mentorship,
        data=care.CheckInData(
            held_on=date(2026, 11, 20), rating=2, next_step="Mød op sammen", follow_up_on=TODAY
        ),
    )
    assert (check_in.rating, check_in.recorded_by, check_in.follow_up_on) == (2, cast.bob, TODAY)


@pytest.mark.parametrize(
    ("held_on", "follow_up_on", "message"),
    [
        (date(2026, 11, 25), None, "future"),
        (date(2026, 9, 30), None, "before the mentorship started"),
        (date(2026, 11, 20), date(2026, 11, 19), "follow-up cannot be before"),
    ],
)
def test_a_check_in_with_dates_out_of_order_is_refused(
    cast: Cast, held_on: date, follow_up_on: date | None, message: str
) -> None:
    mentorship = MentorshipFactory()  # started 1 October
    with pytest.raises(ValidationError) as error:
        care.check_in_record(
            actor=cast.bob,
            mentorship=mentorship,
            data=care.CheckInData(held_on=held_on, rating=3, follow_up_on=follow_up_on),
        )
    assert message in messages_of(error)
    assert not MentorshipCheckIn.objects.exists()


def test_a_check_in_on_an_ended_mentorship_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        care.check_in_record(
            actor=cast.bob,
            mentorship=MentorshipFactory(ended=True),
            data=care.CheckInData(held_on=TODAY, rating=3),
        )
    assert "has ended" in messages_of(error)
    assert not MentorshipCheckIn.objects.exists()


def test_another_municipality_s_coordinator_cannot_check_in(cast: Cast) -> None:
    outsider = UserFactory(volunteer_coordinator=True, municipality=cast.hedensted)
    with pytest.raises(PermissionDenied):
        care.check_in_record(
            actor=outsider,
            mentorship=MentorshipFactory(),
            data=care.CheckInData(held_on=TODAY, rating=3),
        )


# --- the end of a mentorship ----------------------------------------------------------------


def test_ending_a_mentorship_records_the_reason_and_frees_the_volunteer(cast: Cast) -> None:
    mentorship = MentorshipFactory()
    volunteer = mentorship.volunteer
    end = care.mentorship_close(
        actor=cast.bob,
        mentorship=mentorship,
        data=care.MentorshipEndData(ended_on=TODAY, reason="job_or_education", text="Job"),
    )
    mentorship.refresh_from_db()
    volunteer.refresh_from_db()
    assert (mentorship.status, mentorship.ended_on) == (MentorshipStatus.ENDED, TODAY)
    assert (end.reason, end.text, volunteer.active_mentees) == ("job_or_education", "Job", 0)


def test_an_end_recorded_again_is_extended_not_duplicated(cast: Cast) -> None:
    existing = MentorshipEndFactory()
    mentorship = existing.mentorship
    care.mentorship_close(
        actor=cast.bob,
        mentorship=mentorship,
        data=care.MentorshipEndData(ended_on=TODAY, reason="moved", text="Flyttet til Aarhus"),
    )
    assert list(MentorshipEnd.objects.values_list("pk", "reason", "text")) == [
        (existing.pk, "moved", "Flyttet til Aarhus")
    ]
    mentorship.refresh_from_db()
    assert mentorship.ended_on == date(2026, 11, 1)  # the date it ended stays


def test_an_end_with_a_bad_reason_saves_nothing(cast: Cast) -> None:
    mentorship = MentorshipFactory()
    with pytest.raises(ValidationError):
        care.mentorship_close(
            actor=cast.bob,
            mentorship=mentorship,
            data=care.MentorshipEndData(ended_on=TODAY, reason="nonsense"),
        )
    mentorship.refresh_from_db()
    mentorship.volunteer.refresh_from_db()
    assert mentorship.status == MentorshipStatus.ACTIVE
    assert mentorship.volunteer.active_mentees == 1
    assert not MentorshipEnd.objects.exists()


# --- support requests -----------------------------------------------------------------------


def test_a_support_request_is_recorded_and_handled(cast: Cast) -> None:
    volunteer = VolunteerFactory()
    request = care.support_request_record(
        actor=cast.bob,
        volunteer=volunteer,
        data=care.SupportRequestData(
            received_on=date(2026, 11, 20),
            kind="incident",
            severity="high",
            description="Ubehagelig episode ved mødet",
        ),
    )
    with pytest.raises(ValidationError) as error:
        care.support_request_handle(
            actor=cast.bob,
            request=request,
            data=care.SupportHandledData(handled_on=date(2026, 11, 19)),
        )
    assert "before it was received" in messages_of(error)
    care.support_request_handle(
        actor=cast.bob, request=request, data=care.SupportHandledData(handled_on=TODAY)
    )
    request.refresh_from_db()
    assert request.handled_on == TODAY
    assert care.open_support_requests(user=cast.bob, municipality_id=cast.viborg.pk) == []
    with pytest.raises(ValidationError):
        care.support_request_handle(
            actor=cast.bob, request=request, data=care.SupportHandledData(handled_on=TODAY)
        )


# --- the pipeline ---------------------------------------------------------------------------


def _step(actor: User, volunteer: Volunteer, status: str, day: date, reason: str = "") -> None:
    care.volunteer_status_change(
        actor=actor,
        volunteer=volunteer,
        data=care.StatusChangeData(status=status, changed_on=day, reason=reason),
    )


def test_a_volunteer_walks_the_pipeline_with_dates(cast: Cast) -> None:
    volunteer = VolunteerFactory(
        status=VolunteerStatus.APPLIED, untrained=True, unchecked=True, active_mentees=0
    )
    _step(cast.bob, volunteer, "checked", date(2026, 11, 2))
    _step(cast.bob, volunteer, "trained", date(2026, 11, 9))
    _step(cast.bob, volunteer, "active", date(2026, 11, 10))
    _step(cast.bob, volunteer, "paused", date(2026, 11, 20), reason="life_change")
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.PAUSED
    assert (volunteer.record_check_on, volunteer.trained_on) == (
        date(2026, 11, 2),
        date(2026, 11, 9),
    )
    assert list(volunteer.status_changes.values_list("status", "changed_on")) == [
        ("checked", date(2026, 11, 2)),
        ("trained", date(2026, 11, 9)),
        ("active", date(2026, 11, 10)),
        ("paused", date(2026, 11, 20)),
    ]
    counts = {
        s: n for s, _, n in care.pipeline_counts(user=cast.bob, municipality_id=cast.viborg.pk)
    }
    assert counts["paused"] == 1 and counts["active"] == 0
    assert care.dropout_reasons(user=cast.bob, municipality_id=cast.viborg.pk) == [
        ("Work, family or health", 1)
    ]


@pytest.mark.parametrize(
    ("status", "day", "reason", "message"),
    [
        ("trained", date(2026, 11, 20), "", "cannot become trained"),  # skips the check
        ("ended", date(2026, 11, 20), "", "Give the reason"),
        ("checked", date(2026, 11, 20), "no_time", "only when she pauses or stops"),
        ("checked", date(2026, 10, 1), "", "before her last change"),
        ("checked", date(2026, 11, 24), "", "future"),
    ],
)
def test_a_wrong_step_is_refused_and_nothing_changes(
    cast: Cast, status: str, day: date, reason: str, message: str
) -> None:
    volunteer = VolunteerFactory(status=VolunteerStatus.APPLIED, active_mentees=0)
    VolunteerStatusChangeFactory(
        volunteer=volunteer, status="applied", changed_on=date(2026, 11, 1)
    )
    with pytest.raises(ValidationError) as error:
        _step(cast.bob, volunteer, status, day, reason)
    assert message in messages_of(error)
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.APPLIED
    assert volunteer.status_changes.count() == 1


def test_a_volunteer_with_mentees_cannot_be_paused(cast: Cast) -> None:
    mentorship = MentorshipFactory()
    with pytest.raises(ValidationError) as error:
        _step(cast.bob, mentorship.volunteer, "paused", TODAY, reason="no_time")
    assert "end the mentorships first" in messages_of(error)


def test_the_data_migration_maps_the_old_statuses(cast: Cast) -> None:
    applied = VolunteerFactory(status="applied", unchecked=True, untrained=True)
    checked = VolunteerFactory(status="applied", untrained=True)
    trained = VolunteerFactory(status="applied")
    active = VolunteerFactory()
    ended = VolunteerFactory(ended=True)

    pipeline_migration.forwards(apps, None)

    for volunteer in (applied, checked, trained, active, ended):
        volunteer.refresh_from_db()
    assert [v.status for v in (applied, checked, trained, active, ended)] == [
        "applied",
        "checked",
        "trained",
        "active",
        "ended",
    ]
    assert checked.status_changes.get().changed_on == checked.record_check_on
    assert trained.status_changes.get().changed_on == trained.trained_on
    assert active.status_changes.get().changed_on == timezone.localdate(active.created_at)
    assert ended.status_changes.get().reason == "other"

    pipeline_migration.backwards(apps, None)
    assert set(Volunteer.objects.values_list("status", flat=True)) == {
        "applied",
        "active",
        "ended",
    }


# --- waiting time, anniversaries ------------------------------------------------------------


def test_waiting_times_alert_over_the_setting(cast: Cast, settings: object) -> None:
    settings.MENTOR_WAIT_ALERT_DAYS = 10  # type: ignore[attr-defined]
    long = ReferralFactory()
    type(long).objects.filter(pk=long.pk).update(created_at=timezone.now() - timedelta(days=11))
    ReferralFactory()
    rows = care.waiting_times(user=cast.bob, municipality_id=cast.viborg.pk, today=TODAY)
    assert [(row.referral.pk, row.days, row.alert) for row in rows][0] == (long.pk, 11, True)
    assert [row.alert for row in rows] == [True, False]


def test_anniversaries_of_active_volunteers_within_thirty_days(cast: Cast) -> None:
    one_year = VolunteerFactory(first_name="Ane")
    VolunteerStatusChangeFactory(volunteer=one_year, changed_on=date(2025, 12, 1))
    five_years = VolunteerFactory(first_name="Bodil")
    VolunteerStatusChangeFactory(volunteer=five_years, changed_on=date(2021, 11, 23))
    too_late = VolunteerFactory(first_name="Cecilie")
    VolunteerStatusChangeFactory(volunteer=too_late, changed_on=date(2025, 12, 24))
    ended = VolunteerFactory(first_name="Dorthe", ended=True)
    VolunteerStatusChangeFactory(volunteer=ended, changed_on=date(2025, 12, 1))

    found = care.anniversaries(user=cast.bob, municipality_id=cast.viborg.pk, today=TODAY)
    assert [(a.volunteer.first_name, a.years, a.on) for a in found] == [
        ("Bodil", 5, date(2026, 11, 23)),
        ("Ane", 1, date(2026, 12, 1)),
    ]


# --- training -------------------------------------------------------------------------------


def test_a_volunteer_is_trained_after_the_required_sessions(cast: Cast) -> None:
    course = TrainingCourseFactory(required_sessions=2)
    first = TrainingSessionFactory(course=course, date=date(2026, 11, 3))
    second = TrainingSessionFactory(course=course, date=date(2026, 11, 10))
    volunteer = VolunteerFactory(status="checked", untrained=True, active_mentees=0)
    care.course_enrol(actor=cast.bob, course=course, volunteer=volunteer)

    assert care.attendance_record(actor=cast.bob, session=first, present=[volunteer]) == []
    volunteer.refresh_from_db()
    assert (volunteer.trained_on, volunteer.status) == (None, "checked")

    assert care.attendance_record(actor=cast.bob, session=second, present=[volunteer]) == [
        volunteer
    ]
    volunteer.refresh_from_db()
    assert (volunteer.trained_on, volunteer.status) == (date(2026, 11, 10), "trained")
    sessions, rows = care.course_grid(user=cast.bob, course=course)
    assert [(r.attended, r.trained) for r in rows] == [([True, True], True)]

    # Taking her off a session again removes the attendance (the training date stays).
    care.attendance_record(actor=cast.bob, session=first, present=[])
    assert TrainingAttendance.objects.filter(session=first).count() == 0


def test_attendance_is_refused_for_a_future_session_or_someone_not_enrolled(cast: Cast) -> None:
    course = TrainingCourseFactory()
    upcoming = TrainingSessionFactory(course=course, upcoming=True)
    past = TrainingSessionFactory(course=course)
    stranger = VolunteerFactory()
    with pytest.raises(ValidationError, match="day of the session"):
        care.attendance_record(actor=cast.bob, session=upcoming, present=[])
    with pytest.raises(ValidationError, match="enrolled"):
        care.attendance_record(actor=cast.bob, session=past, present=[stranger])
    with pytest.raises(ValidationError, match="different municipalities"):
        care.course_enrol(
            actor=cast.bob, course=course, volunteer=VolunteerFactory(municipality=cast.hedensted)
        )
    enrolled = TrainingEnrolmentFactory(course=course).volunteer
    with pytest.raises(ValidationError, match="already enrolled"):
        care.course_enrol(actor=cast.bob, course=course, volunteer=enrolled)
    assert not TrainingAttendance.objects.exists()


# --- privacy --------------------------------------------------------------------------------


def test_erasure_blanks_the_check_ins_and_the_end_text(cast: Cast) -> None:
    check_in = MentorshipCheckInFactory(next_step="Hjælp med CV til Fatima")
    end = MentorshipEndFactory(
        mentorship__referral__person=check_in.mentorship.referral.person,
        mentorship__volunteer=check_in.mentorship.volunteer,
        text="Fatima fik job",
    )
    person_erase(actor=cast.lene, person=check_in.mentorship.referral.person)
    check_in.refresh_from_db()
    end.refresh_from_db()
    assert (check_in.next_step, end.text) == ("", "")
    assert end.reason == "goal_reached"  # the skeleton stays for the figures


# --- pages ----------------------------------------------------------------------------------


def test_the_care_page_shows_alerts_pipeline_and_anniversaries(
    client: Client, cast: Cast, settings: object
) -> None:
    settings.MENTOR_WAIT_ALERT_DAYS = 0  # type: ignore[attr-defined]
    referral = ReferralFactory()
    type(referral).objects.filter(pk=referral.pk).update(
        created_at=timezone.now() - timedelta(days=3)
    )
    veteran = VolunteerFactory(first_name="Bodil", last_name="Holm")
    VolunteerStatusChangeFactory(volunteer=veteran, changed_on=date(2024, 12, 1))
    MentorshipFactory()  # never checked in
    SupportRequestFactory(incident=True)
    VolunteerStatusChangeFactory(ended=True, volunteer__ended=True)
    client.force_login(cast.bob)

    page = client.get(reverse("partners:care")).content.decode()

    assert "1 citizen has waited more than 0 days for a mentor." in page
    assert "no check-in yet" in page
    assert "Incident" in page
    assert "No time any more: 1" in page
    assert "Bodil Holm, 2 years as a volunteer" in page


def test_the_mentorship_page_records_a_check_in_and_the_end(client: Client, cast: Cast) -> None:
    mentorship = MentorshipFactory()
    url = reverse("partners:mentorship", args=[mentorship.pk])
    client.force_login(cast.bob)

    refused = client.post(
        url,
        {"form": "check_in", "check_in-held_on": "20.11.2026", "check_in-rating": "3",
         "check_in-follow_up_on": "19.11.2026"},
    )  # fmt: skip
    assert refused.status_code == 400
    assert "The follow-up cannot be before the check-in." in refused.content.decode()
    saved = client.post(
        url,
        {"form": "check_in", "check_in-held_on": "20.11.2026", "check_in-rating": "3",
         "check_in-next_step": "Besøg biblioteket"},
    )  # fmt: skip
    assert saved.status_code == 302
    ended = client.post(
        url, {"form": "end", "end-ended_on": "23.11.2026", "end-reason": "goal_reached"}
    )
    assert ended.status_code == 302
    page = client.get(url).content.decode()
    assert "Besøg biblioteket" in page and "The goal is reached" in page
    assert 'data-testid="check-in-form"' not in page
    late = client.post(
        url, {"form": "check_in", "check_in-held_on": "23.11.2026", "check_in-rating": "3"}
    )
    assert late.status_code == 400
    assert MentorshipCheckIn.objects.count() == 1


def test_the_volunteer_care_page_records_steps_and_requests(client: Client, cast: Cast) -> None:
    volunteer = VolunteerFactory(status="applied", unchecked=True, active_mentees=0)
    url = reverse("partners:volunteer-care", args=[volunteer.pk])
    client.force_login(cast.bob)

    assert (
        client.post(
            url, {"form": "status", "status-status": "checked", "status-changed_on": "20.11.2026"}
        ).status_code
        == 302
    )
    refused = client.post(
        url, {"form": "status", "status-status": "ended", "status-changed_on": "21.11.2026"}
    )
    assert refused.status_code == 400
    assert "Give the reason she pauses or stops." in refused.content.decode()
    assert client.post(
        url,
        {"form": "support", "support-received_on": "22.11.2026", "support-kind": "question",
         "support-severity": "low", "support-description": "Hvor meget må jeg hjælpe?"},
    ).status_code == 302  # fmt: skip
    request = SupportRequest.objects.get()
    assert (
        client.post(
            url, {"form": "handled", "request": request.pk, "handled-handled_on": "23.11.2026"}
        ).status_code
        == 302
    )
    request.refresh_from_db()
    assert request.handled_on == TODAY
    page = client.get(url).content.decode()
    assert "Record checked" in page and "Hvor meget må jeg hjælpe?" in page


def test_the_thank_you_letter_is_a_pdf(client: Client, cast: Cast) -> None:
    volunteer = VolunteerFactory()
    client.force_login(cast.bob)
    response = client.get(reverse("partners:volunteer-thanks", args=[volunteer.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_training_pages_make_a_course_sessions_and_attendance(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.bob)
    created = client.post(
        reverse("partners:training-list"), {"title": "Mentorkursus", "required_sessions": "1"}
    )
    assert created.status_code == 302
    course = TrainingCourse.objects.get()
    url = reverse("partners:training-course", args=[course.pk])
    volunteer = VolunteerFactory(status="checked", untrained=True, active_mentees=0)
    assert (
        client.post(
            url, {"form": "session", "session-date": "10.11.2026", "session-place": "Rådhuset"}
        ).status_code
        == 302
    )
    assert client.post(url, {"form": "enrol", "enrol-volunteer": volunteer.pk}).status_code == 302
    session = TrainingSession.objects.get()
    response = client.post(
        url, {"form": "attendance", "session": session.pk, "present": [volunteer.pk]}, follow=True
    )
    assert f"{volunteer} is now trained." in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.status == "trained"
    assert TrainingEnrolment.objects.filter(course=course, volunteer=volunteer).exists()
    assert "Mentorkursus" in client.get(reverse("partners:training-list")).content.decode()


CARE_RECORDS: list[tuple[str, str, Callable[[], int], str]] = [
    ("partners:mentorship", "mentorship_id", lambda: MentorshipFactory().pk, "get"),
    ("partners:mentorship", "mentorship_id", lambda: MentorshipFactory().pk, "post"),
    ("partners:volunteer-care", "volunteer_id", lambda: VolunteerFactory().pk, "get"),
    ("partners:volunteer-care", "volunteer_id", lambda: VolunteerFactory().pk, "post"),
    ("partners:volunteer-thanks", "volunteer_id", lambda: VolunteerFactory().pk, "get"),
    ("partners:training-course", "course_id", lambda: TrainingCourseFactory().pk, "get"),
    ("partners:training-course", "course_id", lambda: TrainingCourseFactory().pk, "post"),
]


@pytest.mark.parametrize(("name", "argument", "make", "method"), CARE_RECORDS)
def test_a_record_of_another_municipality_is_a_404(
    client: Client, cast: Cast, name: str, argument: str, make: Callable[[], int], method: str
) -> None:
    outsider = UserFactory(volunteer_coordinator=True, municipality=cast.hedensted)
    url = reverse(name, kwargs={argument: make()})
    for user in (outsider, cast.charlie):
        client.force_login(user)
        response = getattr(client, method)(
            url, {"form": "check_in", "check_in-held_on": "20.11.2026", "check_in-rating": "3"}
        )
        assert response.status_code == 404, user
    assert not MentorshipCheckIn.objects.exists()
    assert not VolunteerStatusChange.objects.exists()


def test_the_care_pages_are_the_volunteer_coordinator_s(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)  # a caseworker: partners yes, volunteers no
    for name in ("partners:care", "partners:training-list"):
        assert client.get(reverse(name)).status_code == 404, name
    assert Mentorship.objects.count() == 0


def test_a_status_changed_on_her_profile_is_dated_in_the_pipeline(
    client: Client, cast: Cast
) -> None:
    volunteer = VolunteerFactory(status="trained", active_mentees=0)
    client.force_login(cast.bob)
    form = client.get(reverse("partners:volunteer-update", args=[volunteer.pk])).context["form"]
    values = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("skills", "municipality")
    }
    values.update(status="active", trained_on="10.01.2026", record_check_on="05.01.2026")
    response = client.post(reverse("partners:volunteer-update", args=[volunteer.pk]), values)
    assert response.status_code == 302
    assert list(volunteer.status_changes.values_list("status", "changed_on")) == [("active", TODAY)]


def test_her_caseworker_sees_the_first_check_in_and_the_end_on_her_page(
    client: Client, cast: Cast
) -> None:
    check_in = MentorshipCheckInFactory(held_on=date(2026, 10, 8))
    MentorshipCheckInFactory(mentorship=check_in.mentorship, held_on=date(2026, 11, 2))
    mentorship = check_in.mentorship
    care.mentorship_close(
        actor=cast.bob,
        mentorship=mentorship,
        data=care.MentorshipEndData(ended_on=TODAY, reason="job_or_education"),
    )
    client.force_login(cast.alice)
    page = client.get(reverse("people:detail", args=[mentorship.referral.person_id]))
    card = page.content.decode().split('data-testid="person-mentor-care"')[1]
    assert "First check-in on 08.10.2026 (2 check-ins)" in card
    assert "Ended on 23.11.2026: She started a job or an education" in card
    client.force_login(UserFactory(caseworker=True, municipality=cast.hedensted))
    assert (
        client.get(reverse("people:detail", args=[mentorship.referral.person_id])).status_code
        == 404
    )
