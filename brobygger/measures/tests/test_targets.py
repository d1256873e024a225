"""Administrators set each partnership's targets; the dashboard measures against those targets
and shows the funnel and the trend."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.measures.criteria import CRITERIA, targets_for
from brobygger.measures.models import CriterionTarget
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
    url = reverse("measures:targets", kwargs={"partnership_id": cast.partnership.pk})
    client.force_login(cast.ada)
    assert client.get(url).status_code == 200
    response = client.post(url, _targets_form(job="30"))
    assert response.status_code == 302
    assert targets_for(cast.partnership)["job"] == Decimal("0.30")
    dashboard = reverse("measures:criteria", kwargs={"partnership_id": cast.partnership.pk})
    client.force_login(cast.kim)
    page = client.get(dashboard).content.decode()
    assert "30&nbsp;%" in page


def test_a_wrong_target_is_refused_and_nothing_is_saved(client: Client, cast: Cast) -> None:
    url = reverse("measures:targets", kwargs={"partnership_id": cast.partnership.pk})
    client.force_login(cast.ada)
    response = client.post(url, _targets_form(job="30", company="120"))
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 100" in response.content.decode()
    assert not CriterionTarget.objects.exists()


@pytest.mark.parametrize("who", ["kim", "lene", "alice", "eva"])
def test_only_administrators_set_targets(client: Client, cast: Cast, who: str) -> None:
    client.force_login(getattr(cast, who))
    url = reverse("measures:targets", kwargs={"partnership_id": cast.partnership.pk})
    assert client.post(url, _targets_form(job="1")).status_code == 404
    assert not CriterionTarget.objects.exists()


def test_dashboard_shows_funnel_and_trend(client: Client, cast: Cast) -> None:
    client.force_login(cast.kim)
    url = reverse("measures:criteria", kwargs={"partnership_id": cast.partnership.pk})
    page = client.get(url).content.decode()
    for part in ('data-testid="funnel"', 'data-testid="trend"', 'data-chart="funnel-chart"'):
        assert part in page
    assert "Q1 2026" in page  # the quarter as a reader writes it (Danish: "1. kvartal 2026")
    assert 'data-testid="targets-link"' not in page  # the coordinator does not set targets
