"""Capacity building for ethnic-minority associations (``partners/capacity.py``): a plan with
a key adviser, courses attended, expectation points and action items with status."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from brobygger.accounts.tests.factories import UserFactory
from brobygger.partners import capacity
from brobygger.partners.models import CapacityAction, CapacityBuilding, CapacityCourse
from brobygger.partners.tests.factories import (
    CapacityActionFactory,
    CapacityBuildingFactory,
    OrganisationFactory,
)
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


def test_a_plan_with_courses_expectations_and_actions(client: Client, cast: Cast) -> None:
    association = OrganisationFactory(ethnic_association=True)
    url = reverse("partners:capacity", args=[association.pk])
    client.force_login(cast.alice)

    assert client.post(
        url,
        {"form": "building", "building-key_adviser": cast.alice.pk,
         "building-started_on": "01.09.2026"},
    ).status_code == 302  # fmt: skip
    assert client.post(
        url,
        {"form": "course", "course-title": "Fondsansøgninger", "course-attended_on": "06.10.2026",
         "course-participants": "4"},
    ).status_code == 302  # fmt: skip
    assert client.post(
        url,
        {"form": "expectation", "expectation-text": "Vi mødes hver måned",
         "expectation-agreed_on": "15.09.2026"},
    ).status_code == 302  # fmt: skip
    assert client.post(
        url,
        {"form": "action", "action-title": "Søg Integrationspuljen",
         "action-responsible": "Formand", "action-due_on": "15.12.2026", "action-status": "open"},
    ).status_code == 302  # fmt: skip
    action = CapacityAction.objects.get()
    assert (
        client.post(
            url, {"form": "action_status", "action": action.pk, "status": "done"}
        ).status_code
        == 302
    )
    action.refresh_from_db()
    assert action.status == "done"
    building = CapacityBuilding.objects.get()
    assert building.key_adviser == cast.alice
    page = client.get(url).content.decode()
    for text in ("Fondsansøgninger", "Vi mødes hver måned", "Søg Integrationspuljen", "Alice"):
        assert text in page
    detail = client.get(reverse("partners:organisation", args=[association.pk])).content.decode()
    assert 'data-testid="capacity-link"' in detail


@pytest.mark.parametrize(
    ("form", "values", "message"),
    [
        ("course", {"course-title": "Regnskab", "course-attended_on": "01.08.2026",
                    "course-participants": "1"}, "before the capacity building started"),
        ("course", {"course-title": "Regnskab", "course-attended_on": "01.12.2026",
                    "course-participants": "1"}, "in the future"),
        ("action", {"action-title": "Vedtægter", "action-due_on": "01.08.2026",
                    "action-status": "open"}, "before the capacity building started"),
    ],
)  # fmt: skip
def test_dates_out_of_order_are_refused(
    client: Client, cast: Cast, form: str, values: dict[str, str], message: str
) -> None:
    building = CapacityBuildingFactory()  # started 1 September 2026
    client.force_login(cast.alice)
    response = client.post(
        reverse("partners:capacity", args=[building.organisation_id]), {"form": form, **values}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CapacityCourse.objects.exists() and not CapacityAction.objects.exists()


def test_the_key_adviser_is_staff_of_its_municipality(cast: Cast) -> None:
    association = OrganisationFactory(ethnic_association=True)
    with pytest.raises(ValidationError, match="work with partners in its municipality"):
        capacity.building_save(
            actor=cast.alice,
            organisation=association,
            data=capacity.BuildingData(key_adviser=cast.charlie, started_on=date(2026, 9, 1)),
        )
    with pytest.raises(ValidationError, match="for associations"):
        capacity.building_save(
            actor=cast.alice,
            organisation=OrganisationFactory(company=True),
            data=capacity.BuildingData(key_adviser=None, started_on=date(2026, 9, 1)),
        )
    assert not CapacityBuilding.objects.exists()


def test_another_municipality_s_association_is_a_404(client: Client, cast: Cast) -> None:
    action = CapacityActionFactory()
    outsider = UserFactory(caseworker=True, municipality=cast.hedensted)
    url = reverse("partners:capacity", args=[action.building.organisation_id])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert (
        client.post(
            url, {"form": "action_status", "action": action.pk, "status": "done"}
        ).status_code
        == 404
    )
    action.refresh_from_db()
    assert action.status == "open"


def test_a_company_has_no_capacity_page(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    company = OrganisationFactory(company=True)
    assert client.get(reverse("partners:capacity", args=[company.pk])).status_code == 404
