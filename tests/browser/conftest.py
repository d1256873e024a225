"""Browser tests: a real Chromium (Debian's, never Playwright's download) drives the live server.

Every page a test looks at goes through :class:`Browser`, which
  * saves a full-page screenshot to ``test-artifacts/screenshots/<test>-<step>.png``,
  * runs axe-core on it and fails on any "serious" or "critical" violation,
  * fails on JavaScript errors, Content-Security-Policy refusals and broken static files.
A page reached any other way (a plain ``page.click`` that navigates) is checked before the next
helper call and at the end of the test, so no page escapes the accessibility check.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser as PlaywrightBrowser
from playwright.sync_api import (
    ConsoleMessage,
    Locator,
    Page,
    Playwright,
    Response,
    expect,
    sync_playwright,
)

from brobygger.testing import PASSWORD, Cast, make_cast

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE_PATH = REPO_ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOT_DIR = REPO_ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
FAILING_IMPACTS = frozenset({"serious", "critical"})
TIMEOUT_MS = 10_000


# --------------------------------------------------------------------------- session fixtures


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE_SOURCE_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def playwright_driver(django_db_setup: None, django_db_blocker: Any) -> Iterator[Playwright]:
    """Playwright's sync API keeps an asyncio loop "running" in the main thread. Django then
    looks its database connections up in context-local instead of thread-local storage
    (asgiref ``Local(thread_critical=True)``) and would open a second connection to the
    in-memory test database: one without the serialized contents that restore the seeded
    municipalities, and one the live server does not share. So the connections that exist
    before Playwright starts are handed to the context-local storage as well."""
    from django.db import connections

    with django_db_blocker.unblock():
        existing = {alias: connections[alias] for alias in connections}
    # With that loop "running", Django refuses ORM calls in the main thread (the tests' own
    # set-up, the flush after each test) unless told that this synchronous use is safe.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as driver:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, connection in existing.items():
            connections[alias] = connection
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright_driver: Playwright) -> Iterator[PlaywrightBrowser]:
    """One headless Chromium for the whole session; each test gets its own context."""
    browser = playwright_driver.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


# ------------------------------------------------------------------------------ test fixtures


@pytest.fixture
def live_cast(
    transactional_db: None, django_db_serialized_rollback: None, live_server: Any
) -> Cast:
    """The named cast, committed so the live server's thread sees it.

    ``django_db_serialized_rollback`` restores the 98 municipalities seeded by a data
    migration, which a transactional test's flush would otherwise wipe for the next test.
    """
    return make_cast()


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "step"


class Browser:
    """A page plus the checks that every visited page has to pass."""

    def __init__(self, page: Page, base_url: str, test_name: str, axe_source: str) -> None:
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.test_name = _slug(test_name)
        self.axe_source = axe_source
        self.steps = 0
        self._navigations = 0
        self._checked_navigation = -1
        self._problems: list[str] = []
        page.on("framenavigated", self._on_navigation)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self._problems.append(f"JavaScript error: {error}"))
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_request_failed)

    # -- event listeners

    def _on_navigation(self, frame: Any) -> None:
        if frame == self.page.main_frame:
            self._navigations += 1

    def _on_console(self, message: ConsoleMessage) -> None:
        text = message.text
        if message.type == "error" and "Content Security Policy" in text:
            self._problems.append(f"CSP refusal on {self.page.url}: {text}")

    def _on_response(self, response: Response) -> None:
        # The document's own status is asserted by the tests (404, 429 are expected there).
        if response.request.resource_type != "document" and response.status >= 400:
            self._problems.append(f"{response.status} for {response.url}")

    def _on_request_failed(self, request: Any) -> None:
        if request.resource_type != "document":
            self._problems.append(f"request failed: {request.url} ({request.failure})")

    # -- navigation helpers (each ends with the page checks)

    def url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base_url}{path}"

    @property
    def path(self) -> str:
        return self.page.url.removeprefix(self.base_url)

    def visit(self, path: str, step: str, *, status: int = 200) -> Response:
        self._check_unchecked_page()
        response = self.page.goto(self.url(path), wait_until="load")
        assert response is not None, f"no response for {path}"
        assert response.status == status, (
            f"GET {path} ended on {self.path} with status {response.status}, expected {status}"
        )
        self.check(step)
        return response

    def submit(self, button: Locator, step: str, *, status: int = 200) -> Response:
        """Click a button or link that navigates, wait for the new page, check it."""
        self._check_unchecked_page()
        with self.page.expect_navigation(wait_until="load") as navigation:
            button.click()
        response = navigation.value
        assert response is not None, f"no response after {step}"
        assert response.status == status, (
            f"{step}: ended on {self.path} with status {response.status}, expected {status}"
        )
        self.check(step)
        return response

    def login(
        self, username: str, password: str = PASSWORD, *, step: str = "login", status: int = 200
    ) -> Response:
        if not self.path.startswith("/login/"):
            self.visit("/login/", f"{step}-form")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        return self.submit(self.page.locator("[data-testid=login-submit]"), step, status=status)

    def login_through_the_view(self, username: str, password: str = PASSWORD) -> None:
        """Log in by posting to the login view from the context's request client, which shares
        the browser's cookies, and skip rendering the login page again. The form itself is
        exercised in test_login.py; other tests start on the start page at once."""
        client = self.page.context.request
        form = client.get(self.url("/login/"))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text())
        assert form.status == 200 and token, f"no login form: {form.status}"
        response = client.post(
            self.url("/login/"),
            form={
                "csrfmiddlewaretoken": token.group(1),
                "username": username,
                "password": password,
            },
            max_redirects=0,
        )
        assert response.status == 302, f"{username} could not log in: {response.status}"

    def logout(self, step: str = "logout") -> Response:
        return self.submit(self.visible("[data-testid=logout]"), step)

    def visible(self, selector: str) -> Locator:
        """The one visible match: the header's controls exist twice (desktop and mobile drawer)."""
        locator = self.page.locator(selector).locator("visible=true")
        expect(locator, f"exactly one visible {selector}").to_have_count(1)
        return locator

    def nav_links(self) -> list[str]:
        """The hrefs of the main menu (the desktop menu; the drawer repeats it)."""
        return self.page.locator("header .navigation-menu nav a").evaluate_all(
            "links => links.map(link => link.getAttribute('href'))"
        )

    def html_lang(self) -> str | None:
        return self.page.locator("html").get_attribute("lang")

    # -- checks

    def check(self, step: str, *, full_page: bool = True) -> None:
        """Screenshot, accessibility and resource checks for the page now shown.

        ``full_page=False`` for states that a resize would undo: a full-page screenshot
        briefly resizes the viewport, and the design system closes an open menu drawer
        on resize."""
        self.page.wait_for_load_state("load")
        self.steps += 1
        name = f"{self.test_name}-{self.steps:02d}-{_slug(step)}.png"
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOT_DIR / name), full_page=full_page)
        self._checked_navigation = self._navigations  # a failing page is reported once
        self.assert_accessible(step, SCREENSHOT_DIR / name.replace(".png", ".axe.txt"))
        self.assert_no_problems(step)

    def assert_accessible(self, step: str, report: Path) -> None:
        violations = run_axe(self.page, self.axe_source)
        # Every finding (moderate and minor too) is kept next to the screenshot for review.
        if violations:
            report.write_text(f"{self.path}\n{format_violations(violations)}\n", encoding="utf-8")
        else:
            report.unlink(missing_ok=True)
        failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
        if failing:
            pytest.fail(
                f"axe found {len(failing)} serious/critical accessibility violation(s) "
                f"on {self.path} ({step}):\n" + format_violations(failing),
                pytrace=False,
            )

    def assert_no_problems(self, step: str) -> None:
        problems, self._problems = self._problems, []
        assert not problems, f"{step} on {self.path}:\n  " + "\n  ".join(problems)

    def _check_unchecked_page(self) -> None:
        if self._navigations != self._checked_navigation and self.page.url not in (
            "",
            "about:blank",
        ):
            self.check("unchecked-page")

    def finish(self) -> None:
        self._check_unchecked_page()


def run_axe(page: Page, axe_source: str) -> list[dict[str, Any]]:
    """Inject axe-core (through the DevTools protocol, which the page's CSP does not govern)
    and return its violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    return page.evaluate(
        """async () => {
            const results = await window.axe.run(document, {resultTypes: ['violations']});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary || ''})),
            }));
        }"""
    )


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"    {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(
                ".".join(map(str, t)) if isinstance(t, list) else str(t) for t in node["target"]
            )
            lines.append(f"    target: {target}")
            lines.extend(
                f"      {line.strip()}" for line in node["summary"].splitlines() if line.strip()
            )
    return "\n".join(lines)


@pytest.fixture
def browser(
    chromium: PlaywrightBrowser,
    live_server: Any,
    live_cast: Cast,
    axe_source: str,
    request: pytest.FixtureRequest,
) -> Iterator[Browser]:
    """A fresh context (no cookies) on the live server. The browser asks for English; the
    interface must still be Danish, because only the language switch chooses the language."""
    context = chromium.new_context(
        base_url=live_server.url,
        locale="en-GB",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    wrapper = Browser(page, live_server.url, request.node.name, axe_source)
    try:
        yield wrapper
        wrapper.finish()
    finally:
        context.close()


@pytest.fixture
def logged_in(browser: Browser) -> Callable[..., Browser]:
    """Log a member of the cast in and return the browser on the (checked) start page, or,
    with ``start_page=False``, on no page yet."""

    def _login(username: str, *, start_page: bool = True) -> Browser:
        browser.login_through_the_view(username)
        if start_page:
            browser.visit("/", "start-page")
            assert browser.path == "/", f"{username} landed on {browser.path}, not on /"
        return browser

    return _login
