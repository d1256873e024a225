from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from brobygger.people.models import PipelineStatus, StatusEvent
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


def _change(client: Client, person_id: int, **data: str):
    url = reverse("people:status-change", kwargs={"person_id": person_id})
    return client.post(url, data, HTTP_HX_REQUEST="true")


def test_status_change_is_an_event_with_date_and_author(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg, contacted=True)
    client.force_login(cast.alice)

    response = _change(
        client, person.pk, to_status="first_conversation", occurred_on="02.11.2026", note="Godt"
    )

    person.refresh_from_db()
    assert response.status_code == 200
    assert person.status == PipelineStatus.FIRST_CONVERSATION
    event = StatusEvent.objects.get()
    assert (event.from_status, event.to_status, event.recorded_by, event.note) == (
        PipelineStatus.CONTACTED,
        PipelineStatus.FIRST_CONVERSATION,
        cast.alice,
        "Godt",
    )
    assert event.occurred_on.isoformat() == "2026-11-02"
    assert "Første samtale holdt" in response.content.decode()


def test_same_status_or_future_date_is_refused_at_the_field(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg, contacted=True)
    client.force_login(cast.alice)
    tomorrow = (timezone.localdate() + timedelta(days=1)).strftime("%d.%m.%Y")

    same = _change(client, person.pk, to_status="contacted")
    future = _change(client, person.pk, to_status="declined", occurred_on=tomorrow)

    assert same.context["status_form"].errors["to_status"]
    assert future.context["status_form"].errors["occurred_on"]
    assert not StatusEvent.objects.exists()


def test_timeline_shows_everything_newest_first(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.alice)
    client.post(
        reverse("contact:attempt-create", kwargs={"person_id": person.pk}),
        {"channel": "phone", "outcome": "reached"},
    )

    response = client.get(reverse("people:detail", kwargs={"person_id": person.pk}))

    kinds = [entry.kind for entry in response.context["timeline"]]
    assert sorted(kinds) == ["attempt", "status"]


def test_get_is_not_allowed(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.alice)

    url = reverse("people:status-change", kwargs={"person_id": person.pk})
    assert client.get(url).status_code == 405
