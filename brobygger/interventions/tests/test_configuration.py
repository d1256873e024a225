"""Administrators keep the intervention catalogue and the progression dimensions."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.interventions.models import InterventionType, ProgressionDimension
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


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
