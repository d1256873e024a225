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
