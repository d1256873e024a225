"""The public sign-up forms: what they store, what they refuse, and their defences."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from time_machine import TimeMachineFixture

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.partners.models import (
    ContactPerson,
    Organisation,
    Review,
    Volunteer,
    VolunteerStatus,
)
from brobygger.signup.models import Signup, SignupKind
from brobygger.testing import SUITE_TODAY, Cast

from .helpers import ADDRESS, sign_up

pytestmark = pytest.mark.django_db


def _nothing_stored() -> bool:
    return not (
        Volunteer.objects.exists()
        or Organisation.objects.exists()
        or ContactPerson.objects.exists()
        or Signup.objects.exists()
    )


def test_a_volunteer_signs_up_and_waits_for_review(client: Client, cast: Cast) -> None:
    response = sign_up(client, "volunteer")

    assert response.status_code == 200
    assert 'data-testid="signup-thanks"' in response.content.decode()
    volunteer = Volunteer.objects.get()
    assert (volunteer.municipality, volunteer.review, volunteer.status) == (
        cast.viborg,
        Review.PENDING,
        VolunteerStatus.APPLIED,
    )
    assert (volunteer.first_name, volunteer.last_name, volunteer.phone) == (
        "Birthe",
        "Nielsen",
        "+4520123456",
    )
    assert volunteer.languages == "da, ar, tigrinya"
    assert (volunteer.max_mentees, volunteer.women_only, volunteer.postal_code) == (2, True, "8800")
    assert volunteer.skills.count() == 2
    assert volunteer.consent_given_on == timezone.localdate()
    assert volunteer.created_by is None
    signup = Signup.objects.get(volunteer=volunteer)
    assert (signup.kind, signup.language, signup.answers) == (SignupKind.VOLUNTEER, "en", {})
    assert "Viborg Kommune" in signup.consent_text
    assert "6(1)(a)" in signup.consent_text
    assert AccessLogEntry.objects.filter(
        action=AccessAction.CREATE, object_id=str(volunteer.pk), user__isnull=True
    ).exists()


def test_an_association_signs_up_with_the_csr_questionnaire(client: Client, cast: Cast) -> None:
    response = sign_up(client, "association")

    assert response.status_code == 200
    organisation = Organisation.objects.get()
    assert (organisation.review, organisation.signed_up_publicly, organisation.kind) == (
        Review.PENDING,
        True,
        "ethnic_minority_association",
    )
    assert organisation.municipality == cast.viborg
    assert organisation.languages == "so, da"
    assert [c.key for c in organisation.needs.all()] == ["accounting"]
    # The answer about competences is what matching reads as the partner's need.
    assert organisation.needs_text == "Regnskab og budget"
    contact = organisation.contacts.get()
    assert (contact.name, contact.role, contact.phone) == ("Hodan Ali", "Formand", "+4520123457")
    signup = organisation.signup
    assert signup.kind == SignupKind.ASSOCIATION
    assert signup.answers == {
        "wish": "Hjælp til at få styr på foreningens økonomi",
        "competences": "Regnskab og budget",
        "teaser": "Vi er 40 aktive kvinder, der gerne vil lære at føre regnskab.",
    }


def test_a_company_signs_up_with_its_cvr_number(client: Client, cast: Cast) -> None:
    response = sign_up(client, "company")

    assert response.status_code == 200
    company = Organisation.objects.get()
    assert (company.kind, company.cvr, company.review) == ("company", "13585628", Review.PENDING)
    assert (company.internship_places, company.mentor_slots) == (2, 1)
    assert company.offers_text == "Regnskab og bogføring"
    assert company.signup.answers["company_gain"].startswith("Medarbejderne")


def test_the_association_form_asks_the_whole_questionnaire(client: Client, cast: Cast) -> None:
    from brobygger.signup.questionnaire import ASSOCIATION_QUESTIONS

    url = reverse("signup_public:association", kwargs={"code": "791"})
    page = client.get(url, {"lang": "en"}).content.decode()

    for question in ASSOCIATION_QUESTIONS:
        assert f'name="answer_{question.key}"' in page
    assert "What would the association like to get out of a cooperation" in page


@pytest.mark.parametrize(
    ("cvr", "message"),
    [
        ("12345678", "not a valid CVR number"),
        ("1234567", "not a valid CVR number"),
        ("abcdefgh", "not a valid CVR number"),
        ("", "A company needs its CVR number."),
    ],
)
def test_a_company_needs_a_valid_cvr_number(
    client: Client, cast: Cast, cvr: str, message: str
) -> None:
    response = sign_up(client, "company", cvr=cvr)

    assert response.status_code == 200
    assert "cvr" in response.context["form"].errors
    assert message in response.content.decode()
    assert _nothing_stored()


def test_an_association_cvr_is_optional_but_checked(client: Client, cast: Cast) -> None:
    response = sign_up(client, "association", cvr="12345678")

    assert "not a valid CVR number" in response.content.decode()
    assert _nothing_stored()


@pytest.mark.parametrize("form", ["volunteer", "association", "company"])
def test_no_consent_no_sign_up(client: Client, cast: Cast, form: str) -> None:
    response = sign_up(client, form, consent=None)

    assert response.status_code == 200
    assert response.context["form"].errors["consent"] == [
        "Tick the box to give your consent. Without it we cannot keep your sign-up."
    ]
    assert _nothing_stored()


@pytest.mark.parametrize("slots", ["0", "500", "-1", "", "many"])
def test_mentee_slots_from_1_to_10(client: Client, cast: Cast, slots: str) -> None:
    response = sign_up(client, "volunteer", max_mentees=slots)

    assert response.context["form"].errors["max_mentees"] == ["Choose a number from 1 to 10."]
    assert "max_mentees_error" in response.content.decode()
    assert _nothing_stored()


@pytest.mark.parametrize(
    ("form", "changes", "field", "message"),
    [
        ("volunteer", {"phone": "", "email": ""}, "phone", "Give a phone number or an e-mail"),
        ("volunteer", {"phone": "12"}, "phone", "Enter a Danish phone number"),
        ("volunteer", {"languages": [], "other_languages": ""}, "languages", "at least one"),
        ("volunteer", {"other_languages": "<script>"}, "other_languages", "names of the"),
        ("volunteer", {"postal_code": "88"}, "postal_code", "4 digits"),
        ("volunteer", {"first_name": ""}, "first_name", "required"),
        ("association", {"kind": "company"}, "kind", "valid choice"),
        ("association", {"contact_phone": "", "contact_email": ""}, "contact_phone", "contact"),
        ("association", {"answer_wish": ""}, "answer_wish", "required"),
        ("company", {"internship_places": "501"}, "internship_places", "500"),
        ("company", {"website": "not a url"}, "website", "valid URL"),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_saved(
    client: Client, cast: Cast, form: str, changes: dict[str, object], field: str, message: str
) -> None:
    response = sign_up(client, form, **changes)

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert _nothing_stored()


@pytest.mark.parametrize(("form", "honeypot"), [
    ("volunteer", "website"), ("association", "homepage"), ("company", "homepage"),
])  # fmt: skip
def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_is_saved(
    client: Client, cast: Cast, form: str, honeypot: str
) -> None:
    response = sign_up(client, form, **{honeypot: "http://spam.example"})

    assert response.status_code == 200
    assert 'data-testid="signup-thanks"' in response.content.decode()
    assert _nothing_stored()


def test_the_honeypot_is_hidden_from_people(client: Client, cast: Cast) -> None:
    page = client.get(reverse("signup_public:company", kwargs={"code": "791"})).content.decode()

    hidden = page.split('<div class="honeypot" aria-hidden="true">')[1].split("</div>")[0]
    assert 'name="homepage"' in hidden and 'tabindex="-1"' in hidden
    # The company's real website field is an ordinary, visible field.
    assert 'name="website"' in page.split('<div class="honeypot"')[0]


def test_twenty_sign_ups_a_minute_from_one_address_are_cut_off(
    client: Client, cast: Cast, time_machine: TimeMachineFixture
) -> None:
    # All twenty inside one minute, wherever the machine's clock stands (no minute boundary).
    time_machine.move_to(SUITE_TODAY, tick=False)
    responses = [sign_up(client, "volunteer", first_name=f"Person{n}") for n in range(20)]

    statuses = [r.status_code for r in responses]
    assert statuses.count(429) == 10
    assert Volunteer.objects.count() == 10
    page = responses[-1].content.decode()
    assert "Too many submissions from this address" in page
    assert "For mange henvendelser" in page
    # The limit counts every public sign-up form together, per address.
    assert sign_up(client, "company").status_code == 429
    url = reverse("signup_public:company", kwargs={"code": "791"})
    other = client.post(url, {"lang": "en"}, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200


@pytest.mark.parametrize("name", ["volunteer", "partner", "association", "company"])
@pytest.mark.parametrize("code", ["999", "abc", "101", "7911"])
def test_unknown_municipality_is_404(client: Client, cast: Cast, name: str, code: str) -> None:
    # 999 and abc are no municipality; 101 (København) and 7911 do not use Brobygger here.
    url = reverse(f"signup_public:{name}", kwargs={"code": code})

    assert client.get(url).status_code == 404
    assert client.post(url, {"consent": "on"}, REMOTE_ADDR=ADDRESS).status_code == 404
    assert _nothing_stored()


@pytest.mark.parametrize("name", ["volunteer", "partner", "association", "company"])
def test_public_pages_are_danish_unless_asked(client: Client, cast: Cast, name: str) -> None:
    url = reverse(f"signup_public:{name}", kwargs={"code": "791"})

    danish = client.get(url)
    english = client.get(url, {"lang": "en"})
    unknown = client.get(url, {"lang": "xx"})

    assert danish.status_code == english.status_code == 200
    assert '<html lang="da" dir="ltr">' in danish.content.decode()
    assert danish["Content-Language"] == "da" and unknown["Content-Language"] == "da"
    assert '<html lang="en" dir="ltr">' in english.content.decode()
    assert english["Content-Language"] == "en"
    assert 'href="?lang=en"' in danish.content.decode()
    assert "Viborg Kommune" in english.content.decode()
    # No login needed, and the page keeps to the content security policy: no inline styles
    # or scripts.
    assert "default-src 'self'" in danish["Content-Security-Policy"]
    assert "style=" not in danish.content.decode()
    assert "<script" not in danish.content.decode()


def test_partner_page_leads_to_the_three_forms(client: Client, cast: Cast) -> None:
    page = client.get(
        reverse("signup_public:partner", kwargs={"code": "791"}), {"lang": "en"}
    ).content.decode()

    for name in ("association", "company", "volunteer"):
        assert f"{reverse(f'signup_public:{name}', kwargs={'code': '791'})}?lang=en" in page


def test_every_checkbox_is_a_design_system_checkbox(client: Client, cast: Cast) -> None:
    page = client.get(reverse("signup_public:volunteer", kwargs={"code": "791"})).content.decode()

    inputs = [chunk.split(">")[0] for chunk in page.split("<input")[1:]]
    ticks = [i for i in inputs if 'type="checkbox"' in i or 'type="radio"' in i]
    assert ticks
    assert all("form-checkbox" in i or "form-radio" in i for i in ticks), ticks
