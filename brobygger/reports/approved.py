"""The partnership's quarterly report built from its municipalities' approved reports: the
success criteria as each municipality's frozen figures had them when the coordinator approved
them, added up over the approved municipalities only, with those not approved yet named. Small
numbers are hidden for a viewer without person access as on the live pages (one sheet)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from brobygger.measures import disclosure
from brobygger.measures.criteria import BY_KEY, Breakdown, Result
from brobygger.measures.disclosure import ShownResult, Viewer
from brobygger.measures.periods import Quarter
from brobygger.partnerships.models import Municipality, Partnership

from .models import ApprovalStatus, QuarterlyApproval
from .selectors import approvals_of


@dataclass(frozen=True)
class Member:
    municipality: Municipality
    approval: QuarterlyApproval | None

    @property
    def approved(self) -> bool:
        return self.approval is not None and self.approval.status == ApprovalStatus.APPROVED


@dataclass(frozen=True)
class ApprovedReport:
    partnership: Partnership
    quarter: Quarter
    members: list[Member]
    by_municipality: dict[int, list[ShownResult]]
    total: list[ShownResult]

    @property
    def approved(self) -> list[Member]:
        return [m for m in self.members if m.approved]

    @property
    def waiting(self) -> list[Member]:
        return [m for m in self.members if not m.approved]


def _results(criteria: Sequence[dict[str, Any]]) -> list[Result]:
    return [
        Result(
            BY_KEY[row["key"]],
            int(row["numerator"]),
            int(row["denominator"]),
            Decimal(str(row["target"])),
        )
        for row in criteria
        if row["key"] in BY_KEY
    ]


def approved_report(
    *, partnership: Partnership, quarter: Quarter, viewer: Viewer
) -> ApprovedReport:
    """The partnership's criteria (project to date) from the approved municipal reports."""
    approvals = approvals_of(partnership, quarter)
    members = [Member(m, approvals.get(m.pk)) for m in partnership.municipalities.order_by("name")]
    approved = {
        m.municipality.pk: _results(m.approval.figures["figures"]["criteria"])
        for m in members
        if m.approved and m.approval is not None
    }
    ids = sorted(approved)
    if not ids:
        return ApprovedReport(partnership, quarter, members, {}, [])
    keys = [result.criterion.key for result in approved[ids[0]]]
    total = []
    for index, key in enumerate(keys):
        parts = [approved[pk][index] for pk in ids]
        total.append(
            Result(
                BY_KEY[key],
                sum(r.numerator for r in parts),
                sum(r.denominator for r in parts),
                parts[0].target,
            )
        )
    shown = disclosure.criteria(Breakdown(by_municipality=approved, total=total), ids, viewer)
    return ApprovedReport(partnership, quarter, members, shown.by_municipality, shown.total)


def _shown(result: ShownResult) -> dict[str, object]:
    rate = result.rate
    return {
        "key": result.criterion.key,
        "title": str(result.criterion.title),
        "numerator": result.numerator.published,
        "denominator": result.denominator.published,
        "rate": None if rate is None else float(round(rate, 4)),
        "target": float(result.target),
        "on_track": result.on_track,
    }


def approved_report_data(report: ApprovedReport) -> dict[str, Any]:
    """The report as JSON: the approved municipalities with their figures, the sum over them,
    and the municipalities whose report is not approved (with where it stands)."""
    return {
        "quarter": str(report.quarter),
        "partnership": {"id": report.partnership.pk, "name": report.partnership.name},
        "basis": "approved municipal reports",
        "criteria": [_shown(result) for result in report.total],
        "approved": [
            {
                "code": member.municipality.code,
                "name": member.municipality.name,
                "approved_at": member.approval.decided_at.isoformat(timespec="seconds")
                if member.approval and member.approval.decided_at
                else None,
                "target_group": member.approval.figures.get("target_group")
                if member.approval
                else None,
                "criteria": [
                    _shown(result) for result in report.by_municipality[member.municipality.pk]
                ],
            }
            for member in report.approved
        ],
        "not_approved": [
            {
                "code": member.municipality.code,
                "name": member.municipality.name,
                "status": member.approval.status if member.approval else "not_submitted",
            }
            for member in report.waiting
        ],
    }
