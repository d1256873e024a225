"""Matchmaking event pages: the whole evening from planning to follow-up, the messages a
coordinator sees, the printout, and Charlie's 404."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.events import services
from brobygger.events.models import Event, EventStatus, Participant, ScheduledMeeting, Wish
from brobygger.testing import Cast

from .factories import event as make_event
from .factories import organisation, participants

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


def _text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def test_an_evening_from_planning_to_printout(client: Client, cast: Cast) -> None:
    associations = [organisation(cast.viborg, name=f"Forening {n}") for n in range(3)]
    companies = [organisation(cast.viborg, "company", name=f"Firma {n}") for n in range(2)]
    client.force_login(cast.alice)

    response = client.post(
        reverse("events:create"),
        {
            "title": "Foreninger møder virksomheder",
            "held_on": "05.11.2026",
            "starts_at": "16:00",
            "place": "Jobcentret",
            "rounds": 2,
            "tables": 3,
            "minutes_per_round": 10,
            "changeover_minutes": 5,
            "fill_empty_seats": "on",
            "min_meetings": 1,
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302
    assert event.municipality == cast.viborg
    assert event.created_by == cast.alice

    url = reverse("events:participants", kwargs={"event_id": event.pk})
    page = _text(client.get(url))
    assert "Forening 0" in page and "Firma 1" in page
    response = client.post(url, {"organisations": [o.pk for o in associations + companies]})
    assert response.status_code == 302
    assert event.participants.count() == 5

    first = Participant.objects.get(organisation=associations[0])
    firm = Participant.objects.get(organisation=companies[1])
    response = client.post(
        reverse("events:participant", kwargs={"event_id": event.pk, "participant_id": first.pk}),
        {"contact_name": "Amina Hassan", "wants": [firm.pk]},
    )
    assert response.status_code == 302
    # The company's page tells it who already wants to meet it.
    page = _text(
        client.get(
            reverse("events:participant", kwargs={"event_id": event.pk, "participant_id": firm.pk})
        )
    )
    assert "Forening 0 (wants to meet you)" in page
    client.post(
        reverse("events:participant", kwargs={"event_id": event.pk, "participant_id": firm.pk}),
        {"contact_name": "", "wants": [first.pk]},
    )
    assert Wish.objects.count() == 2
    assert "Forening 0" in _text(
        client.get(reverse("events:wishes", kwargs={"event_id": event.pk}))
    )

    schedule_url = reverse("events:schedule", kwargs={"event_id": event.pk})
    response = client.post(schedule_url, follow=True)
    page = _text(response)
    assert "The schedule is made: 2 of 2 wishes met" in page
    assert "Round 1 · 16:00" in page and "Round 2 · 16:15" in page
    assert ScheduledMeeting.objects.filter(event=event).count() == 4
    assert ScheduledMeeting.objects.get(association=first, company=firm).is_mutual

    response = client.get(reverse("events:schedule-pdf", kwargs={"event_id": event.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_too_many_participants_for_the_tables_is_a_clear_message(
    client: Client, cast: Cast
) -> None:
    event = make_event(cast.alice, cast.viborg, tables=2)
    three = [organisation(cast.viborg) for _ in range(3)]
    client.force_login(cast.alice)

    response = client.post(
        reverse("events:participants", kwargs={"event_id": event.pk}),
        {"organisations": [o.pk for o in three]},
    )

    assert response.status_code == 400
    assert (
        "3 associations but only 2 tables: every round needs a table per association. "
        "Add tables, or allow sit-outs so the associations take turns."
    ) in _text(response)
    assert not Participant.objects.exists()


def test_schedule_refused_shows_the_reason_and_stores_nothing(client: Client, cast: Cast) -> None:
    event = make_event(cast.alice, cast.viborg, tables=3)
    participants(cast.alice, event, associations=3, companies=1)
    Event.objects.filter(pk=event.pk).update(tables=2)
    client.force_login(cast.alice)

    response = client.post(reverse("events:schedule", kwargs={"event_id": event.pk}), follow=True)

    assert "3 associations but only 2 tables" in _text(response)
    assert "No schedule yet." in _text(response)
    assert not ScheduledMeeting.objects.exists()
    event.refresh_from_db()
    assert event.status == EventStatus.PLANNING


def test_an_unapproved_organisation_cannot_be_added(client: Client, cast: Cast) -> None:
    event = make_event(cast.alice, cast.viborg)
    pending = organisation(cast.viborg, name="Foreningen Venter", review="pending")
    client.force_login(cast.alice)
    url = reverse("events:participants", kwargs={"event_id": event.pk})

    assert "Foreningen Venter" not in _text(client.get(url))
    response = client.post(url, {"organisations": [pending.pk]})

    assert response.status_code == 400
    assert "cannot be added: only approved associations and companies" in _text(response)
    assert not Participant.objects.exists()


def test_follow_up_where_both_continue_offers_an_agreement(client: Client, cast: Cast) -> None:
    event = make_event(cast.alice, cast.viborg, tables=2, rounds=2, held_on=date(2026, 1, 5))
    (association, _other), (company, _firm) = participants(
        cast.alice, event, associations=2, companies=2
    )
    event = services.schedule_make(actor=cast.alice, event=event)
    client.force_login(cast.lene)
    response = client.post(reverse("events:held", kwargs={"event_id": event.pk}))
    assert response.status_code == 302
    meeting = ScheduledMeeting.objects.get(association=association, company=company)
    url = reverse(
        "events:follow-up", kwargs={"event_id": event.pk, "scheduled_meeting_id": meeting.pk}
    )
    agreement = (
        f"/agreements/new/?left={association.organisation_id}&amp;right={company.organisation_id}"
    )

    client.post(url, {"association_continues": "true", "company_continues": "", "note": ""})
    page = _text(client.get(reverse("events:follow-ups", kwargs={"event_id": event.pk})))
    assert "Draft a cooperation agreement" not in page

    response = client.post(
        url, {"association_continues": "true", "company_continues": "true", "note": "Mødes igen"}
    )
    assert response.status_code == 302
    assert agreement in _text(client.get(url))
    page = _text(client.get(reverse("events:follow-ups", kwargs={"event_id": event.pk})))
    assert "1 pair wants to continue on both sides." in page
    assert page.count("Draft a cooperation agreement") == 1
    assert agreement in page


def test_an_event_page_lists_only_the_users_municipality(client: Client, cast: Cast) -> None:
    make_event(cast.alice, cast.viborg, title="Viborg-aftenen")
    make_event(cast.charlie, cast.hedensted, title="Hedensted-aftenen")

    client.force_login(cast.charlie)
    page = _text(client.get(reverse("events:list")))
    assert "Hedensted-aftenen" in page and "Viborg-aftenen" not in page
    client.force_login(cast.kim)
    page = _text(client.get(reverse("events:list")))
    assert "Hedensted-aftenen" in page and "Viborg-aftenen" in page
    # Eva (the evaluator) does not manage partners: the page does not exist for her.
    client.force_login(cast.eva)
    assert client.get(reverse("events:list")).status_code == 404


def test_charlie_gets_404_and_changes_nothing(client: Client, cast: Cast) -> None:
    event = make_event(cast.alice, cast.viborg, tables=2, rounds=2, held_on=date(2026, 1, 5))
    (association,), (company,) = participants(cast.alice, event, associations=1, companies=1)
    event = services.schedule_make(actor=cast.alice, event=event)
    meeting = ScheduledMeeting.objects.get()
    ids = {"event_id": event.pk}
    requests: list[tuple[str, dict[str, int], Callable[..., object]]] = [
        ("events:detail", ids, client.get),
        ("events:update", ids, client.post),
        ("events:participants", ids, client.post),
        ("events:participant", {**ids, "participant_id": association.pk}, client.post),
        ("events:participant-remove", {**ids, "participant_id": company.pk}, client.post),
        ("events:wishes", ids, client.get),
        ("events:schedule", ids, client.post),
        ("events:schedule-pdf", ids, client.get),
        ("events:held", ids, client.post),
        ("events:follow-ups", ids, client.get),
        ("events:follow-up", {**ids, "scheduled_meeting_id": meeting.pk}, client.post),
    ]
    client.force_login(cast.charlie)

    for name, kwargs, send in requests:
        response = send(reverse(name, kwargs=kwargs))
        assert response.status_code == 404, name  # type: ignore[attr-defined]

    assert Participant.objects.count() == 2
    assert ScheduledMeeting.objects.get().pk == meeting.pk
    event.refresh_from_db()
    assert event.status == EventStatus.SCHEDULED


def test_list_and_schedule_pages_read_a_fixed_number_of_queries(
    client: Client, cast: Cast, django_assert_max_num_queries: Callable[..., object]
) -> None:
    event = make_event(cast.alice, cast.viborg, tables=8, rounds=4)
    participants(cast.alice, event, associations=8, companies=6)
    event = services.schedule_make(actor=cast.alice, event=event)
    client.force_login(cast.alice)

    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get(reverse("events:list")).status_code == 200
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        assert (
            client.get(reverse("events:schedule", kwargs={"event_id": event.pk})).status_code == 200
        )
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        assert (
            client.get(reverse("events:wishes", kwargs={"event_id": event.pk})).status_code == 200
        )
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        response = client.get(reverse("events:follow-ups", kwargs={"event_id": event.pk}))
        assert response.status_code == 200
