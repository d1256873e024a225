from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from brobygger.accounts.access import AnyUser, MunicipalQuerySet, Permission, Scoping
from brobygger.core.models import TimeStampedModel, staff_member
from brobygger.partnerships.models import Municipality


class PipelineStatus(models.TextChoices):
    """Where a person is on the way from being found to an outcome (DESIGN.md: pipeline)."""

    IDENTIFIED = "identified", _("Identified")
    CONTACT_ATTEMPTED = "contact_attempted", _("Contact attempted")
    CONTACTED = "contacted", _("Contacted")
    FIRST_CONVERSATION = "first_conversation", _("First conversation held")
    IN_INTERVENTION = "in_intervention", _("In intervention")
    ORDINARY_JOB = "ordinary_job", _("Ordinary job")
    ORDINARY_EDUCATION = "ordinary_education", _("Ordinary education")
    ACTIVE_CITIZEN = "active_citizen", _("Active citizen")
    DECLINED = "declined", _("Declined")
    MOVED_AWAY = "moved_away", _("Moved away")
    NOT_IN_TARGET_GROUP = "not_in_target_group", _("Not in target group")


# The way forward through the pipeline; outcomes and exits all rank after "in intervention",
# so an automatic advance never moves someone out of an outcome.
PIPELINE_ORDER: list[str] = [
    PipelineStatus.IDENTIFIED,
    PipelineStatus.CONTACT_ATTEMPTED,
    PipelineStatus.CONTACTED,
    PipelineStatus.FIRST_CONVERSATION,
    PipelineStatus.IN_INTERVENTION,
    PipelineStatus.ORDINARY_JOB,
    PipelineStatus.ORDINARY_EDUCATION,
    PipelineStatus.ACTIVE_CITIZEN,
    PipelineStatus.DECLINED,
    PipelineStatus.MOVED_AWAY,
    PipelineStatus.NOT_IN_TARGET_GROUP,
]


class Gender(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    OTHER = "other", _("Other")
    UNKNOWN = "", _("Not stated")


class DanishProgramme(models.TextChoices):
    """Danskuddannelse (FACTS F7): DU1 for those who cannot read the Latin alphabet, DU2 for a
    short and DU3 for a medium or long school background."""

    DU1 = "DU1", "Danskuddannelse 1"
    DU2 = "DU2", "Danskuddannelse 2"
    DU3 = "DU3", "Danskuddannelse 3"


class DanishExam(models.TextChoices):
    PD1 = "PD1", "Prøve i Dansk 1"
    PD2 = "PD2", "Prøve i Dansk 2"
    PD3 = "PD3", "Prøve i Dansk 3"
    STUDIEPROVEN = "studieproven", "Studieprøven"


class IntegrationPeriod(models.TextChoices):
    IN_PROGRAMME = "in_programme", _("In the integration programme")
    ENDING = "ending", _("Ending the integration programme")
    COMPLETED = "completed", _("Integration programme completed")
    NOT_COVERED = "not_covered", _("Not covered (e.g. EU rules)")


class LegalBasis(models.TextChoices):
    """Why the municipality may hold the data (GDPR art. 6)."""

    CONSENT = "consent", _("Consent (art. 6(1)(a))")
    PUBLIC_TASK = "public_task", _("Public task (art. 6(1)(e))")


class ConsentMethod(models.TextChoices):
    ORAL = "oral", _("Orally")
    WRITTEN = "written", _("In writing")
    PUBLIC_FORM = "public_form", _("Through the public interest form")


class PersonQuerySet(MunicipalQuerySet["Person"]):
    def visible_to(self, user: AnyUser, permission: Permission | None = None) -> PersonQuerySet:
        """A record merged into another is gone from every list and page until the merge is
        undone; its events, attempts and sources live on the surviving record. An erased
        record is gone for good: only the anonymous counts use it."""
        visible = super().visible_to(user, permission)
        return visible.filter(merged_into__isnull=True, erased_at__isnull=True)  # type: ignore[return-value]


class Person(TimeStampedModel):
    """A citizen in the target group ("borger"). Belongs to exactly one municipality."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("municipality"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    # The romanised form of a name typed in another script (blank for a Latin one), written
    # by the services from ``names.romanised_name``: "فاطمة" → "Fatmh".
    first_name_latin = models.CharField(
        _("first name in Latin letters"), max_length=100, blank=True, editable=False
    )
    last_name_latin = models.CharField(
        _("last name in Latin letters"), max_length=100, blank=True, editable=False
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, blank=True, default=Gender.UNKNOWN
    )
    country_of_origin = models.CharField(_("country of origin"), max_length=2, blank=True)
    name_variants = models.CharField(
        _("other spellings of the name"),
        max_length=500,
        blank=True,
        help_text=_("Spellings met in lists and letters, separated by commas."),
    )
    # Contact data
    phone = PhoneNumberField(_("phone number"), blank=True, region="DK", db_index=True)
    email = models.EmailField(_("e-mail"), blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    floor_door = models.CharField(
        _("floor and door"), max_length=20, blank=True, help_text=_("E.g. 2. tv or st. 3")
    )
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    housing_area = models.CharField(_("housing area"), max_length=200, blank=True)
    # Background
    languages = models.CharField(
        _("languages"),
        max_length=200,
        blank=True,
        help_text=_("The languages she or he speaks, e.g. thai, english"),
    )
    preferred_language = models.ForeignKey(
        "languages.Language",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("preferred language"),
        help_text=_("Letters, text messages and invitations are written in this language."),
    )
    interpreter_needed = models.BooleanField(
        _("needs an interpreter"),
        default=False,
        help_text=_("Book an interpreter for meetings and conversations."),
    )
    danish_programme = models.CharField(
        _("Danish education"), max_length=3, blank=True, choices=DanishProgramme.choices
    )
    danish_module = models.PositiveSmallIntegerField(
        _("current module"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    danish_exam = models.CharField(
        _("passed exam"), max_length=12, blank=True, choices=DanishExam.choices
    )
    year_of_arrival = models.PositiveSmallIntegerField(
        _("year of arrival in Denmark"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
    )
    integration_period = models.CharField(
        _("integration period"), max_length=20, blank=True, choices=IntegrationPeriod.choices
    )
    known_in_municipal_systems = models.BooleanField(
        _("known in the municipality's systems"), null=True, blank=True
    )
    provider_name = models.CharField(_("spouse (provider)"), max_length=200, blank=True)
    children_count = models.PositiveSmallIntegerField(
        _("children in the household"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(20)],
    )
    # Legal basis and consent
    legal_basis = models.CharField(
        _("legal basis"), max_length=20, blank=True, choices=LegalBasis.choices
    )
    consent_given_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_method = models.CharField(
        _("consent given"), max_length=20, blank=True, choices=ConsentMethod.choices
    )
    consent_language = models.CharField(_("language of the consent"), max_length=50, blank=True)
    consent_scope = models.CharField(_("what the consent covers"), max_length=500, blank=True)
    # GDPR art. 14: data that did not come from the person herself must be followed by
    # information to her within one month.
    inform_due_on = models.DateField(
        _("duty to inform: deadline"), null=True, blank=True, db_index=True
    )
    informed_on = models.DateField(_("duty to inform: informed on"), null=True, blank=True)
    informed_how = models.CharField(_("duty to inform: how"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=20_000)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True, db_index=True)
    next_action = models.CharField(_("next action"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=PipelineStatus.choices,
        default=PipelineStatus.IDENTIFIED,
        db_index=True,
    )
    assigned_caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("caseworker"),
    )
    # The CPR number is stored encrypted; the keyed hash finds a person by exact number.
    cpr_ciphertext = models.TextField(blank=True, editable=False)
    cpr_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    is_demo = models.BooleanField(default=False, editable=False)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("merged into"),
    )

    # Optimistic locking: every save of an edit form raises it; a form saved against an older
    # version is a conflict, never a silent overwrite.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Erasure (GDPR art. 17, or the retention period ran out): the personal data is gone, the
    # anonymous skeleton (municipality, dates, statuses) stays so that past counts hold.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)

    scoping = Scoping(person="")
    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["municipality", "status"], name="person_municipality_status"),
            models.Index(fields=["assigned_caseworker", "status"], name="person_caseworker"),
            # The duplicate warning's candidates with the same birth date (``selectors``).
            models.Index(fields=["municipality", "birth_date"], name="person_municipality_birth"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def name_in_latin(self) -> str:
        """Her name romanised, where any part of it is typed in another script, else ""."""
        if not (self.first_name_latin or self.last_name_latin):
            return ""
        first = self.first_name_latin or self.first_name
        return f"{first} {self.last_name_latin or self.last_name}".strip()

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.pk, self.municipality_id

    @property
    def inform_pending(self) -> bool:
        return self.inform_due_on is not None and self.informed_on is None

    @property
    def has_cpr(self) -> bool:
        return bool(self.cpr_ciphertext)

    @property
    def cpr_masked(self) -> str:
        """DDMMYY-XXXX: enough to tell people apart in a list, never the whole number."""
        if not self.cpr_ciphertext:
            return ""
        from brobygger.core.crypto import decrypt
        from brobygger.people.cpr import cpr_masked

        return cpr_masked(decrypt(self.cpr_ciphertext))


class PersonSource(TimeStampedModel):
    """How a person came to our knowledge: the outreach method, the activity, the partner
    through which she was found (or a named person where no organisation is behind it).
    The earliest source is the first touch that method effectiveness credits."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="sources", verbose_name=_("person")
    )
    method = models.ForeignKey(
        "outreach.OutreachMethod",
        on_delete=models.PROTECT,
        related_name="sources",
        verbose_name=_("outreach method"),
    )
    activity = models.ForeignKey(
        "outreach.OutreachActivity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sources",
        verbose_name=_("outreach activity"),
    )
    partner = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person_sources",
        verbose_name=_("through the partner"),
    )
    referred_by = models.CharField(
        _("referred by (a person)"),
        max_length=200,
        blank=True,
        help_text=_("A named person, where no partner organisation is behind it."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = staff_member(_("recorded by"))

    scoping = Scoping(municipality="person__municipality", person="person")
    objects = MunicipalQuerySet["PersonSource"].as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return str(self.method)

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.person_id, self.person.municipality_id


class StatusEvent(models.Model):
    """One move along the pipeline, with its date and author. ``Person.status`` is the last
    event's ``to_status``; both are written together by ``person_status_change``."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="status_events", verbose_name=_("person")
    )
    from_status = models.CharField(
        _("from"), max_length=30, choices=PipelineStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=30, choices=PipelineStatus.choices)
    occurred_on = models.DateField(_("date"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = staff_member(_("recorded by"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    scoping = Scoping(municipality="person__municipality", person="person")
    objects = MunicipalQuerySet["StatusEvent"].as_manager()

    class Meta:
        ordering = ["occurred_on", "recorded_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["person", "occurred_on"], name="statusevent_person_date")]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.person_id, self.person.municipality_id


class PersonNameKey(models.Model):
    """Search keys of a person's names (see ``names.name_keys``), kept by the services that
    write names. An index on (key, person) makes a name search an index lookup."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=40)

    scoping = Scoping(municipality="person__municipality", person="person")
    objects = MunicipalQuerySet["PersonNameKey"].as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "person"], name="personnamekey_unique")
        ]

    def __str__(self) -> str:
        return self.key


class PersonMerge(models.Model):
    """Two records found to be one person: ``merged`` was folded into ``survivor``.

    Everything that pointed at the merged record was moved (``moved`` names each row), blank
    fields of the survivor were filled from it (``filled`` holds the values before and
    after), so the merge can be undone exactly."""

    survivor = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="merges", verbose_name=_("kept record")
    )
    merged = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("merged record")
    )
    moved = models.JSONField(default=dict)
    filled = models.JSONField(default=dict)
    merged_at = models.DateTimeField(_("merged"), auto_now_add=True)
    merged_by = staff_member(_("merged by"))
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = staff_member(_("undone by"))

    scoping = Scoping(municipality="survivor__municipality", person="survivor")
    objects = MunicipalQuerySet["PersonMerge"].as_manager()

    class Meta:
        ordering = ["-merged_at", "-id"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.survivor_id}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.survivor_id, self.survivor.municipality_id
