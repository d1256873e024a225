"""The staff's review queue: pending sign-ups show nowhere else, approval and rejection, and
who may decide on what."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import translation

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.partners import selectors as partner_selectors
from brobygger.partners import services as partner_services
from brobygger.partners.forms import VolunteerForm
from brobygger.partners.matching import mentor_proposals, partner_proposals
from brobygger.partners.models import (
    ContactPerson,
    Organisation,
    Review,
    Volunteer,
    VolunteerStatus,
)
from brobygger.people.tests.factories import PersonFactory
from brobygger.signup import selectors
from brobygger.signup.models import Signup
from brobygger.signup.questionnaire import answered
from brobygger.testing import Cast

from .helpers import sign_up

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


def _pending_volunteer(client: Client) -> Volunteer:
    assert sign_up(client, "volunteer").status_code == 200
    return Volunteer.objects.get(review=Review.PENDING)


def _pending_association(client: Client) -> Organisation:
    assert sign_up(client, "association").status_code == 200
    return Organisation.objects.get(review=Review.PENDING, kind="ethnic_minority_association")


def _pending_company(client: Client) -> Organisation:
    assert sign_up(client, "company").status_code == 200
    return Organisation.objects.get(review=Review.PENDING, kind="company")


def _decide(client: Client, record: Organisation | Volunteer, decision: str) -> Any:
    if isinstance(record, Volunteer):
        url = reverse("signup:volunteer-review", kwargs={"pending_volunteer_id": record.pk})
    else:
        url = reverse("signup:organisation-review", kwargs={"pending_organisation_id": record.pk})
    return client.post(url, {"decision": decision})


def _ready_to_mentor(volunteer: Volunteer) -> None:
    """What the volunteer coordinator registers before a volunteer can get a mentee."""
    Volunteer.objects.filter(pk=volunteer.pk).update(
        status=VolunteerStatus.ACTIVE,
        trained_on=date(2026, 1, 10),
        record_check_on=date(2026, 1, 5),
        languages="da, ar",
    )


def test_a_pending_volunteer_shows_nowhere_until_approved(client: Client, cast: Cast) -> None:
    volunteer = _pending_volunteer(client)
    # Even when everything else is in order, a pending volunteer is never proposed.
    _ready_to_mentor(volunteer)
    partner_services.referral_create(
        actor=cast.alice,
        person=PersonFactory(municipality=cast.viborg, first_name="Amina", gender="female"),
        data=partner_services.ReferralData(languages="ar", postal_code="8800"),
    )

    def proposed() -> list[Volunteer]:
        volunteers = partner_selectors.available_mentors(
            user=cast.bob, municipality_id=cast.viborg.pk
        )
        referrals = partner_selectors.waiting_referrals(
            user=cast.bob, municipality_id=cast.viborg.pk
        )
        return [p.volunteer for p in mentor_proposals(
            volunteers=volunteers, referrals=referrals, today=TODAY
        )]  # fmt: skip

    assert list(partner_selectors.volunteer_list(user=cast.bob)) == []
    assert proposed() == []
    client.force_login(cast.bob)
    listing = client.get(reverse("partners:volunteer-list"), {"status": ""}).content.decode()
    assert "Birthe" not in listing
    mentoring = client.get(reverse("partners:mentoring"), {"propose": "1"}).content.decode()
    assert "Birthe" not in mentoring

    response = _decide(client, volunteer, "approve")

    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.review == Review.APPROVED
    assert list(partner_selectors.volunteer_list(user=cast.bob)) == [volunteer]
    assert proposed() == [volunteer]
    assert AccessLogEntry.objects.filter(
        user=cast.bob, action=AccessAction.CHANGE, object_id=str(volunteer.pk)
    ).exists()


def test_an_approved_volunteer_starts_as_applied(client: Client, cast: Cast) -> None:
    volunteer = _pending_volunteer(client)
    client.force_login(cast.bob)

    response = client.post(
        reverse("signup:volunteer-review", kwargs={"pending_volunteer_id": volunteer.pk}),
        {"decision": "approve"},
        follow=True,
    )

    assert "Register the record check and the mentor training" in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.APPLIED
    assert volunteer.signup.consent_text  # the consent is kept as long as the volunteer is


def test_pending_partners_show_nowhere_until_approved(client: Client, cast: Cast) -> None:
    association = _pending_association(client)
    company = _pending_company(client)

    assert list(partner_selectors.organisation_list(user=cast.alice)) == []
    pairs, csr = partner_proposals(partner_selectors.organisation_list(user=cast.alice))
    assert pairs == csr == []
    client.force_login(cast.alice)
    assert "Somalisk" not in client.get(reverse("partners:list")).content.decode()
    assert "Somalisk" not in client.get(reverse("partners:matches")).content.decode()
    # Not among the organisations a volunteer can be attached to either.
    form = VolunteerForm(user=cast.bob)
    assert list(form.fields["organisation"].queryset) == []  # type: ignore[attr-defined]

    _decide(client, association, "approve")
    _decide(client, company, "approve")

    assert set(partner_selectors.organisation_list(user=cast.alice)) == {association, company}
    pairs, csr = partner_proposals(partner_selectors.organisation_list(user=cast.alice))
    assert [{p.left, p.right} for p in csr] == [{association, company}]
    assert "Somalisk" in client.get(reverse("partners:list")).content.decode()


def test_the_queue_shows_everything_with_the_answers(client: Client, cast: Cast) -> None:
    association = _pending_association(client)
    volunteer = _pending_volunteer(client)
    client.force_login(cast.lene)  # municipal lead: partners and volunteers

    response = client.get(reverse("signup:review"))

    page = response.content.decode()
    assert response.status_code == 200
    assert f'data-testid="pending-organisation-{association.pk}"' in page
    assert f'data-testid="pending-volunteer-{volunteer.pk}"' in page
    assert "What would the association like to get out of a cooperation with a company?" in page
    assert "Hjælp til at få styr på foreningens økonomi" in page
    assert "Hodan Ali" in page and "+4520123457" in page
    assert "birthe@example.org" in page and "tigrinya" in page
    assert "Viborg Kommune" in page  # the consent text as it was given
    assert "/frivillig/791/" in page and "/samarbejde/791/" in page
    for record in (association, volunteer):
        assert AccessLogEntry.objects.filter(
            user=cast.lene, action=AccessAction.VIEW, object_id=str(record.pk)
        ).exists()


def test_one_sign_up_on_its_own_page(client: Client, cast: Cast) -> None:
    company = _pending_company(client)
    client.force_login(cast.alice)

    url = reverse("signup:organisation-review", kwargs={"pending_organisation_id": company.pk})
    page = client.get(url).content.decode()

    assert "Revisorhuset Viborg" in page and "13585628" in page
    assert "Which core competences could your employees offer an association?" in page


def test_a_rejected_volunteer_is_deleted(client: Client, cast: Cast) -> None:
    volunteer = _pending_volunteer(client)
    pk = volunteer.pk
    assert LogEntry.objects.get_for_object(volunteer).exists()
    client.force_login(cast.bob)

    response = _decide(client, volunteer, "reject")

    assert response.status_code == 302
    assert not Volunteer.objects.filter(pk=pk).exists()
    assert not Signup.objects.exists()
    # Data minimisation: no copy of her fields stays in the change history either ...
    assert not LogEntry.objects.filter(object_pk=str(pk), content_type__model="volunteer").exists()
    # ... while the access log keeps who decided, when, on which record (without content).
    decided = AccessLogEntry.objects.filter(user=cast.bob, object_id=str(pk))
    assert {AccessAction.CHANGE, AccessAction.DELETE} <= set(
        decided.values_list("action", flat=True)
    )


def test_a_rejected_partner_is_deleted_with_its_contact_person(client: Client, cast: Cast) -> None:
    association = _pending_association(client)
    client.force_login(cast.alice)

    response = _decide(client, association, "reject")

    assert response.status_code == 302
    assert not Organisation.objects.exists()
    assert not ContactPerson.objects.exists()
    assert not Signup.objects.exists()
    page = client.get(reverse("signup:review")).content.decode()
    assert "is rejected, and its information is deleted" in page


def test_a_decided_sign_up_is_gone_from_the_queue(client: Client, cast: Cast) -> None:
    volunteer = _pending_volunteer(client)
    client.force_login(cast.bob)
    _decide(client, volunteer, "approve")

    assert _decide(client, volunteer, "reject").status_code == 404
    volunteer.refresh_from_db()
    assert volunteer.review == Review.APPROVED
    assert (
        f"pending-volunteer-{volunteer.pk}"
        not in client.get(reverse("signup:review")).content.decode()
    )


def test_an_unknown_decision_is_refused(client: Client, cast: Cast) -> None:
    volunteer = _pending_volunteer(client)
    client.force_login(cast.bob)

    assert _decide(client, volunteer, "maybe").status_code == 400
    volunteer.refresh_from_db()
    assert volunteer.review == Review.PENDING


def test_a_caseworker_reviews_partners_but_not_volunteers(client: Client, cast: Cast) -> None:
    volunteer = _pending_volunteer(client)
    association = _pending_association(client)
    client.force_login(cast.alice)

    page = client.get(reverse("signup:review")).content.decode()

    assert f"pending-organisation-{association.pk}" in page
    assert "Birthe" not in page and 'data-testid="pending-volunteers"' not in page
    assert _decide(client, volunteer, "approve").status_code == 404
    volunteer.refresh_from_db()
    assert volunteer.review == Review.PENDING


def test_another_municipality_gets_404(client: Client, cast: Cast) -> None:
    volunteer = _pending_volunteer(client)
    association = _pending_association(client)
    client.force_login(cast.charlie)

    page = client.get(reverse("signup:review")).content.decode()

    assert "Somalisk" not in page and "Birthe" not in page
    for record in (volunteer, association):
        assert _decide(client, record, "approve").status_code == 404
    url = reverse("signup:organisation-review", kwargs={"pending_organisation_id": association.pk})
    assert client.get(url).status_code == 404
    assert Organisation.objects.get().review == Review.PENDING
    assert AccessLogEntry.objects.filter(
        user=cast.charlie, action=AccessAction.REFUSED, object_id=str(association.pk)
    ).exists()


@pytest.mark.parametrize("who", ["eva", "ada"])
def test_without_a_partner_or_volunteer_role_the_queue_is_404(
    client: Client, cast: Cast, who: str
) -> None:
    client.force_login(getattr(cast, who))

    assert client.get(reverse("signup:review")).status_code == 404


def test_the_public_needs_to_log_in_for_the_queue(client: Client, cast: Cast) -> None:
    volunteer = _pending_volunteer(client)

    assert client.get(reverse("signup:review")).status_code == 302
    assert _decide(client, volunteer, "approve").status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.review == Review.PENDING


def test_the_partner_and_volunteer_lists_link_to_the_queue(client: Client, cast: Cast) -> None:
    _pending_volunteer(client)
    _pending_association(client)
    client.force_login(cast.lene)

    for name in ("partners:list", "partners:volunteer-list"):
        page = client.get(reverse(name)).content.decode()
        link = page.split('data-testid="signup-review-link"')[1].split("</a>")[0]
        assert "(2)" in link, name
    assert selectors.pending_count(user=cast.lene) == 2
    assert selectors.pending_count(user=cast.alice) == 1  # partners only
    assert selectors.pending_count(user=cast.charlie) == 0


def test_answers_to_questions_no_longer_asked_still_show() -> None:
    with translation.override("en"):
        rows = answered("association", {"teaser": "Kom og vær med", "wish": "", "old": "Svar"})

        labels = [str(question) for question, _answer in rows]

    assert labels == ["Your invitation to a company in two or three sentences", "old"]
