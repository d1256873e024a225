"""Attendance at the door of an information meeting, on a phone (375 px) and a desktop
(1280 px): one tap per person, with htmx, checked with axe at each step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from brobygger.interventions.models import Enrolment, InterventionType
from brobygger.languages.models import Language
from brobygger.meetings.models import Attendance, Invitation, Session
from brobygger.people.models import ContactAttempt
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

from .conftest import Browser

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 900}, {"width": 375, "height": 740}],
    ids=["desktop", "phone"],
)
def test_take_attendance_at_the_door(
    live_cast: Cast, logged_in: Callable[[str], Browser], viewport: dict[str, int]
) -> None:
    session = Session.objects.create(
        municipality=live_cast.viborg,
        kind="information",
        title="Informationsmøde om job",
        date=timezone.localdate(),
        starts_at=time(0, 0),
        ends_at=time(23, 59),
        place="Beboerhuset",
        address="Ellekærvej 1, 8800 Viborg",
        intervention_type=InterventionType.objects.get(name="Informationsmøde"),
    )
    malee = PersonFactory(municipality=live_cast.viborg, first_name="Malee", last_name="Srisuk")
    Invitation.objects.create(
        session=session,
        person=malee,
        channel="letter",
        language=Language.objects.get(code="th"),
        reply="yes",
    )
    walk_in = PersonFactory(municipality=live_cast.viborg, first_name="Hodan", last_name="Warsame")
    browser = logged_in("alice", start_page=False)
    page = browser.page
    page.set_viewport_size(viewport)

    browser.visit(f"/meetings/{session.pk}/door/", "door")
    browser.check("door")
    toggle = page.locator("[data-testid=door-row]", has_text="Malee").locator("button")
    box = toggle.bounding_box()
    assert box is not None and box["height"] >= 48
    if viewport["width"] == 375:
        assert box["width"] >= 300  # the whole width of the phone: one thumb reaches it
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0

    toggle.click()  # htmx swaps the row
    expect(
        page.locator("[data-testid=door-row]", has_text="Malee").locator("button")
    ).to_have_attribute("aria-pressed", "true")
    browser.check("door-marked", full_page=False)
    assert Attendance.objects.filter(person=malee).exists()
    assert Enrolment.objects.filter(person=malee).exists()
    assert ContactAttempt.objects.filter(person=malee, channel="meeting").exists()

    # A walk-in, found by name.
    page.fill("#id_q", "Hodan")
    browser.submit(page.locator("[data-testid=door-search] button"), "door-search")
    page.locator("[data-testid=walk-ins] button", has_text="Hodan").click()
    expect(page.locator("[data-testid=walk-ins] button", has_text="Hodan")).to_have_attribute(
        "aria-pressed", "true"
    )
    browser.check("walk-in-marked", full_page=False)
    assert Attendance.objects.filter(person=walk_in).exists()

    browser.visit(f"/meetings/{session.pk}/", "session")
    expect(page.locator("[data-testid=count-attended]")).to_have_text("2")
    browser.check("session")
