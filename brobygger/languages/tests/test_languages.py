import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from brobygger.languages.models import Language
from brobygger.languages.selectors import language_get, language_list, language_or_danish

pytestmark = pytest.mark.django_db


def test_the_target_groups_languages_are_there_with_their_direction() -> None:
    codes = set(language_list().values_list("code", flat=True))
    assert {"da", "en", "ar", "th", "so", "ti", "fa", "prs", "ur", "tr", "vi", "tl"} <= codes
    assert language_get("ar").is_rtl
    assert language_get("prs").is_rtl
    assert not language_get("ti").is_rtl


def test_the_name_follows_the_interface_language() -> None:
    somali = language_get("so")
    with translation.override("da"):
        assert str(somali) == "Somali"
    with translation.override("en"):
        assert language_get("de") is None
        assert str(language_get("tr")) == "Turkish"


def test_an_unknown_or_retired_language_falls_back_to_danish() -> None:
    assert language_or_danish("xx").code == "da"
    assert language_or_danish(None).code == "da"
    Language.objects.filter(code="tl").update(is_active=False)
    assert language_or_danish("tl").code == "da"
    assert "tl" not in set(language_list().values_list("code", flat=True))
    assert language_or_danish("vi").code == "vi"


@pytest.mark.parametrize("code", ["DA", "danish", "d", "ar_SA", ""])
def test_a_code_that_is_not_iso_639_is_refused(code: str) -> None:
    language = Language(code=code, name_da="x", name_en="x", native_name="x")
    with pytest.raises(ValidationError) as refused:
        language.full_clean()
    assert "code" in refused.value.message_dict


@pytest.mark.parametrize("code", ["ar\x00", "\x00", "' OR 1=1", "a" * 500])
def test_what_cannot_be_a_code_is_no_language_and_no_query(code: str) -> None:
    assert language_get(code) is None
    assert language_or_danish(code).code == "da"
