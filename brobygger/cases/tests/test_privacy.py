"""Her case is part of her record: the access request shows it, erasure empties it."""

from __future__ import annotations

from datetime import date

import pytest

from brobygger.cases.models import CaseNote, CaseNoteRevision, Conversation, Task
from brobygger.cases.services import NoteData, note_correct
from brobygger.people.tests.factories import PersonFactory
from brobygger.privacy.access_request import access_report, access_report_json
from brobygger.privacy.services import person_erase
from brobygger.testing import Cast

from .factories import CaseNoteFactory, ConversationFactory, TaskFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


def _her_case(cast: Cast) -> tuple[object, CaseNote]:
    person = PersonFactory(assigned_caseworker=cast.alice)
    note = CaseNoteFactory(person=person, sensitive_health=True, text="Første-tekst-3141")
    note_correct(
        actor=cast.alice,
        note=note,
        data=NoteData(
            concerns_on=date(2026, 11, 20),
            text="Rettet-tekst-2718",
            sensitive=True,
            category="health",
        ),
    )
    ConversationFactory(person=person, job_wishes="Køkken-ønske-1618")
    TaskFactory(assignee=cast.alice, person=person, title="Opgave-om-hende-1414")
    return person, note


def test_the_access_request_shows_her_notes_their_earlier_text_and_her_case(cast: Cast) -> None:
    person, _note = _her_case(cast)
    answer = str(access_report_json(access_report(person)))
    for text in (
        "Første-tekst-3141",
        "Rettet-tekst-2718",
        "Køkken-ønske-1618",
        "Opgave-om-hende-1414",
    ):
        assert text in answer


def test_erasure_empties_her_case(cast: Cast) -> None:
    person, note = _her_case(cast)
    person_erase(actor=cast.lene, person=person)
    note.refresh_from_db()
    assert note.text == ""
    assert CaseNoteRevision.objects.get(note=note).text == ""
    assert Conversation.objects.get(person=person).job_wishes == ""
    assert Task.objects.get(person=person).title == ""
