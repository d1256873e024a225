from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    SEARCH = "search", _("Searched")
    CREATE = "create", _("Created")
    CHANGE = "change", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")
    REVEAL = "reveal", _("Revealed a protected field")
    MERGE = "merge", _("Merged two records")
    UNMERGE = "unmerge", _("Undid a merge")
    IMPORT = "import", _("Imported a list")
    ERASE = "erase", _("Erased personal data")
    GRANT = "grant", _("Granted a role with access to people")
    REFUSED = "refused", _("Refused access")
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logged out")


class AppendOnlyError(RuntimeError):
    """The access log is append-only for the application."""


class AccessLogQuerySet(models.QuerySet["AccessLogEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("access log entries cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("access log entries are removed only by the retention purge")

    def purge_before(self, cutoff: Any) -> int:
        """Remove entries older than ``cutoff``: the only deletion the log allows (retention)."""
        old = self.filter(occurred_at__lt=cutoff)
        return old._raw_delete(old.db)


class AccessLogEntry(models.Model):
    """One use of personal data, to the Danish norm: time, user, type of use, and the person
    concerned or the search criterion; refused attempts too. Kept 6 months by default."""

    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # Kept as text so the entry still names the user after the account is deleted.
    username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("type of use"), max_length=20, choices=AccessAction.choices)
    purpose = models.CharField(_("context"), max_length=100, blank=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    # Not foreign keys: the log outlives the records it speaks of (erasure keeps the trail).
    person_id = models.BigIntegerField(_("person"), null=True, blank=True, db_index=True)
    municipality_id = models.BigIntegerField(_("municipality"), null=True, blank=True)
    search_criterion = models.CharField(_("search criterion"), max_length=500, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=36, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            models.Index(fields=["user", "occurred_at"], name="accesslog_user_time"),
            models.Index(fields=["municipality_id", "occurred_at"], name="accesslog_muni_time"),
            models.Index(fields=["action", "occurred_at"], name="accesslog_action_time"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("access log entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("access log entries are removed only by the retention purge")
