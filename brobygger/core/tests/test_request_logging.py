"""JSON log lines with the request id, and one access line per request without personal data."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import uuid
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.urls import reverse

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast
from config.settings.environment import ConfigurationError, env_networks
from config.settings.logging_config import logging_config

pytestmark = pytest.mark.django_db

LogLines = Callable[[], list[dict[str, Any]]]


@pytest.fixture
def json_lines() -> Iterator[LogLines]:
    """Production's logging (JSON lines, INFO) for one test; the lines written so far."""
    logging.config.dictConfig(logging_config(log_format="json", level="INFO"))
    buffer = io.StringIO()
    [console] = logging.getLogger().handlers
    assert isinstance(console, logging.StreamHandler)
    console.setStream(buffer)

    def lines() -> list[dict[str, Any]]:
        return [json.loads(line) for line in buffer.getvalue().splitlines()]

    try:
        yield lines
    finally:
        logging.config.dictConfig(settings.LOGGING)


def _access_lines(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [line for line in lines if line["logger"] == "brobygger.request"]


def test_a_request_writes_one_json_access_line_with_its_request_id(
    client: Client, cast: Cast, json_lines: LogLines
) -> None:
    client.force_login(cast.alice)

    response = client.get(reverse("people:list"))

    [line] = _access_lines(json_lines())
    assert line["request_id"] == response["X-Request-ID"]
    assert line["method"] == "GET"
    assert line["path"] == "/people/"
    assert line["view"] == "people:list"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["level"] == "INFO"
    assert "timestamp" in line


def test_a_clients_request_id_is_ignored(client: Client, cast: Cast, json_lines: LogLines) -> None:
    # No trusted proxy is configured: whoever sends X-Request-ID does not choose the id.
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.alice)

    response = client.get(
        reverse("people:detail", kwargs={"person_id": person.pk}),
        HTTP_X_REQUEST_ID="forged-4f9c2a71",
    )

    assert response["X-Request-ID"] != "forged-4f9c2a71"
    assert str(uuid.UUID(response["X-Request-ID"])) == response["X-Request-ID"]
    [line] = _access_lines(json_lines())
    assert line["request_id"] == response["X-Request-ID"]
    assert "forged" not in json.dumps(json_lines())
    entry = AccessLogEntry.objects.get(action=AccessAction.VIEW)
    assert entry.request_id == response["X-Request-ID"]


@override_settings(REQUEST_ID_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_a_trusted_proxys_request_id_is_logged_beside_the_servers(
    client: Client, cast: Cast, json_lines: LogLines
) -> None:
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.alice)

    response = client.get(
        reverse("people:detail", kwargs={"person_id": person.pk}),
        HTTP_X_REQUEST_ID="lb-4f9c2a71",
        REMOTE_ADDR="10.0.0.7",
    )

    server_id = response["X-Request-ID"]
    assert server_id != "lb-4f9c2a71"
    [line] = _access_lines(json_lines())
    assert (line["request_id"], line["upstream_request_id"]) == (server_id, "lb-4f9c2a71")
    # The access log keeps the server's id only.
    assert AccessLogEntry.objects.get(action=AccessAction.VIEW).request_id == server_id


@override_settings(REQUEST_ID_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_an_untrusted_address_or_a_malformed_id_is_not_logged(
    client: Client, json_lines: LogLines
) -> None:
    client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID="lb-4f9c2a71", REMOTE_ADDR="10.0.1.7")
    client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID="lb 4f9c2a71\n", REMOTE_ADDR="10.0.0.7")

    lines = _access_lines(json_lines())
    assert len(lines) == 2
    assert all("upstream_request_id" not in line for line in lines)
    assert "4f9c2a71" not in json.dumps(lines)


def test_the_trusted_proxies_are_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REQUEST_ID_TRUSTED_PROXIES", "10.0.0.5, 192.168.0.0/16")
    assert env_networks("REQUEST_ID_TRUSTED_PROXIES") == ["10.0.0.5", "192.168.0.0/16"]

    monkeypatch.setenv("REQUEST_ID_TRUSTED_PROXIES", "the-load-balancer")
    with pytest.raises(ConfigurationError, match="REQUEST_ID_TRUSTED_PROXIES"):
        env_networks("REQUEST_ID_TRUSTED_PROXIES")


def test_records_logged_during_the_request_carry_its_id(cast: Cast, json_lines: LogLines) -> None:
    # The database fails during the request: the ERROR line is written deep inside it.
    client = Client(raise_request_exception=False)
    client.force_login(cast.alice)

    with mock.patch.object(
        connection, "ensure_connection", side_effect=OperationalError("server closed")
    ):
        response = client.get(reverse("people:list"))

    lines = json_lines()
    [error] = [line for line in lines if line["level"] == "ERROR"]
    assert error["request_id"] == response["X-Request-ID"]
    assert "OperationalError" in error["exc_info"]
    assert _access_lines(lines)[0]["status"] == 503


def test_ids_and_query_strings_never_reach_the_log(
    client: Client, cast: Cast, json_lines: LogLines
) -> None:
    person = PersonFactory(municipality=cast.viborg, first_name="Fatima")
    client.force_login(cast.alice)

    client.get(reverse("people:list") + "?q=Fatima")
    client.get(reverse("people:detail", kwargs={"person_id": person.pk}))
    client.get("/no-such-page/0101901234/?q=Fatima")

    lines = json_lines()
    assert [(line["path"], line["view"]) for line in _access_lines(lines)] == [
        ("/people/", "people:list"),
        ("/people/<int:person_id>/", "people:detail"),
        ("/no-such-page/#/", None),
    ]
    assert "Fatima" not in json.dumps(lines)
    assert all("request" not in line for line in lines)


def test_djangos_own_lines_after_the_middleware_carry_the_id_too(
    client: Client, json_lines: LogLines
) -> None:
    # Django logs "Not Found" once the middleware has returned; then the request is over.
    response = client.get("/no-such-page/")
    logging.getLogger("brobygger.test").warning("after the request")

    lines = json_lines()
    [not_found] = [line for line in lines if line["logger"] == "django.request"]
    assert not_found["message"] == "Not Found: /no-such-page/"
    assert not_found["request_id"] == response["X-Request-ID"]
    assert lines[-1]["request_id"] == "-"


def test_log_records_outside_a_request_say_so(json_lines: LogLines) -> None:
    logging.getLogger("brobygger.test").warning("from a management command")

    [line] = json_lines()
    assert line["request_id"] == "-"
    assert line["message"] == "from a management command"


def test_plain_lines_carry_the_request_id_too() -> None:
    config = logging_config(log_format="plain", level="INFO")

    assert config["handlers"]["console"]["formatter"] == "plain"
    assert "%(request_id)s" in config["formatters"]["plain"]["format"]


def test_an_unknown_log_format_stops_with_one_line() -> None:
    with pytest.raises(ConfigurationError, match="LOG_FORMAT must be json or plain"):
        logging_config(log_format="xml", level="INFO")
