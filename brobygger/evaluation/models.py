"""The secret behind the evaluator's pseudonyms (see ``pseudonyms.py`` for why it is one random
key per partnership). Deliberately not in the change history or the admin: the key must never
be shown to anyone."""

from __future__ import annotations

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
