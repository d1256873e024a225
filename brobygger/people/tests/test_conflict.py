"""Two caseworkers editing the same person: the second save is a conflict page (409) with
both versions, never a silent overwrite; writes without the form raise the version too."""

from __future__ import annotations

import re

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.core.concurrency import EditConflict
from brobygger.people.merging import merge_undo, person_merge
from brobygger.people.models import Person, PipelineStatus
from brobygger.people.services import person_status_change, person_update
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(cast: Cast) -> Person:
    return PersonFactory(municipality=cast.viborg, first_name="Malee", last_name="Srisuk")


def _client(user: object) -> Client:
    client = Client()
    client.cookies["brobygger_language"] = "en"
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _url(person: Person) -> str:
    return reverse("people:update", kwargs={"person_id": person.pk})


def _opened_version(client: Client, person: Person) -> str:
    """Open the edit page as a caseworker does; the version it was rendered from."""
    page = client.get(_url(person)).content.decode()
    found = re.search(r'<input type="hidden" name="version" value="(\d+)"', page)
    assert found, "the edit form carries its version"
    return found.group(1)


def _save(client: Client, person: Person, version: str, **changes: str):  # type: ignore[no-untyped-def]
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "gender": person.gender,
        "country_of_origin": person.country_of_origin,
        "version": version,
        **changes,
    }
    return client.post(_url(person), data)


def test_the_second_save_is_a_conflict_page_with_both_versions(cast: Cast, person: Person) -> None:
    alice, lene = _client(cast.alice), _client(cast.lene)
    alice_version, lene_version = _opened_version(alice, person), _opened_version(lene, person)
    assert alice_version == lene_version == "1"

    first = _save(alice, person, alice_version, phone="20 12 34 56", notes="Ringede tirsdag")
    second = _save(lene, person, lene_version, phone="30 98 76 54", city="Viborg")

    assert first.status_code == 302
    assert second.status_code == 409
    page = second.content.decode()
    assert "Someone changed the record while you were editing" in page
    assert "Your changes have not been saved" in page
    assert "Last saved by Alice" in page
    # Her typed values and the stored ones, side by side, the differing rows marked.
    assert "+4530987654" in page and "+4520123456" in page
    assert "Ringede tirsdag" in page and "Viborg" in page
    rows = second.context["rows"]
    differing = {row.label for row in rows if row.differs}
    assert differing == {"Phone number", "City", "Notes"}
    assert page.count('data-differs="true"') == 3
    assert reverse("people:update", kwargs={"person_id": person.pk}) in page
    # The database holds the first save only, one version on.
    person.refresh_from_db()
    assert (str(person.phone), person.notes, person.city, person.version) == (
        "+4520123456",
        "Ringede tirsdag",
        "",
        2,
    )
    # Showing the stored values is a logged read.
    assert AccessLogEntry.objects.filter(
        user=cast.lene, action=AccessAction.VIEW, person_id=person.pk
    ).exists()


def test_starting_again_loads_the_stored_values_and_then_saves(cast: Cast, person: Person) -> None:
    alice, lene = _client(cast.alice), _client(cast.lene)
    stale = _opened_version(lene, person)
    _save(alice, person, _opened_version(alice, person), phone="20 12 34 56")
    assert _save(lene, person, stale, city="Viborg").status_code == 409

    fresh = _opened_version(lene, person)  # "Start again with the saved information"
    page = lene.get(_url(person)).content.decode()
    response = _save(lene, person, fresh, phone="20 12 34 56", city="Viborg")

    assert fresh == "2" and "+4520123456" in page
    assert response.status_code == 302
    person.refresh_from_db()
    assert (str(person.phone), person.city, person.version) == ("+4520123456", "Viborg", 3)
    # The history lists what people changed; the version is bookkeeping, never a change.
    edits = LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.UPDATE)
    assert edits.count() == 2
    assert all("version" not in entry.changes_dict for entry in edits)


def test_a_save_without_the_version_is_refused_with_a_message(cast: Cast, person: Person) -> None:
    client = _client(cast.alice)

    response = client.post(_url(person), {"first_name": "Mali", "gender": person.gender})

    assert response.status_code == 200
    assert "cannot be saved safely" in response.content.decode()
    person.refresh_from_db()
    assert (person.first_name, person.version) == ("Malee", 1)


def test_a_status_change_meanwhile_is_no_conflict_and_is_kept(cast: Cast, person: Person) -> None:
    """The status is not on the edit form, and the edit saves only what the form changed."""
    client = _client(cast.alice)
    version = _opened_version(client, person)
    person_status_change(actor=cast.lene, person=person, to_status=PipelineStatus.CONTACTED)

    response = _save(client, person, version, city="Viborg")

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.status, person.city, person.version) == (PipelineStatus.CONTACTED, "Viborg", 2)


def test_a_merge_that_fills_fields_makes_an_open_form_conflict(cast: Cast, person: Person) -> None:
    other = PersonFactory(municipality=cast.viborg, first_name="Mali", phone="+4520123456")
    client = _client(cast.alice)
    version = _opened_version(client, person)

    person_merge(actor=cast.lene, survivor=person, merged=other)
    response = _save(client, person, version, city="Viborg")

    assert response.status_code == 409
    person.refresh_from_db()
    assert (str(person.phone), person.city, person.version) == ("+4520123456", "", 2)


def test_undoing_a_merge_raises_the_version_again(cast: Cast, person: Person) -> None:
    other = PersonFactory(municipality=cast.viborg, first_name="Mali", city="Viborg")
    merge = person_merge(actor=cast.alice, survivor=person, merged=other)

    merge_undo(actor=cast.alice, merge=merge)

    person.refresh_from_db()
    assert (person.city, person.version) == ("", 3)


def test_the_service_refuses_a_stale_version(cast: Cast, person: Person) -> None:
    """Two forms opened at version 1, saved one after the other through the service."""
    first = person_update(
        actor=cast.alice, person=person, changes={"first_name": "Mali"}, version=1
    )

    with pytest.raises(EditConflict) as raised:
        person_update(actor=cast.lene, person=person, changes={"first_name": "Malie"}, version=1)

    assert first.version == 2
    stored = raised.value.stored
    assert isinstance(stored, Person)
    assert (stored.first_name, stored.version, raised.value.version) == ("Mali", 2, 1)
    person.refresh_from_db()
    assert (person.first_name, person.version) == ("Mali", 2)


def test_charlie_gets_404_not_a_conflict(cast: Cast, person: Person) -> None:
    response = _save(_client(cast.charlie), person, "0", first_name="Changed")

    assert response.status_code == 404
    person.refresh_from_db()
    assert person.first_name == "Malee"
