"""The checks the suite relies on must themselves bite: axe must see violations on a page
served under the app's strict Content-Security-Policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Browser

pytestmark = pytest.mark.browser


def test_axe_check_reports_serious_violations(browser: Browser, tmp_path: Path) -> None:
    response = browser.visit("/login/", "login")
    policy = response.headers.get("content-security-policy", "")
    assert "script-src" in policy, "the app sends its CSP; axe has to work under it"

    # An image without a text alternative (axe rule image-alt, impact critical).
    browser.page.evaluate(
        """() => {
            const image = document.createElement('img');
            image.src = '/static/dkfds/img/logo-placeholder.png';
            image.id = 'harness-image-without-alt';
            document.querySelector('main').appendChild(image);
        }"""
    )
    with pytest.raises(pytest.fail.Exception) as failure:
        browser.assert_accessible("injected-violation", tmp_path / "axe.txt")
    message = str(failure.value)
    assert "image-alt" in message and "critical" in message
    assert "#harness-image-without-alt" in message

    browser.page.evaluate("() => document.getElementById('harness-image-without-alt').remove()")
    browser.check("violation-removed")


def test_csp_refusals_and_broken_files_are_reported(browser: Browser) -> None:
    browser.visit("/login/", "login")
    # Wait for the broken image's own response: "networkidle" may already have been reached
    # before the image was added, and the 404 would then arrive after the assertion.
    with browser.page.expect_response(lambda r: "does-not-exist" in r.url):
        browser.page.evaluate(
            """() => {
                const script = document.createElement('script');
                script.textContent = 'window.harnessInline = true';
                document.body.appendChild(script);
                const image = document.createElement('img');
                image.alt = '';
                image.src = '/static/does-not-exist.png';
                document.body.appendChild(image);
            }"""
        )
    assert browser.page.evaluate("() => window.harnessInline === undefined")  # CSP held

    with pytest.raises(AssertionError) as failure:
        browser.assert_no_problems("injected-problems")
    message = str(failure.value)
    assert "CSP refusal" in message
    assert "404 for" in message and "/static/does-not-exist.png" in message
