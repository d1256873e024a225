"""The demo's speed-dating evenings: one per municipality, scheduled by the rules, followed up."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command

from brobygger.events.demo import _delete_demo_events
from brobygger.events.models import (
    Event,
    EventStatus,
    FollowUp,
    Participant,
    ScheduledMeeting,
    Wish,
)
from brobygger.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def test_small_demo_holds_one_evening_per_municipality() -> None:
    call_command("demo", "--scale", "small", "--seed", "6")

    municipalities = set(Partnership.objects.get().municipalities.values_list("pk", flat=True))
    events = list(Event.objects.filter(is_demo=True))
    assert {event.municipality_id for event in events} == municipalities
    for event in events:
        assert event.status == EventStatus.HELD
        assert event.participants.filter(side="association").exists()
        assert event.participants.filter(side="company").exists()
        assert not event.participants.exclude(organisation__municipality=event.municipality_id)
        meetings = list(event.meetings.all())
        assert meetings
        assert max(Counter((m.association_id, m.company_id) for m in meetings).values()) == 1
        for number in range(1, event.rounds + 1):
            seated = [
                seat
                for m in meetings
                if m.round == number
                for seat in (m.association_id, m.company_id)
            ]
            assert len(seated) == len(set(seated))
        assert event.statistics["wishes_met"] <= event.statistics["wishes_total"]
    assert Wish.objects.filter(event__is_demo=True).exists()
    assert FollowUp.objects.filter(event__is_demo=True).exists()

    # The cleanup takes every evening that reaches a demo partner, so the partners can go
    # (a participant protects its partner).
    _delete_demo_events()
    assert not Event.objects.exists()
    assert not ScheduledMeeting.objects.exists()
    assert not Participant.objects.exists()

    # A fresh demo replaces the old one as a whole.
    call_command("demo", "--scale", "small", "--seed", "6")
    assert Event.objects.count() == len(municipalities)
