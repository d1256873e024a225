from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.outreach.models import OutreachLocation
from brobygger.people.models import ContactAttempt, DropInVisit, PipelineStatus
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


def _location(cast: Cast, municipality: object = None) -> OutreachLocation:
    return OutreachLocation.objects.create(
        municipality=municipality or cast.viborg,
        name="Jobcenterfilialen i Ellekær",
        kind="branch_office",
        opening_hours="Tirsdag 9–12",
    )


def _visit(client: Client, location: OutreachLocation, **data: object):
    url = reverse("contact:location-detail", kwargs={"location_id": location.pk})
    return client.post(url, data)


def test_create_a_location(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)

    response = client.post(
        reverse("outreach:location-create"),
        {
            "name": "Åben rådgivning i beboerhuset",
            "kind": "open_counselling",
            "opening_hours": "Torsdag 13–15",
            "is_active": "on",
        },
    )

    location = OutreachLocation.objects.get()
    assert response["Location"] == reverse(
        "contact:location-detail", kwargs={"location_id": location.pk}
    )
    assert location.municipality == cast.viborg


def test_anonymous_visitors_are_counted(client: Client, cast: Cast) -> None:
    location = _location(cast)
    client.force_login(cast.alice)

    _visit(client, location, anonymous_count=4, topic="Spørgsmål om danskuddannelse")

    listing = client.get(reverse("outreach:location-list"))
    row = listing.context["locations"][0]
    assert (row.named_visits, row.anonymous_visits) == (0, 4)


def test_a_known_persons_visit_is_a_contact(client: Client, cast: Cast) -> None:
    location = _location(cast)
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.alice)

    _visit(client, location, person_number=person.pk, topic="CV")

    person.refresh_from_db()
    assert person.status == PipelineStatus.CONTACTED
    attempt = ContactAttempt.objects.get()
    assert (attempt.channel, attempt.outcome) == ("drop_in", "reached")
    assert DropInVisit.objects.get().person == person


@pytest.mark.parametrize(
    "data", [{}, {"anonymous_count": 0}, {"anonymous_count": 501}, {"occurred_on": "31.02.2026"}]
)
def test_a_visit_needs_a_person_or_a_count(client: Client, cast: Cast, data: dict) -> None:
    location = _location(cast)
    client.force_login(cast.alice)

    response = _visit(client, location, **data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not DropInVisit.objects.exists()


def test_another_municipalitys_person_cannot_be_recorded(client: Client, cast: Cast) -> None:
    location = _location(cast)
    theirs = PersonFactory(municipality=cast.hedensted)
    client.force_login(cast.alice)

    response = _visit(client, location, person_number=theirs.pk)

    assert response.context["form"].errors["person_number"]
    assert not DropInVisit.objects.exists()
    assert not ContactAttempt.objects.exists()
