"""Revealing a whole CPR number: with htmx (the region swaps) and without (a page of its own),
never cached, and logged only when the number is delivered."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.core.crypto import encrypt
from brobygger.people import views
from brobygger.people.cpr import cpr_lookup_hash
from brobygger.people.models import Person
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db

# Synthetic: not 1 January, and the modulus-11 sum is not 0 (FACTS F2).
NUMBER = "1503851234"


@pytest.fixture
def malee(cast: Cast) -> Person:
    person = PersonFactory(municipality=cast.viborg, first_name="Malee", last_name="Srisuk")
    person.cpr_ciphertext = encrypt(NUMBER)
    person.cpr_hash = cpr_lookup_hash(NUMBER)
    person.save()
    return person


def _reveal(client: Client, person: Person, **headers: str):
    return client.post(reverse("people:cpr-reveal", kwargs={"person_id": person.pk}), **headers)


def _reveals(person: Person) -> int:
    return AccessLogEntry.objects.filter(action=AccessAction.REVEAL, person_id=person.pk).count()


def test_an_htmx_reveal_swaps_the_region_and_is_logged_once(
    client: Client, cast: Cast, malee: Person
) -> None:
    client.force_login(cast.alice)

    response = _reveal(client, malee, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<span id="cpr">')
    assert "150385-1234" in content
    assert "<html" not in content
    assert "no-store" in response["Cache-Control"]
    assert _reveals(malee) == 1


def test_a_plain_reveal_shows_the_number_on_a_page_of_its_own(
    client: Client, cast: Cast, malee: Person
) -> None:
    """Without htmx (scripts off, or the form sent by hand) the POST used to answer 500,
    after the reveal had been logged."""
    client.force_login(cast.alice)
    client.cookies["brobygger_language"] = "en"

    response = _reveal(client, malee)

    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" in content
    assert 'data-testid="cpr-revealed">150385-1234<' in content
    assert reverse("people:detail", kwargs={"person_id": malee.pk}) in content
    assert "Back to the person" in content
    assert "no-store" in response["Cache-Control"]
    assert _reveals(malee) == 1


def test_a_reveal_that_cannot_be_shown_is_not_logged(
    client: Client, cast: Cast, malee: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_render(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the template cannot be rendered")

    monkeypatch.setattr(views, "render", broken_render)
    client.force_login(cast.alice)

    with pytest.raises(RuntimeError):
        _reveal(client, malee)

    assert _reveals(malee) == 0


def test_a_person_without_a_cpr_number_reveals_nothing(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.alice)

    response = _reveal(client, person)

    assert response.status_code == 200
    assert _reveals(person) == 0


def test_charlie_gets_404_and_a_get_is_refused(client: Client, cast: Cast, malee: Person) -> None:
    client.force_login(cast.charlie)
    assert _reveal(client, malee).status_code == 404
    client.force_login(cast.alice)
    assert (
        client.get(reverse("people:cpr-reveal", kwargs={"person_id": malee.pk})).status_code == 405
    )
    assert _reveals(malee) == 0
