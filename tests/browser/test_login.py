"""Logging in and out, the language switch, lockout, password reset and the static files."""

from __future__ import annotations

import pytest

from brobygger.testing import PASSWORD

from .conftest import Browser

pytestmark = pytest.mark.browser


def test_static_files_load_and_style_the_page(browser: Browser) -> None:
    browser.visit("/login/", "login")

    for path in (
        "/static/dkfds/css/dkfds.min.css",
        "/static/brobygger/app.css",
        "/static/brobygger/app.js",
        "/static/htmx/htmx.min.js",
        "/static/dkfds/js/dkfds.min.js",
    ):
        response = browser.page.request.get(browser.url(path))
        assert response.status == 200, f"{path} answered {response.status}"

    # The design system's stylesheet is applied, not just served: its primary button is
    # filled, and the page's stylesheets all loaded (no broken <link>).
    button_background = browser.page.locator("[data-testid=login-submit]").evaluate(
        "button => getComputedStyle(button).backgroundColor"
    )
    assert button_background not in ("", "rgba(0, 0, 0, 0)", "transparent"), button_background
    sheets = browser.page.evaluate(
        "() => Array.from(document.styleSheets).map(s => [s.href, s.cssRules.length])"
    )
    assert any(
        href.endswith("/static/dkfds/css/dkfds.min.css") and rules > 100 for href, rules in sheets
    ), sheets
    # The scripts ran despite the strict CSP (they are loaded with the nonce).
    assert browser.page.evaluate("() => typeof window.htmx === 'object'")
    assert browser.page.evaluate("() => typeof window.DKFDS === 'object'")


def test_caseworker_login_start_page_language_logout(browser: Browser) -> None:
    browser.visit("/login/", "login-page")
    assert browser.html_lang() == "da"  # Danish although the browser asks for English

    browser.login("alice")

    assert browser.path == "/"
    assert browser.html_lang() == "da"
    links = browser.nav_links()
    assert "/people/" in links, links
    assert "/users/" not in links, links
    assert browser.page.locator("header a[href='/users/']").count() == 0
    assert browser.visible("header .navigation-menu nav a[href='/people/']")

    switch = browser.page.locator("[data-testid=language-switch]")
    browser.submit(switch.locator("button[name=language][value=en]"), "english")
    assert browser.path == "/"
    assert browser.html_lang() == "en"
    assert "/people/" in browser.nav_links()
    assert switch.locator("button[name=language][value=en]").count() == 0

    browser.visit("/people/", "english-stays-on-next-page")
    assert browser.html_lang() == "en"

    browser.submit(switch.locator("button[name=language][value=da]"), "danish")
    assert browser.path == "/people/"
    assert browser.html_lang() == "da"
    browser.visit("/", "start-page-danish")
    assert browser.html_lang() == "da"

    browser.logout()
    assert browser.path.startswith("/login/"), browser.path
    assert browser.page.locator("[data-testid=logout]").count() == 0

    browser.visit("/", "start-page-after-logout")
    assert browser.path == "/login/?next=/", browser.path
    assert browser.page.locator("[data-testid=login-submit]").is_visible()


def test_login_redirects_to_the_page_asked_for(browser: Browser) -> None:
    browser.visit("/people/", "people-needs-login")
    assert browser.path == "/login/?next=/people/", browser.path

    browser.login("alice", step="login-with-next")

    assert browser.path == "/people/"


def test_wrong_password_shows_an_error_in_the_form(browser: Browser) -> None:
    browser.visit("/login/", "login")
    browser.login("alice", "not-the-password", step="wrong-password")

    assert browser.path == "/login/"
    assert browser.page.locator(".alert-error[role=alert]").is_visible()
    assert browser.page.locator("input[name=username]").input_value() == "alice"
    assert browser.page.locator("[data-testid=logout]").count() == 0


def test_lockout_after_five_wrong_passwords(browser: Browser) -> None:
    browser.visit("/login/", "login")
    for attempt in range(1, 5):
        # Retyped on the re-rendered form, as a person would.
        browser.login("alice", f"wrong-{attempt}", step=f"wrong-{attempt}")
        assert browser.path == "/login/"
        assert browser.page.locator(".alert-error[role=alert]").is_visible()
        assert browser.page.locator("[data-testid=locked-out]").count() == 0

    # The fifth wrong password is the one that locks (django-axes, AXES_FAILURE_LIMIT = 5).
    browser.login("alice", "wrong-5", step="wrong-5", status=429)
    assert browser.page.locator("[data-testid=locked-out]").is_visible()
    assert browser.page.locator("input[name=password]").count() == 0

    # The sixth attempt is refused even with the right password.
    browser.visit("/login/", "login-again")
    response = browser.login("alice", PASSWORD, step="sixth-attempt", status=429)

    assert response.status == 429
    assert browser.page.locator("[data-testid=locked-out]").is_visible()
    assert browser.page.locator("[data-testid=logout]").count() == 0
    # Still locked: the start page sends the user back to the login page.
    browser.visit("/", "still-logged-out")
    assert browser.path.startswith("/login/"), browser.path


def test_password_reset_pages(browser: Browser, mailoutbox: list) -> None:
    browser.visit("/login/", "login")
    browser.submit(browser.page.locator("main a[href='/password-reset/']"), "password-reset")
    assert browser.path == "/password-reset/"

    browser.page.fill("input[name=email]", "not-an-address")
    browser.submit(browser.page.locator("main form button[type=submit]"), "invalid-address")
    assert browser.path == "/password-reset/"
    assert browser.page.locator(".form-error .form-error-message").count() == 1

    browser.page.fill("input[name=email]", "alice@example.invalid")
    browser.submit(browser.page.locator("main form button[type=submit]"), "link-sent")
    assert browser.path == "/password-reset/sent/"
    assert len(mailoutbox) == 1
    assert "/password-reset/" in mailoutbox[0].body


def test_field_errors_are_tied_to_their_input(live_cast: object, browser: Browser) -> None:
    """A screen reader announces a field's error with the field: every id the input's
    aria-describedby names exists, and together they carry the error message."""
    browser.visit("/password-reset/", "password-reset")
    browser.page.fill("input[name=email]", "not-an-address")
    browser.submit(browser.page.locator("main form button[type=submit]"), "invalid-address")

    field = browser.page.locator("input[name=email]")
    assert field.get_attribute("aria-invalid") == "true"
    described_by = (field.get_attribute("aria-describedby") or "").split()
    missing = [i for i in described_by if browser.page.locator(f"[id='{i}']").count() == 0]
    assert described_by and not missing, (
        f"aria-describedby={described_by} names ids that are not on the page: {missing}"
    )
    description = " ".join(browser.page.locator(f"[id='{i}']").inner_text() for i in described_by)
    message = browser.page.locator(".form-error-message").inner_text()
    assert message.strip() and message.strip() in description
