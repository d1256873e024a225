"""A partnership's target-group definitions (versioned rules over a person's fields) and the
bulk re-screenings that mark, with the date, who falls inside a definition and who outside."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import MunicipalQuerySet, Permission, Scoping
from brobygger.core.models import staff_member

from .rules import describe, rule_q, validate_rule


class TargetGroupDefinition(models.Model):
    """One version of a definition of the target group. A changed rule is a new version of
    the same name; the definition in force on a day is the newest one valid from it or
    earlier (``selectors.current_definition``)."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="target_group_definitions",
        verbose_name=_("partnership"),
    )
    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveIntegerField(_("version"), default=1)
    valid_from = models.DateField(_("valid from"))
    rule = models.JSONField(_("rule"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = staff_member(_("created by"))

    class Meta:
        ordering = ["-valid_from", "name", "-version"]
        verbose_name = _("target-group definition")
        verbose_name_plural = _("target-group definitions")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name", "version"], name="one_definition_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def clean(self) -> None:
        self.rule = validate_rule(self.rule)

    def person_q(self) -> Q:
        """The people this definition takes, as a filter over Person."""
        return rule_q(self.rule)

    def conditions(self) -> list[str]:
        return describe(self.rule)

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day


class Screening(models.Model):
    """One bulk re-screening of a partnership's people under one definition (counts only
    here; who fell in or out is in ``ScreeningMark``)."""

    definition = models.ForeignKey(
        TargetGroupDefinition,
        on_delete=models.CASCADE,
        related_name="screenings",
        verbose_name=_("definition"),
    )
    screened_on = models.DateField(_("screened on"))
    run_at = models.DateTimeField(_("run"), auto_now_add=True)
    run_by = staff_member(_("run by"))

    class Meta:
        ordering = ["-run_at", "-id"]
        verbose_name = _("re-screening")
        verbose_name_plural = _("re-screenings")

    def __str__(self) -> str:
        return f"{self.definition} {self.screened_on}"


class ScreeningMark(models.Model):
    """Whether one person fell inside the definition at a re-screening, and whether she was
    inside at the partnership's screening before it (empty: not screened before)."""

    screening = models.ForeignKey(
        Screening, on_delete=models.CASCADE, related_name="marks", verbose_name=_("re-screening")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="target_group_marks",
        verbose_name=_("person"),
    )
    inside = models.BooleanField(_("in the target group"))
    was_inside = models.BooleanField(_("in the target group before"), null=True, blank=True)

    scoping = Scoping(
        municipality="person__municipality", permission=Permission.VIEW_PEOPLE, person="person"
    )
    objects = MunicipalQuerySet["ScreeningMark"].as_manager()

    class Meta:
        verbose_name = _("target-group mark")
        verbose_name_plural = _("target-group marks")
        constraints = [
            models.UniqueConstraint(fields=["screening", "person"], name="one_mark_per_screening")
        ]
        indexes = [models.Index(fields=["person", "screening"], name="mark_person_screening")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.inside}"

    @property
    def changed(self) -> bool:
        return self.was_inside is not None and self.was_inside != self.inside
