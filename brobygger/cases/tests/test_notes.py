"""Case notes: dated, authored, some sensitive; corrections keep the earlier text; every read
of a sensitive text is in the access log."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from brobygger.accounts.access import Permission, has_permission
from brobygger.accounts.models import Membership, Role, User
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.cases.models import CaseNote, CaseNoteRevision
from brobygger.cases.selectors import SENSITIVE_READ, person_notes, sensitive_readable
from brobygger.cases.services import NoteData, note_add, note_correct
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import PASSWORD, Cast

from .factories import CaseNoteFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


def _colleague(cast: Cast) -> User:
    """Another caseworker of Viborg: she sees the person, not her sensitive notes."""
    user = User.objects.create_user(username="dorte", password=PASSWORD, first_name="Dorte")
    Membership.objects.create(user=user, role=Role.CASEWORKER, municipality=cast.viborg)
    return user


def test_a_note_is_dated_and_authored(cast: Cast) -> None:
    person = PersonFactory()
    note = note_add(
        actor=cast.alice,
        person=person,
        data=NoteData(concerns_on=date(2026, 11, 20), text="Hun vil gerne i praktik."),
    )
    assert note.author == cast.alice
    assert note.concerns_on == date(2026, 11, 20)
    assert AccessLogEntry.objects.filter(
        action=AccessAction.CREATE, object_id=str(note.pk), person_id=person.pk
    ).exists()


def test_a_sensitive_note_needs_its_kind_and_a_plain_one_drops_it(cast: Cast) -> None:
    person = PersonFactory()
    with pytest.raises(ValidationError) as raised:
        note_add(
            actor=cast.alice,
            person=person,
            data=NoteData(concerns_on=date(2026, 11, 20), text="x", sensitive=True),
        )
    assert "category" in raised.value.message_dict
    plain = note_add(
        actor=cast.alice,
        person=person,
        data=NoteData(concerns_on=date(2026, 11, 20), text="x", category="health"),
    )
    assert plain.category == ""


def test_no_note_about_a_day_to_come(cast: Cast) -> None:
    with pytest.raises(ValidationError) as raised:
        note_add(
            actor=cast.alice,
            person=PersonFactory(),
            data=NoteData(concerns_on=date(2026, 12, 24), text="Senere."),
        )
    assert "concerns_on" in raised.value.message_dict


def test_only_those_who_change_people_write_notes(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        note_add(
            actor=cast.bob,
            person=PersonFactory(),
            data=NoteData(concerns_on=date(2026, 11, 20), text="x"),
        )
    with pytest.raises(PermissionDenied):
        note_add(
            actor=cast.charlie,
            person=PersonFactory(),
            data=NoteData(concerns_on=date(2026, 11, 20), text="x"),
        )


def test_who_reads_sensitive_notes(cast: Cast) -> None:
    person = PersonFactory(assigned_caseworker=cast.alice)
    colleague = _colleague(cast)
    assert sensitive_readable(cast.alice, person)
    assert sensitive_readable(cast.lene, person)  # the lead holds the permission
    assert not sensitive_readable(colleague, person)
    assert not sensitive_readable(cast.charlie, person)
    assert not has_permission(cast.alice, Permission.VIEW_SENSITIVE_NOTES)
    # Another person's caseworker is only a colleague here.
    assert not sensitive_readable(cast.alice, PersonFactory(assigned_caseworker=colleague))


def test_every_read_of_a_sensitive_text_is_logged(cast: Cast) -> None:
    person = PersonFactory(assigned_caseworker=cast.alice)
    plain = CaseNoteFactory(person=person)
    secret = CaseNoteFactory(person=person, sensitive_health=True)
    colleague = _colleague(cast)

    shown = {item.record.pk: item for item in person_notes(user=cast.alice, person=person)}
    assert shown[secret.pk].text == secret.text
    assert AccessLogEntry.objects.filter(
        user=cast.alice, object_id=str(secret.pk), purpose=SENSITIVE_READ, person_id=person.pk
    ).exists()
    assert not AccessLogEntry.objects.filter(object_id=str(plain.pk), purpose=SENSITIVE_READ)

    hidden = {item.record.pk: item for item in person_notes(user=colleague, person=person)}
    assert hidden[secret.pk].hidden
    assert hidden[plain.pk].text == plain.text
    assert not AccessLogEntry.objects.filter(user=colleague, purpose=SENSITIVE_READ).exists()


def test_the_notes_page_hides_the_text_from_a_colleague(client: Client, cast: Cast) -> None:
    person = PersonFactory(assigned_caseworker=cast.alice)
    secret = CaseNoteFactory(person=person, sensitive_health=True, text="Hemmelig-tekst-4711")
    url = reverse("cases:person-notes", kwargs={"person_id": person.pk})

    client.force_login(_colleague(cast))
    page = client.get(url).content.decode()
    assert "Hemmelig-tekst-4711" not in page
    assert "Sensitive note." in page
    assert "Sensitive: Health" not in page  # not even the kind

    client.force_login(cast.alice)
    page = client.get(url).content.decode()
    assert "Hemmelig-tekst-4711" in page
    detail = client.get(reverse("cases:note", kwargs={"note_id": secret.pk}))
    assert "Hemmelig-tekst-4711" in detail.content.decode()


def test_add_a_note_on_the_page_with_errors_at_the_field_in_danish(
    client: Client, cast: Cast
) -> None:
    person = PersonFactory()
    url = reverse("cases:person-notes", kwargs={"person_id": person.pk})
    client.cookies["brobygger_language"] = "da"
    client.force_login(cast.alice)

    response = client.post(url, {"concerns_on": "20.11.2026", "text": "x", "sensitive": "on"})
    assert response.status_code == 400
    assert "Vælg hvilken slags følsomme oplysninger" in response.content.decode()

    response = client.post(url, {"concerns_on": "20.11.2026", "text": "Hun kom til mødet."})
    assert response.status_code == 302
    assert CaseNote.objects.get(person=person).text == "Hun kom til mødet."


def test_a_correction_keeps_the_earlier_text(client: Client, cast: Cast) -> None:
    person = PersonFactory(assigned_caseworker=cast.alice)
    note = CaseNoteFactory(person=person, text="Første udgave.", author=cast.alice)
    client.force_login(cast.alice)
    url = reverse("cases:note", kwargs={"note_id": note.pk})

    response = client.post(url, {"concerns_on": "21.11.2026", "text": "Rettet udgave."})

    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text == "Rettet udgave."
    revision = CaseNoteRevision.objects.get(note=note)
    assert (revision.text, revision.concerns_on, revision.replaced_by) == (
        "Første udgave.",
        date(2026, 11, 20),
        cast.alice,
    )
    page = client.get(url).content.decode()
    assert "Første udgave." in page and "Rettet udgave." in page


def test_a_sensitive_note_is_corrected_only_by_those_who_read_it(cast: Cast) -> None:
    person = PersonFactory(assigned_caseworker=cast.alice)
    secret = CaseNoteFactory(person=person, sensitive_health=True)
    with pytest.raises(PermissionDenied):
        note_correct(
            actor=_colleague(cast),
            note=secret,
            data=NoteData(concerns_on=date(2026, 11, 20), text="Overskrevet."),
        )
    assert not CaseNoteRevision.objects.exists()


def test_earlier_sensitive_text_stays_hidden_after_the_flag_is_lifted(
    client: Client, cast: Cast
) -> None:
    person = PersonFactory(assigned_caseworker=cast.alice)
    note = CaseNoteFactory(person=person, sensitive_health=True, text="Vold-i-hjemmet-0815")
    note_correct(
        actor=cast.alice,
        note=note,
        data=NoteData(concerns_on=note.concerns_on, text="Hun kom til samtale."),
    )
    client.force_login(_colleague(cast))
    page = client.get(reverse("cases:note", kwargs={"note_id": note.pk})).content.decode()
    assert "Hun kom til samtale." in page
    assert "Vold-i-hjemmet-0815" not in page
    # Not hers to correct, not being her caseworker? A plain note is: the form is there.
    assert 'data-testid="note-correct-form"' in page


def test_the_colleague_gets_no_correction_form_for_a_sensitive_note(
    client: Client, cast: Cast
) -> None:
    person = PersonFactory(assigned_caseworker=cast.alice)
    secret = CaseNoteFactory(person=person, sensitive_health=True, text="Kun-for-Alice-99")
    client.force_login(_colleague(cast))
    url = reverse("cases:note", kwargs={"note_id": secret.pk})
    page = client.get(url).content.decode()
    assert "note-correct-form" not in page
    assert "Kun-for-Alice-99" not in page
    client.post(url, {"concerns_on": "20.11.2026", "text": "Overskrevet."})
    secret.refresh_from_db()
    assert secret.text == "Kun-for-Alice-99"


def test_another_municipality_gets_404(client: Client, cast: Cast) -> None:
    note = CaseNoteFactory()
    client.force_login(cast.charlie)
    assert client.get(reverse("cases:note", kwargs={"note_id": note.pk})).status_code == 404
    assert (
        client.get(reverse("cases:person-notes", kwargs={"person_id": note.person_id})).status_code
        == 404
    )
