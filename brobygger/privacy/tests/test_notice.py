"""The privacy notice (art. 13) the public form links to, generated from the configuration."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from brobygger.outreach.models import MunicipalityProfile, OutreachActivity, OutreachMethod
from brobygger.privacy.models import RetentionRule
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(cast: Cast) -> OutreachActivity:
    return OutreachActivity.objects.create(
        municipality=cast.viborg,
        title="Plakater",
        planned_on=timezone.localdate(),
        method=OutreachMethod.objects.first(),
        campaign_code="abcdefgh",
        campaign_active=True,
    )


def test_the_notice_names_the_controller_the_dpo_purposes_rights_and_retention(
    client: Client, cast: Cast, activity: OutreachActivity
) -> None:
    MunicipalityProfile.objects.create(
        municipality=cast.viborg,
        controller_address="Prinsens Allé 5, 8800 Viborg",
        controller_email="jobcenter@viborg.example",
        dpo_name="Dorte Databeskytter",
        dpo_email="dpo@viborg.example",
    )
    RetentionRule.objects.create(
        municipality=cast.viborg, never_contacted_months=7, after_last_activity_months=30
    )

    response = client.get(reverse("privacy:notice", kwargs={"code": "abcdefgh"}), {"lang": "en"})
    page = response.content.decode()

    assert response.status_code == 200
    controller = page.split('data-testid="controller"')[1].split("</p>")[0]
    assert "Viborg Kommune" in controller and "Prinsens Allé 5, 8800 Viborg" in controller
    dpo = page.split('data-testid="dpo"')[1].split("</p>")[0]
    assert "Dorte Databeskytter" in dpo and "dpo@viborg.example" in dpo
    assert "Find and contact citizens" in page  # the register's purpose
    assert "after 7 months" in page and "30 months after" in page
    for article in ("art. 15", "art. 16", "art. 17", "art. 18", "art. 21", "art. 7(3)", "art. 77"):
        assert article in page
    assert "Datatilsynet" in page


def test_the_notice_is_in_danish_by_default_and_says_who_to_ask_without_a_dpo(
    client: Client, activity: OutreachActivity
) -> None:
    page = client.get(reverse("privacy:notice", kwargs={"code": "abcdefgh"})).content.decode()

    assert '<html lang="da" dir="ltr">' in page
    assert "Dine rettigheder" in page
    assert "databeskyttelsesrådgiver" in page.split('data-testid="dpo"')[1].split("</p>")[0]


def test_an_unknown_or_switched_off_campaign_has_no_notice(
    client: Client, activity: OutreachActivity
) -> None:
    assert client.get(reverse("privacy:notice", kwargs={"code": "zzzzzzzz"})).status_code == 404
    activity.campaign_active = False
    activity.save()
    assert client.get(reverse("privacy:notice", kwargs={"code": "abcdefgh"})).status_code == 404
