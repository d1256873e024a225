from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from brobygger.accounts.models import ApiToken
from brobygger.accounts.tokens import api_token_create
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.people.contacts import contact_attempt_record
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


def _bearer(cast: Cast, name: str = "alice") -> dict[str, str]:
    _record, token = api_token_create(user=getattr(cast, name), name="test", second_factor=False)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_openapi_document_is_public_json(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "Brobygger API"
    assert "/api/v1/persons" in document["paths"]
    assert "/api/v1/persons/{person_id}/contact-attempts" in document["paths"]


def test_anonymous_and_bad_tokens_are_refused(client: Client, cast: Cast) -> None:
    assert client.get("/api/v1/persons").status_code == 401
    assert client.get("/api/v1/persons", HTTP_AUTHORIZATION="Bearer bbg_wrong").status_code == 401


def test_list_with_token_is_paginated_searchable_and_logged(client: Client, cast: Cast) -> None:
    PersonFactory(municipality=cast.viborg, first_name="Muhammad", last_name="Rahimi")
    PersonFactory(municipality=cast.viborg, first_name="Malee", last_name="Srisuk")
    PersonFactory(municipality=cast.hedensted, first_name="Mohammad", last_name="Haddad")

    response = client.get("/api/v1/persons", {"q": "Mohamed"}, **_bearer(cast))

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 1
    assert body["items"][0]["first_name"] == "Muhammad"
    assert body["items"][0]["municipality"] == "791"
    assert set(body["items"][0]) >= {"id", "municipality", "status", "first_name", "last_name"}
    entry = AccessLogEntry.objects.get(action=AccessAction.EXPORT)
    assert (entry.row_count, entry.search_criterion) == (1, "q=Mohamed")


def test_detail_masks_cpr_and_other_municipality_is_404(client: Client, cast: Cast) -> None:
    mine = PersonFactory(municipality=cast.viborg)
    theirs = PersonFactory(municipality=cast.hedensted)

    ok = client.get(f"/api/v1/persons/{mine.pk}", **_bearer(cast))
    foreign = client.get(f"/api/v1/persons/{theirs.pk}", **_bearer(cast))
    missing = client.get("/api/v1/persons/999999", **_bearer(cast))

    assert ok.status_code == 200
    assert ok.json()["id"] == mine.pk
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    assert AccessLogEntry.objects.filter(action=AccessAction.REFUSED, person_id=theirs.pk).exists()


def test_contact_attempts_of_a_person(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    contact_attempt_record(actor=cast.alice, person=person, channel="sms", outcome="no_answer")

    response = client.get(f"/api/v1/persons/{person.pk}/contact-attempts", **_bearer(cast))

    assert [(a["channel"], a["outcome"], a["made_by"]) for a in response.json()] == [
        ("sms", "no_answer", "alice")
    ]


@pytest.mark.parametrize("name", ["kim", "eva", "ada"])
def test_roles_without_person_access_get_404(client: Client, cast: Cast, name: str) -> None:
    person = PersonFactory(municipality=cast.viborg)

    assert client.get("/api/v1/persons", **_bearer(cast, name)).status_code == 404
    assert client.get(f"/api/v1/persons/{person.pk}", **_bearer(cast, name)).status_code == 404


def test_session_authentication_works_for_the_browser(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)

    assert client.get("/api/v1/persons").status_code == 200


def test_revoked_expired_and_deactivated_tokens_stop_working(client: Client, cast: Cast) -> None:
    from django.utils import timezone

    headers = _bearer(cast)
    ApiToken.objects.update(revoked_at=timezone.now())
    assert client.get("/api/v1/persons", **headers).status_code == 401

    headers = _bearer(cast)
    ApiToken.objects.filter(revoked_at__isnull=True).update(expires_at=timezone.now())
    assert client.get("/api/v1/persons", **headers).status_code == 401

    headers = _bearer(cast)
    cast.alice.is_active = False
    cast.alice.save()
    assert client.get("/api/v1/persons", **headers).status_code == 401


def test_only_the_hash_is_stored(cast: Cast, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("api_token", "alice", "--name", "integration")

    token = capsys.readouterr().out.strip()
    record = ApiToken.objects.get()
    assert token.startswith("bbg_") and token not in record.key_hash
    assert record.prefix == token[:8]


def test_activities_of_a_person(client: Client, cast: Cast) -> None:
    from django.utils import timezone

    from brobygger.outreach.models import OutreachActivity, OutreachMethod
    from brobygger.people.services import person_register

    method = OutreachMethod.objects.get(name="Stand ved arrangement")
    activity = OutreachActivity.objects.create(
        municipality=cast.viborg,
        method=method,
        title="Stand ved bydelsfesten",
        planned_on=timezone.localdate(),
    )
    person = person_register(
        actor=cast.alice,
        municipality=cast.viborg,
        first_name="Malee",
        method=method,
        activity=activity,
    )

    response = client.get(f"/api/v1/persons/{person.pk}/activities", **_bearer(cast))

    assert [(a["title"], a["category"]) for a in response.json()] == [
        ("Stand ved bydelsfesten", "local_presence")
    ]


# Searching by CPR number: the number travels in a POST body, never in an address.

CPR = "150385-1234"  # synthetic (FACTS F2)


def _with_cpr(municipality: object, number: str = CPR, **fields: object) -> object:
    from brobygger.core.crypto import encrypt
    from brobygger.people.cpr import cpr_lookup_hash

    digits = number.replace("-", "")
    return PersonFactory(
        municipality=municipality,
        cpr_ciphertext=encrypt(digits),
        cpr_hash=cpr_lookup_hash(digits),
        **fields,
    )


@pytest.mark.parametrize("q", ["150385-1234", "1503851234", "150385 1234"])
def test_a_cpr_number_in_the_query_is_refused_with_the_way_to_search(
    client: Client, cast: Cast, q: str
) -> None:
    _with_cpr(cast.viborg, first_name="Malee")
    client.cookies["brobygger_language"] = "en"

    response = client.get("/api/v1/persons", {"q": q}, **_bearer(cast))

    assert response.status_code == 400
    assert "POST /api/v1/persons/search" in response.json()["detail"]
    assert "Malee" not in response.content.decode()
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()


def test_cpr_search_by_post_answers_like_the_list_and_logs_the_number_masked(
    client: Client, cast: Cast
) -> None:
    mine = _with_cpr(cast.viborg, first_name="Malee")
    _with_cpr(cast.hedensted, first_name="Hodan")  # same number, another municipality
    _with_cpr(cast.viborg, "160385-1234", first_name="Other")

    response = client.post(
        "/api/v1/persons/search",
        {"cpr": "1503851234"},
        content_type="application/json",
        **_bearer(cast),
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["page_size"]) == (1, 1, 50)
    assert [item["id"] for item in body["items"]] == [mine.pk]  # type: ignore[attr-defined]
    entry = AccessLogEntry.objects.get(action=AccessAction.EXPORT)
    assert (entry.search_criterion, entry.row_count) == ("cpr=150385-XXXX", 1)
    assert not AccessLogEntry.objects.filter(search_criterion__contains="1234").exists()


def test_cpr_search_of_another_municipality_finds_nothing(client: Client, cast: Cast) -> None:
    _with_cpr(cast.viborg, first_name="Malee")

    response = client.post(
        "/api/v1/persons/search",
        {"cpr": CPR},
        content_type="application/json",
        **_bearer(cast, "charlie"),
    )

    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert "Malee" not in response.content.decode()


def test_cpr_search_refuses_a_bad_number_with_a_reason(client: Client, cast: Cast) -> None:
    client.cookies["brobygger_language"] = "en"

    not_a_date = client.post(
        "/api/v1/persons/search",
        {"cpr": "320185-1234"},
        content_type="application/json",
        **_bearer(cast),
    )
    not_a_number = client.post(
        "/api/v1/persons/search",
        {"cpr": "Malee"},
        content_type="application/json",
        **_bearer(cast),
    )

    assert not_a_date.status_code == 400
    assert "not a real date" in not_a_date.json()["detail"]
    assert not_a_number.status_code == 422
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()


@pytest.mark.parametrize("name", ["kim", "eva", "ada"])
def test_cpr_search_is_404_for_roles_without_person_access(
    client: Client, cast: Cast, name: str
) -> None:
    response = client.post(
        "/api/v1/persons/search",
        {"cpr": CPR},
        content_type="application/json",
        **_bearer(cast, name),
    )

    assert response.status_code == 404


def test_the_openapi_document_describes_both_ways_to_search(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    search = paths["/api/v1/persons/search"]["post"]
    assert search["requestBody"]["required"] is True
    assert {"200", "400"} <= set(search["responses"])
    listing = paths["/api/v1/persons"]["get"]
    assert "400" in listing["responses"]
    q = next(p for p in listing["parameters"] if p["name"] == "q")
    assert "POST /api/v1/persons/search" in q["description"]
