"""A partner's answers to the sign-up questionnaire stay on its page after approval, and
staff edit them there (issue 17, point 6)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.accounts.tests.factories import UserFactory
from brobygger.partners.models import Review
from brobygger.partners.tests.factories import OrganisationFactory
from brobygger.signup.models import Signup
from brobygger.signup.services import signup_decide
from brobygger.signup.tests.factories import SignupFactory
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


def test_the_answers_show_after_approval_and_staff_edit_them(client: Client, cast: Cast) -> None:
    signup = SignupFactory(
        association=True,
        answers={"wish": "Hjælp til regnskabet", "teaser": "Vi er 40 kvinder", "old": "Gammelt"},
    )
    organisation = signup.organisation
    assert organisation is not None
    signup_decide(actor=cast.alice, record=organisation, approve=True)
    client.force_login(cast.alice)
    detail = reverse("partners:organisation", args=[organisation.pk])

    page = client.get(detail).content.decode()
    assert "Hjælp til regnskabet" in page and "Vi er 40 kvinder" in page

    url = reverse("signup:partner-answers", args=[organisation.pk])
    refused = client.post(url, {"wish": "", "competences": "Regnskab"})
    assert refused.status_code == 400
    saved = client.post(
        url,
        {"wish": "Hjælp til afrapportering", "competences": "Regnskab", "teaser": "Kom og mød os"},
    )
    assert saved.status_code == 302
    signup.refresh_from_db()
    assert signup.answers == {
        "old": "Gammelt",
        "wish": "Hjælp til afrapportering",
        "competences": "Regnskab",
        "teaser": "Kom og mød os",
    }
    assert "Kom og mød os" in client.get(detail).content.decode()


def test_a_partner_without_a_sign_up_has_no_answers_page(client: Client, cast: Cast) -> None:
    organisation = OrganisationFactory()
    client.force_login(cast.alice)
    assert client.get(reverse("signup:partner-answers", args=[organisation.pk])).status_code == 404
    assert (
        "Answers to the questionnaire"
        not in client.get(reverse("partners:organisation", args=[organisation.pk])).content.decode()
    )


def test_another_municipality_s_partner_is_a_404(client: Client, cast: Cast) -> None:
    signup = SignupFactory(association=True, organisation__review=Review.APPROVED)
    outsider = UserFactory(caseworker=True, municipality=cast.hedensted)
    client.force_login(outsider)
    url = reverse("signup:partner-answers", args=[signup.organisation_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {"wish": "Andet", "competences": "Andet"}).status_code == 404
    assert Signup.objects.get().answers == {"wish": "Hjælp til regnskabet"}
