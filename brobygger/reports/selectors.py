"""Which report a URL names, through the access policy, and the texts it holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from brobygger.accounts.access import AnyUser
from brobygger.accounts.selectors import partnership_get
from brobygger.measures.periods import Quarter, quarters_between
from brobygger.partnerships.models import Municipality, Partnership
from brobygger.targetgroups.choosing import Chosen
from brobygger.targetgroups.selectors import current_definition

from .models import QuarterlyApproval, ReportKind, ReportText
from .sections import SECTIONS, Section

PARTNERSHIP = "partnership"
GRANT = "grant"


@dataclass(frozen=True)
class ReportScope:
    """One report: the partnership's or a member municipality's quarterly report, or the
    partnership's grant status report, for one quarter."""

    partnership: Partnership
    quarter: Quarter
    kind: str
    municipality: Municipality | None = None

    @property
    def slug(self) -> str:
        if self.kind == ReportKind.GRANT:
            return GRANT
        return self.municipality.code if self.municipality else PARTNERSHIP

    @property
    def municipality_ids(self) -> list[int]:
        if self.municipality is not None:
            return [self.municipality.pk]
        return [m.pk for m in self.partnership.municipalities.all()]

    @property
    def sections(self) -> tuple[Section, ...]:
        return SECTIONS[self.kind]

    @property
    def title(self) -> str:
        """The report's heading, on the page and on page 1 of every file: what, when, whose."""
        where = self.municipality.name if self.municipality else self.partnership.name
        return gettext("%(kind)s, %(quarter)s: %(where)s") % {
            "kind": ReportKind(self.kind).label,
            "quarter": self.quarter.label,
            "where": where,
        }

    def url_kwargs(self) -> dict[str, Any]:
        return {
            "partnership_id": self.partnership.pk,
            "quarter": str(self.quarter),
            "scope": self.slug,
        }


def report_quarters(partnership: Partnership, today: date | None = None) -> list[Quarter]:
    """The quarters a partnership can report on: from its start to the current quarter (or
    its end), newest first."""
    today = today or timezone.localdate()
    last = min(today, partnership.ends_on)
    if last < partnership.starts_on:
        return []
    return list(reversed(quarters_between(partnership.starts_on, last)))


def report_scope(*, user: AnyUser, partnership_id: int, quarter: str, scope: str) -> ReportScope:
    """The report a URL names; a partnership the user may not see, a quarter outside the
    partnership's, or a municipality that is not a member, is a 404."""
    partnership = partnership_get(user=user, pk=partnership_id)
    try:
        parsed = Quarter.parse(quarter)
    except ValueError:
        raise Http404 from None
    if parsed not in report_quarters(partnership):
        raise Http404
    if scope == GRANT:
        return ReportScope(partnership, parsed, ReportKind.GRANT)
    if scope == PARTNERSHIP:
        return ReportScope(partnership, parsed, ReportKind.QUARTERLY)
    municipality = next((m for m in partnership.municipalities.all() if m.code == scope), None)
    if municipality is None:
        raise Http404
    return ReportScope(partnership, parsed, ReportKind.QUARTERLY, municipality)


def current_texts(scope: ReportScope) -> dict[str, ReportText]:
    """The newest version of each section's text."""
    texts = ReportText.objects.filter(
        report__partnership=scope.partnership,
        report__municipality=scope.municipality,
        report__kind=scope.kind,
        report__quarter=str(scope.quarter),
    ).select_related("saved_by")
    current: dict[str, ReportText] = {}
    for text in texts.order_by("section", "-version"):
        current.setdefault(text.section, text)
    return current


def text_history(scope: ReportScope, section: str) -> list[ReportText]:
    return list(
        ReportText.objects.filter(
            report__partnership=scope.partnership,
            report__municipality=scope.municipality,
            report__kind=scope.kind,
            report__quarter=str(scope.quarter),
            section=section,
        )
        .select_related("saved_by")
        .order_by("-version")
    )


def texts_for_export(scope: ReportScope) -> list[dict[str, Any]]:
    """The sections in order with their current text, as the JSON report carries them."""
    current = current_texts(scope)
    rows = []
    for section in scope.sections:
        text = current.get(section.key)
        rows.append(
            {
                "section": section.key,
                "title": str(section.title),
                "text": text.text if text else "",
                "version": text.version if text else 0,
                "saved_at": text.saved_at.isoformat(timespec="seconds") if text else None,
            }
        )
    return rows


def frozen_definition(scope: ReportScope) -> Chosen:
    """The target-group definition a submitted quarter is frozen under: the one in force on
    the quarter's last day (everyone, when the partnership has none)."""
    definition = current_definition(scope.partnership, scope.quarter.period.end)
    return Chosen(definition)


def approval_of(scope: ReportScope) -> QuarterlyApproval | None:
    if scope.municipality is None:
        return None
    return (
        QuarterlyApproval.objects.filter(
            partnership=scope.partnership,
            municipality=scope.municipality,
            quarter=str(scope.quarter),
        )
        .select_related("submitted_by", "decided_by")
        .first()
    )


def approvals_of(partnership: Partnership, quarter: Quarter) -> dict[int, QuarterlyApproval]:
    """The quarter's submissions and decisions, by municipality."""
    return {
        approval.municipality_id: approval
        for approval in QuarterlyApproval.objects.filter(
            partnership=partnership, quarter=str(quarter)
        ).select_related("submitted_by", "decided_by")
    }
