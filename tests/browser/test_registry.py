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


@pytest.mark.parametrize("language", ["ar", "fa", "th", "da"])
def test_campaign_link_to_public_form_to_caseworker(
    live_cast: Cast, logged_in: Callable[[str], Browser], language: str
) -> None:
    """A woman scans the poster, signs up in her language; the caseworker sees her,
    identified and attributed to the activity."""
    from django.utils import timezone

    from brobygger.outreach.models import OutreachActivity, OutreachMethod

    activity = OutreachActivity.objects.create(
        municipality=live_cast.viborg,
        title="Oplæg i kvindeklubben",
        planned_on=timezone.localdate(),
        method=OutreachMethod.objects.get(name="Præsentation i kvindeklub eller kvindecafé"),
    )
    browser = logged_in("alice")
    page = browser.page
    browser.visit(f"/outreach/activities/{activity.pk}/", "activity")
    browser.submit(page.locator("[data-testid=campaign-on]"), "campaign-on")
    link = page.locator("[data-testid=campaign-link]").get_attribute("href")
    assert link and link.startswith("/k/")
    poster = page.context.request.get(browser.url(f"/outreach/activities/{activity.pk}/poster/"))
    assert poster.headers["content-type"] == "application/pdf"

    public = browser.page.context.browser.new_context()  # another device, not logged in
    citizen = Browser(
        public.new_page(), browser.base_url, browser.test_name + "-citizen", browser.axe_source
    )
    try:
        citizen.visit(f"{link}?lang={language}", "form")
        assert citizen.page.locator("html").get_attribute("lang") == language
        right_to_left = language in {"ar", "fa"}
        assert citizen.page.locator("html").get_attribute("dir") == (
            "rtl" if right_to_left else "ltr"
        )
        # The phone number is written left to right in every script.
        assert citizen.page.locator("#id_phone").get_attribute("dir") == "ltr"
        citizen.page.fill("#id_name", "Malee Srisuk")
        citizen.page.fill("#id_phone", "+66 81 234 5678")
        citizen.page.locator("label[for=id_consent]").click()
        citizen.submit(citizen.page.locator("[data-testid=interest-form] button"), "sent")
        assert citizen.page.locator("[data-testid=interest-thanks]").count() == 1
        citizen.finish()
    finally:
        public.close()

    browser.visit("/people/caseload/", "caseload")
    assert "Malee Srisuk" in page.locator("[data-testid=unassigned]").inner_text()
    browser.submit(page.locator("[data-testid=unassigned] a", has_text="Malee Srisuk"), "person")
    assert "Oplæg i kvindeklubben" in page.locator("main").inner_text()


def test_local_presence_location_and_visits(
    live_cast: Cast, logged_in: Callable[[str], Browser]
) -> None:
    browser = logged_in("alice")
    page = browser.page
    browser.visit("/outreach/locations/new/", "location-form")
    page.fill("#id_name", "Jobcenterfilialen i Ellekær")
    page.select_option("#id_kind", "branch_office")
    page.fill("#id_opening_hours", "Tirsdag 9–12")
    browser.submit(page.locator("main form button[type=submit]"), "location")
    page.fill("#id_anonymous_count", "3")
    browser.submit(page.locator("[data-testid=drop-in-form] button"), "visit-recorded")
    assert "3 anonyme besøgende" in page.locator("[data-testid=visits]").inner_text()
    browser.visit("/outreach/locations/", "locations")
