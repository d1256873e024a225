"""Migration people.0014 romanises the names already registered and rebuilds their keys."""

from __future__ import annotations

import pytest

from brobygger.core.tests.moves import migrate_to
from brobygger.people.models import Person, PersonNameKey
from brobygger.people.names import name_keys


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_names_are_romanised_and_keyed_again() -> None:
    try:
        old = migrate_to([("people", "0013_person_preferred_language")])
        municipality = old.get_model("partnerships", "Municipality").objects.get(code="791")
        old_person = old.get_model("people", "Person")
        typed = old_person.objects.create(
            municipality=municipality, first_name="فاطمة", last_name="الحسن"
        )
        latin = old_person.objects.create(
            municipality=municipality, first_name="Fatima", last_name="Al-Hassan"
        )
        # The keys as the code before kept them: Arabic script had none, the article none.
        old.get_model("people", "PersonNameKey").objects.create(person=latin, key="n:hassan")

        migrate_to()

        typed_now = Person.objects.get(pk=typed.pk)
        assert (typed_now.first_name_latin, typed_now.last_name_latin) == ("Fatmh", "Al Hsn")
        assert Person.objects.get(pk=latin.pk).first_name_latin == ""
        for person in (typed_now, Person.objects.get(pk=latin.pk)):
            keys = set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True))
            assert keys == name_keys(person.first_name, person.last_name)
    finally:
        migrate_to()
        Person.objects.all().delete()
