"""Referrals that come back: a referral's status moves (sent → accepted or declined →
started → ended), each move kept with its day, reason and author; her caseworker sees it on
her page and in her work list, and the volunteer coordinator counts declines and ends."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from brobygger.cases.models import Task, TaskSource
from brobygger.partners import services
from brobygger.partners.models import ReferralEvent, ReferralReason, ReferralStatus
from brobygger.partners.tests.factories import (
    MentorshipFactory,
    OrganisationFactory,
    ReferralEventFactory,
    ReferralFactory,
    VolunteerFactory,
)
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]

TODAY = date(2026, 11, 23)


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


def _move(cast: Cast, referral: object, status: str, **kwargs: object) -> ReferralEvent:
    data = services.ReferralStatusData(status=status, occurred_on=TODAY, **kwargs)  # type: ignore[arg-type]
    return services.referral_status_set(actor=cast.bob, referral=referral, data=data)  # type: ignore[arg-type]


def test_a_referral_to_a_partner_moves_through_its_statuses_with_a_history(cast: Cast) -> None:
    partner = OrganisationFactory(name="Kvindernes Netværk")
    person = PersonFactory(contacted=True, assigned_caseworker=cast.alice)
    referral = services.referral_create(
        actor=cast.alice,
        person=person,
        data=services.ReferralData(languages="ar", target=partner, note="Vil gerne lære at cykle"),
    )

    _move(cast, referral, ReferralStatus.ACCEPTED, follow_up_on=date(2026, 12, 7))
    _move(cast, referral, ReferralStatus.MATCHED)
    _move(cast, referral, ReferralStatus.ENDED, reason=ReferralReason.GOAL_REACHED, note="Cykler")

    referral.refresh_from_db()
    history = [(e.status, e.reason, e.recorded_by) for e in referral.events.all()]
    assert (referral.status, referral.reason) == ("ended", "goal_reached")
    assert referral.follow_up_on == date(2026, 12, 7)
    assert history == [
        ("waiting", "", cast.alice),
        ("accepted", "", cast.bob),
        ("matched", "", cast.bob),
        ("ended", "goal_reached", cast.bob),
    ]


@pytest.mark.parametrize(
    ("status", "extra", "message"),
    [
        (ReferralStatus.DECLINED, {}, "Choose the reason."),
        (ReferralStatus.ACCEPTED, {}, "Write the day agreed to follow up."),
        (ReferralStatus.ENDED, {"reason": "goal_reached"}, "cannot become ended"),
        (ReferralStatus.DECLINED, {"reason": "not-a-reason"}, "Choose the reason."),
    ],
)
def test_a_move_without_its_reason_or_out_of_order_is_refused(
    cast: Cast, status: str, extra: dict[str, str], message: str
) -> None:
    referral = ReferralFactory()

    with translation.override("en"), pytest.raises(ValidationError, match=message):
        _move(cast, referral, status, **extra)

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WAITING
    assert not referral.events.exists()


def test_only_the_volunteer_coordinator_of_her_municipality_records_answers(cast: Cast) -> None:
    referral = ReferralFactory()
    data = services.ReferralStatusData(
        status=ReferralStatus.DECLINED, occurred_on=TODAY, reason=ReferralReason.NO_CAPACITY
    )

    for outsider in (cast.alice, cast.charlie):
        with pytest.raises(PermissionDenied):
            services.referral_status_set(actor=outsider, referral=referral, data=data)

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WAITING


def test_a_mentorship_starts_and_ends_the_referral_with_a_reason(cast: Cast) -> None:
    volunteer = VolunteerFactory()
    referral = ReferralFactory(referred_by=cast.alice)

    mentorship = services.mentorship_start(actor=cast.bob, volunteer=volunteer, referral=referral)
    services.mentorship_end(
        actor=cast.bob, mentorship=mentorship, ended_on=TODAY, reason=ReferralReason.MOVED
    )

    referral.refresh_from_db()
    assert [e.status for e in referral.events.all()] == ["matched", "ended"]
    assert (referral.status, referral.reason) == ("ended", "moved")


def test_a_declined_ended_or_accepted_referral_is_a_task_for_who_referred_her(
    cast: Cast,
) -> None:
    person = PersonFactory(contacted=True)
    declined = ReferralFactory(person=person, referred_by=cast.alice)
    accepted = ReferralFactory(person=person, referred_by=cast.alice, to_partner=True)
    started = ReferralFactory(person=person, referred_by=cast.alice, to_partner=True)

    _move(cast, declined, ReferralStatus.DECLINED, reason=ReferralReason.NO_CAPACITY)
    _move(cast, accepted, ReferralStatus.ACCEPTED, follow_up_on=date(2026, 12, 14))
    _move(cast, started, ReferralStatus.MATCHED)

    tasks = {t.referral_id: t for t in Task.objects.filter(source=TaskSource.REFERRAL)}
    assert set(tasks) == {declined.pk, accepted.pk}
    assert tasks[declined.pk].assignee == cast.alice
    assert tasks[declined.pk].due_on == TODAY
    assert "er afvist: Ingen ledig plads eller mentor" in tasks[declined.pk].title
    assert tasks[accepted.pk].due_on == date(2026, 12, 14)
    assert tasks[accepted.pk].person == person


def test_no_task_when_nobody_in_her_municipality_referred_her(cast: Cast) -> None:
    referral = ReferralFactory(referred_by=cast.charlie)

    _move(cast, referral, ReferralStatus.DECLINED, reason=ReferralReason.NOT_SUITABLE)

    assert not Task.objects.filter(referral=referral).exists()


def test_her_page_shows_the_mentor_with_contact_and_the_referral_history(
    client: Client, cast: Cast
) -> None:
    person = PersonFactory(contacted=True)
    mentorship = MentorshipFactory(
        referral__person=person,
        volunteer__first_name="Birthe",
        volunteer__last_name="Nielsen",
        volunteer__phone="+4512345678",
    )
    ReferralEventFactory(referral=mentorship.referral, status="matched")
    declined = ReferralFactory(person=person, declined=True, to_partner=True)
    ReferralEventFactory(referral=declined, declined=True)
    client.force_login(cast.alice)

    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()

    assert "Mentor: Birthe Nielsen" in page and "+4512345678" in page
    assert f"Referred to {declined.target}: Declined" in page
    assert "She said no" in page


def test_her_work_list_shows_the_referrals_she_sent_under_way(client: Client, cast: Cast) -> None:
    open_one = ReferralFactory(referred_by=cast.alice, accepted=True, to_partner=True)
    ReferralFactory(referred_by=cast.alice, declined=True)
    ReferralFactory(person__first_name="Someone", person__last_name="Else")
    client.force_login(cast.alice)

    page = client.get(reverse("start:home")).content.decode()

    assert 'data-testid="work-referrals"' in page
    assert str(open_one.person) in page and str(open_one.target) in page
    assert "Someone Else" not in page


def test_the_overview_counts_declines_and_ends_by_reason_and_records_answers(
    client: Client, cast: Cast
) -> None:
    ReferralFactory.create_batch(2, declined=True)
    ReferralFactory(ended=True)
    waiting = ReferralFactory(first_name="Amina", referred_by=cast.alice)
    client.force_login(cast.bob)

    page = client.get(reverse("partners:referrals")).content.decode()
    saved = client.post(
        reverse("partners:referral-status", args=[waiting.pk]),
        {"status": "declined", "occurred_on": "23.11.2026", "reason": "she_declined"},
    )
    refused = client.post(
        reverse("partners:referral-status", args=[waiting.pk]),
        {"status": "accepted", "occurred_on": "23.11.2026"},
        follow=True,
    )

    waiting.refresh_from_db()
    assert "No free place or mentor" in page and "Goal reached" in page and "Amina" in page
    assert saved.status_code == 302 and waiting.status == "declined"
    assert "cannot become accepted" in refused.content.decode()


def test_the_overview_and_answers_of_another_municipality_are_a_404(
    client: Client, cast: Cast
) -> None:
    referral = ReferralFactory(first_name="Amina")
    client.force_login(cast.charlie)

    other = client.get(reverse("partners:referrals"), {"municipality": cast.viborg.pk})
    answer = client.post(
        reverse("partners:referral-status", args=[referral.pk]),
        {"status": "declined", "occurred_on": "23.11.2026", "reason": "she_declined"},
    )

    referral.refresh_from_db()
    assert (other.status_code, answer.status_code) == (404, 404)
    assert referral.status == "waiting"


def test_a_caseworker_refers_her_to_a_partner_of_her_municipality_only(
    client: Client, cast: Cast
) -> None:
    person = PersonFactory(contacted=True)
    partner = OrganisationFactory(name="Kvindernes Netværk")
    elsewhere = OrganisationFactory(municipality=cast.hedensted, name="Hedensted Forening")
    client.force_login(cast.alice)
    url = reverse("partners:refer", args=[person.pk])

    form = client.get(url).content.decode()
    refused = client.post(url, {"target": elsewhere.pk, "languages": "ar"})
    sent = client.post(url, {"target": partner.pk, "languages": "ar", "note": "Cykling"})

    referral = person.referrals.get()
    assert "Kvindernes Netværk" in form and "Hedensted Forening" not in form
    assert refused.status_code == 200
    assert sent.status_code == 302
    assert (referral.target, referral.referred_by) == (partner, cast.alice)
    assert [e.status for e in referral.events.all()] == ["waiting"]
