"""What happens after contact: interventions a person takes part in, the confidence she has in
her own job chances, and the outcomes (an ordinary job or education) that the success
criteria count."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import MunicipalQuerySet, Scoping
from brobygger.core.models import CatalogueEntry, TimeStampedModel, staff_member


class InterventionCategory(models.TextChoices):
    """Seed 004's grouping of the interventions the municipalities used."""

    EMPLOYMENT = "employment", _("Employment-oriented")
    EDUCATION = "education", _("Education-oriented")
    CITIZENSHIP = "citizenship", _("Citizenship-oriented")


class CapacityKind(models.TextChoices):
    """Which of a partner's places an enrolment in the intervention uses while it is open."""

    NONE = "", _("None")
    INTERNSHIP = "internship", _("An internship place")
    COURSE = "course", _("A course seat")


class InterventionType(CatalogueEntry, TimeStampedModel):
    """An entry of the intervention catalogue. The flags are what the success criteria count:
    "network-oriented" (criterion 1), "company-oriented" (criterion 4), and so on."""

    category = models.CharField(_("category"), max_length=20, choices=InterventionCategory.choices)
    network_oriented = models.BooleanField(_("network-oriented"), default=False)
    company_oriented = models.BooleanField(_("company-oriented"), default=False)
    education = models.BooleanField(_("education"), default=False)
    citizenship = models.BooleanField(_("citizenship"), default=False)
    capacity_kind = models.CharField(
        _("uses the provider's"),
        max_length=12,
        choices=CapacityKind.choices,
        blank=True,
        default=CapacityKind.NONE,
        help_text=_("An open enrolment takes one of the partner's places of this kind."),
    )
    description = models.TextField(_("description"), blank=True, max_length=5_000)
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["category", "position", "name"]
        verbose_name = _("intervention type")
        verbose_name_plural = _("intervention types")


class Completion(models.TextChoices):
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    DROPPED_OUT = "dropped_out", _("Dropped out")


class Enrolment(TimeStampedModel):
    """A person's participation in one intervention ("forløb")."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("person"),
    )
    intervention_type = models.ForeignKey(
        InterventionType,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("intervention"),
    )
    provider = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("provider"),
        help_text=_("The company, school or association. Empty: the job centre itself."),
    )
    provider_note = models.CharField(
        _("provider without a record"),
        max_length=200,
        blank=True,
        help_text=_("A person or a place that is not a partner of the municipality."),
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    completion = models.CharField(
        _("completion"), max_length=20, choices=Completion.choices, default=Completion.ONGOING
    )
    result = models.CharField(_("result"), max_length=500, blank=True)
    recorded_by = staff_member(_("recorded by"))
    # Optimistic locking (see Person.version).
    version = models.PositiveIntegerField(default=1, editable=False)

    scoping = Scoping(municipality="person__municipality", person="person")
    objects = MunicipalQuerySet["Enrolment"].as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="enrolment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(completion="ongoing") | models.Q(ended_on__isnull=False),
                name="enrolment_finished_has_end",
            ),
        ]
        indexes = [models.Index(fields=["person", "started_on"], name="enrolment_person_start")]

    def __str__(self) -> str:
        return f"{self.intervention_type} ({self.started_on:%d.%m.%Y})"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.person_id, self.person.municipality_id


class OutcomeKind(models.TextChoices):
    ORDINARY_JOB = "ordinary_job", _("Ordinary job")
    ORDINARY_EDUCATION = "ordinary_education", _("Ordinary education")


class Outcome(TimeStampedModel):
    """An ordinary job (employer, weekly hours) or an ordinary education (institution)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("person")
    )
    kind = models.CharField(_("job or education"), max_length=30, choices=OutcomeKind.choices)
    started_on = models.DateField(_("started on"))
    organisation = models.CharField(_("employer or institution"), max_length=200, blank=True)
    weekly_hours = models.DecimalField(
        _("hours a week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(80)],
    )
    recorded_by = staff_member(_("recorded by"))

    scoping = Scoping(municipality="person__municipality", person="person")
    objects = MunicipalQuerySet["Outcome"].as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.started_on:%d.%m.%Y})"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.person_id, self.person.municipality_id


class ConfidenceMeasure(models.Model):
    """ "How much do you believe you can get an ordinary job?" on a scale of 1 to 10, asked at
    the first conversation and later. Criterion 5 compares the first answer with the latest."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="confidence_measures",
        verbose_name=_("person"),
    )
    measured_on = models.DateField(_("date"))
    score = models.PositiveSmallIntegerField(
        _("belief in own job chances (1–10)"),
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = staff_member(_("recorded by"))

    scoping = Scoping(municipality="person__municipality", person="person")
    objects = MunicipalQuerySet["ConfidenceMeasure"].as_manager()

    class Meta:
        ordering = ["measured_on", "id"]
        verbose_name = _("confidence measure")
        verbose_name_plural = _("confidence measures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=10), name="confidence_score_1_to_10"
            )
        ]

    def __str__(self) -> str:
        return f"{self.score}/10 ({self.measured_on:%d.%m.%Y})"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.person_id, self.person.municipality_id


class ProgressionDimension(TimeStampedModel):
    """A line of the progression card ("progressionskort") for people in an internship;
    administrators can add, rename or retire dimensions."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("progression dimension")
        verbose_name_plural = _("progression dimensions")

    def __str__(self) -> str:
        return self.name


class Assessor(models.TextChoices):
    MENTOR = "mentor", _("Company mentor")
    CASEWORKER = "caseworker", _("Caseworker")
    PERSON = "person", _("The person herself")


class ProgressionAssessment(TimeStampedModel):
    """One filling-in of the progression card, usually together with the company mentor."""

    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("enrolment"),
    )
    assessed_on = models.DateField(_("date"))
    assessor = models.CharField(_("assessed by"), max_length=20, choices=Assessor.choices)
    assessor_name = models.CharField(_("name of the assessor"), max_length=200, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=5_000)
    recorded_by = staff_member(_("recorded by"))

    scoping = Scoping(municipality="enrolment__person__municipality", person="enrolment__person")
    objects = MunicipalQuerySet["ProgressionAssessment"].as_manager()

    class Meta:
        ordering = ["assessed_on", "id"]
        verbose_name = _("progression assessment")
        verbose_name_plural = _("progression assessments")

    def __str__(self) -> str:
        return f"{self.enrolment} {self.assessed_on:%d.%m.%Y}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.enrolment.person_id, self.enrolment.person.municipality_id


class ProgressionScore(models.Model):
    assessment = models.ForeignKey(
        ProgressionAssessment, on_delete=models.CASCADE, related_name="scores"
    )
    dimension = models.ForeignKey(
        ProgressionDimension, on_delete=models.PROTECT, related_name="scores"
    )
    score = models.PositiveSmallIntegerField(
        _("score (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    scoping = Scoping(
        municipality="assessment__enrolment__person__municipality",
        person="assessment__enrolment__person",
    )
    objects = MunicipalQuerySet["ProgressionScore"].as_manager()

    class Meta:
        ordering = ["dimension__position", "dimension__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "dimension"], name="progressionscore_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="progressionscore_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.score}"
