"""Moving the texts from a two-letter code to the language catalogue keeps every row: an
administrator's edited Arabic form text and a Thai letter of her own come through with their
words, now pointing at the language, and going back gives the codes again."""

from __future__ import annotations

import pytest

from brobygger.core.tests.moves import migrate_to
from brobygger.outreach.models import LetterTemplate, PublicFormText, ReviewState

BEFORE = [("outreach", "0012_contact_moves_to_people")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_texts_survive_the_move_to_the_language_catalogue() -> None:
    try:
        old = migrate_to(BEFORE)
        OldText = old.get_model("outreach", "PublicFormText")
        OldLetter = old.get_model("outreach", "LetterTemplate")
        OldText.objects.filter(language="ar").update(title="عنوان عدّلته المسؤولة")
        OldLetter.objects.create(name="Egen", language="th", subject="เรื่อง", body="ข้อความ")
        before = sorted(OldText.objects.values_list("language", "title"))

        migrate_to()

        after = sorted(PublicFormText.objects.values_list("language__code", "title"))
        assert set(before) <= set(after)
        arabic = PublicFormText.objects.get(language__code="ar")
        assert arabic.title == "عنوان عدّلته المسؤولة"
        assert arabic.is_rtl and arabic.review_state == ReviewState.MACHINE_DRAFTED
        assert PublicFormText.objects.get(language__code="da").is_approved
        own = LetterTemplate.objects.get(name="Egen")
        assert (own.language.code, own.subject, own.body) == ("th", "เรื่อง", "ข้อความ")

        old = migrate_to(BEFORE)
        OldText = old.get_model("outreach", "PublicFormText")
        OldLetter = old.get_model("outreach", "LetterTemplate")
        assert sorted(OldText.objects.values_list("language", "title")) == before
        assert OldLetter.objects.get(name="Egen").language == "th"
    finally:
        migrate_to()
