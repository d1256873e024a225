"""The criteria dashboard: counts for the partnership, people behind a figure only within
the viewer's access."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.interventions.models import Outcome, OutcomeKind
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


@pytest.fixture
def data(cast: Cast) -> None:
    viborg = [PersonFactory(first_name=f"Viborg{i}") for i in range(4)]
    Outcome.objects.create(
        person=viborg[0], kind=OutcomeKind.ORDINARY_JOB, started_on=date(2026, 9, 1)
    )
    PersonFactory(municipality=cast.hedensted, first_name="Hedensted")


def _dashboard(client: Client, cast: Cast) -> str:
    url = reverse("measures:criteria", kwargs={"partnership_id": cast.partnership.pk})
    response = client.get(url, {"start": "01.01.2026", "end": "23.11.2026"})
    assert response.status_code == 200
    return response.content.decode()


def test_coordinator_sees_counts_and_no_people(client: Client, cast: Cast, data: None) -> None:
    client.force_login(cast.kim)
    page = _dashboard(client, cast)
    assert 'data-testid="criteria-all"' in page
    assert "criteria/job/people/" not in page
    assert "—" in page  # nobody contacted: the company criterion has no rate
    people = reverse("measures:criteria-people", kwargs={"key": "job"})
    assert client.get(people, {"municipality": cast.viborg.pk}).status_code == 404


def test_lead_opens_the_people_behind_her_own_figures(
    client: Client, cast: Cast, data: None
) -> None:
    client.force_login(cast.lene)
    page = _dashboard(client, cast)
    assert f"municipality={cast.viborg.pk}&amp;part=numerator" in page
    assert f"municipality={cast.hedensted.pk}&amp;part=numerator" not in page

    people = reverse("measures:criteria-people", kwargs={"key": "job"})
    listing = client.get(
        people,
        {
            "municipality": cast.viborg.pk,
            "part": "numerator",
            "start": "01.01.2026",
            "end": "23.11.2026",
        },
    ).content.decode()
    assert "Viborg0" in listing and "Viborg1" not in listing
    assert client.get(people, {"municipality": cast.hedensted.pk}).status_code == 404


def test_caseworkers_have_no_dashboard(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    url = reverse("measures:criteria", kwargs={"partnership_id": cast.partnership.pk})
    assert client.get(url).status_code == 404


def _chart(page: str, chart_id: str) -> dict[str, Any]:
    match = re.search(rf'<script id="{chart_id}" type="application/json">(.*?)</script>', page)
    assert match, chart_id
    spec: dict[str, Any] = json.loads(match[1])
    return spec


def test_every_bar_has_its_whole_label_and_the_design_systems_colours(
    client: Client, cast: Cast, data: None
) -> None:
    from brobygger.core.charts import LABEL_LINE, PALETTE
    from brobygger.measures.criteria import CRITERIA

    client.force_login(cast.kim)
    url = reverse("measures:criteria", kwargs={"partnership_id": cast.partnership.pk})
    page = client.get(url).content.decode()
    for chart_id in ("criteria-chart", "funnel-chart", "trend-chart"):
        spec = _chart(page, chart_id)
        for dataset in spec["datasets"]:
            assert dataset["backgroundColor"] in PALETTE, chart_id
            assert dataset["borderColor"] == dataset["backgroundColor"]
        colours = [dataset["backgroundColor"] for dataset in spec["datasets"]]
        assert len(set(colours)) == len(colours), chart_id  # told apart
    criteria = _chart(page, "criteria-chart")
    assert criteria["horizontal"] is True
    # Each label in whole words on lines that fit beside the bar, nothing left out.
    assert [" ".join(lines) for lines in criteria["labels"]] == [
        str(criterion.title) for criterion in CRITERIA
    ]
    for lines in criteria["labels"]:
        assert all(len(line) <= LABEL_LINE or " " not in line for line in lines)
    assert any(len(lines) > 1 for lines in criteria["labels"])
