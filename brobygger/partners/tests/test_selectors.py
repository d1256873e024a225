"""The reads of partners, volunteers, referrals and mentorships: narrowed by the policy (a
municipality's records for her staff, every member municipality's for the coordinator), the
pending sign-ups kept out of the lists, and the filters."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from brobygger.accounts.tests.factories import UserFactory
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.partners import selectors
from brobygger.partners.models import OrganisationKind, Relationship, VolunteerStatus
from brobygger.partners.tests.factories import (
    DeclinedMatchFactory,
    MentorshipFactory,
    OrganisationFactory,
    ReferralFactory,
    VisitFactory,
    VolunteerFactory,
)
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


def _names(records: object) -> set[str]:
    return {str(record) for record in records}  # type: ignore[attr-defined]


def test_the_partner_list_holds_the_approved_partners_of_her_municipalities(cast: Cast) -> None:
    OrganisationFactory(name="Kvindernes Netværk")
    OrganisationFactory(name="Netto Viborg", company=True)
    OrganisationFactory(name="Ny forening", pending=True)
    OrganisationFactory(name="Afvist forening", rejected=True)
    OrganisationFactory(name="Hedensted Idræt", municipality=cast.hedensted)

    assert _names(selectors.organisation_list(user=cast.alice)) == {
        "Kvindernes Netværk",
        "Netto Viborg",
    }
    assert _names(selectors.organisation_list(user=cast.charlie)) == {"Hedensted Idræt"}
    # The coordinator works with the partners of every member municipality.
    assert _names(selectors.organisation_list(user=cast.kim)) == {
        "Kvindernes Netværk",
        "Netto Viborg",
        "Hedensted Idræt",
    }
    # A role without partners sees none, in any municipality.
    assert not selectors.organisation_list(user=cast.eva).exists()
    assert not selectors.organisation_list(user=UserFactory()).exists()


def test_the_partner_list_filters_and_counts_the_visits(cast: Cast) -> None:
    club = OrganisationFactory(
        name="Somalisk Kvindeforening",
        ethnic_association=True,
        active=True,
        needs_text="Hjælp til regnskabet",
    )
    VisitFactory.create_batch(2, organisation=club)
    OrganisationFactory(name="Revisorhuset", company=True, offers_text="Regnskab og bogføring")
    OrganisationFactory(name="Idrætsforeningen", activities="Fodbold for piger", ended=True)

    def listed(**filters: str) -> set[str]:
        return _names(selectors.organisation_list(user=cast.alice, **filters))

    assert listed(query="regnskab") == {"Somalisk Kvindeforening", "Revisorhuset"}
    assert listed(query="fodbold") == {"Idrætsforeningen"}
    assert listed(kind=OrganisationKind.COMPANY) == {"Revisorhuset"}
    assert listed(relationship=Relationship.ACTIVE) == {"Somalisk Kvindeforening"}
    assert listed(query="regnskab", kind=OrganisationKind.ETHNIC_ASSOCIATION) == {
        "Somalisk Kvindeforening"
    }
    counts = {o.name: o.visit_count for o in selectors.organisation_list(user=cast.alice)}
    assert counts == {"Somalisk Kvindeforening": 2, "Revisorhuset": 0, "Idrætsforeningen": 0}


def test_a_partner_of_another_municipality_is_a_404_and_the_refusal_is_logged(
    cast: Cast,
) -> None:
    theirs = OrganisationFactory(municipality=cast.hedensted)
    pending = OrganisationFactory(pending=True)

    assert selectors.organisation_get(user=cast.charlie, pk=theirs.pk) == theirs
    with pytest.raises(Http404):
        selectors.organisation_get(user=cast.alice, pk=theirs.pk)
    with pytest.raises(Http404):  # a sign-up is opened from the review queue only
        selectors.organisation_get(user=cast.alice, pk=pending.pk)

    assert AccessLogEntry.objects.filter(
        user=cast.alice, action=AccessAction.REFUSED, object_id=str(theirs.pk)
    ).exists()


def test_pending_sign_ups_are_the_reviewers_of_each_kind(cast: Cast) -> None:
    OrganisationFactory(name="Ny forening", pending=True)
    VolunteerFactory(first_name="Karen", last_name="", pending=True)
    OrganisationFactory(name="Hedensted forening", pending=True, municipality=cast.hedensted)

    organisations, volunteers = selectors.pending_signups(user=cast.bob)
    assert (_names(organisations), _names(volunteers)) == ({"Ny forening"}, {"Karen"})
    # A caseworker reviews partners, not volunteers (she does not manage them).
    organisations, volunteers = selectors.pending_signups(user=cast.alice)
    assert (_names(organisations), volunteers) == ({"Ny forening"}, [])


def test_the_volunteer_list_holds_approved_volunteers_by_status(cast: Cast) -> None:
    VolunteerFactory(first_name="Birthe", last_name="")
    VolunteerFactory(first_name="Inge", last_name="", paused=True)
    VolunteerFactory(first_name="Karen", last_name="", pending=True)
    VolunteerFactory(first_name="Lone", last_name="", municipality=cast.hedensted)

    assert _names(selectors.volunteer_list(user=cast.bob)) == {"Birthe", "Inge"}
    assert _names(selectors.volunteer_list(user=cast.bob, status=VolunteerStatus.PAUSED)) == {
        "Inge"
    }
    # Volunteers are the volunteer coordinator's and the lead's, not the caseworker's.
    assert not selectors.volunteer_list(user=cast.alice).exists()
    assert _names(selectors.volunteer_list(user=cast.lene)) == {"Birthe", "Inge"}
    with pytest.raises(Http404):
        selectors.volunteer_get(user=cast.bob, pk=VolunteerFactory(pending=True).pk)


def test_available_mentors_are_active_approved_with_a_free_place(cast: Cast) -> None:
    VolunteerFactory(first_name="Ledig", last_name="", max_mentees=2, active_mentees=1)
    VolunteerFactory(first_name="Fuld", last_name="", max_mentees=1, active_mentees=1)
    VolunteerFactory(first_name="Pause", last_name="", paused=True)
    VolunteerFactory(first_name="Ny", last_name="", pending=True)
    VolunteerFactory(first_name="Udløbet", last_name="", check_expired=True)  # matching decides
    VolunteerFactory(first_name="Hedensted", last_name="", municipality=cast.hedensted)

    mentors = selectors.available_mentors(user=cast.bob, municipality_id=cast.viborg.pk)

    assert _names(mentors) == {"Ledig", "Udløbet"}


def test_waiting_referrals_leave_out_matched_withdrawn_and_merged_records(cast: Cast) -> None:
    ReferralFactory(first_name="Amina")
    ReferralFactory(first_name="Matchet", matched=True)
    ReferralFactory(first_name="Trukket", withdrawn=True)
    ReferralFactory(first_name="Flettet", person=PersonFactory(merged=True))
    ReferralFactory(first_name="Hodan", person__municipality=cast.hedensted)

    waiting = selectors.waiting_referrals(user=cast.bob, municipality_id=cast.viborg.pk)

    assert _names(waiting) == {"Amina"}
    with pytest.raises(Http404):
        selectors.referral_get(
            user=cast.bob, pk=ReferralFactory(person__municipality=cast.hedensted).pk
        )


def test_mentorships_and_declined_pairs(cast: Cast) -> None:
    active = MentorshipFactory()
    MentorshipFactory(ended=True)
    MentorshipFactory(volunteer__municipality=cast.hedensted)
    declined = DeclinedMatchFactory()
    DeclinedMatchFactory(volunteer__municipality=cast.hedensted)

    assert len(selectors.mentorship_list(user=cast.bob)) == 2
    assert list(selectors.mentorship_list(user=cast.bob, active_on=date(2026, 11, 23))) == [active]
    assert selectors.declined_pairs(municipality_id=cast.viborg.pk) == {
        (declined.volunteer_id, declined.referral_id)
    }


def test_her_page_shows_her_mentors_and_referrals_to_whoever_sees_her(cast: Cast) -> None:
    person = PersonFactory(contacted=True)
    mentorship = MentorshipFactory(referral__person=person, volunteer__first_name="Birthe")
    ended = MentorshipFactory(referral__person=person, ended=True, started_on=date(2026, 9, 1))
    waiting = ReferralFactory(person=person)

    seen = selectors.person_mentoring(user=cast.alice, person=person)
    unseen = selectors.person_mentoring(user=cast.charlie, person=person)
    coordinator = selectors.person_mentoring(user=cast.bob, person=person)

    assert seen.mentorships == [mentorship, ended]
    assert seen.referrals == [waiting, ended.referral, mentorship.referral]
    assert (unseen.mentorships, unseen.referrals) == ([], [])
    # The volunteer coordinator never opens a person: nothing through her page either.
    assert (coordinator.mentorships, coordinator.referrals) == ([], [])
