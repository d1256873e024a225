"""The optimistic locking of edit forms (brobygger/core/concurrency.py): the claim, the bump,
the form's hidden version, and a real race on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django import forms
from django.db import close_old_connections, connection, transaction
from django.http import Http404
from django.utils import translation

from brobygger.core.concurrency import (
    VERSION_FIELD,
    ConflictRow,
    EditConflict,
    VersionedFormMixin,
    display_value,
    version_bump,
    version_claim,
)
from brobygger.core.forms import ModelForm
from brobygger.people.models import Gender, Person
from brobygger.people.services import person_update
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast, make_cast


class NameForm(VersionedFormMixin, ModelForm):
    class Meta:
        model = Person
        fields = ["first_name", "gender", "birth_date"]


def _stored_version(person: Person) -> int:
    return Person.objects.values_list("version", flat=True).get(pk=person.pk)


@pytest.mark.django_db
def test_a_claim_of_the_stored_version_raises_it_by_one(cast: Cast) -> None:
    person = PersonFactory()

    with transaction.atomic():
        version_claim(person, version=1)

    assert _stored_version(person) == 2


@pytest.mark.django_db
def test_a_claim_of_an_older_version_is_a_conflict_with_the_stored_record(cast: Cast) -> None:
    person = PersonFactory(first_name="Malee")
    Person.objects.filter(pk=person.pk).update(first_name="Mali", version=2)

    with pytest.raises(EditConflict) as raised, transaction.atomic():
        version_claim(person, version=1)

    conflict = raised.value
    assert isinstance(conflict.stored, Person)
    assert (conflict.stored.first_name, conflict.stored_version, conflict.version) == (
        "Mali",
        2,
        1,
    )
    assert _stored_version(person) == 2  # the stale claim changed nothing


@pytest.mark.django_db
def test_two_claims_of_the_same_version_only_the_first_wins(cast: Cast) -> None:
    """The conditional UPDATE itself decides: both editors opened version 1."""
    first = PersonFactory()
    second = Person.objects.get(pk=first.pk)

    with transaction.atomic():
        version_claim(first, version=1)
    with pytest.raises(EditConflict), transaction.atomic():
        version_claim(second, version=1)

    assert _stored_version(first) == 2


@pytest.mark.django_db
def test_a_claim_needs_a_version_and_a_transaction(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = PersonFactory()

    with pytest.raises(TypeError), transaction.atomic():
        version_claim(person, version=None)
    with monkeypatch.context() as patch:  # the test itself runs in a transaction
        patch.setattr(transaction.get_connection(), "in_atomic_block", False)
        with pytest.raises(RuntimeError):
            version_claim(person, version=1)
    assert _stored_version(person) == 1


@pytest.mark.django_db
def test_a_claim_of_a_deleted_record_is_404(cast: Cast) -> None:
    person = PersonFactory()
    Person.objects.filter(pk=person.pk).delete()

    with pytest.raises(Http404), transaction.atomic():
        version_claim(person, version=1)


@pytest.mark.django_db
def test_a_bump_raises_the_stored_version_and_the_instance(cast: Cast) -> None:
    person = PersonFactory()

    with transaction.atomic():
        version_bump(person)
        person.save()

    assert person.version == 2
    assert _stored_version(person) == 2


@pytest.mark.django_db
def test_the_edit_form_carries_the_version_in_a_hidden_field(cast: Cast) -> None:
    person = PersonFactory()
    Person.objects.filter(pk=person.pk).update(version=4)
    person.refresh_from_db()

    form = NameForm(instance=person)

    assert form.fields[VERSION_FIELD].widget.is_hidden
    assert 'name="version" value="4"' in str(form[VERSION_FIELD])
    assert VERSION_FIELD not in NameForm().fields  # creating: nothing to conflict with


@pytest.mark.django_db
@pytest.mark.parametrize("posted", [None, "", "abc", "0", "-1", "99999999999"])
def test_an_edit_without_a_usable_version_is_a_form_error(cast: Cast, posted: str | None) -> None:
    person = PersonFactory()
    data = {"first_name": "Mali", "gender": Gender.FEMALE}
    if posted is not None:
        data[VERSION_FIELD] = posted

    form = NameForm(data, instance=person)

    assert not form.is_valid()
    assert form.non_field_errors() == [str(NameForm.missing_version_message)]


@pytest.mark.django_db
def test_the_form_hands_over_its_version_and_only_what_changed(cast: Cast) -> None:
    person = PersonFactory(first_name="Malee")
    data = {"first_name": "Mali", "gender": person.gender, "version": "1"}

    form = NameForm(data, instance=person)

    assert form.is_valid(), form.errors
    assert form.edited_version == 1
    assert form.changes() == {"first_name": "Mali"}


@pytest.mark.parametrize(
    ("value", "field", "shown"),
    [
        (None, None, ""),
        ("", None, ""),
        (True, None, "Yes"),
        (False, None, "No"),
        (date(2026, 3, 5), None, "05.03.2026"),
        ("female", forms.ChoiceField(choices=Gender.choices), "Woman"),
        (3, None, "3"),
    ],
)
def test_values_are_shown_as_the_pages_show_them(
    value: object, field: forms.Field | None, shown: str
) -> None:
    with translation.override("en"):
        assert display_value(value, field) == shown


def test_a_row_differs_when_the_texts_differ() -> None:
    assert ConflictRow(label="Phone", attempted="+4520123456", stored="").differs
    assert not ConflictRow(label="Phone", attempted="", stored="").differs


def _in_thread(target: Any, errors: list[BaseException]) -> threading.Thread:
    def run() -> None:
        try:
            target()
        except BaseException as error:  # the main thread checks what happened
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's test database is in memory")
def test_a_real_race_on_postgresql(
    transactional_db: None, django_db_serialized_rollback: None
) -> None:
    """Two caseworkers save version 1 at the same moment, each in her own connection: the
    second waits for the first's row lock, then finds the version taken and conflicts."""
    cast = make_cast()
    person = PersonFactory(first_name="Malee")
    claimed, release = threading.Event(), threading.Event()
    first_errors: list[BaseException] = []
    second_errors: list[BaseException] = []

    def first_save() -> None:
        close_old_connections()
        with transaction.atomic():
            person_update(
                actor=cast.alice, person=person, changes={"first_name": "Mali"}, version=1
            )
            claimed.set()
            release.wait(timeout=10)  # hold the row lock while the second one arrives

    def second_save() -> None:
        close_old_connections()
        claimed.wait(timeout=10)
        person_update(actor=cast.lene, person=person, changes={"first_name": "Malie"}, version=1)

    first = _in_thread(first_save, first_errors)
    second = _in_thread(second_save, second_errors)
    claimed.wait(timeout=10)
    second.join(timeout=0.5)  # it is waiting for the lock now
    assert second.is_alive()
    release.set()
    first.join(timeout=10)
    second.join(timeout=10)

    assert not first_errors
    assert len(second_errors) == 1 and isinstance(second_errors[0], EditConflict)
    person.refresh_from_db()
    assert (person.first_name, person.version) == ("Mali", 2)
