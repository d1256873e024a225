"""The JSON API against its own OpenAPI document, fuzzed by Schemathesis.

Schemathesis reads ``/api/v1/openapi.json`` from the WSGI application and generates requests
for every operation: examples, boundary and malformed values (the coverage phase) and random
ones (hypothesis), valid and invalid. No response may be a server error; each must have a
status code and content type the document declares and match the declared schema, and a
request the document calls invalid must be refused with a 4xx. Alice's personal token
authenticates; the database holds people of Viborg (hers, with contact attempts and an
outreach activity) and of Hedensted (not hers). The known ids are also called one by one, so
that the 200 answers are checked against their schema as well, not only the 404s.

Deterministic: hypothesis runs derandomised with a bounded number of examples per operation.
The number of requests per operation and status goes to test-artifacts/api-fuzz-summary.json.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from brobygger.accounts.tokens import api_token_create
from brobygger.outreach.models import OutreachActivity, OutreachMethod
from brobygger.people.contacts import contact_attempt_record
from brobygger.people.models import Person
from brobygger.people.services import person_register
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

from .artifacts import add_to_summary

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# Examples per operation and phase; the whole test stays well under a minute.
MAX_EXAMPLES = 100


def _records(cast: Cast) -> list[Person]:
    """A few people of Viborg with what the API shows, and one of Hedensted."""
    method = OutreachMethod.objects.get(name="Stand ved arrangement")
    activity = OutreachActivity.objects.create(
        municipality=cast.viborg,
        method=method,
        title="Stand ved bydelsfesten <b>&</b>",
        planned_on=timezone.localdate(),
    )
    found = person_register(
        actor=cast.alice,
        municipality=cast.viborg,
        first_name="Malee",
        last_name="Srisuk",
        method=method,
        activity=activity,
    )
    contact_attempt_record(actor=cast.alice, person=found, channel="sms", outcome="no_answer")
    people = [
        found,
        PersonFactory(municipality=cast.viborg, first_name="Fatima", last_name="Al-Hassan"),
        PersonFactory(municipality=cast.viborg, first_name="Ayşe", last_name="Yılmaz"),
        PersonFactory(municipality=cast.hedensted, first_name="Hodan", last_name="Warsame"),
    ]
    return people


@pytest.fixture
def api(cast: Cast, request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    # A WSGI server closes the database connection after each request; the test's
    # transaction lives on that connection (PostgreSQL would lose the records). Django's
    # test client does the same as this.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request.addfinalizer(lambda: request_started.connect(close_old_connections))
    request.addfinalizer(lambda: request_finished.connect(close_old_connections))
    people = _records(cast)
    _record, token = api_token_create(user=cast.alice, name="fuzzing", second_factor=False)
    state: dict[str, Any] = {
        "headers": {"Authorization": f"Bearer {token}"},
        "people": people,
        "statuses": Counter(),
    }
    yield state
    if state["statuses"]:
        add_to_summary(
            "api-fuzz-summary",
            request.node.name,
            {
                "cases": sum(state["statuses"].values()),
                "statuses": {str(k): v for k, v in sorted(state["statuses"].items())},
            },
        )


# Read once, when the tests are collected: the document needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_every_generated_request_as_documented(
    case: schemathesis.Case, api: dict[str, Any]
) -> None:
    response = case.call_and_validate(headers=api["headers"], checks=CHECKS)
    api["statuses"][response.status_code] += 1


def test_every_operation_answers_known_ids_as_documented(api: dict[str, Any]) -> None:
    """Each operation with each person's id: Alice's people 200, Hedensted's 404, as the
    document says."""
    answers: Counter[tuple[str, int]] = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        parameters = [p.name for p in operation.path_parameters]
        values = [{"person_id": person.pk} for person in api["people"]] if parameters else [{}]
        for path_parameters in values:
            case = operation.Case(path_parameters=path_parameters)
            response = case.call_and_validate(headers=api["headers"], checks=CHECKS)
            answers[(operation.label, response.status_code)] += 1
            api["statuses"][response.status_code] += 1
    viborg = sum(1 for p in api["people"] if p.municipality_id == api["people"][0].municipality_id)
    for label, _status in answers:
        if "{person_id}" in label:
            assert answers[(label, 200)] == viborg
            assert answers[(label, 404)] == len(api["people"]) - viborg
