"""Key pages at desktop and phone width (issue 14): nothing wider than the window, wide
tables scroll inside their own box, and the people list keeps its way through the pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from brobygger.people.models import Person
from brobygger.people.tests.factories import PersonFactory
from brobygger.reports.selectors import report_quarters
from brobygger.testing import Cast

from .conftest import Browser

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}


def _path(page: str, cast: Cast, person: Person) -> str:
    partnership = cast.partnership.pk
    if page == "report":
        quarter = report_quarters(cast.partnership)[0]
        return f"/reports/partnerships/{partnership}/{quarter}/partnership/"
    return {
        "start": "/",
        "people": "/people/",
        "person": f"/people/{person.pk}/",
        "criteria": f"/interventions/partnerships/{partnership}/criteria/",
    }[page]


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize(
    ("username", "page"),
    [
        ("alice", "start"),
        ("alice", "people"),
        ("alice", "person"),
        ("kim", "criteria"),
        ("kim", "report"),
    ],
)
def test_key_pages_fit_the_width(
    live_cast: Cast, logged_in: Callable[..., Browser], username: str, page: str, width: str
) -> None:
    # More people than one page of the list holds (25), so that it has pages.
    people = [PersonFactory(municipality=live_cast.viborg) for _n in range(27)]
    browser = logged_in(username, start_page=False)
    browser.page.set_viewport_size(WIDTHS[width])
    browser.visit(_path(page, live_cast, people[0]), f"{page}-{width}")
    overflow = browser.page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert overflow[0] <= overflow[1], f"{page} is {overflow[0]} px wide at {overflow[1]} px"
    if page == "people":
        pagination = browser.page.locator("[data-testid=pagination]")
        expect(pagination).to_be_visible()
        expect(pagination.locator("a[href$='page=2']")).to_be_visible()
        expect(pagination.locator(".pagination-status")).to_be_visible()


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("language", ["ar", "fa"])
def test_the_public_form_fits_right_to_left(
    live_cast: Cast, logged_in: Callable[..., Browser], language: str, width: str
) -> None:
    """The public form in a right-to-left language, on a desk and on a phone: nothing wider
    than the window, the phone number left to right, the error summary in her language."""
    from django.utils import timezone

    from brobygger.outreach.models import OutreachActivity, OutreachMethod
    from brobygger.outreach.services import campaign_enable

    activity = campaign_enable(
        actor=live_cast.alice,
        activity=OutreachActivity.objects.create(
            municipality=live_cast.viborg,
            title="Kvindecaféen",
            planned_on=timezone.localdate(),
            method=OutreachMethod.objects.order_by("pk").first(),
        ),
    )
    browser = logged_in("alice", start_page=False)
    public = browser.page.context.browser.new_context(viewport=WIDTHS[width])
    citizen = Browser(
        public.new_page(), browser.base_url, f"{browser.test_name}-citizen", browser.axe_source
    )
    try:
        citizen.visit(f"/k/{activity.campaign_code}/?lang={language}", f"form-{width}")
        page = citizen.page
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator("#id_phone").get_attribute("dir") == "ltr"
        citizen.submit(page.locator("[data-testid=interest-form] button"), f"errors-{width}")
        overflow = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert overflow[0] <= overflow[1], f"{overflow[0]} px wide at {overflow[1]} px"
        citizen.finish()
    finally:
        public.close()
