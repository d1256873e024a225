"""The places a partner offers, used up and freed (``partners/places.py``): an internship
enrolment takes a place and its end frees it; a save that would overfill a partner is
refused by the database (a direct over-allocation raises IntegrityError) and the form says
why in Danish, with nothing half-saved; mentor slots follow the volunteers' mentorships."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from brobygger.interventions.models import Completion, Enrolment, InterventionType
from brobygger.interventions.services import EnrolmentData, enrolment_save
from brobygger.interventions.tests.factories import EnrolmentFactory
from brobygger.partners.models import Organisation
from brobygger.partners.places import CapacityExceeded
from brobygger.partners.services import mentorship_end
from brobygger.partners.tests.factories import (
    MentorshipFactory,
    OrganisationFactory,
    VolunteerFactory,
)
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


def _internship() -> InterventionType:
    return InterventionType.objects.get(name="Virksomhedspraktik")


def _company(cast: Cast, places: int) -> Organisation:
    return OrganisationFactory(municipality=cast.viborg, company=True, internship_places=places)


def _enrol(cast: Cast, partner: Organisation) -> Enrolment:
    return enrolment_save(
        actor=cast.alice,
        person=PersonFactory(municipality=cast.viborg),
        data=EnrolmentData(
            intervention_type=_internship(), started_on=date(2026, 10, 1), provider=partner
        ),
    )


def test_an_internship_takes_a_place_and_its_end_frees_it(cast: Cast) -> None:
    netto = _company(cast, places=2)

    first = _enrol(cast, netto)
    _enrol(cast, netto)
    netto.refresh_from_db()
    assert netto.places_used == 2

    enrolment_save(
        actor=cast.alice,
        person=first.person,
        data=EnrolmentData(
            intervention_type=_internship(),
            started_on=date(2026, 10, 1),
            provider=netto,
            ended_on=date(2026, 11, 1),
            completion=Completion.COMPLETED,
        ),
        enrolment=first,
        version=first.version,
    )
    netto.refresh_from_db()
    assert netto.places_used == 1
    # A language course is no internship: it takes no internship place.
    enrolment_save(
        actor=cast.alice,
        person=first.person,
        data=EnrolmentData(
            intervention_type=InterventionType.objects.get(name="Netværksmøde"),
            started_on=date(2026, 10, 1),
            provider=netto,
        ),
    )
    netto.refresh_from_db()
    assert netto.places_used == 1
    first.delete()
    Enrolment.objects.filter(provider=netto).exclude(ended_on__isnull=True).delete()
    netto.refresh_from_db()
    assert netto.places_used == 1


def test_a_full_partner_is_refused_by_the_database_and_nothing_is_saved(cast: Cast) -> None:
    netto = _company(cast, places=1)
    _enrol(cast, netto)

    with translation.override("da"), pytest.raises(CapacityExceeded, match="ledige pladser"):
        _enrol(cast, netto)
    assert Enrolment.objects.filter(provider=netto).count() == 1

    # The database itself refuses a counter above the offer, whoever writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=netto.pk).update(places_used=2)
    # And an offer below what is used cannot be saved.
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=netto.pk).update(internship_places=1, places_used=5)


def test_an_offer_of_nothing_holds_nothing_back(cast: Cast) -> None:
    school = _company(cast, places=0)
    for _ in range(3):
        _enrol(cast, school)
    school.refresh_from_db()
    assert (school.places_used, school.internship_places) == (3, 0)


def test_the_form_says_in_danish_that_the_partner_is_full(client: Client, cast: Cast) -> None:
    netto = _company(cast, places=1)
    EnrolmentFactory(
        person=PersonFactory(municipality=cast.viborg),
        intervention_type=_internship(),
        provider=netto,
        provider_note="",
    )
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.alice)

    response = client.post(
        reverse("interventions:person", kwargs={"person_id": person.pk}),
        {
            "form": "enrolment",
            "enrolment-intervention_type": str(_internship().pk),
            "enrolment-provider": str(netto.pk),
            "enrolment-started_on": "01.10.2026",
            "enrolment-completion": Completion.ONGOING,
        },
    )

    assert response.status_code == 400
    assert "har ikke flere ledige pladser" in response.content.decode()
    assert not Enrolment.objects.filter(person=person).exists()
    netto.refresh_from_db()
    assert netto.places_used == 1


def test_mentor_slots_follow_the_mentorships_of_the_partners_volunteers(cast: Cast) -> None:
    association = OrganisationFactory(municipality=cast.viborg, mentor_slots=1)
    volunteer = VolunteerFactory(municipality=cast.viborg, organisation=association, max_mentees=3)

    mentorship = MentorshipFactory(volunteer=volunteer)
    association.refresh_from_db()
    assert association.mentor_slots_used == 1

    with pytest.raises(CapacityExceeded), transaction.atomic():
        MentorshipFactory(volunteer=volunteer)

    mentorship_end(actor=cast.bob, mentorship=mentorship, ended_on=date(2026, 11, 1))
    association.refresh_from_db()
    assert association.mentor_slots_used == 0
