"""The table cell of a share: "12 · 34,2 %" with its 95 % interval below, the count alone
where it is hidden ("<5" or "–"), "—" where there is no rate. A tag rather than an included
template: a national method page has hundreds of these cells."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from brobygger.core.templatetags.brobygger_numbers import percent

register = template.Library()


@register.simple_tag
def share_cell(share: Any) -> SafeString:
    """``share`` has ``count``, ``rate`` and ``interval`` (``Share`` or ``ShownShare``)."""
    if getattr(share, "hidden", False):
        return format_html('<td class="align-text-right">{}</td>', share.count)
    rate = share.rate
    if rate is None:
        return format_html('<td class="align-text-right">{}</td>', "—")
    interval = share.interval
    low, high = interval if interval is not None else (None, None)
    return format_html(
        '<td class="align-text-right">{} · {}<br><span class="font-size-sm">{}–{}</span></td>',
        share.count,
        percent(rate),
        percent(low),
        percent(high),
    )
