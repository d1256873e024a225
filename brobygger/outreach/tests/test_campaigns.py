from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from time_machine import TimeMachineFixture

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.outreach.models import OutreachActivity, OutreachMethod, PublicFormText
from brobygger.people.models import ConsentMethod, Person, PipelineStatus
from brobygger.people.selectors import person_list
from brobygger.testing import SUITE_TODAY, Cast

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> None:
    cache.clear()


def _campaign(client: Client, cast: Cast) -> OutreachActivity:
    activity = OutreachActivity.objects.create(
        municipality=cast.viborg,
        title="Plakater i vaskekældre",
        planned_on=timezone.localdate(),
        method=OutreachMethod.objects.get(name="Opslag i opgange og vaskekældre"),
    )
    client.force_login(cast.alice)
    client.post(
        reverse("outreach:activity-campaign", kwargs={"activity_id": activity.pk}), {"active": "1"}
    )
    client.logout()
    activity.refresh_from_db()
    return activity


def _sign_up(client: Client, activity: OutreachActivity, language: str = "da", **data: str):
    url = reverse("public:campaign", kwargs={"code": activity.campaign_code})
    fields = {"name": "Malee Srisuk", "phone": "20 12 34 56", "consent": "on", "lang": language}
    fields.update(data)
    return client.post(f"{url}?lang={language}", fields, REMOTE_ADDR="198.51.100.7")


def test_campaign_link_is_short_and_readable(client: Client, cast: Cast) -> None:
    activity = _campaign(client, cast)

    assert activity.campaign_active
    assert len(activity.campaign_code or "") == 8
    assert not set(activity.campaign_code or "") & set("01ilo")


def test_signup_creates_an_identified_person_attributed_to_the_activity(
    client: Client, cast: Cast
) -> None:
    activity = _campaign(client, cast)

    response = _sign_up(client, activity)

    assert response.status_code == 200
    assert "Tak!" in response.content.decode()
    person = Person.objects.get()
    assert (person.municipality, person.status, str(person.phone)) == (
        cast.viborg,
        PipelineStatus.IDENTIFIED,
        "+4520123456",
    )
    assert (person.first_name, person.last_name) == ("Malee", "Srisuk")
    assert (person.consent_method, person.consent_language) == (ConsentMethod.PUBLIC_FORM, "da")
    assert "Viborg" in person.consent_scope
    source = person.sources.get()
    assert (source.activity, source.method) == (activity, activity.method)
    # She is on the caseworker's lists at once, and findable by name.
    assert list(person_list(user=cast.alice, query="Malee")) == [person]
    assert AccessLogEntry.objects.filter(
        action=AccessAction.CREATE, person_id=person.pk, user__isnull=True
    ).exists()


@pytest.mark.parametrize(
    ("language", "direction", "phrase"),
    [
        ("da", "ltr", "Dit navn"),
        ("en", "ltr", "Your name"),
        ("ar", "rtl", "اسمك"),
        ("th", "ltr", "ชื่อของคุณ"),
    ],
)
def test_form_in_four_languages(
    client: Client, cast: Cast, language: str, direction: str, phrase: str
) -> None:
    activity = _campaign(client, cast)
    url = reverse("public:campaign", kwargs={"code": activity.campaign_code})

    page = client.get(url, {"lang": language}).content.decode()

    assert f'<html lang="{language}" dir="{direction}">' in page
    assert phrase in page
    assert "Viborg" in page


def test_thai_signup_records_the_language_and_a_thai_number(client: Client, cast: Cast):
    activity = _campaign(client, cast)

    _sign_up(client, activity, "th", phone="+66 81 234 5678")

    person = Person.objects.get()
    assert (person.consent_language, str(person.phone)) == ("th", "+66812345678")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"consent": ""}, "consent"),
        ({"phone": "12345678"}, "phone"),
        ({"phone": "abc"}, "phone"),
        ({"name": ""}, "name"),
        ({"name": "<>!!"}, "name"),
    ],
)
def test_bad_signups_get_a_message_in_her_language_and_nothing_is_saved(
    client: Client, cast: Cast, data: dict[str, str], field: str
) -> None:
    activity = _campaign(client, cast)

    response = _sign_up(client, activity, "ar", **data)

    assert field in response.context["form"].errors
    texts = PublicFormText.objects.get(language__code="ar")
    messages = {texts.error_required, texts.error_phone, texts.error_consent}
    assert set(response.context["form"].errors[field]) <= messages
    assert not Person.objects.exists()


def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_is_saved(
    client: Client, cast: Cast
) -> None:
    activity = _campaign(client, cast)

    response = _sign_up(client, activity, website="http://spam.example")

    assert response.status_code == 200
    assert not Person.objects.exists()


def test_twenty_posts_a_minute_are_cut_off(
    client: Client, cast: Cast, time_machine: TimeMachineFixture
) -> None:
    activity = _campaign(client, cast)
    # All twenty inside one minute, wherever the machine's clock stands (no minute boundary).
    time_machine.move_to(SUITE_TODAY, tick=False)

    statuses = [_sign_up(client, activity, name=f"Person {n}").status_code for n in range(20)]

    assert statuses.count(429) == 10
    assert Person.objects.count() == 10


def test_switched_off_or_unknown_links_are_404(client: Client, cast: Cast) -> None:
    activity = _campaign(client, cast)
    client.force_login(cast.alice)
    client.post(
        reverse("outreach:activity-campaign", kwargs={"activity_id": activity.pk}), {"active": "0"}
    )
    client.logout()

    url = reverse("public:campaign", kwargs={"code": activity.campaign_code})
    assert client.get(url).status_code == 404
    assert client.get(reverse("public:campaign", kwargs={"code": "nothere"})).status_code == 404


def test_anonymous_users_see_nothing_but_the_public_form(client: Client, cast: Cast) -> None:
    activity = _campaign(client, cast)

    assert client.get(reverse("people:list")).status_code == 302
    qr = reverse("outreach:activity-qr", kwargs={"activity_id": activity.pk, "kind": "png"})
    assert client.get(qr).status_code == 302  # to the login page


@pytest.mark.parametrize(("kind", "content_type"), [("png", "image/png"), ("svg", "image/svg+xml")])
def test_qr_code_and_poster(client: Client, cast: Cast, kind: str, content_type: str) -> None:
    activity = _campaign(client, cast)
    client.force_login(cast.alice)

    qr = client.get(
        reverse("outreach:activity-qr", kwargs={"activity_id": activity.pk, "kind": kind})
    )
    poster = client.get(reverse("outreach:activity-poster", kwargs={"activity_id": activity.pk}))

    assert qr.status_code == 200
    assert qr["Content-Type"] == content_type
    assert qr.content.startswith(b"\x89PNG") if kind == "png" else b"<svg" in qr.content
    assert poster["Content-Type"] == "application/pdf"
    assert poster.content.startswith(b"%PDF")


def test_administrator_edits_the_texts(client: Client, cast: Cast) -> None:
    client.force_login(cast.ada)
    texts = PublicFormText.objects.get(language__code="th")
    data = {
        field: getattr(texts, field)
        for field in (
            "title",
            "intro",
            "name_label",
            "phone_label",
            "phone_hint",
            "consent_text",
            "submit_label",
            "thanks_title",
            "thanks_text",
            "error_required",
            "error_phone",
            "error_consent",
        )
    }
    data["title"] = "สวัสดี"

    response = client.post(reverse("outreach:form-text-edit", kwargs={"language": "th"}), data)

    assert response.status_code == 302
    texts.refresh_from_db()
    assert texts.title == "สวัสดี"


def test_caseworkers_cannot_edit_the_texts(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)

    assert client.get(reverse("outreach:form-texts")).status_code == 404
