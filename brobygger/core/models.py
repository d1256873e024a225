from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Base for domain records: when a row was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class CatalogueEntry(models.Model):
    """An entry of a shared catalogue (outreach methods, intervention types): named in Danish,
    as users say it, with an English name that administrators may give for the English
    interface. ``str()`` is the name in the language in use."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_en = models.CharField(
        _("name in English"),
        max_length=200,
        blank=True,
        help_text=_("Shown in the English interface; the Danish name is shown when empty."),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


def staff_member(verbose_name: Any) -> models.ForeignKey[Any, Any]:
    """A reference to the staff member who did something ("recorded by", "merged by"):
    optional, and kept as empty when the account is deleted so the record survives."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class RateLimitCount(models.Model):
    """The hits on one rate-limited key in one fixed window (``core.ratelimit``).

    In the database so that every server process and every app server counts together. The
    key is a keyed hash (it names a client address, which is not stored), and the rows of
    ended windows are deleted whenever a new window begins."""

    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rate limit count")
        verbose_name_plural = _("rate limit counts")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "window_start"], name="rate_limit_one_row_per_key_and_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.window_start:%H:%M:%S}: {self.count}"
