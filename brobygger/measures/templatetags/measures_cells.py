"""The table cell of a share: "12 · 34,2 %" with its 95 % interval below, the count alone
where it is hidden ("<5" or "–"), "—" where there is no rate. A tag rather than an included
template: a national method page has hundreds of these cells."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from brobygger.core.templatetags.brobygger_numbers import percent

register = template.Library()

RIGHT = '<td class="align-text-right">{}</td>'


@register.simple_tag
def share_cell(share: Any) -> SafeString:
    """``share`` has ``count``, ``rate`` and ``interval`` (``Share`` or ``ShownShare``)."""
    if getattr(share, "hidden", False):
        return format_html(RIGHT, share.count)
    rate = share.rate
    if rate is None:
        return format_html(RIGHT, "—")
    interval = share.interval
    low, high = interval if interval is not None else (None, None)
    return format_html(
        '<td class="align-text-right">{} · {}<br><span class="font-size-sm">{}–{}</span></td>',
        share.count,
        percent(rate),
        percent(low),
        percent(high),
    )


@register.simple_tag
def method_cells(row: Any) -> SafeString:
    """The cells of a line of the method table after its first (``disclosure.ShownMethodRow``):
    people identified, the three shares, hours and cost per contacted person and the median
    days to contact. "–" where the effort would show a hidden count, "—" where there is
    nothing to divide by. A tag for the reason ``share_cell`` is: a national page has hundreds
    of these lines."""
    if row.effort_hidden:
        hours = cost = days = "–"
    else:
        hours = _or_dash(row.hours_per_contacted, 1)
        if not row.cost_recorded:
            cost = _("not recorded")
        elif row.cost_per_contacted is None:
            cost = "—"
        else:
            cost = format_html("{}&nbsp;kr.", floatformat(row.cost_per_contacted, "0g"))
        days = _or_dash(row.median_days_to_contact, 0)
    cells = [
        format_html(RIGHT, localize(row.identified)),
        share_cell(row.contacted),
        share_cell(row.intervention),
        share_cell(row.outcome),
        format_html(RIGHT, hours),
        format_html(RIGHT, cost),
        format_html(RIGHT, days),
    ]
    return format_html_join("\n", "{}", ((cell,) for cell in cells))


def _or_dash(value: Any, places: int | str) -> str:
    return "—" if value is None else floatformat(value, places)
