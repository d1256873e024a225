"""The registry as a caseworker uses it: register, get warned of a duplicate, log an attempt
in two clicks, fill in the rest, and see the caseload."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from brobygger.people.models import Person
from brobygger.testing import Cast

from .conftest import Browser

pytestmark = pytest.mark.browser


def test_register_warn_log_attempt_and_edit(
    live_cast: Cast, logged_in: Callable[[str], Browser]
) -> None:
    browser = logged_in("alice")
    page = browser.page

    browser.visit("/people/new/", "register-form")
    page.fill("#id_first_name", "Malee")
    page.fill("#id_last_name", "Srisuk")
    page.select_option("#id_method", label="Samarbejdspartnere: Bydelsmødre")
    page.fill("#id_birth_date", "02.05.1980")
    browser.submit(page.locator("[data-testid=register-submit]"), "registered")
    person = Person.objects.get(last_name="Srisuk")
    assert browser.path == f"/people/{person.pk}/"
    assert page.locator("[data-testid=person-status]").inner_text() == "Identificeret"

    # Two clicks: the channel, then what happened. The region updates in place.
    page.locator("[data-testid=attempt-form] label", has_text="SMS").click()
    with page.expect_response(lambda r: "/attempts/" in r.url):
        page.locator("[data-testid=attempt-form] button", has_text="Intet svar").click()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=timeline]').innerText.includes('SMS')"
    )
    assert page.locator("[data-testid=person-status]").inner_text() == "Kontakt forsøgt"
    browser.check("attempt-logged")

    # The same woman, spelled another way with the same birth date: a warning first.
    browser.visit("/people/new/", "register-again")
    page.fill("#id_first_name", "Malee")
    page.fill("#id_last_name", "Sri-Suk")
    page.select_option("#id_method", label="PR og information: Omtale i beboerblad")
    page.fill("#id_birth_date", "02.05.1980")
    browser.submit(page.locator("[data-testid=register-submit]"), "duplicate-warning")
    assert page.locator("[data-testid=duplicate-warning]").count() == 1
    assert Person.objects.count() == 1

    browser.visit(f"/people/{person.pk}/edit/", "edit")
    page.fill("#id_phone", "20 12 34 56")
    page.select_option("#id_danish_programme", "DU2")
    browser.submit(page.locator("[data-testid=person-save]"), "saved")
    person.refresh_from_db()
    assert str(person.phone) == "+4520123456"

    browser.visit("/people/caseload/", "caseload")
    assert "Malee Srisuk" not in page.locator("[data-testid=overdue]").inner_text()


def test_plan_an_activity_and_mark_it_done(
    live_cast: Cast, logged_in: Callable[[str], Browser]
) -> None:
    from django.utils import timezone

    browser = logged_in("alice")
    page = browser.page
    browser.submit(
        browser.visible("header .navigation-menu nav a[href='/outreach/activities/']"), "plan"
    )
    browser.submit(page.locator("[data-testid=activity-create]"), "activity-form")
    page.select_option("#id_method", label="PR og information: Opslag i opgange og vaskekældre")
    page.fill("#id_title", "Plakater i vaskekældre")
    page.fill("#id_place", "Blok 3")
    page.fill("#id_planned_on", timezone.localdate().strftime("%d.%m.%Y"))
    browser.submit(page.locator("[data-testid=activity-save]"), "planned")

    card = page.locator("[data-testid=activity]", has_text="Plakater i vaskekældre")
    card.locator("input[name=hours]").fill("2,5")
    with page.expect_response(lambda r: "/done/" in r.url):
        card.locator("button", has_text="Marker som udført").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=activity-status]')]"
        ".some(e => e.innerText.includes('Udført'))"
    )
    browser.check("done")
