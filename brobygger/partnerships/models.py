from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.core.models import TimeStampedModel


class Region(models.TextChoices):
    HOVEDSTADEN = "1084", "Region Hovedstaden"
    SJAELLAND = "1085", "Region Sjælland"
    SYDDANMARK = "1083", "Region Syddanmark"
    MIDTJYLLAND = "1082", "Region Midtjylland"
    NORDJYLLAND = "1081", "Region Nordjylland"


class Municipality(models.Model):
    """One of the 98 Danish municipalities (kommuner), seeded from their official codes."""

    code = models.CharField(_("municipality code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region_code = models.CharField(_("region"), max_length=4, choices=Region.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{3}$"), name="municipality_code_3_digits"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def official_name(self) -> str:
        """The name the municipality signs with: "Viborg Kommune", and the two that differ,
        "Københavns Kommune" and "Bornholms Regionskommune"."""
        return OFFICIAL_NAMES.get(self.code, f"{self.name} Kommune")


# Municipalities whose official name is not "<name> Kommune" (by code).
OFFICIAL_NAMES = {"101": "Københavns Kommune", "400": "Bornholms Regionskommune"}


class Partnership(TimeStampedModel):
    """A project ("projekt") that groups municipalities and owns success criteria and reporting."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=20_000)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    municipalities = models.ManyToManyField(
        Municipality, related_name="partnerships", verbose_name=_("member municipalities")
    )
    coordinator_organisation = models.CharField(
        _("coordinating organisation"), max_length=200, blank=True
    )
    evaluator_organisation = models.CharField(_("evaluator"), max_length=200, blank=True)
    journal_number = models.CharField(_("journal number"), max_length=50, blank=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="partnership_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name
