"""Target groups on the figure pages: the chooser, the figures computed under a definition
and saying so, the definitions page with its form (a bad rule refused with the field named,
in Danish), and the re-screening button with its counts hidden from aggregate roles when
small."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.accounts.models import User
from brobygger.audit.models import AccessLogEntry
from brobygger.evaluation.models import ExtractRun
from brobygger.people.models import IntegrationPeriod, Person
from brobygger.people.tests.factories import PersonFactory
from brobygger.targetgroups.models import Screening, TargetGroupDefinition
from brobygger.targetgroups.tests.factories import TargetGroupDefinitionFactory
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


@pytest.fixture
def people(cast: Cast) -> list[Person]:
    """Seven people in Viborg, two of them in STAR's narrowed target group; six in Hedensted,
    one of them."""
    star = {"integration_period": IntegrationPeriod.COMPLETED, "known_in_municipal_systems": False}
    return [
        *(PersonFactory(municipality=cast.viborg, **star) for _i in range(2)),
        *(
            PersonFactory(municipality=cast.viborg, known_in_municipal_systems=True)
            for _i in range(5)
        ),
        PersonFactory(municipality=cast.hedensted, **star),
        *(PersonFactory(municipality=cast.hedensted) for _i in range(5)),
    ]


def _page(client: Client, user: User, name: str, cast: Cast, **params: str) -> str:
    client.force_login(user)
    url = reverse(name, kwargs={"partnership_id": cast.partnership.pk})
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _identified(page: str, municipality: str) -> str:
    found = re.search(r'data-testid="funnel".*?<tbody>(.*?)</tr>', page, re.S)
    assert found
    return found[1]


def test_the_dashboard_is_computed_under_the_chosen_definition_and_says_which(
    client: Client, cast: Cast, people: list[Person]
) -> None:
    star = TargetGroupDefinitionFactory(partnership=cast.partnership, star=True)
    everyone = _page(client, cast.lene, "measures:criteria", cast)
    assert "Everyone in the register" in everyone
    assert f'<option value="{star.pk}">' in everyone
    narrowed = _page(client, cast.lene, "measures:criteria", cast, definition=str(star.pk))
    assert "STAR&#x27;s præcisering, version 1" in narrowed
    assert "integration period is Integration programme completed" in narrowed
    assert f'<option value="{star.pk}" selected>' in narrowed
    # Viborg's lead sees her own people exactly: 7 identified, 2 under STAR's definition.
    assert ">7<" in _identified(everyone, "Viborg")
    assert ">2<" in _identified(narrowed, "Viborg") and ">7<" not in _identified(narrowed, "Viborg")
    # The figure's people follow the definition too.
    client.force_login(cast.lene)
    behind = client.get(
        reverse("measures:criteria-people", kwargs={"key": "job"}),
        {"municipality": cast.viborg.pk, "part": "denominator", "definition": star.pk},
    ).content.decode()
    listed = re.search(r'data-testid="criteria-people">(.*?)</ul>', behind, re.S)
    assert listed and listed[1].count("<li>") == 2


def test_a_definition_of_another_partnership_or_nonsense_is_a_404(
    client: Client, cast: Cast
) -> None:
    other = TargetGroupDefinitionFactory()
    other.partnership.municipalities.set([cast.hedensted])
    client.force_login(cast.kim)
    url = reverse("measures:criteria", kwargs={"partnership_id": cast.partnership.pk})
    for value in (str(other.pk), "x", "1 OR 1=1", "-1"):
        assert client.get(url, {"definition": value}).status_code == 404, value
    behind = reverse("measures:criteria-people", kwargs={"key": "job"})
    client.force_login(cast.lene)
    response = client.get(behind, {"municipality": cast.viborg.pk, "definition": other.pk})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "name", ["measures:methods", "reports:list", "evaluation:extract", "measures:target-groups"]
)
def test_every_figure_page_offers_the_chooser(
    client: Client, cast: Cast, people: list[Person], name: str
) -> None:
    star = TargetGroupDefinitionFactory(partnership=cast.partnership, star=True)
    user = cast.eva if name == "evaluation:extract" else cast.kim
    page = _page(client, user, name, cast, definition=str(star.pk))
    if name == "reports:list":
        return  # the list links to the reports, which carry the chooser (below)
    assert "STAR&#x27;s præcisering" in page


def test_the_report_and_its_downloads_say_which_definition(
    client: Client, cast: Cast, people: list[Person]
) -> None:
    star = TargetGroupDefinitionFactory(partnership=cast.partnership, star=True)
    client.force_login(cast.lene)
    kwargs = {"partnership_id": cast.partnership.pk, "quarter": "2026Q4", "scope": "791"}
    page = client.get(reverse("reports:detail", kwargs=kwargs), {"definition": star.pk})
    assert f"report.json?definition={star.pk}" in page.content.decode()
    data = json.loads(
        client.get(
            reverse("reports:export", kwargs={**kwargs, "fmt": "json"}), {"definition": star.pk}
        ).content
    )
    assert data["target_group"]["name"] == "STAR's præcisering"
    assert data["figures"]["people"]["identified_in_period"] == 2
    everyone = json.loads(
        client.get(reverse("reports:export", kwargs={**kwargs, "fmt": "json"})).content
    )
    assert everyone["target_group"] is None
    assert everyone["figures"]["people"]["identified_in_period"] == 7


def test_the_extract_holds_the_people_of_the_definition(
    client: Client, cast: Cast, people: list[Person]
) -> None:
    star = TargetGroupDefinitionFactory(partnership=cast.partnership, star=True)
    page = _page(client, cast.eva, "evaluation:extract", cast, definition=str(star.pk))
    assert "The extract holds 3 people" in page
    assert f'action="?definition={star.pk}"' in page

    url = reverse("evaluation:extract", kwargs={"partnership_id": cast.partnership.pk})
    client.post(f"{url}?definition={star.pk}", {"file_format": "csv"})
    run = ExtractRun.objects.get(requested_by=cast.eva)
    assert run.definition == star
    assert sum(run.people.values()) == 3
    status = client.get(
        reverse(
            "evaluation:extract-run",
            kwargs={"partnership_id": cast.partnership.pk, "extract_id": run.pk},
        )
    ).content.decode()
    assert "STAR&#x27;s præcisering, version 1" in status or "STAR's præcisering" in status


def test_the_coordinator_saves_a_definition_and_a_bad_rule_names_the_field_in_danish(
    client: Client, cast: Cast
) -> None:
    client.cookies["brobygger_language"] = "da"
    client.force_login(cast.kim)
    url = reverse("measures:target-group-new", kwargs={"partnership_id": cast.partnership.pk})
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {
            "name": "Ukendte",
            "valid_from": "01.07.2026",
            "field_1": "known_in_municipal_systems",
            "operator_1": "eq",
            "value_1": "måske",
        },
    )
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "feltet »kendt i kommunens systemer« skal være ja eller nej" in text
    assert not TargetGroupDefinition.objects.exists()
    unknown = client.post(
        url,
        {"name": "X", "valid_from": "01.07.2026", "field_1": "shoe_size", "operator_1": "eq"},
    )
    assert unknown.status_code == 200 and not TargetGroupDefinition.objects.exists()
    good = client.post(
        url,
        {
            "name": "STAR",
            "valid_from": "01.07.2026",
            "field_1": "integration_period",
            "operator_1": "eq",
            "value_1": "Integrationsprogrammet afsluttet",
            "field_2": "known_in_municipal_systems",
            "operator_2": "eq",
            "value_2": "nej",
        },
    )
    assert good.status_code == 302
    saved = TargetGroupDefinition.objects.get()
    assert saved.rule == [
        {"field": "integration_period", "operator": "eq", "value": "completed"},
        {"field": "known_in_municipal_systems", "operator": "eq", "value": False},
    ]
    again = client.get(url, {"from": saved.pk}).content.decode()
    assert 'value="STAR"' in again


@pytest.mark.parametrize("who", ["lene", "eva", "alice"])
def test_only_the_coordinator_defines_and_rescreens(client: Client, cast: Cast, who: str) -> None:
    definition = TargetGroupDefinitionFactory(partnership=cast.partnership)
    client.force_login(getattr(cast, who))
    kwargs = {"partnership_id": cast.partnership.pk}
    assert client.get(reverse("measures:target-group-new", kwargs=kwargs)).status_code == 404
    screen = reverse(
        "measures:target-group-screen", kwargs={**kwargs, "definition_id": definition.pk}
    )
    assert client.post(screen).status_code == 404
    assert not Screening.objects.exists()


def test_the_rescreening_counts_are_hidden_when_small_for_the_coordinator(
    client: Client, cast: Cast, people: list[Person]
) -> None:
    star = TargetGroupDefinitionFactory(partnership=cast.partnership, star=True)
    client.force_login(cast.kim)
    screen = reverse(
        "measures:target-group-screen",
        kwargs={"partnership_id": cast.partnership.pk, "definition_id": star.pk},
    )
    assert client.get(screen).status_code == 405
    assert client.post(screen).status_code == 302
    assert AccessLogEntry.objects.filter(object_type="targetgroups.screening").exists()
    coordinator = _page(client, cast.kim, "measures:target-groups", cast)
    table = coordinator[coordinator.index('data-testid="screening"') :]
    viborg = re.search(r"Viborg</th>(.*?)</tr>", table, re.S)
    assert viborg and ">&lt;5<" in viborg[1] and ">2<" not in viborg[1]
    # Viborg's lead sees her own municipality's exact counts: 2 inside, 5 outside.
    lead = _page(client, cast.lene, "measures:target-groups", cast)
    lead_table = lead[lead.index('data-testid="screening"') :]
    own = re.search(r"Viborg</th>(.*?)</tr>", lead_table, re.S)
    assert own and ">2<" in own[1] and ">5<" in own[1]
