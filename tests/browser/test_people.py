"""People: a caseworker's list, search and detail; the other municipality's 404."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone

from brobygger.outreach.models import OutreachMethod
from brobygger.people.models import Person
from brobygger.people.services import person_register
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

from .conftest import Browser

pytestmark = pytest.mark.browser


def register(cast: Cast, first_name: str, last_name: str) -> Person:
    """Alice registers a person the way the application does (which also makes the person
    findable by name); PersonFactory rows are not in the name index."""
    method = OutreachMethod.objects.order_by("pk").first()
    assert method is not None, "the outreach methods are seeded by a migration"
    return person_register(
        actor=cast.alice,
        municipality=cast.viborg,
        first_name=first_name,
        last_name=last_name,
        method=method,
    )


def test_caseworker_browses_people(live_cast: Cast, logged_in: Callable[[str], Browser]) -> None:
    mine = register(live_cast, "Hodan", "Warsame")  # assigned to alice, who registered her
    PersonFactory(first_name="Malee", last_name="Srisuk", contacted=True)
    PersonFactory(first_name="Zainab", last_name="Rahimi")
    PersonFactory(first_name="Semhar", last_name="Yılmaz", municipality=live_cast.hedensted)

    browser = logged_in("alice")
    assert browser.page.locator("[data-testid=work-list]").is_visible()

    browser.submit(browser.visible("header .navigation-menu nav a[href='/people/']"), "people")
    assert browser.path == "/people/"
    rows = browser.page.locator("#results tbody tr")
    assert rows.count() == 3
    names = rows.locator("td.person-name").all_inner_texts()
    assert sorted(names) == ["Hodan Warsame", "Malee Srisuk", "Zainab Rahimi"]
    assert "Semhar" not in browser.page.locator("main").inner_text()  # Hedensted's person
    current = browser.page.locator("header .navigation-menu nav a[aria-current=page]")
    assert current.get_attribute("href") == "/people/"

    # The search narrows the table in place (htmx) and keeps the address shareable.
    with browser.page.expect_response(lambda r: "/people/?" in r.url and "q=hod" in r.url):
        browser.page.fill("#id_q", "hod")
    browser.page.wait_for_function(
        "() => document.querySelectorAll('#results tbody tr').length === 1"
    )
    assert rows.locator("td.person-name").all_inner_texts() == ["Hodan Warsame"]
    browser.page.wait_for_url("**/people/?q=hod*")
    browser.check("search-results")

    browser.submit(rows.locator("a", has_text="Hodan Warsame"), "person-detail")
    assert browser.path == f"/people/{mine.pk}/"
    assert browser.page.locator("main h1").inner_text().strip() == "Hodan Warsame"
    assert "Viborg" in browser.page.locator("main").inner_text()

    browser.submit(browser.page.locator("nav.breadcrumbs a[href='/people/']"), "back-to-list")
    assert browser.path == "/people/"


def test_other_municipality_gets_404(live_cast: Cast, logged_in: Callable[[str], Browser]) -> None:
    viborg_person = PersonFactory(first_name="Fatima", last_name="Al-Hassan")

    browser = logged_in("charlie")
    browser.visit("/people/", "people-in-hedensted")
    assert "Fatima" not in browser.page.locator("main").inner_text()

    browser.visit(f"/people/{viborg_person.pk}/", "viborg-person", status=404)
    assert browser.html_lang() == "da"
    assert "Fatima" not in browser.page.content()
    assert browser.page.locator("main a[href='/']").count() == 1  # the way back
    # A person that does not exist looks exactly the same.
    browser.visit("/people/999999/", "missing-person", status=404)


def test_search_keeps_the_page_frame_intact(
    live_cast: Cast, logged_in: Callable[[str], Browser]
) -> None:
    """Swapping in search results must not re-initialise the header: no second "More" menu,
    no duplicate ids."""
    register(live_cast, "Hodan", "Warsame")
    register(live_cast, "Malee", "Srisuk")
    browser = logged_in("alice")
    browser.visit("/people/", "people")
    page = browser.page
    menu_before = page.locator("header .navigation-menu .mainmenu > li").count()
    visible_more = "header .navigation-menu .more-option >> visible=true"
    assert page.locator(visible_more).count() == 0

    with page.expect_response(lambda r: "q=hod" in r.url):
        page.fill("#id_q", "hod")
    page.wait_for_function("() => document.querySelectorAll('#results tbody tr').length === 1")
    assert page.locator("#results tbody td.person-name").all_inner_texts() == ["Hodan Warsame"]
    page.wait_for_timeout(200)  # let the htmx after-swap handlers run
    browser.check("search-results")

    duplicates = page.evaluate(
        """() => {
            const seen = {};
            document.querySelectorAll('[id]').forEach(e => seen[e.id] = (seen[e.id] || 0) + 1);
            return Object.keys(seen).filter(id => seen[id] > 1);
        }"""
    )
    assert duplicates == [], f"duplicate ids after the search swap: {duplicates}"
    assert page.locator("header .navigation-menu .mainmenu > li").count() == menu_before
    assert page.locator(visible_more).count() == 0, "an empty 'More' menu appeared"


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 900}, {"width": 375, "height": 740}],
    ids=["desktop", "phone"],
)
def test_person_page_reads_well_at_desktop_and_phone_width(
    live_cast: Cast, logged_in: Callable[[str], Browser], viewport: dict[str, int]
) -> None:
    """The summary, the mentor card, the timeline and the change history fit the width: the
    page itself never scrolls sideways, and what a caseworker reads is in words."""
    person = register(live_cast, "Malee", "Srisuk")
    Person.objects.filter(pk=person.pk).update(
        country_of_origin="TH", languages="th, en", phone="+4522334455"
    )
    browser = logged_in("alice", start_page=False)
    browser.page.set_viewport_size(viewport)
    browser.page.context.add_cookies(
        [{"name": "brobygger_language", "value": "en", "url": browser.url("/")}]
    )

    browser.visit(f"/people/{person.pk}/", "person-page")

    summary = browser.page.locator("main").inner_text()
    assert "Thailand" in summary
    assert "Thai, English" in summary
    assert "22 33 44 55" in summary
    assert browser.page.locator("[data-testid=person-mentoring]").is_visible()
    assert (
        "Registered by Alice" in browser.page.locator("[data-testid=change-history]").inner_text()
    )
    overflow = browser.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 900}, {"width": 375, "height": 740}],
    ids=["desktop", "phone"],
)
def test_the_start_page_is_her_work_list(
    live_cast: Cast, logged_in: Callable[[str], Browser], viewport: dict[str, int]
) -> None:
    """Her day starts on the work list: a follow-up due, a newly identified woman she takes in
    one click, search and "register" at hand; nothing scrolls sideways on a phone."""
    due = register(live_cast, "Hodan", "Warsame")
    Person.objects.filter(pk=due.pk).update(
        follow_up_on=timezone.localdate(), next_action="Ring igen"
    )
    new = PersonFactory(first_name="Zainab", last_name="Rahimi", gender="female")
    browser = logged_in("alice", start_page=False)
    browser.page.set_viewport_size(viewport)
    browser.page.context.add_cookies(
        [{"name": "brobygger_language", "value": "en", "url": browser.url("/")}]
    )
    browser.visit("/", "work-list")

    work = browser.page.locator("[data-testid=work-list]")
    assert "Hodan Warsame" in work.locator("[data-testid=coming-up]").inner_text()
    assert "Ring igen" in work.inner_text()
    assert browser.page.locator("[data-testid=find-or-register] input[type=search]").is_visible()
    assert browser.page.locator("[data-testid=register-link]").is_visible()
    assert browser.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        "the start page scrolls sideways"
    )

    unassigned = work.locator("[data-testid=unassigned]")
    browser.submit(unassigned.get_by_role("button", name="Take Zainab Rahimi"), "taken")
    assert browser.path == "/"
    assert "Zainab Rahimi is now in your caseload." in browser.page.locator("main").inner_text()
    new.refresh_from_db()
    assert new.assigned_caseworker == live_cast.alice
