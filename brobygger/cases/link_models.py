"""A referral link (issue 17): a short secured address per department or partner, where a
colleague without a login (a health visitor, a school, a housing social worker, a
neighbourhood mother's association) hands a woman over to the municipality, with her consent
to be contacted. The secret in the address is kept as a keyed hash to find the link, and
encrypted so that staff can print the link and its QR code again; the referrer reads nothing
back once she has sent it."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import MunicipalQuerySet, Permission, Scoping
from brobygger.core.models import TimeStampedModel, staff_member


class ReminderSchedule(models.TextChoices):
    """How often the referrer is reminded of the link ("Kender du nogen, der ...")."""

    NONE = "none", _("No reminders")
    MONTHLY = "monthly", _("Every month")
    QUARTERLY = "quarterly", _("Every quarter")


# The days between reminders of each schedule.
REMINDER_DAYS = {ReminderSchedule.MONTHLY: 30, ReminderSchedule.QUARTERLY: 91}


class ReferralLink(TimeStampedModel):
    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    label = models.CharField(
        _("name of the link"),
        max_length=200,
        help_text=_("E.g. Health visitors, West district. Shown to the referrer."),
    )
    department = models.CharField(
        _("department"),
        max_length=200,
        blank=True,
        help_text=_("A department of the municipality, when the link is not a partner's."),
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner"),
    )
    method = models.ForeignKey(
        "outreach.OutreachMethod",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("outreach method credited"),
        help_text=_("The people referred count under this method in the figures."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("contacts the people referred"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_ciphertext = models.TextField(editable=False)
    contact_within_days = models.PositiveSmallIntegerField(
        _("contact her within (days)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    revoked_by = staff_member(_("revoked by"))
    referrer_email = models.EmailField(
        _("the referrer's e-mail"),
        blank=True,
        help_text=_("For the reminders. Never shown on the form."),
    )
    reminder_schedule = models.CharField(
        _("reminders"),
        max_length=10,
        choices=ReminderSchedule.choices,
        default=ReminderSchedule.NONE,
    )
    last_reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_by = staff_member(_("created by"))

    scoping = Scoping(permission=Permission.CHANGE_PEOPLE)
    objects = MunicipalQuerySet["ReferralLink"].as_manager()

    class Meta:
        ordering = ["label", "id"]
        verbose_name = _("referral link")
        verbose_name_plural = _("referral links")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contact_within_days__gte=1)
                & models.Q(contact_within_days__lte=60),
                name="referral_link_contact_days_in_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(department="") | models.Q(organisation__isnull=False),
                name="referral_link_department_or_partner",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return None, self.municipality_id

    @property
    def source_name(self) -> str:
        """Whom the people referred are credited to: the partner, else the department."""
        if self.organisation_id is not None:
            return str(self.organisation)
        return self.department or self.label

    def usable_on(self, day: date) -> bool:
        return self.revoked_at is None and (self.expires_on is None or day <= self.expires_on)
