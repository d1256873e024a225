"""Writes of report texts: every save is a new version; nothing is overwritten."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import (
    Permission,
    municipal_scope_for,
    partnership_scope_for,
    scope_for,
)
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.measures.disclosure import Viewer

from .models import ApprovalStatus, QuarterlyApproval, ReportKind, ReportText, StatusReport
from .quarterly import quarterly_report
from .selectors import ReportScope, frozen_definition, texts_for_export


def may_write(user: User, scope: ReportScope) -> bool:
    """A municipality's report is written by her own municipal lead; the partnership's
    quarterly report and the grant report by whoever holds WRITE_REPORTS for every member
    municipality: the coordinator."""
    if scope.municipality is not None:
        return municipal_scope_for(user, Permission.WRITE_REPORTS).allows(scope.municipality.pk)
    allowed = scope_for(user, Permission.WRITE_REPORTS)
    return all(allowed.allows(pk) for pk in scope.municipality_ids)


@transaction.atomic
def report_text_save(
    *, actor: User, scope: ReportScope, section: str, text: str
) -> ReportText | None:
    """Save a new version of one section's text; None when the text did not change."""
    if not may_write(actor, scope):
        raise PermissionDenied
    if section not in {s.key for s in scope.sections}:
        raise ValidationError({"text": _("The report has no such section.")})
    report, _created = StatusReport.objects.get_or_create(
        partnership=scope.partnership,
        municipality=scope.municipality,
        kind=scope.kind,
        quarter=str(scope.quarter),
        defaults={"created_by": actor},
    )
    texts = ReportText.objects.select_for_update().filter(report=report, section=section)
    current = texts.order_by("-version").first()
    text = text.strip().replace("\r\n", "\n")
    if current is not None and current.text == text:
        return None
    version = (texts.aggregate(last=Max("version"))["last"] or 0) + 1
    saved = ReportText.objects.create(
        report=report, section=section, version=version, text=text, saved_by=actor
    )
    access_record(user=actor, action=AccessAction.CHANGE, obj=saved)
    return saved


# Quarterly reports submitted and approved ----------------------------------------------------


def may_submit(user: User, scope: ReportScope) -> bool:
    """A municipality's quarterly report is submitted by her own municipal lead (who writes
    its texts), never by the coordinator through the partnership."""
    return (
        scope.kind == ReportKind.QUARTERLY
        and scope.municipality is not None
        and municipal_scope_for(user, Permission.WRITE_REPORTS).allows(scope.municipality.pk)
    )


def may_approve(user: User, scope: ReportScope) -> bool:
    """The partnership's coordinator approves its municipalities' reports."""
    return (
        scope.kind == ReportKind.QUARTERLY
        and scope.municipality is not None
        and partnership_scope_for(user, Permission.APPROVE_REPORTS).allows(scope.partnership.pk)
    )


def _locked_approval(scope: ReportScope) -> QuarterlyApproval | None:
    return (
        QuarterlyApproval.objects.select_for_update()
        .filter(
            partnership=scope.partnership,
            municipality=scope.municipality,
            quarter=str(scope.quarter),
        )
        .first()
    )


def _log(actor: User, approval: QuarterlyApproval, *, created: bool) -> None:
    access_record(
        user=actor,
        action=AccessAction.CREATE if created else AccessAction.CHANGE,
        obj=approval,
        municipality_id=approval.municipality_id,
        search_criterion=(
            f"quarterly report partnership={approval.partnership_id} "
            f"quarter={approval.quarter} status={approval.status}"
        ),
    )


@transaction.atomic
def report_submit(*, actor: User, scope: ReportScope) -> QuarterlyApproval:
    """Submit a municipality's quarter: its figures are computed now under the target-group
    definition in force on the quarter's last day, and frozen (exact, and as published to
    roles without person access) until the coordinator decides."""
    if not may_submit(actor, scope) or scope.municipality is None:
        raise PermissionDenied
    if scope.quarter.period.end >= timezone.localdate():
        raise ValidationError(_("The quarter has not ended yet; submit it when it has."))
    approval = _locked_approval(scope)
    if approval is not None and approval.status == ApprovalStatus.APPROVED:
        raise ValidationError(_("The quarter is approved already and cannot be submitted again."))
    if approval is not None and approval.status == ApprovalStatus.SUBMITTED:
        raise ValidationError(_("The quarter is submitted already and waits for the coordinator."))
    definition = frozen_definition(scope)
    texts = texts_for_export(scope)

    def computed(viewer: Viewer | None) -> dict[str, Any]:
        return quarterly_report(
            partnership=scope.partnership,
            quarter=scope.quarter,
            municipality=scope.municipality,
            texts=texts,
            viewer=viewer,
            definition=definition,
        )

    created = approval is None
    approval = approval or QuarterlyApproval(
        partnership=scope.partnership, municipality=scope.municipality, quarter=str(scope.quarter)
    )
    approval.status = ApprovalStatus.SUBMITTED
    approval.figures = computed(None)
    approval.published = computed(Viewer(frozenset()))
    approval.submitted_at = timezone.now()
    approval.submitted_by = actor
    approval.decided_at = None
    approval.decided_by = None
    approval.save()
    _log(actor, approval, created=created)
    return approval


@transaction.atomic
def report_decide(
    *, actor: User, scope: ReportScope, approve: bool, comment: str = ""
) -> QuarterlyApproval:
    """Approve a submitted quarter, or send it back with a comment (required)."""
    if not may_approve(actor, scope):
        raise PermissionDenied
    comment = comment.strip().replace("\r\n", "\n")
    if not approve and not comment:
        raise ValidationError({"comment": _("Write why the report is sent back.")})
    approval = _locked_approval(scope)
    if approval is None:
        raise ValidationError(_("The municipality has not submitted the quarter."))
    if approval.status == ApprovalStatus.APPROVED:
        raise ValidationError(_("The quarter is approved already."))
    if approval.status == ApprovalStatus.RETURNED:
        raise ValidationError(
            _("The quarter was sent back; the municipality must submit it again first.")
        )
    approval.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.RETURNED
    approval.comment = comment
    approval.decided_at = timezone.now()
    approval.decided_by = actor
    approval.save(update_fields=["status", "comment", "decided_at", "decided_by"])
    _log(actor, approval, created=False)
    return approval
