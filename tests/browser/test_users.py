"""User administration by the administrator."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from brobygger.accounts.models import Membership, Role, User
from brobygger.testing import Cast

from .conftest import Browser

pytestmark = pytest.mark.browser


def test_administrator_manages_users(
    live_cast: Cast, logged_in: Callable[[str], Browser], mailoutbox: list
) -> None:
    browser = logged_in("ada")
    assert "/users/" in browser.nav_links()
    assert "/people/" not in browser.nav_links()

    browser.submit(browser.visible("header .navigation-menu nav a[href='/users/']"), "users")
    assert browser.path == "/users/"
    table = browser.page.locator("#results tbody")
    for username in ("alice", "bob", "charlie", "kim", "lene"):
        assert table.locator("a", has_text=username).count() == 1

    browser.submit(browser.page.locator("main a[href='/users/new/']"), "new-user")
    assert browser.path == "/users/new/"
    page = browser.page
    page.fill("input[name=username]", "nadia")
    page.fill("input[name=first_name]", "Nadia")
    page.fill("input[name=email]", "nadia@example.invalid")
    page.select_option("select[name=memberships-0-role]", Role.CASEWORKER.value)
    assert page.locator("select[name=memberships-0-municipality]").input_value() == ""

    # A caseworker needs a municipality: the error is shown at the field, the input is kept.
    browser.submit(page.locator("main form button[type=submit]").first, "missing-municipality")
    assert browser.path == "/users/new/"
    group = page.locator(".form-group", has=page.locator("#id_memberships-0-municipality"))
    assert "form-error" in (group.get_attribute("class") or "")
    message = group.locator(".form-error-message")
    assert message.count() == 1 and message.is_visible()
    assert page.locator("#id_memberships-0-municipality").get_attribute("aria-invalid") == "true"
    assert page.locator(".form-error-message").count() == 1  # nowhere else
    assert page.locator("input[name=username]").input_value() == "nadia"
    assert page.locator("select[name=memberships-0-role]").input_value() == Role.CASEWORKER.value
    assert not User.objects.filter(username="nadia").exists()

    page.select_option("select[name=memberships-0-municipality]", str(live_cast.viborg.pk))
    browser.submit(page.locator("main form button[type=submit]").first, "user-created")
    assert browser.path == "/users/"
    assert page.locator("main .alert-success").is_visible()
    row = page.locator("#results tbody tr", has=page.locator("a", has_text="nadia"))
    assert row.count() == 1
    assert "Viborg" in row.inner_text()

    nadia = User.objects.get(username="nadia")
    assert list(nadia.memberships.values_list("role", "municipality")) == [
        (Role.CASEWORKER.value, live_cast.viborg.pk)
    ]
    # Her link to choose a password, and a notice to Viborg's lead: the role reaches people.
    assert sorted(message.to[0] for message in mailoutbox) == [
        live_cast.lene.email,
        "nadia@example.invalid",
    ]

    browser.submit(row.locator("a", has_text="nadia"), "edit-user")
    assert browser.path == f"/users/{nadia.pk}/"
    assert page.locator("input[name=username]").is_disabled()
    assert Membership.objects.filter(user=nadia).count() == 1


def test_municipal_lead_sees_users_without_managing(
    live_cast: Cast, logged_in: Callable[[str], Browser]
) -> None:
    browser = logged_in("lene")
    browser.visit("/users/", "users-read-only")
    assert browser.page.locator("main a[href='/users/new/']").count() == 0
    # A page outside one's role answers like a page that does not exist (fail closed).
    browser.visit("/users/new/", "new-user-refused", status=404)


def test_administrator_saves_a_user_without_changes(
    live_cast: Cast, logged_in: Callable[[str], Browser]
) -> None:
    """Opening a user and pressing Save must succeed: the empty extra role row is not a role."""
    browser = logged_in("ada")
    alice = live_cast.alice
    browser.visit(f"/users/{alice.pk}/", "edit-alice")
    page = browser.page

    browser.submit(page.locator("main form button[type=submit]").first, "saved-unchanged")

    errors = page.locator(".form-error-message").all_inner_texts()
    assert browser.path == "/users/", f"saving an unchanged user was refused: {errors}"
    assert list(alice.memberships.values_list("role", "municipality")) == [
        (Role.CASEWORKER.value, live_cast.viborg.pk)
    ]


def test_role_delete_checkbox_can_be_seen_and_used(
    live_cast: Cast, logged_in: Callable[[str], Browser]
) -> None:
    """Every checkbox on the user form is a design-system checkbox that sighted users can see."""
    browser = logged_in("ada")
    browser.visit(f"/users/{live_cast.alice.pk}/", "edit-alice")
    page = browser.page

    delete = page.locator("#id_memberships-0-DELETE")
    assert delete.count() == 1
    box = delete.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0, (
        f"the role's delete checkbox has no size on screen: {box}"
    )
    classes = page.locator("main form input[type=checkbox]").evaluate_all(
        "inputs => inputs.map(input => [input.name, input.className])"
    )
    unstyled = [name for name, css in classes if "form-checkbox" not in css.split()]
    assert not unstyled, f"checkboxes without the design system's form-checkbox class: {unstyled}"

    page.locator("label[for=id_memberships-0-DELETE]").click()
    assert delete.is_checked()


def test_role_errors_are_summarised_at_the_top(
    live_cast: Cast, logged_in: Callable[[str], Browser]
) -> None:
    """An error in a role row is announced at the top of the form like any other error."""
    browser = logged_in("ada")
    browser.visit("/users/new/", "new-user")
    page = browser.page
    page.fill("input[name=username]", "nadia")
    page.fill("input[name=email]", "nadia@example.invalid")
    page.select_option("select[name=memberships-0-role]", Role.CASEWORKER.value)

    browser.submit(page.locator("main form button[type=submit]").first, "missing-municipality")

    assert page.locator("#id_memberships-0-municipality").get_attribute("aria-invalid") == "true"
    summary = page.locator("main .alert-error[role=alert]")
    assert summary.count() >= 1 and summary.first.is_visible(), (
        "no error summary at the top of the form when only a role row has an error"
    )
