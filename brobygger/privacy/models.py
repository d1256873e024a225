"""Data protection records: retention rules, the register of data-subject requests, and the
record of every purge (counts, never contents)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import MunicipalQuerySet, Permission, Scoping

# Defaults of a municipality without its own rule. People never contacted are kept half a
# year after they were identified (seed 003: the lists are a starting point, not a register);
# everyone else two years after the last thing that happened in their record.
DEFAULT_NEVER_CONTACTED_MONTHS = 6
DEFAULT_AFTER_LAST_ACTIVITY_MONTHS = 24
DEFAULT_IMPORT_ROW_DAYS = 30


class RetentionRule(models.Model):
    """How long one municipality keeps what. The purge applies it; nobody edits it but an
    administrator, and every change is kept in the access log."""

    municipality = models.OneToOneField(
        "partnerships.Municipality",
        on_delete=models.CASCADE,
        related_name="retention_rule",
        verbose_name=_("municipality"),
    )
    never_contacted_months = models.PositiveSmallIntegerField(
        _("people never contacted: months after identification"),
        default=DEFAULT_NEVER_CONTACTED_MONTHS,
        help_text=_("A person nobody has reached is erased this long after she was registered."),
    )
    after_last_activity_months = models.PositiveSmallIntegerField(
        _("everyone else: months after the last activity"),
        default=DEFAULT_AFTER_LAST_ACTIVITY_MONTHS,
        help_text=_(
            "The last activity is the newest change, contact attempt, status change, "
            "intervention or outcome in the record."
        ),
    )
    import_row_days = models.PositiveSmallIntegerField(
        _("imported list rows: days after the import"),
        default=DEFAULT_IMPORT_ROW_DAYS,
        help_text=_(
            "The values of an imported list (also the rejected rows) are cleared this long "
            "after the import; what became of each row is kept."
        ),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(never_contacted_months__gte=1)
                & models.Q(after_last_activity_months__gte=1)
                & models.Q(import_row_days__gte=1),
                name="retention_periods_positive",
            )
        ]

    def __str__(self) -> str:
        return str(self.municipality)


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access request (art. 15)")
    ERASURE = "erasure", _("Erasure (art. 17)")


class DataSubjectRequest(models.Model):
    """A request answered: when it came, when it was answered, by what. The one-month deadline
    of art. 12(3) is measured from ``received_on``. The person is named by id only: after an
    erasure the request must not bring her back."""

    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    person_id = models.BigIntegerField(_("person number in Brobygger"), db_index=True)
    kind = models.CharField(_("request"), max_length=20, choices=RequestKind.choices)
    received_on = models.DateField(_("received on"))
    answered_at = models.DateTimeField(_("answered"), auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)

    # Named by id only, not a relation: the answer outlives her erasure. Municipal data.
    scoping = Scoping(permission=Permission.VIEW_PRIVACY_RECORDS)
    objects = MunicipalQuerySet["DataSubjectRequest"].as_manager()

    class Meta:
        ordering = ["-answered_at", "-id"]
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person_id}"


class PurgeTrigger(models.TextChoices):
    SCHEDULE = "schedule", _("Scheduled run")
    COMMAND = "command", _("Command line")
    PAGE = "page", _("From the retention page")


class PurgeRun(models.Model):
    """One run of the retention purge: what it removed, counted per municipality and kind.
    A dry run is recorded too, so the administrator can compare the preview with the run."""

    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    trigger = models.CharField(_("started by"), max_length=20, choices=PurgeTrigger.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # {"791": {"people_never_contacted": 3, ...}, "": {"access_log_entries": 120, ...}}
    counts = models.JSONField(_("counts"), default=dict)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("purge run")
        verbose_name_plural = _("purge runs")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {'dry' if self.dry_run else 'purge'}"

    @property
    def total(self) -> int:
        return sum(sum(kinds.values()) for kinds in self.counts.values())
