"""The languages Brobygger reaches people in: data that administrators keep, not a list in code.

A language has a code, names in Danish, English and its own script, and a writing direction;
letters, text messages, the public form and posters take their texts per language and fall back
to Danish where a text is missing.
"""

from __future__ import annotations

import re

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from brobygger.core.models import TimeStampedModel

DANISH = "da"

# ISO 639-1/-3 with an optional region or script subtag: da, ar, prs, fa-AF, sr-Latn.
CODE_PATTERN = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?")
code_validator = RegexValidator(
    rf"^{CODE_PATTERN.pattern}$",
    _("Write an ISO 639 code of two or three small letters, e.g. so, ti or prs."),
)


class Direction(models.TextChoices):
    LEFT_TO_RIGHT = "ltr", _("Left to right")
    RIGHT_TO_LEFT = "rtl", _("Right to left")


class LanguageQuerySet(models.QuerySet["Language"]):
    def active(self) -> LanguageQuerySet:
        return self.filter(is_active=True)


class Language(TimeStampedModel):
    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        validators=[code_validator],
        help_text=_("ISO 639 code, e.g. so for Somali or prs for Dari."),
    )
    name_da = models.CharField(_("Danish name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    native_name = models.CharField(
        _("own name"), max_length=100, help_text=_("The language's name in its own script.")
    )
    direction = models.CharField(
        _("writing direction"),
        max_length=3,
        choices=Direction.choices,
        default=Direction.LEFT_TO_RIGHT,
    )
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("Offered on forms, letters and messages.")
    )
    position = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Lists show languages by this number, then name.")
    )

    objects = LanguageQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name_da"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The language's name in the interface language in use."""
        return self.name_en if (get_language() or DANISH).startswith("en") else self.name_da

    @property
    def is_rtl(self) -> bool:
        return self.direction == Direction.RIGHT_TO_LEFT


class LanguageText(TimeStampedModel):
    """A text kept per language (a letter's wording, the printed plan's headings): each
    concrete text adds its own one-to-one ``language`` and its words. Machine-drafted texts stay
    marked until a translator has checked them."""

    checked_by_translator = models.BooleanField(
        _("checked by a translator"),
        default=False,
        help_text=_("Machine-drafted texts stay marked until a translator has checked them."),
    )

    class Meta:
        abstract = True
        ordering = ["language__position", "language__code"]

    def __str__(self) -> str:
        return str(self.language)  # type: ignore[attr-defined]
