"""The writes of partners, visits, volunteers, referrals and mentorships: each checks the
permission in the record's municipality, refuses what must not be, and is in the history."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from brobygger.core.inputs import from_object
from brobygger.partners import services
from brobygger.partners.models import (
    DeclinedMatch,
    MentorshipStatus,
    ReferralStatus,
    Review,
    Volunteer,
)
from brobygger.partners.services import (
    ContactPersonData,
    OrganisationData,
    ReferralData,
    VisitData,
    VolunteerData,
)
from brobygger.partners.tests.factories import (
    MentorshipFactory,
    OrganisationFactory,
    ReferralFactory,
    VolunteerFactory,
    competences,
)
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The messages in English, as the tests match them."""
    with translation.override("en"):
        yield


# Partners, contacts and visits ----------------------------------------------------------------


def test_a_partner_is_saved_with_its_cvr_number_as_digits_and_its_competences(
    cast: Cast,
) -> None:
    saved = services.organisation_save(
        actor=cast.alice,
        municipality=cast.viborg,
        data=OrganisationData(
            **{
                "name": "Revisorhuset",
                "kind": "company",
                "cvr": "DK 13 58 56 28",
                "offers": competences("accounting"),
                "needs": [],
            }
        ),
    )

    saved.refresh_from_db()
    assert (saved.cvr, saved.municipality, saved.created_by) == (
        "13585628",
        cast.viborg,
        cast.alice,
    )
    assert [c.key for c in saved.offers.all()] == ["accounting"]
    assert LogEntry.objects.get_for_object(saved).filter(action=LogEntry.Action.CREATE).exists()


def test_a_partner_is_changed_in_its_own_municipality_only(cast: Cast) -> None:
    club = OrganisationFactory(name="Kvindernes Netværk")

    services.organisation_save(
        actor=cast.kim,  # the coordinator: every member municipality
        municipality=club.municipality,
        data=from_object(
            OrganisationData,
            club,
            **{"name": "Kvindernes Netværk Viborg", "relationship": "active"},
        ),
        organisation=club,
    )
    with pytest.raises(PermissionDenied):
        services.organisation_save(
            actor=cast.charlie,
            municipality=club.municipality,
            data=from_object(OrganisationData, club, name="Overtaget"),
            organisation=club,
        )

    club.refresh_from_db()
    assert (club.name, club.relationship) == ("Kvindernes Netværk Viborg", "active")


def test_a_company_without_its_cvr_number_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        services.organisation_save(
            actor=cast.alice,
            municipality=cast.viborg,
            data=OrganisationData(name="Netto", kind="company", cvr=""),
        )


def test_a_contact_person_and_a_visit_are_saved_for_the_partners_staff(cast: Cast) -> None:
    club = OrganisationFactory()

    contact = services.contact_person_save(
        actor=cast.bob,
        organisation=club,
        data=ContactPersonData(name="Hodan Ali", role="Formand"),
    )
    visit = services.visit_record(
        actor=cast.alice,
        organisation=club,
        data=VisitData(
            **{"visited_on": TODAY, "what_they_do": "Lektiecafé", "next_step": "Ring igen"}
        ),
    )

    assert list(club.contacts.all()) == [contact]
    assert (visit.visited_on, visit.visited_by, visit.organisation) == (TODAY, cast.alice, club)
    for write in (
        lambda: services.contact_person_save(
            actor=cast.charlie, organisation=club, data=ContactPersonData(name="X")
        ),
        lambda: services.visit_record(
            actor=cast.eva, organisation=club, data=VisitData(visited_on=TODAY)
        ),
    ):
        with pytest.raises(PermissionDenied):
            write()


def test_a_visit_cannot_lie_in_the_future(cast: Cast) -> None:
    with pytest.raises(ValidationError) as refused:
        services.visit_record(
            actor=cast.alice,
            organisation=OrganisationFactory(),
            data=VisitData(visited_on=date(2026, 11, 24)),
        )

    assert "visited_on" in refused.value.message_dict


# Reviews of public sign-ups ---------------------------------------------------------------------


def test_a_sign_up_is_decided_by_a_reviewer_of_its_kind(cast: Cast) -> None:
    club = OrganisationFactory(pending=True)
    volunteer = VolunteerFactory(pending=True)

    services.review_decide(actor=cast.alice, record=club, approve=True)
    with pytest.raises(PermissionDenied):  # a caseworker does not manage volunteers
        services.review_decide(actor=cast.alice, record=volunteer, approve=True)
    services.review_decide(actor=cast.bob, record=volunteer, approve=False)
    with pytest.raises(PermissionDenied):
        services.review_decide(actor=cast.charlie, record=club, approve=False)

    club.refresh_from_db()
    volunteer.refresh_from_db()
    assert (club.review, volunteer.review) == (Review.APPROVED, Review.REJECTED)


# Volunteers -------------------------------------------------------------------------------------


def test_a_volunteer_is_saved_with_her_skills(cast: Cast) -> None:
    saved = services.volunteer_save(
        actor=cast.bob,
        municipality=cast.viborg,
        data=VolunteerData(
            **{"first_name": "Birthe", "languages": "da", "skills": competences("job_search")}
        ),
    )

    assert (saved.created_by, [c.key for c in saved.skills.all()]) == (cast.bob, ["job_search"])
    with pytest.raises(PermissionDenied):
        services.volunteer_save(
            actor=cast.alice,
            municipality=cast.viborg,
            data=VolunteerData(first_name="Karen", languages="da"),
        )


def test_her_mentee_places_cannot_go_below_the_mentees_she_has(cast: Cast) -> None:
    volunteer = VolunteerFactory(max_mentees=3, active_mentees=2)

    with pytest.raises(ValidationError) as refused:
        services.volunteer_save(
            actor=cast.bob,
            municipality=cast.viborg,
            data=from_object(VolunteerData, volunteer, max_mentees=1),
            volunteer=volunteer,
        )
    services.volunteer_save(
        actor=cast.bob,
        municipality=cast.viborg,
        data=from_object(VolunteerData, volunteer, max_mentees=2),
        volunteer=volunteer,
    )

    assert "max_mentees" in refused.value.message_dict
    assert Volunteer.objects.get(pk=volunteer.pk).max_mentees == 2


def test_her_organisation_must_be_of_her_municipality(cast: Cast) -> None:
    theirs = OrganisationFactory(municipality=cast.hedensted)

    with pytest.raises(ValidationError) as refused:
        services.volunteer_save(
            actor=cast.bob,
            municipality=cast.viborg,
            data=VolunteerData(
                **{"first_name": "Birthe", "languages": "da", "organisation": theirs}
            ),
        )

    assert "organisation" in refused.value.message_dict
    assert not Volunteer.objects.exists()


# Referrals and mentorships ----------------------------------------------------------------------


def test_a_referral_copies_only_what_matching_needs_and_waits_once(cast: Cast) -> None:
    person = PersonFactory(first_name="Amina", contacted=True, phone="+4520123456")

    referral = services.referral_create(
        actor=cast.alice,
        person=person,
        data=ReferralData(
            **{"languages": "ar", "postal_code": "8800", "topics": competences("job_search")}
        ),
    )
    with pytest.raises(ValidationError, match="already waiting"):
        services.referral_create(actor=cast.alice, person=person, data=ReferralData(languages="ar"))
    with pytest.raises(PermissionDenied):  # the volunteer coordinator never opens a person
        services.referral_create(actor=cast.bob, person=person, data=ReferralData(languages="ar"))

    assert (referral.first_name, referral.referred_by, referral.status) == (
        "Amina",
        cast.alice,
        ReferralStatus.WAITING,
    )
    assert [c.key for c in referral.topics.all()] == ["job_search"]


def test_a_referral_is_withdrawn_by_the_volunteer_coordinator(cast: Cast) -> None:
    referral = ReferralFactory()

    with pytest.raises(PermissionDenied):
        services.referral_withdraw(actor=cast.alice, referral=referral)
    services.referral_withdraw(actor=cast.bob, referral=referral)

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN
    # Withdrawn, she may be referred again.
    services.referral_create(
        actor=cast.alice, person=referral.person, data=ReferralData(languages="ar")
    )


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("in another municipality", "different municipalities"),
        ("matched", "no longer waiting"),
        ("withdrawn", "no longer waiting"),
    ],
)
def test_a_mentorship_is_refused_for_a_referral_that_does_not_fit(
    cast: Cast, state: str, message: str
) -> None:
    referral = (
        ReferralFactory(person__municipality=cast.hedensted)
        if state == "in another municipality"
        else ReferralFactory(**{state: True})
    )
    volunteer = VolunteerFactory()

    with pytest.raises(services.MatchRefused, match=message):
        services.mentorship_start(
            actor=cast.lene, volunteer=volunteer, referral=referral, today=TODAY
        )

    volunteer.refresh_from_db()
    assert volunteer.active_mentees == 0


def test_a_mentorship_starts_and_ends_and_gives_the_place_back(cast: Cast) -> None:
    volunteer = VolunteerFactory(max_mentees=1)
    referral = ReferralFactory()

    mentorship = services.mentorship_start(
        actor=cast.bob, volunteer=volunteer, referral=referral, score=0.7, today=TODAY
    )
    referral.refresh_from_db()
    assert (volunteer.active_mentees, referral.status) == (1, ReferralStatus.MATCHED)
    assert mentorship.started_on == TODAY

    with pytest.raises(ValidationError):  # the end cannot be before the start
        services.mentorship_end(actor=cast.bob, mentorship=mentorship, ended_on=date(2026, 11, 1))
    with pytest.raises(PermissionDenied):
        services.mentorship_end(actor=cast.alice, mentorship=mentorship, ended_on=TODAY)
    services.mentorship_end(actor=cast.bob, mentorship=mentorship, ended_on=TODAY)
    with pytest.raises(ValidationError, match="already ended"):
        services.mentorship_end(actor=cast.bob, mentorship=mentorship, ended_on=TODAY)

    mentorship.refresh_from_db()
    volunteer.refresh_from_db()
    assert (mentorship.status, mentorship.ended_on) == (MentorshipStatus.ENDED, TODAY)
    assert volunteer.active_mentees == 0


def test_an_ended_mentorship_never_gives_back_a_place_twice(cast: Cast) -> None:
    mentorship = MentorshipFactory(volunteer__max_mentees=2, volunteer__active_mentees=1)
    other = MentorshipFactory(volunteer=mentorship.volunteer, ended=True)

    services.mentorship_end(actor=cast.bob, mentorship=mentorship, ended_on=TODAY)
    with pytest.raises(ValidationError):
        services.mentorship_end(actor=cast.bob, mentorship=other, ended_on=TODAY)

    assert Volunteer.objects.get(pk=mentorship.volunteer_id).active_mentees == 0


def test_a_declined_proposal_is_recorded_once_and_in_its_municipality(cast: Cast) -> None:
    volunteer, referral = VolunteerFactory(), ReferralFactory()

    services.proposal_decline(actor=cast.bob, volunteer=volunteer, referral=referral)
    services.proposal_decline(actor=cast.bob, volunteer=volunteer, referral=referral)
    with pytest.raises(ValidationError, match="different municipalities"):
        services.proposal_decline(
            actor=cast.bob,
            volunteer=volunteer,
            referral=ReferralFactory(person__municipality=cast.hedensted),
        )
    with pytest.raises(PermissionDenied):
        services.proposal_decline(actor=cast.charlie, volunteer=volunteer, referral=referral)

    declined = DeclinedMatch.objects.get()
    assert (declined.volunteer, declined.referral, declined.declined_by) == (
        volunteer,
        referral,
        cast.bob,
    )
