"""Two staff members editing the same cooperation agreement: the second save is a conflict
page (409) with both versions, parties included; the database holds the first."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.agreements import services
from brobygger.agreements.models import Agreement
from brobygger.core.concurrency import EditConflict
from brobygger.partners.models import Organisation
from brobygger.testing import Cast

from .factories import agreement, agreement_values, organisation
from .test_views import _management, _post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners(cast: Cast) -> list[Organisation]:
    return [
        organisation(cast.viborg, "Kvindernes Netværk"),
        organisation(cast.viborg, "Viborg Idrætsforening"),
    ]


def _client(user: object) -> Client:
    client = Client()
    client.cookies["brobygger_language"] = "en"
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _url(saved: Agreement) -> str:
    return reverse("agreements:update", kwargs={"agreement_id": saved.pk})


def _opened_version(client: Client, saved: Agreement) -> str:
    response = client.get(_url(saved))
    return str(response.context["form"]["version"].value())


def _save(
    client: Client, saved: Agreement, partners: list[Organisation], version: str, **changes: Any
):  # type: ignore[no-untyped-def]
    data = _post_data(partners, version=version, **_management(3, initial=2), **changes)
    return client.post(_url(saved), data)


def test_the_second_save_is_a_conflict_page_with_both_versions(
    cast: Cast, partners: list[Organisation]
) -> None:
    saved = agreement(cast.alice, partners)
    alice, lene = _client(cast.alice), _client(cast.lene)
    alice_version, lene_version = _opened_version(alice, saved), _opened_version(lene, saved)
    assert alice_version == lene_version == "1"

    first = _save(alice, saved, partners, alice_version, title="Lektiecaféen")
    second = _save(
        lene,
        saved,
        partners,
        lene_version,
        meeting_place="Biblioteket",
        **{"party-1-resources": "Frivillige"},
    )

    assert first.status_code == 302
    assert second.status_code == 409
    page = second.content.decode()
    assert "Someone changed the record while you were editing" in page
    assert "Lektiecaféen" in page and "Biblioteket" in page and "Frivillige" in page
    differing = {row.label for row in second.context["rows"] if row.differs}
    assert differing == {"Title", "Status meetings are held at", "Party 2"}
    assert reverse("agreements:update", kwargs={"agreement_id": saved.pk}) in page
    saved.refresh_from_db()
    assert (saved.title, saved.meeting_place, saved.version) == ("Lektiecaféen", "Beboerhuset", 2)
    assert [p.resources for p in saved.parties.all()] == [
        "Kvindernes Netværk giver lokaler",
        "Viborg Idrætsforening giver lokaler",
    ]


def test_starting_again_saves_on_the_new_version(cast: Cast, partners: list[Organisation]) -> None:
    saved = agreement(cast.alice, partners)
    alice, lene = _client(cast.alice), _client(cast.lene)
    stale = _opened_version(lene, saved)
    _save(alice, saved, partners, _opened_version(alice, saved), title="Lektiecaféen")
    assert _save(lene, saved, partners, stale, meeting_place="Biblioteket").status_code == 409

    fresh = _opened_version(lene, saved)
    response = _save(
        lene, saved, partners, fresh, title="Lektiecaféen", meeting_place="Biblioteket"
    )

    assert (fresh, response.status_code) == ("2", 302)
    saved.refresh_from_db()
    assert (saved.title, saved.meeting_place, saved.version) == ("Lektiecaféen", "Biblioteket", 3)


def test_a_save_without_the_version_is_refused(cast: Cast, partners: list[Organisation]) -> None:
    saved = agreement(cast.alice, partners)
    data = _post_data(partners, title="Lektiecaféen", **_management(3, initial=2))

    response = _client(cast.alice).post(_url(saved), data)

    assert response.status_code == 400
    assert "cannot be saved safely" in response.content.decode()
    saved.refresh_from_db()
    assert (saved.title, saved.version) == ("Lektiehjælp i Ellekær", 1)


def test_a_new_agreement_needs_no_version(cast: Cast, partners: list[Organisation]) -> None:
    response = _client(cast.alice).post(reverse("agreements:create"), _post_data(partners))

    assert response.status_code == 302
    assert Agreement.objects.get().version == 1


def test_activating_meanwhile_is_no_conflict(cast: Cast, partners: list[Organisation]) -> None:
    """The status is not on the edit form; the edit keeps it and plans from the new values."""
    saved = agreement(cast.alice, partners)
    client = _client(cast.alice)
    version = _opened_version(client, saved)
    services.agreement_activate(actor=cast.lene, agreement=saved)

    response = _save(client, saved, partners, version, title="Lektiecaféen")

    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.status, saved.title, saved.version) == ("active", "Lektiecaféen", 2)


def test_the_service_refuses_a_stale_version(cast: Cast, partners: list[Organisation]) -> None:
    saved = agreement(cast.alice, partners)
    parties = [services.PartyValues(organisation=o) for o in partners]
    services.agreement_save(
        actor=cast.alice,
        municipality=cast.viborg,
        data=agreement_values(title="Lektiecaféen"),
        parties=parties,
        agreement=saved,
        version=1,
    )

    with pytest.raises(EditConflict) as raised:
        services.agreement_save(
            actor=cast.lene,
            municipality=cast.viborg,
            data=agreement_values(title="Lektieklubben"),
            parties=parties,
            agreement=saved,
            version=1,
        )

    stored = raised.value.stored
    assert isinstance(stored, Agreement)
    assert (stored.title, stored.version) == ("Lektiecaféen", 2)
    saved.refresh_from_db()
    assert (saved.title, saved.version) == ("Lektiecaféen", 2)


def test_charlie_gets_404(cast: Cast, partners: list[Organisation]) -> None:
    saved = agreement(cast.alice, partners)

    response = _save(_client(cast.charlie), saved, partners, "1", title="Overtaget")

    assert response.status_code == 404
    saved.refresh_from_db()
    assert (saved.title, saved.version) == ("Lektiehjælp i Ellekær", 1)
