"""The main menu: what each role sees. An entry is shown only when the access policy allows it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import AnyUser, Permission, has_permission


@dataclass(frozen=True)
class MenuEntry:
    url_name: str
    label: str | Promise
    permission: Permission | None


# The header has room for about ten entries: agreements, events and volunteers are reached
# from the partners page, local presence from the outreach plan, the knowledge pages from the
# partnership and the start page, the catalogues and texts from the settings page.
MENU: tuple[MenuEntry, ...] = (
    MenuEntry("start:home", _("Overview"), None),
    MenuEntry("people:caseload", _("My people"), Permission.VIEW_PEOPLE),
    MenuEntry("people:list", _("People"), Permission.VIEW_PEOPLE),
    MenuEntry("outreach:activity-list", _("Outreach"), Permission.MANAGE_OUTREACH),
    MenuEntry("meetings:list", _("Meetings"), Permission.VIEW_PEOPLE),
    MenuEntry("linkage:list", _("Lists"), Permission.IMPORT_LISTS),
    MenuEntry("partners:list", _("Partners"), Permission.MANAGE_PARTNERS),
    MenuEntry("partnerships:list", _("Partnerships"), Permission.VIEW_PARTNERSHIP),
    MenuEntry("audit:access-log", _("Access log"), Permission.VIEW_ACCESS_LOG),
    MenuEntry("accounts:user-list", _("Users"), Permission.VIEW_USERS),
    MenuEntry("start:settings", _("Settings"), Permission.MANAGE_CONFIGURATION),
)

# The administrator's catalogues and texts, on the settings page (one menu entry for all).
SETTINGS: tuple[MenuEntry, ...] = (
    MenuEntry("outreach:method-list", _("Outreach methods"), Permission.MANAGE_CONFIGURATION),
    MenuEntry("interventions:type-list", _("Interventions"), Permission.MANAGE_CONFIGURATION),
    MenuEntry(
        "interventions:dimension-list",
        _("Dimensions of the progression card"),
        Permission.MANAGE_CONFIGURATION,
    ),
    MenuEntry("languages:list", _("Languages"), Permission.MANAGE_CONFIGURATION),
    MenuEntry(
        "outreach:form-texts",
        _("Texts per language: public form, consent, letters, posters"),
        Permission.MANAGE_CONFIGURATION,
    ),
    MenuEntry(
        "meetings:wordings", _("Invitation texts and reply words"), Permission.MANAGE_CONFIGURATION
    ),
    MenuEntry(
        "cases:plan-wordings", _("Texts of her printed plan"), Permission.MANAGE_CONFIGURATION
    ),
    MenuEntry(
        "outreach:profiles",
        _("The municipalities' logo, privacy and accessibility"),
        Permission.MANAGE_CONFIGURATION,
    ),
)


def settings_for(user: AnyUser) -> list[dict[str, Any]]:
    """The settings pages the user may open, for the settings page."""
    return [
        {"url": reverse(entry.url_name), "label": entry.label}
        for entry in SETTINGS
        if entry.permission is None or has_permission(user, entry.permission)
    ]


def menu_for(user: AnyUser, path: str) -> list[dict[str, Any]]:
    """The entries the user may use; the current one is the longest address that starts
    the page's address (the start page only for itself)."""
    if not user.is_authenticated:
        return []
    entries: list[dict[str, Any]] = [
        {"url": reverse(entry.url_name), "label": entry.label, "current": False}
        for entry in MENU
        if entry.permission is None or has_permission(user, entry.permission)
    ]
    matches = [
        e for e in entries if path == e["url"] or (e["url"] != "/" and path.startswith(e["url"]))
    ]
    if matches:
        max(matches, key=lambda e: len(e["url"]))["current"] = True
    return entries
