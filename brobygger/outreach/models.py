from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.core.models import TimeStampedModel


class MethodCategory(models.TextChoices):
    """The groups of outreach methods (seeds 000 and 004)."""

    LISTS = "lists", _("Lists and direct contact")
    PARTNERS = "partners", _("Cooperation partners")
    PR = "pr", _("PR and information")
    LOCAL_PRESENCE = "local_presence", _("Local presence")
    WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth and ambassadors")
    INTERNAL = "internal", _("Internal referrals")


class OutreachMethod(TimeStampedModel):
    """One way of finding people, from the partnership's catalogue; editable by administrators."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    category = models.CharField(_("category"), max_length=30, choices=MethodCategory.choices)
    description = models.TextField(_("description"), blank=True, max_length=5_000)
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["category", "position", "name"]
        verbose_name = _("outreach method")
        verbose_name_plural = _("outreach methods")

    def __str__(self) -> str:
        return self.name
