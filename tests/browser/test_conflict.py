"""Two caseworkers editing the same person: the one who saves second lands on the conflict
page (409, checked by axe like every page), sees her values beside the stored ones, and
starts again from the stored values."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from brobygger.people.services import person_update
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

from .conftest import Browser

pytestmark = pytest.mark.browser


def test_the_second_save_meets_the_conflict_page(
    live_cast: Cast, logged_in: Callable[[str], Browser]
) -> None:
    person = PersonFactory(municipality=live_cast.viborg, first_name="Malee", last_name="Srisuk")
    browser = logged_in("alice")
    page = browser.page

    browser.visit(f"/people/{person.pk}/edit/", "edit")
    page.fill("#id_city", "Viborg")
    # Meanwhile Lene saves the same person from her own edit form.
    person_update(actor=live_cast.lene, person=person, changes={"city": "Bjerringbro"}, version=1)
    browser.submit(page.locator("[data-testid=person-save]"), "conflict", status=409)

    table = page.locator("[data-testid=conflict-table]")
    differing = table.locator("tr[data-differs]")
    assert differing.count() == 1
    assert "Viborg" in differing.inner_text() and "Bjerringbro" in differing.inner_text()

    browser.submit(page.locator("[data-testid=conflict-restart]"), "start-again")
    assert browser.path == f"/people/{person.pk}/edit/"
    assert page.input_value("#id_city") == "Bjerringbro"
    page.fill("#id_city", "Viborg")
    browser.submit(page.locator("[data-testid=person-save]"), "saved")
    person.refresh_from_db()
    assert (person.city, person.version) == ("Viborg", 3)
