"""The partner and volunteer pages: a record of another municipality is a 404 on every page
that names one, a page outside the role is a 404, and the lists, forms and actions work."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.accounts.models import User
from brobygger.accounts.tests.factories import UserFactory
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.partners.models import (
    ContactPerson,
    Mentorship,
    MentorshipStatus,
    Organisation,
    Referral,
    ReferralStatus,
    Visit,
)
from brobygger.partners.tests.factories import (
    MentorshipFactory,
    OrganisationFactory,
    ReferralFactory,
    VisitFactory,
    VolunteerFactory,
)
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


@pytest.fixture
def hedensted_coordinator(cast: Cast) -> User:
    """Hedensted's volunteer coordinator: Viborg's volunteers are not hers."""
    return UserFactory(volunteer_coordinator=True, municipality=cast.hedensted)


# Every page that names a record, with a record of Viborg: (URL name, argument, make, method).
VIBORG_RECORDS: list[tuple[str, str, Callable[[Cast], int], str]] = [
    ("partners:organisation", "organisation_id", lambda c: OrganisationFactory().pk, "get"),
    ("partners:organisation", "organisation_id", lambda c: OrganisationFactory().pk, "post"),
    ("partners:organisation-update", "organisation_id", lambda c: OrganisationFactory().pk, "get"),
    ("partners:volunteer-update", "volunteer_id", lambda c: VolunteerFactory().pk, "get"),
    ("partners:volunteer-update", "volunteer_id", lambda c: VolunteerFactory().pk, "post"),
    ("partners:refer", "person_id", lambda c: PersonFactory().pk, "get"),
    ("partners:refer", "person_id", lambda c: PersonFactory().pk, "post"),
    ("partners:referral-withdraw", "referral_id", lambda c: ReferralFactory().pk, "post"),
    ("partners:mentorship-end", "mentorship_id", lambda c: MentorshipFactory().pk, "post"),
]


@pytest.mark.parametrize(("name", "argument", "make", "method"), VIBORG_RECORDS)
def test_a_record_of_another_municipality_is_a_404(
    client: Client,
    cast: Cast,
    hedensted_coordinator: User,
    name: str,
    argument: str,
    make: Callable[[Cast], int],
    method: str,
) -> None:
    """Charlie (caseworker) and Hedensted's volunteer coordinator hold the page's permission
    in Hedensted; Viborg's record is a 404 to both, and nothing is changed."""
    url = reverse(name, kwargs={argument: make(cast)})
    before = (Referral.objects.filter(status=ReferralStatus.WAITING).count(), Visit.objects.count())

    for user in (cast.charlie, hedensted_coordinator):
        client.force_login(user)
        assert getattr(client, method)(url).status_code == 404, user

    assert before == (
        Referral.objects.filter(status=ReferralStatus.WAITING).count(),
        Visit.objects.count(),
    )
    assert not Mentorship.objects.filter(status=MentorshipStatus.ENDED).exists()


def test_a_page_outside_her_role_is_a_404(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)  # partners yes, volunteers no
    assert client.get(reverse("partners:list")).status_code == 200
    for name in ("partners:volunteer-list", "partners:volunteer-create", "partners:mentoring"):
        assert client.get(reverse(name)).status_code == 404, name
    client.force_login(cast.eva)  # the evaluator: neither
    assert client.get(reverse("partners:list")).status_code == 404
    client.force_login(cast.bob)  # the volunteer coordinator refers nobody
    assert client.get(reverse("partners:refer", args=[PersonFactory().pk])).status_code == 404


def test_the_partner_list_filters_and_ignores_unknown_filters(client: Client, cast: Cast) -> None:
    OrganisationFactory(name="Kvindernes Netværk", active=True)
    OrganisationFactory(name="Revisorhuset", company=True)
    OrganisationFactory(name="Hedensted Idræt", municipality=cast.hedensted)
    OrganisationFactory(name="Ny forening", pending=True)
    client.force_login(cast.alice)

    def listed(**query: str) -> list[str]:
        response = client.get(reverse("partners:list"), query)
        return [o.name for o in response.context["organisations"]]

    assert listed() == ["Kvindernes Netværk", "Revisorhuset"]
    assert listed(kind="company") == ["Revisorhuset"]
    assert listed(relationship="active", q="netværk") == ["Kvindernes Netværk"]
    assert listed(kind="<script>", relationship="nonsense") == listed()
    page = client.get(reverse("partners:list")).content.decode()
    assert "Sign-ups to review (1)" in page


def test_a_partner_is_created_and_changed_in_her_municipality(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    values = {"name": "Kvindernes Netværk", "kind": "association", "relationship": "prospect",
              "internship_places": 0, "mentor_slots": 0}  # fmt: skip

    created = client.post(reverse("partners:organisation-create"), values)
    club = Organisation.objects.get()
    changed = client.post(
        reverse("partners:organisation-update", args=[club.pk]),
        {**values, "relationship": "active", "municipality": cast.hedensted.pk},
    )

    club.refresh_from_db()
    assert created.status_code == changed.status_code == 302
    assert (club.municipality, club.relationship, club.created_by) == (
        cast.viborg,  # the municipality of a partner does not change
        "active",
        cast.alice,
    )


def test_a_visit_and_a_contact_person_are_recorded_on_the_partners_page(
    client: Client, cast: Cast
) -> None:
    club = OrganisationFactory()
    VisitFactory(organisation=club, next_step="Inviter til speeddating")
    url = reverse("partners:organisation", args=[club.pk])
    client.force_login(cast.alice)

    page = client.get(url)
    visit = client.post(
        url, {"form": "visit", "visit-visited_on": "23.11.2026", "visit-next_step": "Ring"}
    )
    future = client.post(url, {"form": "visit", "visit-visited_on": "24.11.2026"})
    contact = client.post(url, {"form": "contact", "contact-name": "Hodan Ali"})
    nameless = client.post(url, {"form": "contact", "contact-name": ""})

    assert "Inviter til speeddating" in page.content.decode()
    assert AccessLogEntry.objects.filter(
        user=cast.alice, action=AccessAction.VIEW, object_id=str(club.pk)
    ).exists()
    assert (visit.status_code, contact.status_code) == (302, 302)
    assert (future.status_code, nameless.status_code) == (400, 400)
    assert "The date cannot be in the future." in future.content.decode()
    assert Visit.objects.filter(organisation=club, visited_by=cast.alice).count() == 1
    assert list(ContactPerson.objects.values_list("name", flat=True)) == ["Hodan Ali"]


def test_the_volunteer_list_reminds_of_blocked_volunteers(client: Client, cast: Cast) -> None:
    VolunteerFactory(first_name="Birthe", last_name="")
    VolunteerFactory(first_name="Inge", last_name="", check_expired=True)
    VolunteerFactory(first_name="Lone", last_name="", untrained=True)
    VolunteerFactory(first_name="Pause", last_name="", paused=True)
    client.force_login(cast.bob)

    active = client.get(reverse("partners:volunteer-list"))
    paused = client.get(reverse("partners:volunteer-list"), {"status": "paused"})

    assert [row["volunteer"].first_name for row in active.context["rows"]] == [
        "Birthe",
        "Inge",
        "Lone",
    ]
    assert active.context["blocked_count"] == 2
    page = active.content.decode()
    assert "2 volunteers cannot get a mentee" in page
    assert "The criminal record check expired on 05.01.2026." in page
    assert [row["volunteer"].first_name for row in paused.context["rows"]] == ["Pause"]


def test_opening_a_volunteer_is_logged(client: Client, cast: Cast) -> None:
    volunteer = VolunteerFactory()
    MentorshipFactory(volunteer=volunteer, referral__first_name="Amina")
    client.force_login(cast.bob)

    page = client.get(reverse("partners:volunteer-update", args=[volunteer.pk]))

    assert "Amina" in page.content.decode()
    assert AccessLogEntry.objects.filter(
        user=cast.bob, action=AccessAction.VIEW, object_id=str(volunteer.pk)
    ).exists()


def test_the_actions_take_a_post_only(client: Client, cast: Cast) -> None:
    client.force_login(cast.bob)
    for url in (
        reverse("partners:referral-withdraw", args=[ReferralFactory().pk]),
        reverse("partners:mentorship-end", args=[MentorshipFactory().pk]),
        reverse("partners:proposal-decide"),
    ):
        assert client.get(url).status_code == 405, url
    decide = reverse("partners:proposal-decide")
    assert client.post(decide, {"volunteer": "x", "referral": "1"}).status_code == 404


def test_withdrawing_a_referral_and_ending_a_mentorship(client: Client, cast: Cast) -> None:
    referral = ReferralFactory()
    mentorship = MentorshipFactory()
    client.force_login(cast.bob)

    withdrawn = client.post(reverse("partners:referral-withdraw", args=[referral.pk]))
    end = reverse("partners:mentorship-end", args=[mentorship.pk])
    no_reason = client.post(end, follow=True)
    ended = client.post(end, {"reason": "goal_reached"})
    again = client.post(end, {"reason": "goal_reached"}, follow=True)

    referral.refresh_from_db()
    mentorship.refresh_from_db()
    mentorship.referral.refresh_from_db()
    assert withdrawn["Location"] == reverse("partners:mentoring")
    assert "Choose the reason." in no_reason.content.decode()
    assert ended["Location"].endswith(f"?municipality={cast.viborg.pk}")
    assert (referral.status, mentorship.status) == (ReferralStatus.WITHDRAWN, "ended")
    assert (mentorship.referral.status, mentorship.referral.reason) == ("ended", "goal_reached")
    assert "The mentorship has already ended." in again.content.decode()


def test_the_mentoring_page_of_another_municipality_is_a_404(
    client: Client, cast: Cast, hedensted_coordinator: User
) -> None:
    ReferralFactory(first_name="Amina")
    client.force_login(hedensted_coordinator)

    own = client.get(reverse("partners:mentoring"))
    other = client.get(reverse("partners:mentoring"), {"municipality": cast.viborg.pk})

    assert own.status_code == 200 and "Amina" not in own.content.decode()
    assert other.status_code == 404


def test_a_proposal_with_a_volunteer_of_another_municipality_is_a_404(
    client: Client, cast: Cast, hedensted_coordinator: User
) -> None:
    volunteer = VolunteerFactory()
    referral = ReferralFactory(person__municipality=cast.hedensted)
    client.force_login(hedensted_coordinator)

    response = client.post(
        reverse("partners:proposal-decide"),
        {"volunteer": volunteer.pk, "referral": referral.pk, "decision": "accept"},
    )

    assert response.status_code == 404
    assert not Mentorship.objects.exists()
