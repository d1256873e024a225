from __future__ import annotations

import base64
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
    partner = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outreach_activities",
        verbose_name=_("partner"),
    )
    partner_note = models.CharField(
        _("partner without a record"),
        max_length=200,
        blank=True,
        help_text=_("A person or a group that is not a partner of the municipality."),
    )
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


class ReviewState(models.TextChoices):
    """Whether a translator has checked a text: machine-drafted texts are shown, but the
    administration page marks them until an administrator approves them."""

    MACHINE_DRAFTED = "machine_drafted", _("Machine-drafted, to be checked by a translator")
    APPROVED = "approved", _("Approved")


class ReviewedText(TimeStampedModel):
    """A text in one language with its review: who approved it and when."""

    review_state = models.CharField(
        _("review"),
        max_length=20,
        choices=ReviewState.choices,
        default=ReviewState.MACHINE_DRAFTED,
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_approved(self) -> bool:
        return self.review_state == ReviewState.APPROVED


class PublicFormText(ReviewedText):
    """The public interest form's texts in one language, with the consent text and the
    poster's and flyer's words; editable by administrators."""

    language = models.OneToOneField(
        "languages.Language",
        on_delete=models.PROTECT,
        related_name="public_form_text",
        verbose_name=_("language"),
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
    error_summary = models.CharField(_("heading of the list of errors"), max_length=200, blank=True)
    privacy_label = models.CharField(_("link to the privacy notice"), max_length=200, blank=True)
    accessibility_label = models.CharField(
        _("link to the accessibility statement"), max_length=200, blank=True
    )
    poster_title = models.CharField(
        _("poster: headline"),
        max_length=200,
        blank=True,
        help_text=_("Empty: the form's title."),
    )
    poster_text = models.CharField(
        _("poster and flyer: call to scan"),
        max_length=300,
        blank=True,
        help_text=_('E.g. "Scan the code with your phone".'),
    )

    class Meta:
        ordering = ["language__position", "language__name_da"]
        verbose_name = _("public form text")
        verbose_name_plural = _("public form texts")

    def __str__(self) -> str:
        return str(self.language)

    @property
    def is_rtl(self) -> bool:
        return self.language.is_rtl


class LetterTemplate(ReviewedText):
    """An invitation letter in one language. The body may use the merge fields in
    ``MERGE_FIELDS``, written in braces: "Kære {first_name}". Letters with the same name are
    one letter in several languages: a person gets hers, and Danish."""

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
    language = models.ForeignKey(
        "languages.Language",
        on_delete=models.PROTECT,
        related_name="letter_templates",
        verbose_name=_("language"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), max_length=10_000)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name", "language__position"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [
            models.UniqueConstraint(fields=["name", "language"], name="letter_name_language")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"

    @property
    def is_rtl(self) -> bool:
        return self.language.is_rtl


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


LOGO_MAX_BYTES = 512 * 1024
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


class MunicipalityProfile(TimeStampedModel):
    """The municipality as the public meets it on the interest form, posters and the privacy
    notice: its logo, its accessibility statement, and the controller's and the data
    protection officer's contact details (GDPR art. 13(1)(a) and (b)). Set by an
    administrator."""

    municipality = models.OneToOneField(
        "partnerships.Municipality",
        on_delete=models.CASCADE,
        related_name="public_profile",
        verbose_name=_("municipality"),
    )
    # The logo is small and shown inline (a data: address), so it is kept in the database:
    # no media storage to serve, back up or secure.
    logo = models.BinaryField(_("logo"), null=True, blank=True, editable=False)
    logo_type = models.CharField(_("logo file type"), max_length=20, blank=True, editable=False)
    accessibility_url = models.URLField(
        _("accessibility statement"),
        blank=True,
        help_text=_("The address of the municipality's accessibility statement (was.digst.dk)."),
    )
    controller_address = models.CharField(
        _("the municipality's address"), max_length=300, blank=True
    )
    controller_email = models.EmailField(_("the municipality's e-mail"), blank=True)
    controller_phone = models.CharField(_("the municipality's phone"), max_length=30, blank=True)
    dpo_name = models.CharField(_("data protection officer"), max_length=200, blank=True)
    dpo_email = models.EmailField(_("data protection officer's e-mail"), blank=True)
    dpo_phone = models.CharField(_("data protection officer's phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("municipality profile")
        verbose_name_plural = _("municipality profiles")

    def __str__(self) -> str:
        return str(self.municipality)

    @property
    def logo_data_url(self) -> str:
        """The logo as a ``data:`` address for an <img> on a page or in a PDF, or ""."""
        if not self.logo:
            return ""
        return f"data:{self.logo_type};base64,{base64.b64encode(bytes(self.logo)).decode()}"
