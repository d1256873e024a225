"""Walks every URL pattern of the project: objects of another municipality are a 404, for a
user of every role that must not see them.

New URLs are covered the day they are added: a URL argument that ``tests/urlwalk.py`` does
not know how to fill makes the walk fail, so whoever adds ``<int:thing_id>`` must say there
which object of Viborg it names.

The outsiders are Hedensted's caseworker (Charlie), municipal lead, volunteer coordinator and
data protection officer, and the coordinator, evaluator and steering member of a partnership
of Hedensted and Haderslev (without Viborg). Every one of them gets every object URL with GET
and POST, and every operation of the JSON API with a personal token.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.accounts.access import (
    PARTNERSHIP_LEVEL_PERMISSIONS,
    PERSON_LEVEL_PERMISSIONS,
    ROLE_PERMISSIONS,
)
from brobygger.accounts.models import (
    MUNICIPAL_ROLES,
    PARTNERSHIP_ROLES,
    SYSTEM_ROLES,
    Membership,
    Role,
    User,
)
from brobygger.accounts.tokens import api_token_create
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.core.crypto import encrypt
from brobygger.partnerships.models import Municipality, Partnership
from brobygger.people.cpr import cpr_lookup_hash
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import HADERSLEV, PASSWORD, Cast

from .urlwalk import NOT_OBJECTS, VIBORG_OBJECTS, object_urls, url_kwargs

pytestmark = pytest.mark.django_db

# An id no object has.
MISSING_ID = 987_654_321


@pytest.fixture
def outsiders(cast: Cast) -> dict[str, User]:
    """One user of every role, none of whom may see anything of Viborg's."""
    other = Partnership.objects.create(
        name="Hedensted og Haderslev", starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31)
    )
    other.municipalities.set([cast.hedensted, Municipality.objects.get(code=HADERSLEV)])

    def member(username: str, role: str, **scope: Any) -> User:
        user = User.objects.create_user(username=username, password=PASSWORD)
        Membership.objects.create(user=user, role=role, **scope)
        return user

    return {
        "caseworker (Charlie)": cast.charlie,
        "municipal lead": member("lead-766", Role.MUNICIPAL_LEAD, municipality=cast.hedensted),
        "volunteer coordinator": member(
            "vc-766", Role.VOLUNTEER_COORDINATOR, municipality=cast.hedensted
        ),
        "data protection officer": member(
            "dpo-766", Role.DATA_PROTECTION_OFFICER, municipality=cast.hedensted
        ),
        "coordinator": member("coordinator-other", Role.COORDINATOR, partnership=other),
        "evaluator": member("evaluator-other", Role.EVALUATOR, partnership=other),
        "steering member": member("steering-other", Role.STEERING_MEMBER, partnership=other),
    }


def test_the_outsiders_hold_every_role_but_the_administrator(outsiders: dict[str, User]) -> None:
    held = set(
        Membership.objects.filter(user__in=outsiders.values()).values_list("role", flat=True)
    )
    assert held == {role.value for role in Role} - {Role.ADMINISTRATOR}


def test_person_level_permissions_come_from_municipal_roles_only() -> None:
    """The rule ``access.py`` asserts at import, checked here too: ``python -O`` drops asserts."""
    for role in PARTNERSHIP_ROLES | SYSTEM_ROLES:
        assert not ROLE_PERMISSIONS[role] & PERSON_LEVEL_PERMISSIONS, role
    for role in MUNICIPAL_ROLES:
        assert not ROLE_PERMISSIONS[role] & PARTNERSHIP_LEVEL_PERMISSIONS, role


def test_every_url_argument_is_known() -> None:
    unknown = {
        argument
        for _name, arguments in object_urls()
        for argument in arguments
        if argument not in VIBORG_OBJECTS and argument not in NOT_OBJECTS
    }
    assert not unknown, (
        f"add a Viborg object for these URL arguments to VIBORG_OBJECTS in tests/urlwalk.py: "
        f"{unknown}"
    )


@pytest.mark.parametrize(("name", "arguments"), object_urls())
@pytest.mark.parametrize("method", ["get", "post"])
def test_other_municipality_gets_404(
    client: Client,
    cast: Cast,
    outsiders: dict[str, User],
    name: str,
    arguments: tuple[str, ...],
    method: str,
) -> None:
    kwargs = url_kwargs(cast, arguments)
    url = reverse(name, kwargs=kwargs)
    missing = reverse(
        name, kwargs={a: v if a in NOT_OBJECTS else MISSING_ID for a, v in kwargs.items()}
    )

    wrong = {}
    for role, user in outsiders.items():
        client.force_login(user)
        status = getattr(client, method)(url).status_code
        if status == 404:
            continue
        # A view that answers a method it does not offer (a GET of a POST-only action, a
        # POST to the API) with 405 before looking anything up answers so for every id: it
        # tells nothing, as long as a missing object gets the very same answer.
        if status == 405 and getattr(client, method)(missing).status_code == 405:
            continue
        wrong[role] = status
    assert not wrong, f"{method.upper()} {url} answers these outsiders: {wrong}"


def _openapi_operations(client: Client) -> list[tuple[str, str]]:
    document = client.get("/api/v1/openapi.json").json()
    return sorted(
        (method, path)
        for path, operations in document["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    )


def _operations_with_a_body(client: Client) -> set[tuple[str, str]]:
    document = client.get("/api/v1/openapi.json").json()
    return {
        (method, path)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if isinstance(operation, dict) and "requestBody" in operation
    }


# The body an outsider sends to an operation that takes one: a search for Viborg's person.
VIBORG_CPR = "150385-1234"  # synthetic (FACTS F2)
REQUEST_BODIES: dict[str, dict[str, Any]] = {"/api/v1/persons/search": {"cpr": VIBORG_CPR}}


def test_every_api_operation_refuses_a_token_of_another_municipality(
    client: Client, cast: Cast, outsiders: dict[str, User]
) -> None:
    """Every operation of the OpenAPI document, with every outsider's personal token: an
    object of Viborg is a 404 (405 for a method the path does not offer), and a list holds
    nothing of Viborg's."""
    viborg_person = PersonFactory(
        municipality=cast.viborg,
        first_name="Zainab",
        cpr_ciphertext=encrypt(VIBORG_CPR.replace("-", "")),
        cpr_hash=cpr_lookup_hash(VIBORG_CPR.replace("-", "")),
    )
    operations = _openapi_operations(client)
    with_body = _operations_with_a_body(client)
    unknown_bodies = {path for _method, path in with_body} - set(REQUEST_BODIES)
    assert not unknown_bodies, f"{unknown_bodies}: add a body to REQUEST_BODIES"
    assert operations, "the OpenAPI document lists no operations"
    tokens = {
        role: api_token_create(user=user, name="tenancy", second_factor=False)[1]
        for role, user in outsiders.items()
    }

    wrong: list[str] = []
    walked = 0
    for method, path in operations:
        parameters = re.findall(r"{(\w+)}", path)
        unknown = [p for p in parameters if p not in VIBORG_OBJECTS]
        assert not unknown, f"{path}: add a Viborg object for {unknown} to tests/urlwalk.py"
        url = path
        for parameter in parameters:
            value = (
                viborg_person.pk if parameter == "person_id" else VIBORG_OBJECTS[parameter](cast)
            )
            url = url.replace(f"{{{parameter}}}", str(value))
        for role, token in tokens.items():
            headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
            for verb in ("get", "post", "put", "delete"):
                if (verb, path) in with_body:
                    body = json.dumps(REQUEST_BODIES[path])
                    response = client.generic(
                        verb.upper(), url, body, content_type="application/json", **headers
                    )
                else:
                    response = client.generic(verb.upper(), url, **headers)
                walked += 1
                allowed = {404} if verb == method or not parameters else {404, 405}
                if parameters and response.status_code not in allowed:
                    wrong.append(f"{role}: {verb.upper()} {url} → {response.status_code}")
                elif not parameters and response.status_code == 200:
                    # A list: only what the token's user may see, never Viborg's person.
                    body = response.json()
                    ids = {item.get("id") for item in body.get("items", [])}
                    if viborg_person.pk in ids or "Zainab" in response.content.decode():
                        wrong.append(f"{role}: {verb.upper()} {url} lists Viborg's person")
                elif not parameters and response.status_code not in {404, 405}:
                    wrong.append(f"{role}: {verb.upper()} {url} → {response.status_code}")
    assert walked >= len(operations) * len(tokens)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("name", "arguments"), [(n, a) for n, a in object_urls() if "person_id" in a]
)
def test_person_level_pages_log_their_reads(
    client: Client, cast: Cast, name: str, arguments: tuple[str, ...]
) -> None:
    kwargs = url_kwargs(cast, arguments)
    client.force_login(cast.alice)

    response = client.get(reverse(name, kwargs=kwargs))

    if response.status_code == 200:
        assert AccessLogEntry.objects.filter(
            user=cast.alice, person_id=kwargs["person_id"], action=AccessAction.VIEW
        ).exists(), f"{name} shows a person without writing the access log"
