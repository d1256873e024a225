"""A caseworker enrols a woman in an internship and asks about her job chances."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from brobygger.interventions.models import Enrolment
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

from .conftest import Browser

pytestmark = pytest.mark.browser


def test_enrol_and_ask_about_job_chances(
    live_cast: Cast, logged_in: Callable[[str], Browser]
) -> None:
    person = PersonFactory(municipality=live_cast.viborg)
    browser = logged_in("alice")
    page = browser.page

    browser.visit(f"/people/{person.pk}/", "person")
    browser.submit(page.locator("[data-testid=interventions-link]"), "interventions")
    page.select_option(
        "#id_enrolment-intervention_type", label="Beskæftigelsesrettet: Virksomhedspraktik"
    )
    page.fill("#id_enrolment-provider_note", "Netto Viborg")
    page.fill("#id_enrolment-started_on", "01.09.2026")
    browser.submit(page.locator("[data-testid=enrolment-save]"), "enrolled")
    expect(page.locator("[data-testid=enrolments]")).to_contain_text("Netto Viborg")
    assert Enrolment.objects.get().person == person

    page.fill("#id_confidence-measured_on", "01.09.2026")
    page.select_option("#id_confidence-score", "3")
    browser.submit(page.locator("[data-testid=confidence-save]"), "asked")
    expect(page.locator("[data-testid=confidence]")).to_contain_text("Første svar 3/10")

    # The progression card, filled in with the company mentor, as a chart and a table.
    browser.submit(
        page.locator("[data-testid=enrolments] a", has_text="Virksomhedspraktik"), "enrolment"
    )
    page.fill("#id_assessed_on", "07.09.2026")
    page.fill("#id_assessor_name", "Lone, Netto")
    first_line = page.locator("[data-testid=progression-form] select[name^=score_]").first
    first_line.select_option("3")
    browser.submit(page.locator("[data-testid=progression-save]"), "card-saved")
    expect(page.locator("[data-testid=progression-table]")).to_contain_text(
        "Dansk på arbejdspladsen"
    )
    page.wait_for_function(
        "() => document.querySelector('canvas[data-chart]').dataset.drawn === '1'"
    )
    browser.check("card-chart")


def test_coordinator_follows_the_success_criteria(
    live_cast: Cast, logged_in: Callable[[str], Browser]
) -> None:
    PersonFactory(municipality=live_cast.viborg)
    browser = logged_in("kim")
    page = browser.page

    browser.visit(f"/partnerships/{live_cast.partnership.pk}/", "partnership")
    browser.submit(page.locator("[data-testid=criteria-link]"), "criteria")
    expect(page.locator("[data-testid=criteria-all]")).to_contain_text("netværksorienteret")
    page.wait_for_function(
        "() => document.querySelector('canvas[data-chart]').dataset.drawn === '1'"
    )
    browser.check("criteria-chart")

    # The funnel and the trend are drawn too, each with its table.
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas[data-chart]')]"
        ".every((canvas) => canvas.dataset.drawn === '1')"
    )
    expect(page.locator("[data-testid=funnel]")).to_contain_text("Identificeret")

    browser.submit(page.locator("[data-testid=methods-link]"), "methods")
    expect(page.locator("[data-testid=methods]")).to_contain_text("Alle metoder")
    page.wait_for_function(
        "() => document.querySelector('canvas[data-chart]').dataset.drawn === '1'"
    )
    browser.check("method-chart")


def test_coordinator_writes_the_quarterly_report(
    live_cast: Cast, logged_in: Callable[[str], Browser]
) -> None:
    browser = logged_in("kim")
    page = browser.page
    browser.visit(f"/reports/partnerships/{live_cast.partnership.pk}/?quarter=2026Q3", "reports")
    browser.submit(page.locator("[data-testid=reports] a").first, "report")
    section = page.locator("[data-testid=section-status]")
    browser.submit(section.locator("a", has_text="Skriv"), "write")
    page.fill("#id_text", "Vi har holdt tre informationsmøder.")
    browser.submit(page.locator("button[type=submit]", has_text="Gem"), "saved")
    expect(page.locator("[data-testid=section-status]")).to_contain_text("tre informationsmøder")
    expect(page.locator("[data-testid=table-criteria]")).to_be_visible()
    browser.check("quarterly-report")
