"""Two-factor login in the browser: turning it on from the account page, and logging in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from brobygger.accounts.tests.two_factor import code_for, device_for_secret
from brobygger.testing import Cast

from .conftest import Browser

pytestmark = pytest.mark.browser


def test_a_caseworker_turns_on_two_factor_login_and_logs_in_with_a_code(
    live_cast: Cast, logged_in: Callable[[str], Browser]
) -> None:
    browser = logged_in("alice")
    page = browser.page

    browser.submit(browser.visible("[data-testid=account-link]"), "account")
    assert browser.path == "/account/"
    browser.submit(page.locator("[data-testid=two-factor-turn-on]"), "set-up")
    assert page.locator("[data-testid=two-factor-qr] svg").is_visible()
    secret = page.locator("[data-testid=two-factor-secret]").inner_text().strip()
    assert secret

    # Her app knows the key she typed in; the server saves the device only now.
    assert not TOTPDevice.objects.filter(user=live_cast.alice).exists()
    page.fill("input[name=code]", code_for(device_for_secret(secret)))
    browser.submit(page.locator("[data-testid=two-factor-confirm]"), "recovery-codes")
    assert page.locator("[data-testid=recovery-codes] li").count() == 10
    device = TOTPDevice.objects.get(user=live_cast.alice)

    browser.logout()
    browser.login("alice", step="password")
    assert browser.path == "/login/code/"
    page.fill("input[name=code]", code_for(device, steps_ahead=1))
    browser.submit(page.locator("[data-testid=login-code-submit]"), "logged-in")
    assert browser.path == "/"
