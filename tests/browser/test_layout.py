"""The page frame: the mobile menu drawer and keyboard access."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from brobygger.testing import Cast

from .conftest import Browser

pytestmark = pytest.mark.browser


PHONE = {"width": 375, "height": 740}


def test_mobile_menu_drawer(live_cast: Cast, logged_in: Callable[[str], Browser]) -> None:
    browser = logged_in("alice")
    page = browser.page
    page.set_viewport_size(PHONE)
    browser.check("start-page-phone")

    drawer = page.locator(".mobile-drawer")
    expect(drawer).to_be_hidden()
    expect(page.locator("header .navigation-menu nav a[href='/people/']")).to_be_hidden()
    browser.visible(".js-menu-open").click()
    expect(drawer.locator("nav a[href='/people/']")).to_be_visible()
    assert drawer.locator("nav a[href='/users/']").count() == 0
    browser.check("drawer-open", full_page=False)

    browser.visible(".js-menu-close").click()
    expect(drawer).to_be_hidden()

    browser.visible(".js-menu-open").click()
    expect(drawer.locator("nav a[href='/partnerships/']")).to_be_visible()
    browser.submit(drawer.locator("nav a[href='/partnerships/']"), "partnerships-phone")
    assert browser.path == "/partnerships/"

    browser.visible(".js-menu-open").click()
    expect(drawer.locator("[data-testid=logout]")).to_be_visible()
    browser.logout("logout-from-drawer")  # the visible logout button is the drawer's now
    assert browser.path.startswith("/login/")


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("lene", "/"),
        ("lene", "/people/"),
        ("lene", "/partnerships/{partnership}/"),
        ("lene", "/audit/access-log/"),
        ("ada", "/users/"),
        ("ada", "/users/new/"),
    ],
    ids=["start", "people", "partnership", "access-log", "users", "new-user"],
)
def test_pages_on_a_phone(
    live_cast: Cast, logged_in: Callable[[str], Browser], username: str, path: str
) -> None:
    """The pages at phone width, where wide tables scroll sideways (no people registered)."""
    browser = logged_in(username, start_page=False)
    browser.page.set_viewport_size(PHONE)
    browser.visit(path.format(partnership=live_cast.partnership.pk), "phone")


def test_skip_link_moves_focus_to_main_content(
    live_cast: Cast, logged_in: Callable[[str], Browser]
) -> None:
    browser = logged_in("alice")
    page = browser.page

    page.keyboard.press("Tab")
    skip_link = page.locator("a.skipnav")
    assert page.evaluate("() => document.activeElement.classList.contains('skipnav')")
    expect(skip_link).to_be_visible()
    assert skip_link.get_attribute("href") == "#main-content"
    browser.check("skip-link-focused")

    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'main-content'")
    browser.check("main-content-focused")
