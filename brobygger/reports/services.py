"""Writes of report texts: every save is a new version; nothing is overwritten."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, municipal_scope_for, scope_for
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record

from .models import ReportText, StatusReport
from .selectors import ReportScope


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
