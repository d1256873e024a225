"""Segments, phone numbers, merge fields, the language fallback and opt-out words."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from brobygger.languages.models import Language
from brobygger.messaging.models import MessageTemplate, validate_merge_fields
from brobygger.messaging.phones import danish_mobile
from brobygger.messaging.segments import count_segments
from brobygger.messaging.texts import fill, is_opt_out, template_for

from .factories import TemplateFactory


@pytest.mark.parametrize(
    ("text", "encoding", "count"),
    [
        ("", "gsm7", 0),
        ("a" * 160, "gsm7", 1),
        ("a" * 161, "gsm7", 2),
        ("a" * 306, "gsm7", 2),
        ("a" * 307, "gsm7", 3),
        ("Kære Åse, mød op på jobcentret", "gsm7", 1),
        ("€" * 80, "gsm7", 1),  # 160 septets: the extension table counts double
        ("€" * 81, "gsm7", 2),
        ("a" * 159 + "€", "gsm7", 2),
        ("م" * 70, "ucs2", 1),
        ("م" * 71, "ucs2", 2),
        ("ส" * 134, "ucs2", 2),
        ("ส" * 135, "ucs2", 3),
        ("Hej 😀", "ucs2", 1),
    ],
)
def test_segments(text: str, encoding: str, count: int) -> None:
    segments = count_segments(text)
    assert (segments.encoding, segments.count) == (encoding, count)


def test_an_escape_pair_is_never_split_between_parts() -> None:
    # 152 septets, then a two-septet character: it goes whole into the second part.
    assert count_segments("a" * 152 + "€" + "a" * 152).count == 3
    assert count_segments("a" * 151 + "€" + "a" * 153).count == 2


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("+4520123456", "+4520123456"),
        ("20 12 34 56", "+4520123456"),
        ("+4580123456", None),  # toll-free
        ("+4590123456", None),  # premium rate
        ("+46812345678", None),  # a Swedish landline
        ("+46701234567", None),  # a Swedish mobile: not Danish
        ("+4512345678", None),  # not a valid Danish number
        ("", None),
        ("ring mig", None),
    ],
)
def test_danish_mobile(number: str, expected: str | None) -> None:
    assert danish_mobile(number) == expected


def test_unknown_merge_fields_are_refused_at_save(db: None) -> None:
    with pytest.raises(ValidationError, match=r"\{fornavn\}"):
        validate_merge_fields("Hej {fornavn}")
    with pytest.raises(ValidationError):
        TemplateFactory(body="Hej {fornavn}, mød op {meeting_date}")
    assert not MessageTemplate.objects.exists()
    TemplateFactory(body="Hej {first_name}, mød op {meeting_date} kl. {meeting_time}")


def test_fill_replaces_the_merge_fields() -> None:
    assert fill("Hej {first_name} – {caseworker_phone}", {"first_name": "Hodan"}) == "Hej Hodan – "


def test_her_language_else_danish(db: None) -> None:
    danish = TemplateFactory(body="Hej {first_name}")
    arabic = TemplateFactory(language=Language.objects.get(code="ar"), body="مرحبا {first_name}")
    assert template_for(danish, Language.objects.get(code="ar")) == arabic
    assert template_for(arabic, Language.objects.get(code="th")) == danish
    assert template_for(arabic, None) == danish
    arabic_only = TemplateFactory(name="Kun arabisk", language=arabic.language, body="مرحبا")
    assert template_for(arabic_only, Language.objects.get(code="so")) == arabic_only


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("STOP", True),
        (" stop. ", True),
        ("Stop sending", True),
        ("توقف", True),
        ("หยุด", True),
        ("Jooji", True),
        ("Ja tak", False),
        ("", False),
        ("stoppested", False),
    ],
)
def test_opt_out_words(db: None, body: str, expected: bool) -> None:
    assert is_opt_out(body) is expected
