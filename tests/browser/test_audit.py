"""The access log as the municipal lead reads it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

from .conftest import Browser

pytestmark = pytest.mark.browser


def test_municipal_lead_reads_the_access_log(
    live_cast: Cast, logged_in: Callable[[str], Browser]
) -> None:
    person = PersonFactory(first_name="Ayşe", last_name="Yılmaz")

    browser = logged_in("lene")
    browser.visit(f"/people/{person.pk}/", "person-detail")

    browser.submit(
        browser.visible("header .navigation-menu nav a[href='/audit/access-log/']"), "access-log"
    )
    assert browser.path == "/audit/access-log/"
    rows = browser.page.locator("#results tbody tr")
    assert rows.filter(has_text=f"#{person.pk}").filter(has_text="lene").count() >= 1

    # Filtering replaces the results in place.
    browser.page.fill("#id_username", "nobody-by-this-name")
    with browser.page.expect_response(lambda r: "/audit/access-log/?" in r.url):
        browser.page.locator("main form button[type=submit]").click()
    browser.page.wait_for_function(
        "() => document.querySelectorAll('#results tbody tr td[colspan]').length === 1"
    )
    browser.check("filtered-to-nothing")
