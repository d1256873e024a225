"""A text reply is read as yes, no or maybe in her language or in Danish."""

from __future__ import annotations

import pytest

from brobygger.meetings.models import Reply
from brobygger.meetings.replies import fold, reply_interpret

from .factories import language

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("da", "JA", Reply.YES),
        ("da", "ja tak!", Reply.YES),
        ("da", "Nej", Reply.NO),
        ("da", "MÅSKE", Reply.MAYBE),
        ("da", "maaske", None),
        ("da", "maske", Reply.MAYBE),  # typed without the å on a foreign keyboard
        ("da", "ved ikke helt", Reply.MAYBE),
        ("ar", "نعم", Reply.YES),
        ("ar", "لا", Reply.NO),
        ("ar", "لا أعرف", Reply.MAYBE),  # the longer phrase wins over "لا"
        ("ar", "ربما.", Reply.MAYBE),
        ("ar", "JA", Reply.YES),  # Danish is always understood
        ("th", "ใช่", Reply.YES),
        ("th", "ใช่ค่ะ", Reply.YES),  # Thai writes no space before the polite particle
        ("th", "ไม่", Reply.NO),
        ("th", "ไม่ไปค่ะ", Reply.NO),
        ("th", "ไม่แน่ใจ", Reply.MAYBE),
        ("so", "HAA", Reply.YES),
        ("so", "maya", Reply.NO),
        ("tr", "Evet", Reply.YES),
        ("tr", "HAYIR", Reply.NO),
        ("tr", "hayır", Reply.NO),
        ("vi", "Có", Reply.YES),
        ("vi", "có thể", Reply.MAYBE),
        ("vi", "KHÔNG", Reply.NO),
        ("ti", "እወ", Reply.YES),
        ("fa", "بله", Reply.YES),
        ("fa", "نه", Reply.NO),
        ("ur", "جی نہیں", Reply.NO),
        ("tl", "opo", Reply.YES),
        ("en", "Hello, who is this?", None),
        ("da", "", None),
        ("da", "jamen", None),  # a word that only begins like "ja"
    ],
)
def test_reply_interpret(code: str, text: str, expected: Reply | None) -> None:
    assert reply_interpret(text, language(code)) == expected


def test_another_languages_words_are_not_read() -> None:
    """Somali "haa" is not yes for a woman who writes Thai: only her language and Danish."""
    assert reply_interpret("haa", language("th")) is None
    assert reply_interpret("haa", language("so")) == Reply.YES


def test_a_language_without_words_falls_back_to_danish() -> None:
    from brobygger.languages.models import Language

    amharic = Language.objects.create(
        code="am", name_da="Amharisk", name_en="Amharic", native_name="አማርኛ"
    )
    assert reply_interpret("ja", amharic) == Reply.YES
    assert reply_interpret("አዎ", amharic) is None
    assert reply_interpret("nej", None) == Reply.NO


def test_the_words_are_data(db: None) -> None:
    """An administrator adds a word to a language's row; it is understood at once."""
    wording = language("so").invitation_wording
    wording.yes_words = [*wording.yes_words, "haye"]
    wording.save()
    assert reply_interpret("Haye", language("so")) == Reply.YES


def test_fold() -> None:
    assert fold("MÅSKE") == "maske"
    assert fold("HAYIR") == fold("hayır") == "hayir"
    assert fold("يي") == fold("ی" * 2)
