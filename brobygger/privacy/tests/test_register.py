"""The register of processing activities comes from the configuration, and is exportable."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.test import Client
from django.utils import translation

from brobygger.people.models import Person
from brobygger.privacy.models import RetentionRule
from brobygger.privacy.register import (
    ACTIVITIES,
    PERSON_BOOKKEEPING,
    PERSON_FIELD_CATEGORIES,
    processing_register,
)
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


def test_every_field_of_a_person_has_a_category() -> None:
    """A new field on Person must be placed in a category of the register (art. 30(1)(c))."""
    fields = {f.name for f in Person._meta.concrete_fields} - PERSON_BOOKKEEPING
    assert fields == set(PERSON_FIELD_CATEGORIES)


def test_every_named_model_exists() -> None:
    for activity in ACTIVITIES:
        for label in activity.models:
            apps.get_model(label)


def test_retention_and_recipients_come_from_the_configuration(cast: Cast) -> None:
    RetentionRule.objects.create(municipality=cast.viborg, after_last_activity_months=18)

    with translation.override("en"):
        register = processing_register(municipalities=[cast.viborg, cast.hedensted])

    outreach = next(a for a in register["activities"] if a["key"] == "outreach")
    assert any("Viborg" in line and "18 months" in line for line in outreach["retention"])
    assert any("Hedensted" in line and "24 months" in line for line in outreach["retention"])
    assert "Caseworker" in outreach["recipients"] and "Evaluator" not in outreach["recipients"]
    evaluation = next(a for a in register["activities"] if a["key"] == "evaluation")
    assert "LG Insight" in evaluation["recipients"]
    categories = {c["name"] for c in outreach["categories"]}
    assert "CPR number (databeskyttelsesloven § 11), encrypted" in categories


@pytest.mark.parametrize("username", ["lene", "ada"])
def test_page_pdf_and_json(client: Client, cast: Cast, username: str) -> None:
    client.force_login(getattr(cast, username))

    assert client.get("/privacy/register/").status_code == 200
    pdf = client.get("/privacy/register.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    document = json.loads(client.get("/privacy/register.json").content)
    assert len(document["activities"]) == len(ACTIVITIES)
    assert client.get("/privacy/register.xml").status_code == 404


def test_the_data_protection_officer_sees_the_records_and_the_log_but_no_person(
    client: Client, cast: Cast
) -> None:
    from brobygger.accounts.models import Membership, Role, User
    from brobygger.people.tests.factories import PersonFactory

    dpo = User.objects.create_user("dpo", password="x")
    Membership.objects.create(user=dpo, role=Role.DATA_PROTECTION_OFFICER, municipality=cast.viborg)
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(dpo)

    assert client.get("/privacy/").status_code == 200
    assert client.get("/privacy/register/").status_code == 200
    assert client.get("/audit/access-log/").status_code == 200
    assert client.get("/audit/access-log/volumes/").status_code == 200
    for url in (
        f"/people/{person.pk}/",
        "/people/",
        f"/privacy/people/{person.pk}/",
        "/privacy/retention/",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("username", ["alice", "bob", "kim", "eva", "charlie"])
def test_others_do_not_reach_the_privacy_records(client: Client, cast: Cast, username: str) -> None:
    client.force_login(getattr(cast, username))
    for url in ("/privacy/", "/privacy/register/", "/privacy/register.json"):
        assert client.get(url).status_code == 404


def test_security_measures_follow_the_two_factor_setting(cast: Cast) -> None:
    from brobygger.accounts.models import Role, TwoFactorRequirement

    with translation.override("en"):
        before = processing_register(municipalities=[cast.viborg])["security_measures"]
        TwoFactorRequirement.objects.create(role=Role.CASEWORKER, required=True)
        after = processing_register(municipalities=[cast.viborg])["security_measures"]

    assert any("no role requires it yet" in line for line in before)
    assert "Two-factor login (TOTP) is mandatory for: Caseworker." in after
