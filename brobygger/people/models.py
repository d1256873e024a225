from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import MunicipalQuerySet
from brobygger.core.models import TimeStampedModel
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


class PersonQuerySet(MunicipalQuerySet["Person"]):
    municipality_path = "municipality"


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
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, blank=True, default=Gender.UNKNOWN
    )
    country_of_origin = models.CharField(_("country of origin"), max_length=2, blank=True)
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

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["municipality", "status"], name="person_municipality_status"),
            models.Index(fields=["assigned_caseworker", "status"], name="person_caseworker"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.pk, self.municipality_id

    @property
    def has_cpr(self) -> bool:
        return bool(self.cpr_ciphertext)

    @property
    def cpr_masked(self) -> str:
        """DDMMYY-XXXX: enough to tell people apart in a list, never the whole number."""
        if not self.cpr_ciphertext:
            return ""
        from brobygger.core.crypto import decrypt

        from .cpr import cpr_masked

        return cpr_masked(decrypt(self.cpr_ciphertext))


class PersonSourceQuerySet(MunicipalQuerySet["PersonSource"]):
    municipality_path = "person__municipality"


class PersonSource(TimeStampedModel):
    """How a person came to our knowledge: the outreach method (and later the activity or
    list). The earliest source is the first touch that method effectiveness credits."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="sources", verbose_name=_("person")
    )
    method = models.ForeignKey(
        "outreach.OutreachMethod",
        on_delete=models.PROTECT,
        related_name="sources",
        verbose_name=_("outreach method"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = PersonSourceQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return str(self.method)

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.person_id, self.person.municipality_id


class StatusEventQuerySet(MunicipalQuerySet["StatusEvent"]):
    municipality_path = "person__municipality"


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
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = StatusEventQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_on", "recorded_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["person", "occurred_on"], name="statusevent_person_date")]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.person_id, self.person.municipality_id
