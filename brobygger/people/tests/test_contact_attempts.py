from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.people.models import ContactAttempt, PipelineStatus, StatusEvent
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


def _log(client: Client, person_id: int, **data: str):
    url = reverse("contact:attempt-create", kwargs={"person_id": person_id})
    return client.post(url, {"channel": "phone", **data}, HTTP_HX_REQUEST="true")


def test_first_unanswered_attempt_makes_her_contact_attempted(client: Client, cast: Cast):
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.alice)

    response = _log(client, person.pk, outcome="no_answer")

    person.refresh_from_db()
    assert response.status_code == 200
    assert person.status == PipelineStatus.CONTACT_ATTEMPTED
    attempt = ContactAttempt.objects.get()
    assert (attempt.channel, attempt.outcome, attempt.made_by) == ("phone", "no_answer", cast.alice)
    assert StatusEvent.objects.get(person=person).to_status == PipelineStatus.CONTACT_ATTEMPTED
    assert AccessLogEntry.objects.filter(action=AccessAction.CREATE, person_id=person.pk).exists()
    assert "Telefon: Intet svar" in response.content.decode()


def test_getting_through_makes_her_contacted(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.alice)

    _log(client, person.pk, outcome="no_answer")
    _log(client, person.pk, outcome="reached", channel="home_visit")

    person.refresh_from_db()
    assert person.status == PipelineStatus.CONTACTED
    assert list(StatusEvent.objects.filter(person=person).values_list("to_status", flat=True)) == [
        PipelineStatus.CONTACT_ATTEMPTED,
        PipelineStatus.CONTACTED,
    ]


def test_an_attempt_never_moves_someone_backwards(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg, in_intervention=True)
    client.force_login(cast.alice)

    _log(client, person.pk, outcome="no_answer")

    person.refresh_from_db()
    assert person.status == PipelineStatus.IN_INTERVENTION
    assert not StatusEvent.objects.exists()


@pytest.mark.parametrize(
    "data",
    [{"outcome": "exploded"}, {"outcome": "reached", "channel": "pigeon"}, {}],
)
def test_bad_attempts_are_refused_in_place_and_nothing_is_saved(
    client: Client, cast: Cast, data: dict[str, str]
) -> None:
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.alice)

    response = _log(client, person.pk, **data)

    assert response.status_code == 200
    assert response.context["attempt_form"].errors
    assert not ContactAttempt.objects.exists()
    person.refresh_from_db()
    assert person.status == PipelineStatus.IDENTIFIED


def test_a_note_over_20000_characters_is_refused(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.alice)

    response = _log(client, person.pk, outcome="reached", note="x" * 20_001)

    assert response.context["attempt_form"].errors["note"]
    assert not ContactAttempt.objects.exists()


def test_without_htmx_the_page_is_reloaded(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.alice)
    url = reverse("contact:attempt-create", kwargs={"person_id": person.pk})

    response = client.post(url, {"channel": "sms", "outcome": "left_message"})

    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", kwargs={"person_id": person.pk})


def test_charlie_cannot_log_on_a_viborg_person(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.charlie)

    response = _log(client, person.pk, outcome="reached")

    assert response.status_code == 404
    assert not ContactAttempt.objects.exists()
