"""`make run` (development settings, DEBUG on) shows the product's own 404 page for a page
outside the user's role, as production does, not Django's technical page."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from brobygger.testing import Cast
from config.settings import dev

pytestmark = pytest.mark.django_db


def _outside_alices_role(cast: Cast) -> str:
    # A caseworker has no aggregate access: the partnership's reports are not hers.
    return reverse("reports:list", kwargs={"partnership_id": cast.partnership.pk})


@override_settings(DEBUG=True, MIDDLEWARE=dev.MIDDLEWARE)
def test_a_page_outside_the_role_gets_the_danish_404_page_in_development(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.alice)
    response = client.get(_outside_alices_role(cast))
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Siden findes ikke</h1>" in page
    assert "Siden findes ikke, eller du har ikke adgang til den." in page
    assert "technical_404" not in page and "Django tried these URL patterns" not in page
    assert "Using the URLconf" not in page


@override_settings(DEBUG=True, MIDDLEWARE=dev.MIDDLEWARE)
def test_development_keeps_the_technical_page_for_an_address_that_matches_nothing(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.alice)
    response = client.get("/no-such-page-anywhere/")
    assert response.status_code == 404
    assert "Siden findes ikke" not in response.content.decode()


@override_settings(DEBUG=True)
def test_without_the_development_middleware_debug_shows_the_technical_page(
    client: Client, cast: Cast
) -> None:
    """The same request as above under the base middleware: why dev adds one."""
    client.force_login(cast.alice)
    response = client.get(_outside_alices_role(cast))
    assert response.status_code == 404
    assert "Siden findes ikke, eller du har ikke adgang til den." not in response.content.decode()
