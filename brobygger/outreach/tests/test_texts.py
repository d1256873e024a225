"""Texts per language: the public form (with its consent text and the poster's words) and
the letters point at the language catalogue, carry a review state, and fall back to Danish,
with a note for staff and none for the public. Right to left follows the language."""

from __future__ import annotations

import io
import random
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from brobygger.languages.models import Language
from brobygger.outreach.models import (
    LetterTemplate,
    MunicipalityProfile,
    OutreachActivity,
    OutreachMethod,
    PublicFormText,
    ReviewState,
)
from brobygger.outreach.selectors import public_form_text
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db

SHIPPED = ["da", "en", "ar", "th", "so", "ti", "fa", "prs", "ur", "tr", "vi", "tl"]


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> None:
    cache.clear()


@pytest.fixture
def activity(cast: Cast) -> OutreachActivity:
    return OutreachActivity.objects.create(
        municipality=cast.viborg,
        title="Plakater i vaskekældre",
        planned_on=timezone.localdate(),
        method=OutreachMethod.objects.get(name="Opslag i opgange og vaskekældre"),
        campaign_code="abcdefgh",
        campaign_active=True,
    )


def _form_url(activity: OutreachActivity) -> str:
    return reverse("public:campaign", kwargs={"code": activity.campaign_code})


def _png(size: tuple[int, int] = (40, 20), *, noise: bool = False) -> bytes:
    buffer = io.BytesIO()
    if noise:  # does not compress: a large file
        image = Image.frombytes("RGB", size, random.Random(7).randbytes(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (0, 80, 160))
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_demo_ships_texts_in_twelve_languages_machine_drafted_but_danish() -> None:
    for code in SHIPPED:
        form_text = PublicFormText.objects.get(language__code=code)
        letter = LetterTemplate.objects.get(
            language__code=code, name="Invitation til informationsmøde"
        )
        assert form_text.consent_text and form_text.poster_text and letter.body
        expected = ReviewState.APPROVED if code == "da" else ReviewState.MACHINE_DRAFTED
        assert (form_text.review_state, letter.review_state) == (expected, expected), code


def test_a_missing_text_falls_back_to_danish() -> None:
    kurdish = Language.objects.get(code="ku")

    found = public_form_text(kurdish)

    assert found.is_fallback
    assert found.text.language.code == "da"
    assert not public_form_text(Language.objects.get(code="so")).is_fallback


def test_the_public_sees_danish_for_a_language_without_texts_and_no_staff_note(
    client: Client, activity: OutreachActivity
) -> None:
    page = client.get(_form_url(activity), {"lang": "ku"}).content.decode()

    assert '<html lang="da" dir="ltr">' in page
    assert "Dit navn" in page
    assert "fallback-note" not in page
    assert "Danish is used" not in page and "dansk bruges" not in page


def test_staff_opening_the_form_are_told_it_is_in_danish(
    client: Client, cast: Cast, activity: OutreachActivity
) -> None:
    client.force_login(cast.alice)

    kurdish = client.get(_form_url(activity), {"lang": "ku"}).content.decode()
    somali = client.get(_form_url(activity), {"lang": "so"}).content.decode()

    assert 'data-testid="staff-fallback-note"' in kurdish
    assert "Kurdisk (kurmanji) har ingen egne tekster" in kurdish
    assert 'data-testid="staff-fallback-note"' not in somali


def test_staff_see_which_texts_are_missing_and_which_wait_for_a_translator(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.ada)

    page = client.get(reverse("outreach:form-texts")).content.decode()

    kurdish = page.split('data-testid="texts-ku"')[1].split("</section>")[0]
    somali = page.split('data-testid="texts-so"')[1].split("</section>")[0]
    danish = page.split('data-testid="texts-da"')[1].split("</section>")[0]
    assert 'data-testid="fallback-note"' in kurdish
    assert 'data-testid="review-drafted"' in somali and "fallback-note" not in somali
    assert 'data-testid="review-approved"' in danish and "review-drafted" not in danish


def test_the_administrator_approves_a_text_and_who_and_when_is_kept(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.ada)

    client.post(reverse("outreach:form-text-approve", kwargs={"language": "so"}))
    letter = LetterTemplate.objects.get(language__code="ti")
    client.post(
        reverse("outreach:letter-approve", kwargs={"language": "ti", "letter_id": letter.pk})
    )

    somali = PublicFormText.objects.get(language__code="so")
    letter.refresh_from_db()
    for text in (somali, letter):
        assert text.review_state == ReviewState.APPROVED
        assert text.approved_by == cast.ada
        assert text.approved_at is not None
    page = client.get(reverse("outreach:form-texts")).content.decode()
    assert (
        'data-testid="review-approved"'
        in page.split('data-testid="texts-so"')[1].split("</section>")[0]
    )


def test_a_caseworker_cannot_approve(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)

    response = client.post(reverse("outreach:form-text-approve", kwargs={"language": "so"}))

    assert response.status_code == 404
    assert not PublicFormText.objects.get(language__code="so").is_approved


def test_texts_for_a_new_language_start_from_danish_and_wait_for_review(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.ada)
    url = reverse("outreach:form-text-edit", kwargs={"language": "ku"})

    form = client.get(url).context["form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    data["title"] = "Tu dixwazî kar bikî?"
    response = client.post(url, data)

    assert response.status_code == 302
    kurdish = PublicFormText.objects.get(language__code="ku")
    assert kurdish.title == "Tu dixwazî kar bikî?"
    assert kurdish.review_state == ReviewState.MACHINE_DRAFTED
    assert kurdish.consent_text == PublicFormText.objects.get(language__code="da").consent_text


def test_right_to_left_follows_the_language_a_new_one_too(
    client: Client, cast: Cast, activity: OutreachActivity
) -> None:
    sorani = Language.objects.create(
        code="ckb",
        name_da="Kurdisk (sorani)",
        name_en="Kurdish (Sorani)",
        native_name="کوردی",
        direction="rtl",
    )
    danish = PublicFormText.objects.get(language__code="da")
    danish.pk = None
    danish.language = sorani
    danish.title = "دەتەوێت کار بکەیت؟"
    danish.save()

    page = client.get(_form_url(activity), {"lang": "ckb"}).content.decode()

    assert '<html lang="ckb" dir="rtl">' in page
    assert "دەتەوێت کار بکەیت؟" in page
    # The phone number stays left to right inside the right-to-left page.
    phone = re.search(r'<input[^>]*name="phone"[^>]*>', page)
    assert phone is not None and 'dir="ltr"' in phone.group(0)
    # The language picker offers it by its own name.
    assert 'lang="ckb" hreflang="ckb" dir="rtl"' in page


def test_errors_are_summarised_in_her_language_on_a_right_to_left_page(
    client: Client, activity: OutreachActivity
) -> None:
    response = client.post(
        f"{_form_url(activity)}?lang=ar",
        {"name": "", "phone": "1", "lang": "ar"},
        REMOTE_ADDR="198.51.100.9",
    )
    page = response.content.decode()

    arabic = PublicFormText.objects.get(language__code="ar")
    assert '<html lang="ar" dir="rtl">' in page
    summary = page.split('data-testid="error-summary"')[1].split("</div>\n</div>")[0]
    assert arabic.error_summary in summary
    for message, field in (
        (arabic.error_required, "id_name"),
        (arabic.error_phone, "id_phone"),
        (arabic.error_consent, "id_consent"),
    ):
        assert f'<a class="function-link" href="#{field}">{message}</a>' in summary


def test_the_form_shows_the_municipality_its_logo_and_the_links(
    client: Client, cast: Cast, activity: OutreachActivity
) -> None:
    MunicipalityProfile.objects.create(
        municipality=cast.viborg,
        logo=_png(),
        logo_type="image/png",
        accessibility_url="https://www.was.digst.dk/viborg-dk",
    )

    page = client.get(_form_url(activity), {"lang": "th"}).content.decode()

    assert "Viborg Kommune" in page
    assert 'src="data:image/png;base64,' in page
    notice = reverse("privacy:notice", kwargs={"code": activity.campaign_code})
    assert f'href="{notice}?lang=th"' in page
    assert 'href="https://www.was.digst.dk/viborg-dk"' in page
    thai = PublicFormText.objects.get(language__code="th")
    assert thai.privacy_label in page and thai.accessibility_label in page


def test_without_a_profile_the_form_has_the_name_and_the_privacy_link_only(
    client: Client, activity: OutreachActivity
) -> None:
    page = client.get(_form_url(activity)).content.decode()

    assert "Viborg Kommune" in page
    assert "data:image" not in page
    assert 'data-testid="privacy-notice-link"' in page
    assert 'data-testid="accessibility-link"' not in page


def _profile_post(client: Client, logo: SimpleUploadedFile | None) -> object:
    data: dict[str, object] = {
        "accessibility_url": "https://www.was.digst.dk/viborg-dk",
        "dpo_name": "Dorte Databeskytter",
        "dpo_email": "dpo@viborg.example",
    }
    if logo is not None:
        data["logo_upload"] = logo
    return client.post(reverse("outreach:profile-edit", kwargs={"scope": "791"}), data)


def test_the_administrator_uploads_a_logo(client: Client, cast: Cast) -> None:
    client.force_login(cast.ada)

    response = _profile_post(client, SimpleUploadedFile("logo.png", _png(), "image/png"))

    assert response.status_code == 302
    profile = MunicipalityProfile.objects.get(municipality=cast.viborg)
    assert profile.logo_type == "image/png"
    assert bytes(profile.logo or b"") == _png()
    assert profile.dpo_name == "Dorte Databeskytter"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        # Not an image at all, whatever its name says.
        (SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", "image/png"), "billede"),
        # An image of a kind the form does not take.
        (None, "PNG, JPEG eller WebP"),
        # Too large.
        (SimpleUploadedFile("logo.png", _png((600, 600), noise=True), "image/png"), "512 KB"),
    ],
)
def test_a_bad_logo_is_refused_with_a_message(
    client: Client, cast: Cast, upload: SimpleUploadedFile | None, message: str
) -> None:
    if upload is None:
        buffer = io.BytesIO()
        Image.new("RGB", (10, 10)).save(buffer, format="GIF")
        upload = SimpleUploadedFile("logo.gif", buffer.getvalue(), "image/gif")
    client.force_login(cast.ada)

    response = client.post(
        reverse("outreach:profile-edit", kwargs={"scope": "791"}),
        {"logo_upload": upload},
        HTTP_ACCEPT_LANGUAGE="da",
    )

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["logo_upload"])
    assert not MunicipalityProfile.objects.filter(municipality=cast.viborg).exists()


def test_only_the_administrator_edits_the_profile(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)

    assert client.get(reverse("outreach:profiles")).status_code == 404
    assert client.get(reverse("outreach:profile-edit", kwargs={"scope": "791"})).status_code == 404


def _pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


def test_a_poster_in_four_languages_on_one_sheet_with_one_qr_code(
    client: Client, cast: Cast, activity: OutreachActivity
) -> None:
    client.force_login(cast.alice)
    url = reverse("outreach:activity-poster", kwargs={"activity_id": activity.pk})

    response = client.get(url, {"lang": ["ar", "so", "vi", "da"]})

    assert response["Content-Type"] == "application/pdf"
    sections = response.context["sections"]
    assert [s["language"].code for s in sections] == ["ar", "so", "vi", "da"]
    assert sections[0]["language"].is_rtl
    pages, text = _pdf_text(response.content)
    assert pages == 1
    for code in ("so", "vi", "da"):
        assert PublicFormText.objects.get(language__code=code).poster_text in text
    assert text.count(activity.campaign_code or "") == 1


def test_a_flyer_in_one_language_without_texts_is_printed_in_danish(
    client: Client, cast: Cast, activity: OutreachActivity
) -> None:
    client.force_login(cast.alice)
    url = reverse("outreach:activity-poster", kwargs={"activity_id": activity.pk})

    response = client.get(url, {"lang": "ku", "size": "a5"})

    assert response["Content-Type"] == "application/pdf"
    assert [s["language"].code for s in response.context["sections"]] == ["da"]


def test_five_languages_do_not_fit_and_the_form_says_so(
    client: Client, cast: Cast, activity: OutreachActivity
) -> None:
    client.force_login(cast.alice)
    url = reverse("outreach:activity-poster", kwargs={"activity_id": activity.pk})

    response = client.get(url, {"lang": ["ar", "so", "vi", "da", "th"]}, HTTP_ACCEPT_LANGUAGE="da")

    assert response.status_code == 400
    assert "højst 4 sprog" in response.content.decode()


def test_the_poster_form_lists_the_languages_and_notes_missing_texts(
    client: Client, cast: Cast, activity: OutreachActivity
) -> None:
    client.force_login(cast.alice)

    page = client.get(
        reverse("outreach:activity-posters", kwargs={"activity_id": activity.pk})
    ).content.decode()

    assert 'id="lang-ti"' in page
    assert 'value="da" id="lang-da" checked' in page
    kurdish = page.split('id="lang-ku"')[1].split("</li>")[0]
    assert 'data-testid="fallback-note"' in kurdish
