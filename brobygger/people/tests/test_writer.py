"""The one writer of people (people.services): what every new person has, however she came."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.outreach.models import OutreachActivity, OutreachMethod
from brobygger.people.models import LegalBasis, Person, PersonNameKey
from brobygger.people.services import (
    Consent,
    NewPerson,
    Origin,
    one_month_after,
    people_create,
    people_found_again,
    person_build,
    person_fill_blanks,
    person_register,
)
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def method() -> OutreachMethod:
    return OutreachMethod.objects.get(name="Bydelsmødre")


def test_a_list_of_people_is_written_with_all_a_new_person_has(
    cast: Cast, method: OutreachMethod
) -> None:
    today = timezone.localdate()
    people = [
        person_build(
            NewPerson(first_name=name, last_name="Warsame", cpr=cpr),
            municipality=cast.viborg,
            created_by=cast.alice,
            from_third_party=True,
        )
        for name, cpr in (("Hodan", "0101901234"), ("Xodan", ""))
    ]

    people_create(
        people, actor=None, origin=Origin(method=method, note="Sprogskolen", event_note="Liste")
    )

    hodan = Person.objects.get(first_name="Hodan")
    assert hodan.birth_date == date(1990, 1, 1)  # from the CPR number
    assert hodan.inform_due_on == one_month_after(today)  # art. 14: it did not come from her
    assert set(PersonNameKey.objects.filter(person=hodan).values_list("key", flat=True)) >= {
        "n:hodan",
        "n:warsame",
    }
    assert [(s.method, s.note) for s in hodan.sources.all()] == [(method, "Sprogskolen")]
    assert [(e.from_status, e.note) for e in hodan.status_events.all()] == [("", "Liste")]
    created = AccessLogEntry.objects.filter(action=AccessAction.CREATE)
    assert sorted(created.values_list("person_id", flat=True)) == sorted(p.pk for p in people)
    # Written in bulk: the change history does not start with a creation of each.
    assert not LogEntry.objects.get_for_object(hodan).exists()


def test_her_own_consent_is_her_legal_basis_and_owes_no_information(cast: Cast) -> None:
    day = date(2026, 3, 1)
    consent = Consent(given_on=day, method="public_form", language="th", scope="Kontakt")

    person = person_build(NewPerson(first_name="Malee"), municipality=cast.viborg, consent=consent)

    assert (person.legal_basis, person.consent_given_on, person.consent_language) == (
        LegalBasis.CONSENT,
        day,
        "th",
    )
    assert person.inform_due_on is None
    assert person.pk is None  # built, not saved


def test_blanks_are_filled_and_nothing_is_overwritten(cast: Cast, method: OutreachMethod) -> None:
    person = PersonFactory(first_name="Fatima", last_name="Al-Hassan", phone="+4520123456")
    version = person.version

    person_fill_blanks(
        person,
        NewPerson(first_name="Fatma", last_name="Alhassan", phone="+4522334455", city="Viborg"),
    )
    origin = Origin(method=method, note="Sprogskolen")
    people_found_again([person], actor=cast.alice, origin=origin)
    people_found_again([person], actor=cast.alice, origin=origin)  # the same list again

    person.refresh_from_db()
    assert (person.first_name, person.last_name, str(person.phone), person.city) == (
        "Fatima",
        "Al-Hassan",
        "+4520123456",
        "Viborg",
    )
    assert person.version == version + 1  # an edit form opened before conflicts
    assert person.sources.count() == 1


def test_a_registration_at_an_activity_belongs_to_its_municipality(
    cast: Cast, method: OutreachMethod
) -> None:
    activity = OutreachActivity.objects.create(
        municipality=cast.viborg, title="Café", planned_on=timezone.localdate(), method=method
    )

    person = person_register(actor=cast.alice, first_name="Nok", method=method, activity=activity)

    assert person.municipality == cast.viborg
    assert person.assigned_caseworker == cast.alice
    with pytest.raises(ValidationError) as refused:
        person_register(actor=cast.alice, first_name="Nok", method=method)
    assert "municipality" in refused.value.message_dict
