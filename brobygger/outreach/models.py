from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import MunicipalQuerySet, Permission, Scoping
from brobygger.core.models import CatalogueEntry, TimeStampedModel


class MethodCategory(models.TextChoices):
    """The groups of outreach methods (seeds 000 and 004)."""

    LISTS = "lists", _("Lists and direct contact")
    PARTNERS = "partners", _("Cooperation partners")
    PR = "pr", _("PR and information")
    LOCAL_PRESENCE = "local_presence", _("Local presence")
    WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth and ambassadors")
    INTERNAL = "internal", _("Internal referrals")


class OutreachMethod(CatalogueEntry, TimeStampedModel):
    """One way of finding people, from the partnership's catalogue; editable by administrators."""

    category = models.CharField(_("category"), max_length=30, choices=MethodCategory.choices)
    description = models.TextField(_("description"), blank=True, max_length=5_000)
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["category", "position", "name"]
        verbose_name = _("outreach method")
        verbose_name_plural = _("outreach methods")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class OutreachActivity(TimeStampedModel):
    """A concrete outreach action with a method: a poster round, a stand at the library, a talk
    in the women's club. Hours and cost feed the cost per contacted person."""

    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.PROTECT,
        related_name="outreach_activities",
        verbose_name=_("municipality"),
    )
    method = models.ForeignKey(
        OutreachMethod,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("outreach method"),
    )
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    planned_on = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    partner = models.CharField(_("partner"), max_length=200, blank=True)
    hours = models.DecimalField(
        _("hours used"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(10_000))],
    )
    cost = models.DecimalField(
        _("cost (kr.)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    notes = models.TextField(_("notes"), blank=True, max_length=20_000)
    # The campaign link: /k/<code>/ leads to the public interest form, attributed to this
    # activity. Random and short, so a poster's QR code stays small.
    campaign_code = models.CharField(
        _("campaign code"), max_length=12, unique=True, null=True, blank=True, editable=False
    )
    campaign_active = models.BooleanField(_("campaign link active"), default=False)

    scoping = Scoping(permission=Permission.MANAGE_OUTREACH)
    objects = MunicipalQuerySet["OutreachActivity"].as_manager()

    class Meta:
        ordering = ["planned_on", "id"]
        verbose_name = _("outreach activity")
        verbose_name_plural = _("outreach activities")
        indexes = [
            models.Index(fields=["municipality", "planned_on"], name="activity_municipality_date")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(done_on__isnull=False),
                name="activity_done_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title


class PublicFormLanguage(models.TextChoices):
    DANISH = "da", "Dansk"
    ENGLISH = "en", "English"
    ARABIC = "ar", "العربية"
    THAI = "th", "ไทย"


RIGHT_TO_LEFT = frozenset({PublicFormLanguage.ARABIC})


class PublicFormText(TimeStampedModel):
    """The public interest form's texts in one language, editable by administrators."""

    language = models.CharField(
        _("language"), max_length=2, choices=PublicFormLanguage.choices, unique=True
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), max_length=2_000)
    name_label = models.CharField(_("label for the name"), max_length=100)
    phone_label = models.CharField(_("label for the phone number"), max_length=100)
    phone_hint = models.CharField(_("hint for the phone number"), max_length=200, blank=True)
    consent_text = models.TextField(_("consent text"), max_length=4_000)
    submit_label = models.CharField(_("button"), max_length=100)
    thanks_title = models.CharField(_("title after sending"), max_length=200)
    thanks_text = models.TextField(_("text after sending"), max_length=2_000)
    error_required = models.CharField(_("message: field missing"), max_length=200)
    error_phone = models.CharField(_("message: phone number not valid"), max_length=200)
    error_consent = models.CharField(_("message: consent missing"), max_length=200)

    class Meta:
        ordering = ["language"]
        verbose_name = _("public form text")
        verbose_name_plural = _("public form texts")

    def __str__(self) -> str:
        return self.get_language_display()

    @property
    def is_rtl(self) -> bool:
        return self.language in RIGHT_TO_LEFT


class LetterTemplate(TimeStampedModel):
    """An invitation letter in one language. The body may use the merge fields in
    ``MERGE_FIELDS``, written in braces: "Kære {first_name}"."""

    MERGE_FIELDS = (
        "first_name",
        "last_name",
        "full_name",
        "address",
        "municipality",
        "caseworker",
        "date",
    )

    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(_("language"), max_length=2, choices=PublicFormLanguage.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), max_length=10_000)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name", "language"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_language_display()})"

    @property
    def is_rtl(self) -> bool:
        return self.language in RIGHT_TO_LEFT


class LocationKind(models.TextChoices):
    """Forms of local presence ("fremskudt indsats", seed 003)."""

    BRANCH_OFFICE = "branch_office", _("Branch office in a housing area")
    OPEN_COUNSELLING = "open_counselling", _("Open counselling in a community house")
    PARTNER_HOURS = "partner_hours", _("Office hours at a partner")
    POP_UP = "pop_up", _("Pop-up or mobile presence")


class OutreachLocation(TimeStampedModel):
    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.PROTECT,
        related_name="outreach_locations",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=LocationKind.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    housing_area = models.CharField(_("housing area"), max_length=200, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    is_active = models.BooleanField(_("open"), default=True)

    scoping = Scoping(permission=Permission.MANAGE_OUTREACH)
    objects = MunicipalQuerySet["OutreachLocation"].as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("outreach location")
        verbose_name_plural = _("outreach locations")

    def __str__(self) -> str:
        return self.name
