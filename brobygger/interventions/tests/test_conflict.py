"""Two caseworkers ending the same enrolment: the second save is a conflict page (409) with
both versions; the database holds the first."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.core.concurrency import EditConflict
from brobygger.core.inputs import from_object
from brobygger.interventions.models import Completion, Enrolment, InterventionType
from brobygger.interventions.services import EnrolmentData, enrolment_save
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolment(cast: Cast) -> Enrolment:
    return enrolment_save(
        actor=cast.alice,
        person=PersonFactory(municipality=cast.viborg),
        data=EnrolmentData(
            intervention_type=InterventionType.objects.get(name="Virksomhedspraktik"),
            provider_note="Netto Viborg",
            started_on=date(2026, 9, 1),
        ),
    )


def _client(user: object) -> Client:
    client = Client()
    client.cookies["brobygger_language"] = "en"
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _url(enrolment: Enrolment) -> str:
    return reverse("interventions:enrolment-update", kwargs={"enrolment_id": enrolment.pk})


def _opened_version(client: Client, enrolment: Enrolment) -> str:
    response = client.get(_url(enrolment))
    return str(response.context["form"]["version"].value())


def _save(client: Client, enrolment: Enrolment, version: str | None, **changes: str):  # type: ignore[no-untyped-def]
    data = {
        "intervention_type": str(enrolment.intervention_type_id),
        "provider_note": "Netto Viborg",
        "started_on": "01.09.2026",
        "completion": Completion.ONGOING,
        **changes,
    }
    if version is not None:
        data["version"] = version
    return client.post(_url(enrolment), data)


def test_the_second_save_is_a_conflict_page_with_both_versions(
    cast: Cast, enrolment: Enrolment
) -> None:
    alice, lene = _client(cast.alice), _client(cast.lene)
    alice_version, lene_version = (
        _opened_version(alice, enrolment),
        _opened_version(lene, enrolment),
    )
    assert alice_version == lene_version == "1"

    first = _save(
        alice,
        enrolment,
        alice_version,
        ended_on="30.10.2026",
        completion=Completion.COMPLETED,
        result="Tilbudt løntilskud",
    )
    second = _save(
        lene,
        enrolment,
        lene_version,
        ended_on="15.10.2026",
        completion=Completion.DROPPED_OUT,
        result="Flyttede",
    )

    assert first.status_code == 302
    assert second.status_code == 409
    page = second.content.decode()
    assert "Someone changed the record while you were editing" in page
    assert "Tilbudt løntilskud" in page and "Flyttede" in page
    assert "30.10.2026" in page and "15.10.2026" in page
    assert "Completed" in page and "Dropped out" in page
    differing = {row.label for row in second.context["rows"] if row.differs}
    assert differing == {"Ended on", "Completion", "Result"}
    enrolment.refresh_from_db()
    assert (enrolment.completion, enrolment.ended_on, enrolment.result, enrolment.version) == (
        Completion.COMPLETED,
        date(2026, 10, 30),
        "Tilbudt løntilskud",
        2,
    )


def test_starting_again_saves_on_the_new_version(cast: Cast, enrolment: Enrolment) -> None:
    alice, lene = _client(cast.alice), _client(cast.lene)
    stale = _opened_version(lene, enrolment)
    _save(alice, enrolment, _opened_version(alice, enrolment), provider_note="Føtex")
    assert _save(lene, enrolment, stale, result="Godt i gang").status_code == 409

    fresh = _opened_version(lene, enrolment)
    response = _save(lene, enrolment, fresh, provider_note="Føtex", result="Godt i gang")

    assert (fresh, response.status_code) == ("2", 302)
    enrolment.refresh_from_db()
    assert (enrolment.provider_note, enrolment.result, enrolment.version) == (
        "Føtex",
        "Godt i gang",
        3,
    )


def test_a_save_without_the_version_is_refused(cast: Cast, enrolment: Enrolment) -> None:
    response = _save(_client(cast.alice), enrolment, None, provider_note="Føtex")

    assert response.status_code == 200
    assert "cannot be saved safely" in response.content.decode()
    enrolment.refresh_from_db()
    assert (enrolment.provider_note, enrolment.version) == ("Netto Viborg", 1)


def test_the_service_refuses_a_stale_version(cast: Cast, enrolment: Enrolment) -> None:
    person = enrolment.person
    enrolment_save(
        actor=cast.alice,
        person=person,
        data=from_object(EnrolmentData, enrolment, provider_note="Føtex"),
        enrolment=enrolment,
        version=1,
    )

    with pytest.raises(EditConflict) as raised:
        enrolment_save(
            actor=cast.lene,
            person=person,
            data=from_object(EnrolmentData, enrolment, provider_note="Bilka"),
            enrolment=enrolment,
            version=1,
        )

    stored = raised.value.stored
    assert isinstance(stored, Enrolment)
    assert (stored.provider_note, stored.version) == ("Føtex", 2)
    enrolment.refresh_from_db()
    assert (enrolment.provider_note, enrolment.version) == ("Føtex", 2)


def test_a_change_must_name_its_version(cast: Cast, enrolment: Enrolment) -> None:
    with pytest.raises(TypeError):
        enrolment_save(
            actor=cast.alice,
            person=enrolment.person,
            data=from_object(EnrolmentData, enrolment, provider_note="Føtex"),
            enrolment=enrolment,
        )
    enrolment.refresh_from_db()
    assert enrolment.provider_note == "Netto Viborg"


def test_charlie_gets_404(cast: Cast, enrolment: Enrolment) -> None:
    response = _save(_client(cast.charlie), enrolment, "1", provider_note="Føtex")

    assert response.status_code == 404
    enrolment.refresh_from_db()
    assert (enrolment.provider_note, enrolment.version) == ("Netto Viborg", 1)
