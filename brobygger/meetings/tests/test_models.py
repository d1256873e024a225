"""The session's own rules, kept by the database too."""

from __future__ import annotations

from datetime import time

import pytest
from django.db import IntegrityError, transaction

from brobygger.accounts.access import person_level_models
from brobygger.meetings.models import Attendance, Invitation, Reminder, Session

from .factories import SessionFactory, language

pytestmark = pytest.mark.django_db


def test_a_session_ends_after_it_starts() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(starts_at=time(12), ends_at=time(10))


def test_an_interpreter_language_needs_an_interpreter() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(interpreter=False, interpreter_language=language("ar"))
    assert SessionFactory(interpreter=True, interpreter_language=language("ar")).interpreter


def test_the_map_link_is_a_plain_search_address() -> None:
    session = SessionFactory(address="Søndergade 3, 8800 Viborg")
    assert session.map_url == (
        "https://www.openstreetmap.org/search?query=S%C3%B8ndergade+3%2C+8800+Viborg"
    )
    assert SessionFactory(address="").map_url == ""


def test_sessions_are_not_person_level_and_its_people_are() -> None:
    declared = set(person_level_models())
    assert {Invitation, Reminder, Attendance} <= declared
    assert Session not in declared


def test_every_seeded_language_has_words_for_yes_and_no() -> None:
    from brobygger.languages.models import Language

    for lang in Language.objects.all():
        wording = lang.invitation_wording
        assert wording.yes_words and wording.no_words, lang.code
        assert "{date}" in wording.body and "{place}" in wording.body, lang.code
    unchecked = Language.objects.filter(invitation_wording__checked_by_translator=False)
    assert "ar" in set(unchecked.values_list("code", flat=True))
