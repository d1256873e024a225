"""What the measures keep of their own: a partnership's targets for the success criteria."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.core.models import staff_member


class CriterionTarget(models.Model):
    """A partnership's own target for one success criterion, where it differs from seed 004's
    default (the defaults live with the criteria in ``criteria.py``). The table keeps the name
    it was made with in interventions."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="criterion_targets",
        verbose_name=_("partnership"),
    )
    key = models.CharField(_("criterion"), max_length=20)
    target = models.DecimalField(
        _("target"),
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    changed_by = staff_member(_("changed by"))
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        db_table = "interventions_criteriontarget"
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key"], name="one_target_per_criterion"),
            models.CheckConstraint(
                condition=models.Q(target__gte=0) & models.Q(target__lte=1),
                name="target_is_a_share",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.target}"
