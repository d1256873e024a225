from __future__ import annotations

import logging
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client, override_settings
from django.urls import reverse

from brobygger.audit.models import AccessLogEntry
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db

DATABASE_DOWN = OperationalError("connection to server failed: Connection refused")


def test_urls_are_at_the_root() -> None:
    assert reverse("healthz") == "/healthz"
    assert reverse("readyz") == "/readyz"


def test_healthz_answers_without_touching_the_database(
    client: Client, cast: Cast, django_assert_num_queries
) -> None:
    # Logged in: a session cookie would make the session and auth middleware query.
    client.force_login(cast.alice)

    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_is_ready_when_every_migration_is_applied(client: Client) -> None:
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_not_ready_while_a_migration_is_not_applied(client: Client) -> None:
    MigrationRecorder(connection).migration_qs.filter(app="people").order_by("-id")[0].delete()

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "reason": "migrations not applied"}


def test_with_the_database_down_healthz_is_ok_and_readyz_is_not(client: Client) -> None:
    with mock.patch.object(connection, "ensure_connection", side_effect=DATABASE_DOWN):
        health = client.get("/healthz")
        ready = client.get("/readyz")

    assert health.status_code == 200
    assert ready.status_code == 503
    assert ready.json() == {"status": "unavailable", "reason": "database unreachable"}
    # The reason stays in the log: the response names no host, user or error text.
    assert "refused" not in ready.content.decode()


@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["brobygger.example"])
def test_probes_pass_the_host_check_and_the_https_redirect(client: Client) -> None:
    # The load balancer asks the app server directly: plain HTTP, its address as Host.
    for path in ["/healthz", "/readyz"]:
        response = client.get(path, HTTP_HOST="10.0.0.7:8000")

        assert response.status_code == 200, path
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400


def test_probes_write_neither_the_access_log_nor_access_lines(
    client: Client, cast: Cast, caplog: pytest.LogCaptureFixture
) -> None:
    client.force_login(cast.alice)
    entries = AccessLogEntry.objects.count()

    with caplog.at_level(logging.INFO, logger="brobygger.request"):
        client.get("/healthz")
        client.get("/readyz")

    assert AccessLogEntry.objects.count() == entries
    assert not [r for r in caplog.records if r.name == "brobygger.request"]


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_carry_the_sites_security_headers(client: Client, path: str) -> None:
    page = client.get(reverse("accounts:login"))

    response = client.get(path)

    assert response.status_code == 200
    for header in [
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
    ]:
        assert response[header] == page[header], header
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
