"""Status reports: the quarterly status of a municipality or the partnership, and the grant
status report to the grant giver. Their figures are computed from the records when the report
is shown or exported; what people write is kept here, every saved version of it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.core.models import staff_member


class ReportKind(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly status report")
    GRANT = "grant", _("Grant status report")


class StatusReport(models.Model):
    """One report of a partnership (``municipality`` empty) or of one member municipality,
    for one quarter (the grant report: the quarter it reports up to)."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="status_reports",
        verbose_name=_("partnership"),
    )
    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    quarter = models.CharField(_("quarter"), max_length=6)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = staff_member(_("created by"))

    class Meta:
        ordering = ["-quarter", "kind", "municipality__name"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "municipality", "kind", "quarter"],
                condition=models.Q(municipality__isnull=False),
                name="one_municipal_report_per_quarter",
            ),
            models.UniqueConstraint(
                fields=["partnership", "kind", "quarter"],
                condition=models.Q(municipality__isnull=True),
                name="one_partnership_report_per_quarter",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="quarterly") | models.Q(municipality__isnull=True),
                name="grant_report_is_the_partnerships",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quarter}"


class ReportText(models.Model):
    """One saved version of one section's text. The newest version per section is the text;
    the older ones are the history (who wrote what, when)."""

    report = models.ForeignKey(
        StatusReport, on_delete=models.CASCADE, related_name="texts", verbose_name=_("report")
    )
    section = models.CharField(_("section"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"), blank=True, max_length=50_000)
    saved_at = models.DateTimeField(_("saved"), auto_now_add=True)
    saved_by = staff_member(_("saved by"))

    class Meta:
        ordering = ["section", "-version"]
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "section", "version"], name="one_text_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.section} v{self.version}"


class ApprovalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Sent back")


class QuarterlyApproval(models.Model):
    """A municipality's quarterly report as its lead submitted it: the figures frozen as they
    were computed then (exact, and as a role without person access sees them), and the
    coordinator's decision. Sent back, it can be submitted again (new figures); approved,
    it stays as it is."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="quarterly_approvals",
        verbose_name=_("partnership"),
    )
    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    quarter = models.CharField(_("quarter"), max_length=6)
    status = models.CharField(_("status"), max_length=20, choices=ApprovalStatus.choices)
    figures = models.JSONField(_("figures as submitted"))
    published = models.JSONField(_("figures as published"))
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = staff_member(_("submitted by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = staff_member(_("decided by"))
    comment = models.TextField(_("comment"), blank=True, max_length=5_000)

    class Meta:
        ordering = ["-quarter", "municipality__name"]
        verbose_name = _("quarterly report approval")
        verbose_name_plural = _("quarterly report approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "municipality", "quarter"],
                name="one_approval_per_municipal_quarter",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="returned") | ~models.Q(comment=""),
                name="a_returned_report_has_a_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quarter} {self.municipality_id}: {self.status}"

    def shown_to(self, *, exact: bool) -> dict[str, object]:
        """The frozen report for a viewer who sees the municipality's exact figures or not."""
        report: dict[str, object] = self.figures if exact else self.published
        return report


class ReportReminder(models.Model):
    """That a municipality's leads were reminded of one quarter's report (once)."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    municipality = models.ForeignKey(
        "partnerships.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    quarter = models.CharField(max_length=6)
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "municipality", "quarter"], name="one_reminder_per_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.quarter} {self.municipality_id}"
