"""Danish that reads right (issue 14, point 7): one form of each imperative, "fx", "samkøring",
Danish quotation marks, lower-case language names, "åbn" for a link that opens a record,
evidence in words, and the user's municipality in the header."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from brobygger.linkage.models import DuplicateCandidate
from brobygger.partnerships.models import Municipality
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

CATALOGUE = Path(__file__).resolve().parents[1] / "brobygger/locale/da/LC_MESSAGES/django.mo"

# Wrong or inconsistent forms, and what the interface says instead.
BANNED = {
    r"\bRegistrér|\bregistrér": "Registrer",
    r"\bImportér|\bimportér": "Importer",
    r"\bVurdér|\bvurdér": "Vurder",
    r"\b[Ff]\. ?eks\.": "fx",
    r"[Ss]ammenkøring": "samkøring",
    r"\bBelæg\b": "Begrundelse",
    r"“[^”„]*”": "„…“ (Danish quotation marks)",
    r"er nødvendigt nu": "er nødvendige nu",
}


def _danish_texts() -> list[str]:
    with CATALOGUE.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    return [text for text in catalogue.values() if isinstance(text, str)]


@pytest.mark.parametrize("pattern", sorted(BANNED))
def test_the_danish_interface_uses_one_form(pattern: str) -> None:
    found = [text for text in _danish_texts() if re.search(pattern, text)]
    assert not found, f"use {BANNED[pattern]!r} instead in: {found[:3]}"


def test_language_names_are_lower_case_in_danish() -> None:
    with translation.override("da"):
        assert [translation.gettext(name) for name in ("English", "Arabic", "Thai")] == [
            "engelsk",
            "arabisk",
            "thai",
        ]


@pytest.mark.django_db
def test_the_header_names_her_municipality(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    assert "Viborg Kommune" in client.get(reverse("start:home")).content.decode()
    client.force_login(cast.kim)  # the partnership's coordinator: the installation's label
    assert "Viborg Kommune" not in client.get(reverse("start:home")).content.decode()
    assert Municipality.objects.get(code="101").official_name == "Københavns Kommune"
    assert Municipality.objects.get(code="400").official_name == "Bornholms Regionskommune"


@pytest.mark.django_db
def test_the_review_pair_opens_records_and_weighs_evidence_in_words(
    client: Client, cast: Cast
) -> None:
    a = PersonFactory(municipality=cast.viborg, first_name="Amina", last_name="Hussein")
    b = PersonFactory(municipality=cast.viborg, first_name="Aminah", last_name="Husein")
    candidate = DuplicateCandidate.objects.create(
        municipality=cast.viborg,
        person_a=a,
        person_b=b,
        probability=0.93,
        evidence={"fn": ["similar spelling", 7.1], "dob": ["different", -5.2]},
    )
    client.force_login(cast.alice)
    client.cookies["brobygger_language"] = "da"

    page = client.get(
        reverse("linkage:review-pair", kwargs={"candidate_id": candidate.pk})
    ).content.decode()

    assert ">åbn</a>" in page and "(åben)" not in page
    assert "Begrundelse" in page
    assert "taler stærkt for samme borger" in page and "taler stærkt imod" in page
    assert "+7,1" not in page and "7,1" not in page


@pytest.mark.django_db
def test_catalogue_entries_have_english_names_for_the_english_interface(
    client: Client, cast: Cast
) -> None:
    from brobygger.interventions.models import InterventionType
    from brobygger.outreach.models import OutreachMethod

    method = OutreachMethod.objects.get(name="Bydelsmødre")
    internship = InterventionType.objects.get(name="Virksomhedspraktik")
    with translation.override("en"):
        assert (str(method), str(internship)) == ("Neighbourhood mothers", "Company internship")
    with translation.override("da"):
        assert (str(method), str(internship)) == ("Bydelsmødre", "Virksomhedspraktik")

    # An administrator names a new entry in English too; without one, the Danish name shows.
    client.force_login(cast.ada)
    client.cookies["brobygger_language"] = "en"
    response = client.post(
        reverse("outreach:method-create"),
        {
            "name": "Fællesspisning",
            "name_en": "Community dinner",
            "category": "local_presence",
            "description": "",
            "is_active": "on",
            "position": "0",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("outreach:method-list")).content.decode()
    assert "Community dinner" in page
    OutreachMethod.objects.filter(name="Fællesspisning").update(name_en="")
    assert "Fællesspisning" in client.get(reverse("outreach:method-list")).content.decode()
