"""The staff attitude survey of seed 001: anonymous answers, one per person, and results per job
centre only for a closed round with at least five answers."""

from __future__ import annotations

import importlib
import json
import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models
from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from brobygger.accounts.models import Membership, Role, User
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.core.inputs import from_object
from brobygger.knowledge import services
from brobygger.knowledge.models import (
    Archetype,
    Survey,
    SurveyParticipation,
    SurveyPick,
    SurveyResponse,
    SurveyStatement,
)
from brobygger.knowledge.selectors import survey_results
from brobygger.knowledge.statements import SEED_001_STATEMENTS
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]

TODAY = date(2026, 11, 23)


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


@pytest.fixture
def survey(cast: Cast) -> Survey:
    return services.survey_create(
        actor=cast.lene,
        municipality=cast.viborg,
        data=services.SurveyData(
            title="Holdninger, efterår",
            opens_on=TODAY - timedelta(days=7),
            closes_on=TODAY + timedelta(days=7),
        ),
    )


def _staff(cast: Cast, count: int) -> list[User]:
    users = []
    for number in range(count):
        user = User.objects.create_user(username=f"staff{number}", password="x")
        Membership.objects.create(user=user, role=Role.CASEWORKER, municipality=cast.viborg)
        users.append(user)
    return users


def _answer(user: User, survey: Survey, placement: int = 5, day: date = TODAY) -> None:
    statements = list(survey.statements.order_by("position"))
    services.survey_answer(
        actor=user,
        survey=survey,
        most_agreed=statements[:2],
        least_agreed=statements[7:8],
        self_placement=placement,
        today=day,
    )


def _url(name: str, survey: Survey) -> str:
    return reverse(f"knowledge:{name}", kwargs={"survey_id": survey.pk})


def test_an_answer_stores_no_one_and_no_time() -> None:
    """The anonymity is in the schema: no user, no timestamp, no ordered key on the answer."""
    for model in (SurveyResponse, SurveyPick):
        fields = model._meta.get_fields()
        assert not any(f.is_relation and f.related_model is User for f in fields), model
        assert not any(isinstance(f, models.DateField | models.DateTimeField) for f in fields)
        assert isinstance(model._meta.pk, models.UUIDField)
    # And the participation has nothing that points to the answer.
    participation = SurveyParticipation._meta.get_fields()
    assert not any(
        f.is_relation and f.related_model in (SurveyResponse, SurveyPick) for f in participation
    )
    assert not any(isinstance(f, models.DateTimeField) for f in participation)


def test_a_round_gets_seed_001s_statements(survey: Survey) -> None:
    statements = list(survey.statements.values_list("text", "archetype"))
    assert statements == [(text, str(archetype)) for text, archetype in SEED_001_STATEMENTS]
    assert 6 <= len(statements) <= 9
    assert {archetype for _text, archetype in statements} == {a.value for a in Archetype}


def test_staff_answer_once(client: Client, cast: Cast, survey: Survey) -> None:
    statements = list(survey.statements.order_by("position"))
    client.force_login(cast.bob)  # a volunteer coordinator is staff of the job centre too
    url = _url("survey-answer", survey)
    page = client.get(url).content.decode()
    assert statements[0].text in page and "without your name" in page
    assert page.count('class="form-checkbox"') == 18 and page.count('type="radio"') == 7

    response = client.post(
        url,
        {
            "most_agreed": [statements[0].pk, statements[2].pk],
            "least_agreed": [statements[1].pk],
            "self_placement": "6",
        },
    )

    assert response.status_code == 302
    answer = SurveyResponse.objects.get()
    assert answer.self_placement == 6
    assert sorted(answer.picks.values_list("statement__position", "kind")) == [
        (1, "most"),
        (2, "least"),
        (3, "most"),
    ]
    assert SurveyParticipation.objects.get().user == cast.bob
    # The access log has the participation, never the answer.
    logged = AccessLogEntry.objects.filter(user=cast.bob, action=AccessAction.CREATE)
    assert list(logged.values_list("object_type", flat=True)) == ["knowledge.surveyparticipation"]
    assert not AccessLogEntry.objects.filter(object_id=str(answer.pk)).exists()
    # A second answer is refused, through the page and through the service.
    client.post(
        url,
        {
            "most_agreed": [statements[3].pk],
            "least_agreed": [statements[4].pk],
            "self_placement": "1",
        },
    )
    assert client.get(url).status_code == 302
    with pytest.raises(ValidationError):
        _answer(cast.bob, survey)
    assert SurveyResponse.objects.count() == 1 and SurveyPick.objects.count() == 3


def test_a_refused_answer_leaves_no_participation(cast: Cast, survey: Survey) -> None:
    statements = list(survey.statements.order_by("position"))
    with pytest.raises(ValidationError) as error:
        services.survey_answer(
            actor=cast.alice,
            survey=survey,
            most_agreed=statements[:4],
            least_agreed=statements[:1],
            self_placement=4,
            today=TODAY,
        )
    assert "most_agreed" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.survey_answer(
            actor=cast.alice,
            survey=survey,
            most_agreed=statements[:1],
            least_agreed=statements[:1],
            self_placement=4,
            today=TODAY,
        )
    assert "least_agreed" in error.value.message_dict
    assert not SurveyParticipation.objects.exists() and not SurveyResponse.objects.exists()


def test_only_the_municipalitys_staff_answer_an_open_round(
    client: Client, cast: Cast, survey: Survey
) -> None:
    with pytest.raises(PermissionDenied):
        _answer(cast.charlie, survey)
    with pytest.raises(PermissionDenied):
        _answer(cast.kim, survey)  # the coordinator is not job-centre staff
    with pytest.raises(ValidationError):
        _answer(cast.alice, survey, day=TODAY + timedelta(days=8))
    client.force_login(cast.kim)
    assert client.get(_url("survey-answer", survey)).status_code == 404
    client.force_login(cast.charlie)
    for name in ("survey-detail", "survey-answer", "survey-update"):
        assert client.get(_url(name, survey)).status_code == 404, name
    client.force_login(cast.eva)
    assert client.get(_url("survey-detail", survey)).status_code == 404


def test_results_wait_for_the_close_and_five_answers(
    client: Client, cast: Cast, survey: Survey, time_machine: TimeMachineFixture
) -> None:
    staff = _staff(cast, 4)
    for number, user in enumerate(staff):
        _answer(user, survey, placement=number + 2)
    client.force_login(cast.lene)

    # Open, 4 answers: too few.
    page = client.get(_url("survey-detail", survey)).content.decode()
    assert 'data-testid="too-few"' in page and 'data-testid="statement-results"' not in page
    # Open, 5 answers: still not shown while the round runs.
    _answer(cast.alice, survey, placement=7)
    page = client.get(_url("survey-detail", survey)).content.decode()
    assert 'data-testid="not-closed"' in page and "5 answers so far" in page
    assert 'data-testid="statement-results"' not in page
    assert not survey_results(survey=survey, today=TODAY).shown

    # Closed with 5 answers: the aggregate, with a chart and its table.
    time_machine.move_to(datetime(2026, 12, 1, 12, tzinfo=ZoneInfo("Europe/Copenhagen")))
    client.force_login(cast.lene)  # a week later: a new session
    page = client.get(_url("survey-detail", survey)).content.decode()
    assert 'data-testid="statement-results"' in page and 'data-chart="placement-chart"' in page
    assert "chartjs/chart.umd.min.js" in page
    results = survey_results(survey=survey, today=date(2026, 12, 1))
    assert results.shown and results.response_count == 5
    first = results.statements[0]
    assert (first.most, first.least) == (5, 0)
    assert results.statements[7].least == 5
    assert results.placements == [(1, 0), (2, 1), (3, 1), (4, 1), (5, 1), (6, 0), (7, 1)]
    assert results.mean_placement == pytest.approx(4.2)
    spec = page[page.index('id="placement-chart"') :]
    spec = json.loads(spec[spec.index(">") + 1 : spec.index("</script>")])
    assert spec["datasets"][0]["data"] == [0, 1, 1, 1, 1, 0, 1]
    # The partnership's coordinator reads it too; a caseworker does not.
    client.force_login(cast.kim)
    assert (
        'data-testid="statement-results"'
        in client.get(_url("survey-detail", survey)).content.decode()
    )
    client.force_login(cast.alice)
    page = client.get(_url("survey-detail", survey)).content.decode()
    assert 'data-testid="survey-results"' not in page and "You have answered" in page


def test_a_closed_round_with_four_answers_stays_hidden(cast: Cast, survey: Survey) -> None:
    for user in _staff(cast, 4):
        _answer(user, survey)
    results = survey_results(survey=survey, today=TODAY + timedelta(days=30))
    assert results.closed and results.too_few and not results.shown
    assert results.statements == [] and results.placements == []


def test_lead_opens_a_round_and_cannot_change_it_once_closed(
    client: Client, cast: Cast, survey: Survey
) -> None:
    client.force_login(cast.alice)
    assert client.get(reverse("knowledge:survey-create")).status_code == 404
    client.force_login(cast.lene)
    response = client.post(
        reverse("knowledge:survey-create"),
        {"title": "Forår", "opens_on": "01.12.2026", "closes_on": "15.12.2026"},
    )
    assert response.status_code == 302
    created = Survey.objects.get(title="Forår")
    assert created.municipality == cast.viborg and created.statements.count() == 9

    closed = Survey.objects.create(
        municipality=cast.viborg,
        title="Gammel",
        opens_on=date(2026, 1, 1),
        closes_on=date(2026, 2, 1),
    )
    response = client.post(
        _url("survey-update", closed),
        {"title": "Genåbnet", "opens_on": "01.01.2026", "closes_on": "31.12.2026"},
    )
    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.closes_on == date(2026, 2, 1)
    with pytest.raises(ValidationError):
        services.survey_update(
            actor=cast.lene,
            survey=closed,
            data=from_object(services.SurveyData, closed, closes_on=date(2026, 12, 31)),
        )


def test_start_page_invites_to_answer(client: Client, cast: Cast, survey: Survey) -> None:
    client.force_login(cast.alice)
    page = client.get(reverse("knowledge:home")).content.decode()
    assert 'data-testid="surveys-to-answer"' in page and _url("survey-answer", survey) in page
    _answer(cast.alice, survey)
    page = client.get(reverse("knowledge:home")).content.decode()
    assert 'data-testid="surveys-to-answer"' not in page
    client.force_login(cast.charlie)
    assert (
        _url("survey-answer", survey) not in client.get(reverse("knowledge:home")).content.decode()
    )


def test_statements_belong_to_their_survey(cast: Cast, survey: Survey) -> None:
    other = services.survey_create(
        actor=cast.lene,
        municipality=cast.viborg,
        data=services.SurveyData(title="Anden", opens_on=TODAY, closes_on=TODAY),
    )
    foreign = SurveyStatement.objects.filter(survey=other)[:1]
    with pytest.raises(ValidationError):
        services.survey_answer(
            actor=cast.alice,
            survey=survey,
            most_agreed=list(foreign),
            least_agreed=list(survey.statements.all()[:1]),
            self_placement=3,
            today=TODAY,
        )


def _physical_order() -> list[int]:
    """The answers' placements in the order the database keeps the rows."""
    column = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT self_placement FROM knowledge_surveyresponse ORDER BY {column}"  # noqa: S608
        )
        return [row[0] for row in cursor.fetchall()]


def test_neither_ids_nor_row_order_nor_times_follow_the_respondents(
    cast: Cast, survey: Survey, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A seeded shuffle keeps the test repeatable; production's comes from secrets.
    monkeypatch.setattr(services, "_shuffle", random.Random(2).shuffle)
    staff = _staff(cast, 7)
    arrival = list(range(1, 8))  # each respondent places herself by her turn

    _answer(staff[0], survey, placement=1)
    first_ids = set(SurveyResponse.objects.values_list("id", flat=True))
    first_pick_ids = set(SurveyPick.objects.values_list("id", flat=True))
    for placement, user in zip(arrival[1:], staff[1:], strict=True):
        _answer(user, survey, placement=placement)

    physical = _physical_order()
    assert sorted(physical) == arrival
    assert physical not in (arrival, arrival[::-1])
    # Every answer got new random ids at every later answer: no id says who came first.
    ids = list(SurveyResponse.objects.values_list("id", flat=True))
    assert all(answer_id.version == 4 for answer_id in ids)
    assert not first_ids & set(ids)
    assert not first_pick_ids & set(SurveyPick.objects.values_list("id", flat=True))
    # What is stored of when: the day, the same for all who answered that day.
    assert set(SurveyParticipation.objects.values_list("answered_on", flat=True)) == {TODAY}
    # The answers are all there, with their picks.
    assert SurveyPick.objects.count() == 7 * 3
    assert sorted(SurveyResponse.objects.values_list("self_placement", flat=True)) == arrival


def test_the_migration_rewrites_existing_answers(cast: Cast, survey: Survey) -> None:
    statements = list(survey.statements.order_by("position"))
    for placement in range(1, 8):
        response = SurveyResponse.objects.create(survey=survey, self_placement=placement)
        SurveyPick.objects.create(response=response, statement=statements[0], kind="most")
    before = set(SurveyResponse.objects.values_list("id", flat=True))
    migration = importlib.import_module(
        "brobygger.knowledge.migrations.0003_rewrite_survey_answers_in_random_order"
    )

    migration.rewrite_answers(django_apps, None)

    after = SurveyResponse.objects.all()
    assert not before & {response.pk for response in after}
    assert sorted(response.self_placement for response in after) == list(range(1, 8))
    assert all(response.picks.count() == 1 for response in after)
