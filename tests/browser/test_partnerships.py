"""The partnership as its coordinator sees it: aggregates, never people."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from brobygger.testing import Cast

from .conftest import Browser

pytestmark = pytest.mark.browser

MUNICIPALITIES = ["Haderslev", "Hedensted", "Ringkøbing-Skjern", "Viborg"]


def test_coordinator_sees_partnership(live_cast: Cast, logged_in: Callable[[str], Browser]) -> None:
    browser = logged_in("kim")
    links = browser.nav_links()
    assert "/partnerships/" in links, links
    assert "/people/" not in links, links
    assert browser.page.locator("a[href^='/people/']").count() == 0

    browser.submit(
        browser.visible("header .navigation-menu nav a[href='/partnerships/']"), "partnerships"
    )
    assert browser.path == "/partnerships/"
    card = browser.page.locator("main li.card", has_text=live_cast.partnership.name)
    assert card.count() == 1
    text = card.inner_text()
    for name in MUNICIPALITIES:
        assert name in text, f"{name} missing from {text!r}"

    detail = f"/partnerships/{live_cast.partnership.pk}/"
    browser.submit(card.locator(f"a[href='{detail}']"), "partnership-detail")
    assert browser.path == detail
    assert browser.page.locator("main h1").inner_text().strip() == live_cast.partnership.name
    table = browser.page.locator("[data-testid=partnership-municipalities] tbody tr")
    names = sorted(table.locator("td:first-child").all_inner_texts())
    assert names == MUNICIPALITIES
    assert browser.page.locator("a[href^='/people/']").count() == 0
    assert "/people/" not in browser.nav_links()
