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


# The header has room for about nine entries: agreements, events and volunteers are reached
# from the partners page, the knowledge pages from the partnership and the start page.
MENU: tuple[MenuEntry, ...] = (
    MenuEntry("start:home", _("Overview"), None),
    MenuEntry("people:caseload", _("My people"), Permission.VIEW_PEOPLE),
    MenuEntry("people:list", _("People"), Permission.VIEW_PEOPLE),
    MenuEntry("outreach:activity-list", _("Outreach"), Permission.MANAGE_OUTREACH),
    MenuEntry("outreach:location-list", _("Local presence"), Permission.MANAGE_OUTREACH),
    MenuEntry("meetings:list", _("Meetings"), Permission.VIEW_PEOPLE),
    MenuEntry("linkage:list", _("Lists"), Permission.IMPORT_LISTS),
    MenuEntry("partners:list", _("Partners"), Permission.MANAGE_PARTNERS),
    MenuEntry("partnerships:list", _("Partnerships"), Permission.VIEW_PARTNERSHIP),
    MenuEntry("audit:access-log", _("Access log"), Permission.VIEW_ACCESS_LOG),
    MenuEntry("accounts:user-list", _("Users"), Permission.VIEW_USERS),
    MenuEntry("outreach:method-list", _("Methods"), Permission.MANAGE_CONFIGURATION),
    MenuEntry("languages:list", _("Languages"), Permission.MANAGE_CONFIGURATION),
    MenuEntry("outreach:form-texts", _("Texts"), Permission.MANAGE_CONFIGURATION),
    MenuEntry("outreach:form-texts", _("Public form"), Permission.MANAGE_CONFIGURATION),
    MenuEntry("meetings:wordings", _("Invitation texts"), Permission.MANAGE_CONFIGURATION),
    MenuEntry("interventions:type-list", _("Interventions"), Permission.MANAGE_CONFIGURATION),
)


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
