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
    section: str  # the first path segment that marks the entry as current


MENU: tuple[MenuEntry, ...] = (
    MenuEntry("core:home", _("Overview"), None, ""),
    MenuEntry("people:list", _("People"), Permission.VIEW_PEOPLE, "people"),
    MenuEntry("outreach:activity-list", _("Outreach"), Permission.MANAGE_OUTREACH, "outreach"),
    MenuEntry(
        "outreach:location-list", _("Local presence"), Permission.MANAGE_OUTREACH, "locations"
    ),
    MenuEntry("partnerships:list", _("Partnerships"), Permission.VIEW_PARTNERSHIP, "partnerships"),
    MenuEntry("audit:access-log", _("Access log"), Permission.VIEW_ACCESS_LOG, "audit"),
    MenuEntry("accounts:user-list", _("Users"), Permission.VIEW_USERS, "users"),
    MenuEntry("outreach:form-texts", _("Public form"), Permission.MANAGE_CONFIGURATION, "outreach"),
)


def menu_for(user: AnyUser, path: str) -> list[dict[str, Any]]:
    if not user.is_authenticated:
        return []
    section = path.strip("/").split("/")[0] if path else ""
    entries = []
    for entry in MENU:
        if entry.permission is not None and not has_permission(user, entry.permission):
            continue
        entries.append(
            {
                "url": reverse(entry.url_name),
                "label": entry.label,
                "current": entry.section == section,
            }
        )
    return entries
