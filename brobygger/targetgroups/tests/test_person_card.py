"""Her page says whether she falls inside each partnership's target-group definition in force
today, and shows her marks at the re-screenings; staff who may not see her get no card."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.people.models import IntegrationPeriod
from brobygger.people.tests.factories import PersonFactory
from brobygger.targetgroups.tests.factories import (
    ScreeningFactory,
    ScreeningMarkFactory,
    TargetGroupDefinitionFactory,
)
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


def _card(client: Client, cast: Cast, person_id: int) -> str | None:
    client.cookies["brobygger_language"] = "en"
    client.force_login(cast.alice)
    response = client.get(reverse("people:detail", kwargs={"person_id": person_id}))
    assert response.status_code == 200
    found = re.search(
        r'data-testid="person-target-groups">(.*?)</div>\s*</div>',
        response.content.decode(),
        re.S,
    )
    return found[1] if found else None


def test_her_page_says_whether_she_is_inside_the_definition_in_force(
    client: Client, cast: Cast
) -> None:
    TargetGroupDefinitionFactory(partnership=cast.partnership, name="Alle", valid_from="2026-01-01")
    TargetGroupDefinitionFactory(partnership=cast.partnership, star=True)
    inside = PersonFactory(
        municipality=cast.viborg,
        integration_period=IntegrationPeriod.COMPLETED,
        known_in_municipal_systems=False,
    )
    outside = PersonFactory(municipality=cast.viborg, known_in_municipal_systems=True)

    card = _card(client, cast, inside.pk)
    assert card is not None
    assert re.search(r"Inside:\s*<strong>STAR&#x27;s præcisering</strong>", card)
    assert "Not re-screened yet." in card
    card = _card(client, cast, outside.pk)
    assert card is not None
    assert re.search(r"Outside:\s*<strong>STAR&#x27;s præcisering</strong>", card)


def test_her_marks_show_when_she_came_in_or_went_out(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    definition = TargetGroupDefinitionFactory(partnership=cast.partnership, star=True)
    earlier = ScreeningFactory(definition=definition, screened_on="2026-08-01")
    later = ScreeningFactory(definition=definition, screened_on="2026-11-23")
    ScreeningMarkFactory(screening=earlier, person=person, inside=True, was_inside=None)
    ScreeningMarkFactory(screening=later, person=person, inside=False, was_inside=True)

    card = _card(client, cast, person.pk)
    assert card is not None
    rows = re.findall(r'data-testid="target-group-mark">(.*?)</tr>', card, re.S)
    assert len(rows) == 2
    assert "Outside (went out)" in rows[0]
    assert "Inside" in rows[1] and "came in" not in rows[1]


def test_no_card_without_definitions_or_marks(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    assert _card(client, cast, person.pk) is None
