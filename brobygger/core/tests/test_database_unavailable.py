"""A database outage gives the 503 page, and a form submitted during it leaves nothing behind."""

from __future__ import annotations

import logging
from unittest import mock

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.urls import reverse

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.outreach.models import OutreachMethod
from brobygger.people.models import Person, PersonNameKey, PersonSource, StatusEvent
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db

DATABASE_DOWN = OperationalError("connection to server failed: Connection refused")


@pytest.fixture
def outage_client() -> Client:
    # Whichever layer meets the outage first (a middleware's user lookup, or the view), the
    # user sees the response: the test client must not re-raise what the server handled.
    return Client(raise_request_exception=False)


def _english(client: Client) -> None:
    client.cookies["brobygger_language"] = "en"


def test_a_page_gives_the_503_page_while_the_database_is_down(
    outage_client: Client, cast: Cast, caplog: pytest.LogCaptureFixture
) -> None:
    outage_client.force_login(cast.alice)
    _english(outage_client)

    with mock.patch.object(connection, "ensure_connection", side_effect=DATABASE_DOWN):
        response = outage_client.get(reverse("people:list") + "?q=Fatima")

    content = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "The system cannot reach its database right now" in content
    assert 'href="/people/?q=Fatima"' in content  # "Try again" repeats the same request
    assert "submitted" not in content  # a page view submitted nothing
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors, "the outage is logged at ERROR"
    assert all("Fatima" not in r.getMessage() for r in caplog.records)


def test_the_503_page_is_danish_by_default(outage_client: Client, cast: Cast) -> None:
    outage_client.force_login(cast.alice)

    with mock.patch.object(connection, "ensure_connection", side_effect=DATABASE_DOWN):
        response = outage_client.get(reverse("start:home"))

    assert response.status_code == 503
    assert response["Content-Language"] == "da"
    assert '<html lang="da">' in response.content.decode()


@pytest.mark.parametrize("error", [DATABASE_DOWN, InterfaceError("connection already closed")])
def test_a_registration_failing_midway_leaves_nothing_and_asks_to_submit_again(
    client: Client, cast: Cast, error: Exception, caplog: pytest.LogCaptureFixture
) -> None:
    client.force_login(cast.alice)
    _english(client)
    method = OutreachMethod.objects.get(name="Bydelsmødre")
    entries = AccessLogEntry.objects.count()

    # The person, her name keys and her source are written; the status event is not.
    with mock.patch.object(StatusEvent.objects, "bulk_create", side_effect=error):
        response = client.post(
            reverse("people:register"),
            {"first_name": "Malee", "last_name": "Sukjai", "method": str(method.pk)},
        )

    content = response.content.decode()
    assert response.status_code == 503
    assert "Nothing of what you just submitted was saved." in content
    assert "Go back and submit again in a moment." in content
    assert not Person.objects.exists()
    assert not PersonNameKey.objects.exists()
    assert not PersonSource.objects.exists()
    assert not StatusEvent.objects.exists()
    assert AccessLogEntry.objects.count() == entries
    assert not AccessLogEntry.objects.filter(action=AccessAction.CREATE).exists()
    [logged] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert logged.name == "brobygger.database"
    assert logged.getMessage() == (
        f"Database unavailable ({type(error).__name__}): /people/new/ answered 503"
    )


def test_the_same_registration_succeeds_when_submitted_again(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    method = OutreachMethod.objects.get(name="Bydelsmødre")
    data = {"first_name": "Malee", "last_name": "Sukjai", "method": str(method.pk)}
    with mock.patch.object(StatusEvent.objects, "bulk_create", side_effect=DATABASE_DOWN):
        client.post(reverse("people:register"), data)

    response = client.post(reverse("people:register"), data)

    assert response.status_code == 302
    person = Person.objects.get()
    assert person.sources.count() == 1
    assert StatusEvent.objects.filter(person=person).count() == 1


def test_an_outage_after_the_view_gives_the_503_page_too(outage_client: Client, cast: Cast) -> None:
    # The session middleware saves a changed session after the view: when that fails, Django
    # answers through handler500, which recognises the outage.
    outage_client.force_login(cast.alice)
    _english(outage_client)

    with mock.patch.object(SessionMiddleware, "process_response", side_effect=DATABASE_DOWN):
        response = outage_client.get(reverse("start:home"))

    assert response.status_code == 503
    assert "The system cannot reach its database right now" in response.content.decode()
    assert response["Retry-After"] == "30"


def test_other_errors_stay_500(outage_client: Client, cast: Cast) -> None:
    outage_client.force_login(cast.alice)

    with mock.patch.object(SessionMiddleware, "process_response", side_effect=ValueError):
        response = outage_client.get(reverse("start:home"))

    assert response.status_code == 500
