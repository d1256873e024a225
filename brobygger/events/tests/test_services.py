"""Matchmaking events through the services: bad input, the schedule's promises, locking."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from brobygger.core.inputs import from_object
from brobygger.events import services
from brobygger.events.models import (
    Event,
    EventStatus,
    FollowUp,
    Participant,
    ScheduledMeeting,
    Wish,
)
from brobygger.testing import Cast

from .factories import event as make_event
from .factories import organisation, participants

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The services' messages are compared in English."""
    with translation.override("en"):
        yield


def _changed(event: Event, **changes: object) -> services.EventData:
    """The event's settings as they are stored now, with ``changes``."""
    return from_object(services.EventData, Event.objects.get(pk=event.pk), **changes)


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


def _assert_valid_schedule(event: Event) -> list[ScheduledMeeting]:
    meetings = list(event.meetings.all())
    assert meetings
    pairs = Counter((m.association_id, m.company_id) for m in meetings)
    assert max(pairs.values()) == 1, "a pair meets twice"
    for number in range(1, event.rounds + 1):
        in_round = [m for m in meetings if m.round == number]
        seated = [m.association_id for m in in_round] + [m.company_id for m in in_round]
        assert len(seated) == len(set(seated)), f"someone sits at two tables in round {number}"
        tables = [m.table for m in in_round]
        assert len(tables) == len(set(tables))
        assert all(1 <= table <= event.tables for table in tables)
    assert {m.round for m in meetings} <= set(range(1, event.rounds + 1))
    return meetings


def test_more_participants_than_tables_is_refused_with_nothing_saved(cast: Cast) -> None:
    event = make_event(cast.alice, cast.viborg, tables=2)
    three = [organisation(cast.viborg) for _ in range(3)]

    with pytest.raises(ValidationError) as error:
        services.participants_add(actor=cast.alice, event=event, organisations=three)

    assert "3 associations but only 2 tables" in _messages(error)
    assert "allow sit-outs" in _messages(error)
    assert not Participant.objects.exists()
    # Taking turns is allowed when the event says so.
    event.allow_sit_outs = True
    event.save()
    added, _dropped = services.participants_add(actor=cast.alice, event=event, organisations=three)
    assert len(added) == 3


def test_fewer_tables_than_participants_is_refused_in_the_settings(cast: Cast) -> None:
    event = make_event(cast.alice, cast.viborg, tables=4)
    participants(cast.alice, event, associations=2, companies=4)

    with pytest.raises(ValidationError) as error:
        services.event_save(
            actor=cast.alice,
            data=_changed(event, tables=3),
            event=event,
        )

    assert "4 companies but only 3 tables" in _messages(error)
    event.refresh_from_db()
    assert event.tables == 4


def test_schedule_refuses_too_many_participants_and_keeps_what_was_there(cast: Cast) -> None:
    event = make_event(cast.alice, cast.viborg, tables=3, rounds=3)
    participants(cast.alice, event, associations=3, companies=2)
    event = services.schedule_make(actor=cast.alice, event=event)
    before = sorted(event.meetings.values_list("pk", flat=True))
    # Tables lowered behind the services' back (e.g. an import): the schedule is refused.
    Event.objects.filter(pk=event.pk).update(tables=2)

    with pytest.raises(ValidationError) as error:
        services.schedule_make(actor=cast.alice, event=event)

    assert "3 associations but only 2 tables" in _messages(error)
    assert sorted(event.meetings.values_list("pk", flat=True)) == before
    event.refresh_from_db()
    assert event.status == EventStatus.SCHEDULED


def test_schedule_of_an_event_without_companies_is_refused(cast: Cast) -> None:
    event = make_event(cast.alice, cast.viborg)
    participants(cast.alice, event, associations=2, companies=0)

    with pytest.raises(ValidationError) as error:
        services.schedule_make(actor=cast.alice, event=event)

    assert "at least one association and one company" in _messages(error)
    assert not ScheduledMeeting.objects.exists()
    event.refresh_from_db()
    assert event.status == EventStatus.PLANNING


def test_a_wish_within_one_side_or_to_oneself_is_refused(cast: Cast) -> None:
    event = make_event(cast.alice, cast.viborg)
    (first, second), (company,) = participants(cast.alice, event, associations=2, companies=1)
    other_event = make_event(cast.alice, cast.viborg)
    _none, (elsewhere,) = participants(cast.alice, other_event, associations=0, companies=1)

    for targets, message in (
        ([second], "on the same side"),
        ([first], "cannot wish to meet themselves"),
        ([company, elsewhere], "does not take part in this event"),
    ):
        with pytest.raises(ValidationError) as error:
            services.wishes_set(actor=cast.alice, participant=first, targets=targets)
        assert message in _messages(error)
    assert not Wish.objects.exists()
    # The model says the same, for writes that bypass the services.
    with pytest.raises(ValidationError, match="same side"):
        Wish(event=event, from_participant=first, to_participant=second).full_clean()
    with pytest.raises(ValidationError, match="themselves"):
        Wish(event=event, from_participant=first, to_participant=first).full_clean()

    count, _dropped = services.wishes_set(actor=cast.alice, participant=first, targets=[company])
    assert count == 1


def test_schedule_is_stored_with_no_pair_twice_and_nobody_double_booked(cast: Cast) -> None:
    event = make_event(cast.alice, cast.viborg, tables=6, rounds=4)
    associations, companies = participants(cast.alice, event, associations=6, companies=5)
    # Everyone wants the first company; the first association and the second company
    # want each other (a mutual wish).
    for association in associations:
        services.wishes_set(actor=cast.alice, participant=association, targets=[companies[0]])
    services.wishes_set(
        actor=cast.alice, participant=associations[0], targets=[companies[0], companies[1]]
    )
    services.wishes_set(actor=cast.alice, participant=companies[1], targets=[associations[0]])

    event = services.schedule_make(actor=cast.alice, event=event)

    meetings = _assert_valid_schedule(event)
    assert event.status == EventStatus.SCHEDULED
    mutual = next(
        m
        for m in meetings
        if (m.association_id, m.company_id) == (associations[0].pk, companies[1].pk)
    )
    assert mutual.is_mutual
    wished = {(m.association_id, m.company_id) for m in meetings if m.association_wished}
    # Company 1 has four rounds: four of the six associations that wished it meet it.
    assert sum(1 for a in associations if (a.pk, companies[0].pk) in wished) == 4
    stats = event.statistics
    assert stats["wishes_total"] == 8
    assert stats["wishes_met"] == 6
    assert stats["wishes_met"] <= stats["wishes_met_bound"] <= stats["wishes_total"]
    assert stats["mutual_pairs_met"] == stats["mutual_pairs_total"] == 1


def test_regenerating_replaces_the_schedule(cast: Cast) -> None:
    event = make_event(cast.alice, cast.viborg, tables=3, rounds=2)
    associations, companies = participants(cast.alice, event, associations=3, companies=3)
    event = services.schedule_make(actor=cast.alice, event=event)
    first = set(event.meetings.values_list("pk", flat=True))

    event = services.schedule_make(actor=cast.alice, event=event)

    second = set(event.meetings.values_list("pk", flat=True))
    assert len(second) == len(first) == 6
    assert not first & second
    assert ScheduledMeeting.objects.count() == 6
    _assert_valid_schedule(event)

    # A new wish makes the stored schedule wrong: it goes, and the event is planned again.
    _count, dropped = services.wishes_set(
        actor=cast.alice, participant=associations[0], targets=[companies[2]]
    )
    assert dropped
    event.refresh_from_db()
    assert event.status == EventStatus.PLANNING
    assert event.statistics == {}
    assert not ScheduledMeeting.objects.exists()
    # ... and the same wishes again change nothing.
    _count, dropped = services.wishes_set(
        actor=cast.alice, participant=associations[0], targets=[companies[2]]
    )
    assert not dropped


def test_an_unapproved_organisation_cannot_be_added(cast: Cast) -> None:
    event = make_event(cast.alice, cast.viborg)
    approved = organisation(cast.viborg)
    pending = organisation(cast.viborg, name="Ny forening", review="pending")
    rejected = organisation(cast.viborg, name="Afvist forening", review="rejected")
    school = organisation(cast.viborg, "education_provider", name="Sprogskolen")
    hedensted = organisation(cast.hedensted, name="Hedensted forening")

    with pytest.raises(ValidationError) as error:
        services.participants_add(
            actor=cast.alice,
            event=event,
            organisations=[approved, pending, rejected, school, hedensted],
        )

    text = _messages(error)
    assert "Ny forening has not been approved as a partner yet." in text
    assert "Afvist forening has not been approved" in text
    assert "Sprogskolen is a course or education provider" in text
    assert "Hedensted forening is a partner of another municipality." in text
    # All or nothing: the approved association is not added either.
    assert not Participant.objects.exists()


def test_sides_follow_the_kind_of_partner(cast: Cast) -> None:
    event = make_event(cast.alice, cast.viborg)
    kinds = [
        "association",
        "ethnic_minority_association",
        "volunteer_organisation",
        "housing_association",
        "religious_community",
        "company",
    ]
    added, _dropped = services.participants_add(
        actor=cast.alice, event=event, organisations=[organisation(cast.viborg, k) for k in kinds]
    )
    assert [p.side for p in added] == ["association"] * 5 + ["company"]
    with pytest.raises(ValidationError, match="already takes part"):
        services.participants_add(
            actor=cast.alice, event=event, organisations=[added[0].organisation]
        )


def test_a_held_event_keeps_its_schedule_and_takes_follow_ups(cast: Cast) -> None:
    event = make_event(cast.alice, cast.viborg, tables=2, rounds=2, held_on=date(2099, 1, 1))
    associations, companies = participants(cast.alice, event, associations=2, companies=2)
    event = services.schedule_make(actor=cast.alice, event=event)
    meeting = event.meetings.first()
    assert meeting is not None

    with pytest.raises(ValidationError, match="Follow-ups are recorded once"):
        services.follow_up_record(actor=cast.alice, meeting=meeting, data=services.FollowUpData())
    with pytest.raises(ValidationError, match="can be marked as held from that day"):
        services.event_mark_held(actor=cast.alice, event=event)
    Event.objects.filter(pk=event.pk).update(held_on=date(2026, 1, 5))
    event = services.event_mark_held(actor=cast.alice, event=event)

    assert event.status == EventStatus.HELD
    for change in (
        lambda: services.schedule_make(actor=cast.alice, event=event),
        lambda: services.wishes_set(
            actor=cast.alice, participant=associations[0], targets=[companies[0]]
        ),
        lambda: services.participant_remove(actor=cast.alice, participant=associations[1]),
        lambda: services.participants_add(
            actor=cast.alice, event=event, organisations=[organisation(cast.viborg)]
        ),
    ):
        with pytest.raises(ValidationError, match="has been held"):
            change()
    with pytest.raises(ValidationError, match="no longer change"):
        services.event_save(actor=cast.alice, data=_changed(event, rounds=3), event=event)
    follow_up = services.follow_up_record(
        actor=cast.alice,
        meeting=meeting,
        data=services.FollowUpData(
            association_continues=True, company_continues=True, note="Mødes igen"
        ),
    )
    assert follow_up.both_continue
    # Recorded again: the same pair's follow-up is updated, not doubled.
    services.follow_up_record(
        actor=cast.alice,
        meeting=meeting,
        data=from_object(services.FollowUpData, FollowUp.objects.get(), company_continues=False),
    )
    assert FollowUp.objects.get().both_continue is False


def test_another_municipality_cannot_write(cast: Cast) -> None:
    event = make_event(cast.alice, cast.viborg)
    (association,), (company,) = participants(cast.alice, event, associations=1, companies=1)

    with pytest.raises(PermissionDenied):
        services.schedule_make(actor=cast.charlie, event=event)
    with pytest.raises(PermissionDenied):
        services.wishes_set(actor=cast.charlie, participant=association, targets=[company])
    with pytest.raises(PermissionDenied):
        make_event(cast.charlie, cast.viborg)
    # The partnership's coordinator and Viborg's volunteer coordinator may.
    services.wishes_set(actor=cast.kim, participant=association, targets=[company])
    services.schedule_make(actor=cast.bob, event=event)
    assert ScheduledMeeting.objects.count() == 1


def test_with_sit_outs_everyone_still_meets_someone(cast: Cast) -> None:
    event = make_event(cast.alice, cast.viborg, tables=4, rounds=3, allow_sit_outs=True)
    associations, companies = participants(cast.alice, event, associations=5, companies=3)
    # Two associations want the same two companies; the others want nobody.
    for association in associations[:2]:
        services.wishes_set(actor=cast.alice, participant=association, targets=companies[:2])

    event = services.schedule_make(actor=cast.alice, event=event)

    meetings = _assert_valid_schedule(event)
    met = Counter(m.association_id for m in meetings) + Counter(m.company_id for m in meetings)
    assert all(met[p.pk] >= 1 for p in associations + companies)
    assert event.statistics["fewest_meetings"] >= 1
    assert event.statistics["wishes_met"] == 4


def test_a_minimum_the_seats_cannot_give_is_refused(cast: Cast) -> None:
    event = make_event(cast.alice, cast.viborg, tables=6, rounds=2)
    associations, companies = participants(cast.alice, event, associations=6, companies=2)
    services.event_save(actor=cast.alice, data=_changed(event, min_meetings=2), event=event)

    with pytest.raises(ValidationError) as error:
        services.schedule_make(actor=cast.alice, event=event)
    assert "6 participants on one side with at least 2 meetings each need 12 seats, but 2 " in (
        _messages(error)
    )
    assert "rounds give only 4" in _messages(error)

    services.event_save(
        actor=cast.alice,
        data=_changed(event, min_meetings=1, rounds=3, fill_empty_seats=False),
        event=event,
    )
    services.wishes_set(actor=cast.alice, participant=companies[0], targets=associations[:3])
    with pytest.raises(ValidationError) as error:
        services.schedule_make(actor=cast.alice, event=event)
    assert "nobody wished a meeting with" in _messages(error)
    assert str(associations[5]) in _messages(error)
    assert not ScheduledMeeting.objects.exists()

    with pytest.raises(ValidationError, match="more meetings than there are rounds"):
        services.event_save(
            actor=cast.alice,
            data=_changed(event, min_meetings=4),
            event=event,
        )
