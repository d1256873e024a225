"""Administrators keep the intervention catalogue, the progression dimensions and each
partnership's targets; the dashboard measures against those targets."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.interventions.criteria import CRITERIA, targets_for
from brobygger.interventions.models import CriterionTarget, InterventionType, ProgressionDimension
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


def _targets_form(**overrides: str) -> dict[str, str]:
    values = {c.key: str(int(c.target * 100)) for c in CRITERIA}
    return {**values, **overrides}


def test_targets_default_to_seed_004_and_can_be_set(client: Client, cast: Cast) -> None:
    assert targets_for(cast.partnership) == {
        "network": Decimal("0.50"),
        "job": Decimal("0.25"),
        "education": Decimal("0.10"),
        "company": Decimal("0.75"),
        "confidence": Decimal("0.75"),
    }
    url = reverse("interventions:targets", kwargs={"partnership_id": cast.partnership.pk})
    client.force_login(cast.ada)
    assert client.get(url).status_code == 200
    response = client.post(url, _targets_form(job="30"))
    assert response.status_code == 302
    assert targets_for(cast.partnership)["job"] == Decimal("0.30")
    dashboard = reverse("interventions:criteria", kwargs={"partnership_id": cast.partnership.pk})
    client.force_login(cast.kim)
    page = client.get(dashboard).content.decode()
    assert "30&nbsp;%" in page


def test_a_wrong_target_is_refused_and_nothing_is_saved(client: Client, cast: Cast) -> None:
    url = reverse("interventions:targets", kwargs={"partnership_id": cast.partnership.pk})
    client.force_login(cast.ada)
    response = client.post(url, _targets_form(job="30", company="120"))
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 100" in response.content.decode()
    assert not CriterionTarget.objects.exists()


@pytest.mark.parametrize("who", ["kim", "lene", "alice", "eva"])
def test_only_administrators_set_targets(client: Client, cast: Cast, who: str) -> None:
    client.force_login(getattr(cast, who))
    url = reverse("interventions:targets", kwargs={"partnership_id": cast.partnership.pk})
    assert client.post(url, _targets_form(job="1")).status_code == 404
    assert not CriterionTarget.objects.exists()


def test_administrator_keeps_the_catalogue(client: Client, cast: Cast) -> None:
    client.force_login(cast.ada)
    assert client.get(reverse("interventions:type-list")).status_code == 200
    response = client.post(
        reverse("interventions:type-create"),
        {
            "name": "Cykelkursus",
            "category": "citizenship",
            "network_oriented": "on",
            "position": "0",
        },
    )
    assert response.status_code == 302
    created = InterventionType.objects.get(name="Cykelkursus")
    assert created.network_oriented and not created.company_oriented
    # Switched off, not deleted.
    url = reverse("interventions:type-update", kwargs={"type_id": created.pk})
    client.post(url, {"name": "Cykelkursus", "category": "citizenship", "position": "0"})
    created.refresh_from_db()
    assert not created.is_active and not created.network_oriented

    dimension = ProgressionDimension.objects.first()
    assert dimension is not None
    url = reverse("interventions:dimension-update", kwargs={"dimension_id": dimension.pk})
    response = client.post(url, {"name": "", "position": "1"})
    assert response.status_code == 200  # the name is required: shown, nothing saved
    dimension.refresh_from_db()
    assert dimension.name


def test_caseworkers_cannot_change_the_catalogue(client: Client, cast: Cast) -> None:
    client.force_login(cast.lene)
    assert client.get(reverse("interventions:type-list")).status_code == 404
    response = client.post(
        reverse("interventions:type-create"), {"name": "X", "category": "citizenship"}
    )
    assert response.status_code == 404
    assert not InterventionType.objects.filter(name="X").exists()


def test_dashboard_shows_funnel_and_trend(client: Client, cast: Cast) -> None:
    client.force_login(cast.kim)
    url = reverse("interventions:criteria", kwargs={"partnership_id": cast.partnership.pk})
    page = client.get(url).content.decode()
    for part in ('data-testid="funnel"', 'data-testid="trend"', 'data-chart="funnel-chart"'):
        assert part in page
    assert "Q1 2026" in page  # the quarter as a reader writes it (Danish: "1. kvartal 2026")
    assert 'data-testid="targets-link"' not in page  # the coordinator does not set targets
