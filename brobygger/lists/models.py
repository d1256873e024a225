"""Saved lists: a search of the people list (its filters, never the people it found) under
a name, private to its owner or shared within her municipality, and its count day by day."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import MunicipalQuerySet, Permission, Scoping
from brobygger.core.models import TimeStampedModel


class SavedList(TimeStampedModel):
    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.CASCADE,
        related_name="saved_lists",
        verbose_name=_("municipality"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_lists",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=100)
    # ``people.filters.PersonFilters.as_data()``: what the list filters by, never person ids.
    filters = models.JSONField(_("filters"), default=dict)
    shared = models.BooleanField(
        _("shared with the municipality"),
        default=False,
        help_text=_("Colleagues in your municipality can open the list too."),
    )

    objects = MunicipalQuerySet["SavedList"].as_manager()
    scoping = Scoping(municipality="municipality", permission=Permission.VIEW_PEOPLE)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("saved list")
        verbose_name_plural = _("saved lists")

    def __str__(self) -> str:
        return self.name


class ListSnapshot(models.Model):
    """How many people the list found on a day (the latest count of the day)."""

    saved_list = models.ForeignKey(SavedList, on_delete=models.CASCADE, related_name="snapshots")
    taken_on = models.DateField(_("date"))
    count = models.PositiveIntegerField(_("count"))

    objects = MunicipalQuerySet["ListSnapshot"].as_manager()
    scoping = Scoping(municipality="saved_list__municipality", permission=Permission.VIEW_PEOPLE)

    class Meta:
        ordering = ["taken_on"]
        constraints = [
            models.UniqueConstraint(fields=["saved_list", "taken_on"], name="list_snapshot_day")
        ]

    def __str__(self) -> str:
        return f"{self.saved_list_id} {self.taken_on}: {self.count}"
