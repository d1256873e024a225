from __future__ import annotations

import io
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from weasyprint.formatting_structure import boxes

from brobygger.accounts.models import User
from brobygger.core.pdf import render_document
from brobygger.languages.models import Language
from brobygger.outreach.models import LetterTemplate
from brobygger.people.contacts import letter_for, letter_text
from brobygger.people.models import ContactAttempt, Person, PipelineStatus
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


def _language(code: str) -> Language:
    return Language.objects.get(code=code)


def _invitation() -> LetterTemplate:
    return LetterTemplate.objects.get(language__code="da", name="Invitation til informationsmøde")


def test_a_letter_is_in_her_language_first_and_then_in_danish(cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg, preferred_language=_language("ar"))

    letter = letter_for(_invitation(), person=person, sender=cast.alice, day=date(2026, 11, 23))

    assert [template.language.code for template, _text in letter.parts] == ["ar", "da"]
    assert not letter.fallback
    arabic, danish = (text for _template, text in letter.parts)
    assert str(person) in arabic and "Viborg Kommune" in arabic
    assert danish.startswith(f"Kære {person}")


def test_a_danish_speaker_and_a_language_without_the_letter_get_danish_only(cast: Cast) -> None:
    danish = PersonFactory(municipality=cast.viborg)
    kurdish = PersonFactory(municipality=cast.viborg, preferred_language=_language("ku"))

    for person, fallback in ((danish, False), (kurdish, True)):
        letter = letter_for(_invitation(), person=person, sender=cast.alice, day=date(2026, 11, 23))
        assert [t.language.code for t, _text in letter.parts] == ["da"]
        assert letter.fallback is fallback


def test_a_run_to_many_gives_each_her_language_and_tells_of_danish_only(
    client: Client, cast: Cast
) -> None:
    people = [
        PersonFactory(municipality=cast.viborg, preferred_language=_language(code))
        for code in ("ar", "so", "ku")
    ]
    client.force_login(cast.alice)

    response = client.post(
        reverse("contact:letters"),
        {"template": _invitation().pk, "person_ids": [p.pk for p in people], "next": "/people/"},
        HTTP_ACCEPT_LANGUAGE="da",
    )

    assert response["Content-Type"] == "application/pdf"
    notes = dict(ContactAttempt.objects.values_list("person_id", "note"))
    assert notes == {
        people[0].pk: "Invitation til informationsmøde (ar+da)",
        people[1].pk: "Invitation til informationsmøde (so+da)",
        people[2].pk: "Invitation til informationsmøde (da)",
    }
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    somali = LetterTemplate.objects.get(language__code="so", name=_invitation().name)
    assert somali.subject in text and _invitation().subject in text
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == ["1 brev er kun på dansk: brevet har ingen tekst på hendes sprog."]


def _address_boxes(person: Person, template: LetterTemplate) -> list[tuple[float, str]]:
    """Where the address block's lines start on page one (x in CSS px) and what they say."""
    letter = letter_for(
        template, person=person, sender=person.created_by or User(), day=date(2026, 11, 23)
    )
    layout = render_document(
        "people/letter.html", {"letters": [letter], "today": date(2026, 11, 23)}
    )
    page = layout.pages[0]._page_box
    lines = []
    for box in page.descendants():
        if isinstance(box, boxes.TextBox) and box.element_tag == "p":
            element = box.element
            if element is not None and element.get("data-testid") == "address":
                lines.append((round(box.position_x, 1), box.text))
    return lines


@pytest.mark.parametrize("code", ["ar", "fa", "th", "ti"])
def test_the_window_address_is_left_aligned_and_left_to_right_in_every_script(
    cast: Cast, code: str
) -> None:
    fields = {
        "municipality": cast.viborg,
        "first_name": "Fatima",
        "last_name": "Hassan",
        "street": "Vestergade 4",
        "floor_door": "2. tv",
        "postal_code": "8800",
        "city": "Viborg",
    }
    danish = PersonFactory(**fields)
    hers = PersonFactory(**fields, preferred_language=_language(code))

    in_danish = _address_boxes(danish, _invitation())
    in_hers = _address_boxes(hers, _invitation())

    assert [text for _x, text in in_hers] == ["Fatima Hassan", "Vestergade 4, 2. tv", "8800 Viborg"]
    assert in_hers == in_danish
    # At the left margin of the page (22 mm), where the envelope's window is.
    assert [x for x, _text in in_hers] == [pytest.approx(22 / 25.4 * 96, abs=1)] * 3
