"""How a partner or a volunteer came in through a public sign-up form.

The record itself is an ordinary ``partners.Organisation`` or ``partners.Volunteer`` waiting
for review (``review=PENDING``); beside it, a ``Signup`` keeps the consent exactly as it was
given (text, language, time: GDPR art. 7(1), the municipality must be able to show it) and the
answers to the form's questionnaire (``questionnaire.py``). It is deleted with its record."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignupKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("Volunteer")
    ASSOCIATION = "association", _("Association")
    COMPANY = "company", _("Company")


class Signup(models.Model):
    kind = models.CharField(_("form"), max_length=20, choices=SignupKind.choices)
    organisation = models.OneToOneField(
        "partners.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signup",
        verbose_name=_("partner"),
    )
    volunteer = models.OneToOneField(
        "partners.Volunteer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signup",
        verbose_name=_("volunteer"),
    )
    language = models.CharField(_("language of the form"), max_length=10)
    consent_text = models.TextField(_("consent as shown"), max_length=5_000)
    consent_given_at = models.DateTimeField(_("consent given at"))
    answers = models.JSONField(_("answers to the questionnaire"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("public sign-up")
        verbose_name_plural = _("public sign-ups")
        constraints = [
            # A volunteer's sign-up names a volunteer, a partner's a partner; never both.
            models.CheckConstraint(
                condition=models.Q(
                    kind="volunteer", volunteer__isnull=False, organisation__isnull=True
                )
                | models.Q(
                    kind__in=["association", "company"],
                    organisation__isnull=False,
                    volunteer__isnull=True,
                ),
                name="signup_has_one_record_of_its_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%d.%m.%Y}"
