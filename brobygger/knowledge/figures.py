"""How an outreach method has worked, on its entry in the methods library.

The figures are measures (``brobygger.measures.effectiveness``), and measures stands above
knowledge, which imports none of it. So measures hands the library what renders them when it
starts (its ``AppConfig.ready`` calls ``provide``); the entry page asks for them through
``method_figures_rendered`` and, with nothing provided, shows none."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

from brobygger.outreach.models import OutreachMethod
from brobygger.partnerships.models import Partnership

# The method's figures for the partnership as HTML, or None when there are none to show yet.
FiguresRenderer = Callable[[HttpRequest, Partnership, OutreachMethod], SafeString | None]

_provided: list[FiguresRenderer] = []


def provide(render: FiguresRenderer) -> None:
    """Set what renders a method's figures (the one renderer: a second call replaces it)."""
    _provided[:] = [render]


def method_figures_rendered(
    request: HttpRequest, *, partnership: Partnership, method: OutreachMethod
) -> SafeString | None:
    if not _provided:
        return None
    return _provided[0](request, partnership, method)
