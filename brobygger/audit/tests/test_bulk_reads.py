"""Bulk reads of people (searches, list pages, exports, the people behind a figure) are logged
per municipality, so each municipality's lead and data protection officer see every read of her
people and nobody else sees what was searched for there (issue 21, item 1)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.accounts.models import Membership, Role, User
from brobygger.accounts.tokens import api_token_create
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.audit.selectors import access_log_list, access_volumes
from brobygger.evaluation.models import ExtractRun
from brobygger.interventions.models import Outcome, OutcomeKind
from brobygger.outreach.models import LetterTemplate
from brobygger.people.models import Person
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import PASSWORD, SUITE_TODAY, Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


@pytest.fixture
def both(cast: Cast) -> User:
    """A caseworker of Viborg and of Hedensted: her reads touch two municipalities at once."""
    user = User.objects.create_user(username="birgit", password=PASSWORD)
    for municipality in (cast.viborg, cast.hedensted):
        Membership.objects.create(user=user, role=Role.CASEWORKER, municipality=municipality)
    return user


@pytest.fixture
def dpo(cast: Cast) -> User:
    user = User.objects.create_user(username="dorthe", password=PASSWORD)
    Membership.objects.create(
        user=user, role=Role.DATA_PROTECTION_OFFICER, municipality=cast.viborg
    )
    return user


@pytest.fixture
def people(cast: Cast) -> None:
    for first_name in ("Zainab", "Zainab", "Nour"):
        PersonFactory(municipality=cast.viborg, first_name=first_name, last_name="Haddad")
    PersonFactory(municipality=cast.hedensted, first_name="Zainab", last_name="Haddad")


def _entries(user: User, *, action: AccessAction) -> list[AccessLogEntry]:
    return list(access_log_list(user=user).filter(action=action, username="birgit"))


def test_a_name_search_is_in_each_searched_municipalitys_log(
    client: Client, cast: Cast, both: User, dpo: User, people: None
) -> None:
    client.force_login(both)
    assert client.get(reverse("people:list"), {"q": "Zainab"}).status_code == 200

    viborg = _entries(cast.lene, action=AccessAction.SEARCH)
    assert [(e.municipality_id, e.row_count, e.search_criterion) for e in viborg] == [
        (cast.viborg.pk, 2, "q=Zainab")
    ]
    assert [e.pk for e in _entries(dpo, action=AccessAction.SEARCH)] == [viborg[0].pk]
    # Hedensted's entry (one row) is hers alone: Viborg's lead never sees it.
    hedensted = AccessLogEntry.objects.filter(
        username="birgit", municipality_id=cast.hedensted.pk
    ).get()
    assert hedensted.row_count == 1 and hedensted.search_criterion == "q=Zainab"
    # A search that finds nobody is still a search of both registers.
    client.get(reverse("people:list"), {"q": "Nobody"})
    assert {
        e.municipality_id
        for e in AccessLogEntry.objects.filter(search_criterion="q=Nobody", row_count=0)
    } == {cast.viborg.pk, cast.hedensted.pk}


def test_the_cpr_lookup_is_in_the_searched_municipalities_logs(
    client: Client, cast: Cast, both: User
) -> None:
    client.force_login(both)
    client.post(reverse("people:cpr-lookup"), {"cpr": "010190-1234"})
    assert {
        (e.municipality_id, e.row_count)
        for e in AccessLogEntry.objects.filter(action=AccessAction.SEARCH, username="birgit")
    } == {(cast.viborg.pk, 0), (cast.hedensted.pk, 0)}


def test_an_api_list_page_is_in_each_municipalitys_log(
    client: Client, cast: Cast, both: User, dpo: User, people: None
) -> None:
    _record, token = api_token_create(user=both, name="test", second_factor=False)
    response = client.get("/api/v1/persons", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response.json()["count"] == 4

    exported = _entries(dpo, action=AccessAction.EXPORT)
    assert [(e.municipality_id, e.row_count) for e in exported] == [(cast.viborg.pk, 3)]
    # The DPO's volume page counts the same rows as the administrator's, for her municipality.
    volumes, _threshold = access_volumes(user=dpo)
    assert [(d.username, d.exported_rows) for d in volumes] == [("birgit", 3)]
    everywhere, _threshold = access_volumes(user=cast.ada)
    assert [(d.username, d.exported_rows) for d in everywhere] == [("birgit", 4)]


def test_the_people_behind_a_figure_are_in_the_municipalitys_log(
    client: Client, cast: Cast, people: None
) -> None:
    person = PersonFactory(municipality=cast.viborg, first_name="Hawa")
    Outcome.objects.create(
        person=person, kind=OutcomeKind.ORDINARY_JOB, started_on=SUITE_TODAY.date()
    )
    client.force_login(cast.lene)
    url = reverse("measures:criteria-people", kwargs={"key": "job"})
    assert client.get(url, {"municipality": cast.viborg.pk}).status_code == 200
    entry = AccessLogEntry.objects.get(username="lene", action=AccessAction.SEARCH)
    assert (entry.municipality_id, entry.row_count) == (cast.viborg.pk, 1)


def test_letters_to_people_are_in_their_municipalitys_log(
    client: Client, cast: Cast, both: User, people: None
) -> None:
    template = LetterTemplate.objects.filter(is_active=True).first()
    assert template is not None
    ids = list(Person.objects.values_list("pk", flat=True))
    client.force_login(both)
    response = client.post("/outreach/letters/", {"template": template.pk, "person_ids": ids})
    assert response.status_code == 200
    assert {
        (e.municipality_id, e.row_count)
        for e in AccessLogEntry.objects.filter(action=AccessAction.EXPORT, username="birgit")
    } == {(cast.viborg.pk, 3), (cast.hedensted.pk, 1)}


def test_no_read_of_people_is_logged_without_a_municipality(
    client: Client, cast: Cast, both: User, people: None
) -> None:
    client.force_login(both)
    client.get(reverse("people:list"), {"q": "Haddad"})
    client.post(reverse("people:cpr-lookup"), {"cpr": "010190-1234"})
    _record, token = api_token_create(user=both, name="test", second_factor=False)
    client.get("/api/v1/persons", {"q": "Nour"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    client.force_login(cast.eva)
    partnership = {"partnership_id": cast.partnership.pk}
    client.post(reverse("evaluation:extract", kwargs=partnership), {"file_format": "xlsx"})
    run = ExtractRun.objects.get(requested_by=cast.eva)
    download = reverse("evaluation:extract-download", kwargs={**partnership, "extract_id": run.pk})
    assert client.get(download).status_code == 200
    reads = AccessLogEntry.objects.filter(
        action__in=[AccessAction.SEARCH, AccessAction.EXPORT, AccessAction.VIEW]
    )
    assert reads.count() >= 7
    assert not reads.filter(municipality_id__isnull=True).exists()
