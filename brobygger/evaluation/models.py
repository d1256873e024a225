"""The secret behind the evaluator's pseudonyms (see ``pseudonyms.py`` for why it is one random
key per partnership; deliberately not in the change history or the admin: the key must never
be shown to anyone), and the extracts made in the background."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _


class PseudonymKey(models.Model):
    """One partnership's pseudonym key: 32 random bytes, stored encrypted with
    ``FIELD_ENCRYPTION_KEY`` (a database dump alone does not reveal it). Deleting the row
    gives the partnership new pseudonyms that cannot be linked to the old extracts."""

    partnership = models.OneToOneField(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="pseudonym_key",
        verbose_name=_("partnership"),
    )
    secret = models.TextField(editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("pseudonym key")
        verbose_name_plural = _("pseudonym keys")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} ({self.partnership_id})"


class ExtractFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel (XLSX)")
    CSV = "csv", _("CSV files (ZIP)")


class ExtractStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Deleted")


ACTIVE_STATUSES = (ExtractStatus.QUEUED, ExtractStatus.RUNNING)


def extract_storage() -> FileSystemStorage:
    """The finished extracts: outside MEDIA and STATIC (nothing serves them), readable by the
    application's user only, handed out by the download view alone."""
    return FileSystemStorage(location=settings.EXTRACT_ROOT, file_permissions_mode=0o600)


class ExtractRun(models.Model):
    """One extract asked for by an evaluator and made by the task worker: its progress, its
    file while it is kept (``EXTRACT_RETENTION_DAYS``), and what the access log is told when
    it is downloaded."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="extract_runs",
        verbose_name=_("partnership"),
    )
    file_format = models.CharField(_("format"), max_length=10, choices=ExtractFormat.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    # The requester's language: the sheet that explains the extract is written in it.
    # The target-group definition the extract is computed under (None: everyone).
    definition = models.ForeignKey(
        "targetgroups.TargetGroupDefinition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target group"),
    )
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)
    status = models.CharField(
        _("status"), max_length=10, choices=ExtractStatus.choices, default=ExtractStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)  # per cent
    file = models.FileField(storage=extract_storage, upload_to="%Y/%m/", blank=True)
    filename = models.CharField(max_length=120, blank=True)  # the name the download gets
    size = models.PositiveBigIntegerField(default=0)  # bytes
    counts = models.JSONField(default=dict, blank=True)  # rows per table
    # People per municipality id (as text: JSON keys), for the access log of each download.
    people = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("extract")
        verbose_name_plural = _("extracts")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk} ({self.file_format})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES
