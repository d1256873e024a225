from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Base for domain records: when a row was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


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
