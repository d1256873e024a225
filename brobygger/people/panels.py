"""Cards that apps above ``people`` add to the person page.

The person page belongs to ``people``, which stands below the apps that know more of her (her
mentor and referrals in ``partners``). Such an app registers a card here when it starts
(``AppConfig.ready``); the page asks each card for its context and shows those that have one.
So ``people`` imports no app above it, and a new app adds its card without touching the page."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from brobygger.accounts.access import AnyUser

from .models import Person

PanelContext = Callable[[AnyUser, Person], Mapping[str, object] | None]


@dataclass(frozen=True)
class PersonPanel:
    """A card: its template, and what it shows of her for this user (None: no card)."""

    template: str
    context: PanelContext


_PANELS: list[PersonPanel] = []


def register(panel: PersonPanel) -> None:
    if panel not in _PANELS:
        _PANELS.append(panel)


def panels_rendered(request: HttpRequest, *, user: AnyUser, person: Person) -> list[SafeString]:
    """The cards for her page, in the order their apps registered them."""
    cards = []
    for panel in _PANELS:
        context = panel.context(user, person)
        if context is not None:
            cards.append(render_to_string(panel.template, dict(context), request=request))
    return cards
