"""The administration of the language catalogue: only the system administrator, with
validation messages in Danish; a retired language is kept, Danish is never retired."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from brobygger.languages.models import Language
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db

NEW = {
    "code": "ckb",
    "name_da": "Kurdisk (sorani)",
    "name_en": "Kurdish (Sorani)",
    "native_name": "کوردی",
    "direction": "rtl",
    "is_active": "on",
    "position": "200",
}


@pytest.mark.parametrize(
    "url",
    [
        reverse("languages:list"),
        reverse("languages:create"),
        reverse("languages:update", kwargs={"code": "ar"}),
    ],
)
def test_only_the_administrator_reaches_the_pages(client: Client, cast: Cast, url: str) -> None:
    for user in (cast.alice, cast.kim, cast.bob):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(cast.ada)
    assert client.get(url).status_code == 200


def test_the_list_shows_every_language_with_its_own_name_and_direction(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.ada)

    page = client.get(reverse("languages:list")).content.decode()

    assert '<td lang="ar" dir="rtl">العربية</td>' in page
    assert '<td lang="ti" dir="ltr">ትግርኛ</td>' in page


def test_the_administrator_adds_a_right_to_left_language(client: Client, cast: Cast) -> None:
    client.force_login(cast.ada)

    response = client.post(reverse("languages:create"), NEW)

    assert response.status_code == 302
    sorani = Language.objects.get(code="ckb")
    assert sorani.is_rtl and sorani.is_active
    assert sorani.native_name == "کوردی"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"code": "ar"}, "code", "Der findes allerede et sprog med denne kode."),
        ({"code": "Kurdish"}, "code", "Skriv en ISO 639-kode"),
        ({"native_name": ""}, "native_name", "Dette felt er påkrævet."),
        ({"direction": "up"}, "direction", "Marker en gyldig valgmulighed."),
    ],
)
def test_a_bad_language_gets_a_message_and_nothing_is_saved(
    client: Client, cast: Cast, change: dict[str, str], field: str, message: str
) -> None:
    client.force_login(cast.ada)
    before = Language.objects.count()

    # The form's messages are lazy: they are read while Danish is still the active
    # language, whichever language an earlier test on this worker left active.
    with translation.override("da"):
        response = client.post(
            reverse("languages:create"), {**NEW, **change}, HTTP_ACCEPT_LANGUAGE="da"
        )
        errors = " ".join(response.context["form"].errors[field])

    assert response.status_code == 200
    assert message in errors
    assert Language.objects.count() == before


def test_the_code_of_a_language_stays(client: Client, cast: Cast) -> None:
    client.force_login(cast.ada)

    client.post(
        reverse("languages:update", kwargs={"code": "so"}),
        {**NEW, "code": "xx", "name_da": "Somalisk", "direction": "ltr"},
    )

    somali = Language.objects.get(code="so")
    assert somali.name_da == "Somalisk"
    assert not Language.objects.filter(code="xx").exists()


def test_retire_and_use_again(client: Client, cast: Cast) -> None:
    client.force_login(cast.ada)
    url = reverse("languages:retire", kwargs={"code": "tl"})

    client.post(url)
    assert not Language.objects.get(code="tl").is_active
    client.post(url, {"active": "1"})
    assert Language.objects.get(code="tl").is_active


def test_danish_is_never_retired(client: Client, cast: Cast) -> None:
    client.force_login(cast.ada)

    client.post(reverse("languages:retire", kwargs={"code": "da"}))

    assert Language.objects.get(code="da").is_active


def test_a_caseworker_cannot_retire_a_language(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)

    response = client.post(reverse("languages:retire", kwargs={"code": "tl"}))

    assert response.status_code == 404
    assert Language.objects.get(code="tl").is_active
