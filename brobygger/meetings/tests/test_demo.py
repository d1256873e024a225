"""The demo step: sessions with invitations, attendance that counts, reminders for tomorrow."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from brobygger.demo.generator import SCALES, DemoContext
from brobygger.interventions.models import Enrolment
from brobygger.meetings.demo import _delete_demo_sessions, sessions
from brobygger.meetings.models import Attendance, Invitation, Reminder, Session
from brobygger.people.models import ContactAttempt
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

from .factories import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


def test_sessions_per_municipality_with_invitations_attendance_and_reminders(cast: Cast) -> None:
    PersonFactory.create_batch(10, municipality=cast.viborg, is_demo=True, status="contacted")
    PersonFactory.create_batch(5, municipality=cast.viborg, is_demo=True)  # never reached
    context = DemoContext(
        scale=SCALES["small"],
        seed=3,
        password="x",
        rng=random.Random(3),
        today=TODAY,
        municipalities=[cast.viborg, cast.hedensted],  # Hedensted has no demo people
    )

    sessions(context)

    assert Session.objects.filter(municipality=cast.viborg).count() == 3
    assert not Session.objects.filter(municipality=cast.hedensted).exists()
    assert Invitation.objects.count() == 24
    assert not Invitation.objects.filter(person__status="identified").exists()
    attendances = list(Attendance.objects.select_related("enrolment", "contact_attempt"))
    assert attendances and context.counts["session_attendances"] == len(attendances)
    for attendance in attendances:
        assert attendance.session.date < TODAY
        assert attendance.enrolment is not None
        assert attendance.contact_attempt is not None
        assert attendance.contact_attempt.channel == "meeting"
    tomorrow = [r.invitation.session.date for r in Reminder.objects.all()]
    assert context.counts["session_reminders"] == len(tomorrow)
    assert all(day == TODAY + timedelta(days=1) for day in tomorrow)

    _delete_demo_sessions()
    assert not Session.objects.exists()
    # Her enrolment and contact stay with her (they go with the demo people).
    assert Enrolment.objects.count() == len(attendances)
    assert ContactAttempt.objects.count() == len(attendances)
