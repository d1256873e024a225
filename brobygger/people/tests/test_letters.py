from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.languages.models import Language
from brobygger.outreach.models import LetterTemplate
from brobygger.people.contacts import letter_text
from brobygger.people.models import ContactAttempt, PipelineStatus
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


def test_merge_fields_are_filled_and_unknown_ones_left_alone(cast: Cast) -> None:
    person = PersonFactory(
        municipality=cast.viborg,
        first_name="Malee",
        last_name="Srisuk",
        street="Vestergade 4",
        floor_door="2. tv",
        postal_code="8800",
        city="Viborg",
    )
    template = LetterTemplate(
        name="t",
        language=Language.objects.get(code="da"),
        subject="s",
        body="Kære {first_name}, {address}. {unknown} {date} – {caseworker}",
    )

    text = letter_text(template, person=person, sender=cast.alice, day=date(2026, 11, 23))

    assert text == "Kære Malee, Vestergade 4 2. tv, 8800 Viborg. {unknown} 23.11.2026 – Alice"


@pytest.mark.parametrize("language", ["da", "en", "ar", "th"])
def test_a_letter_is_a_pdf_and_a_recorded_attempt(
    client: Client, cast: Cast, language: str
) -> None:
    person = PersonFactory(municipality=cast.viborg)
    template = LetterTemplate.objects.get(language__code=language)
    client.force_login(cast.alice)

    response = client.post(
        reverse("contact:letters"), {"template": template.pk, "person_ids": [person.pk]}
    )

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    attempt = ContactAttempt.objects.get()
    assert (attempt.channel, attempt.outcome) == ("letter", "sent")
    person.refresh_from_db()
    assert person.status == PipelineStatus.CONTACT_ATTEMPTED


def test_a_batch_makes_one_attempt_each(client: Client, cast: Cast) -> None:
    people = PersonFactory.create_batch(3, municipality=cast.viborg)
    client.force_login(cast.alice)

    client.post(
        reverse("contact:letters"),
        {
            "template": LetterTemplate.objects.get(language__code="da").pk,
            "person_ids": [p.pk for p in people],
        },
    )

    assert ContactAttempt.objects.count() == 3


def test_another_municipalitys_person_in_the_batch_is_404_and_nothing_recorded(
    client: Client, cast: Cast
) -> None:
    mine = PersonFactory(municipality=cast.viborg)
    theirs = PersonFactory(municipality=cast.hedensted)
    client.force_login(cast.alice)

    response = client.post(
        reverse("contact:letters"),
        {
            "template": LetterTemplate.objects.get(language__code="da").pk,
            "person_ids": [mine.pk, theirs.pk],
        },
    )

    assert response.status_code == 404
    assert not ContactAttempt.objects.exists()


def test_no_one_chosen_is_a_message_not_an_error(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)

    response = client.post(
        reverse("contact:letters"), {"template": LetterTemplate.objects.get(language__code="da").pk}
    )

    assert response.status_code == 302
    assert not ContactAttempt.objects.exists()


def test_the_way_back_never_leaves_the_site(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)

    response = client.post(reverse("contact:letters"), {"next": "https://evil.example/"})

    assert response["Location"] == reverse("people:list")


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("]]>", "/people/"),  # a bare word: once taken for a view name, a server error
        ("people:list", "/people/"),
        ("javascript:alert(1)", "/people/"),
        ("//evil.example/", "/people/"),
        ("/people/caseload/?status=contacted", "/people/caseload/?status=contacted"),
    ],
)
def test_the_way_back_is_a_path_on_this_site_or_the_list(
    client: Client, cast: Cast, target: str, expected: str
) -> None:
    client.force_login(cast.alice)

    response = client.post(reverse("contact:letters"), {"next": target})

    assert (response.status_code, response["Location"]) == (302, expected)
