"""A person's contact with the job centre: each try to reach her, and her visits to a place of
local presence. They were outreach's until the person's case moved into ``people`` (the tables
keep their names, ``outreach_contactattempt`` and ``outreach_dropinvisit``)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import MunicipalQuerySet, Permission, Scoping
from brobygger.core.models import TimeStampedModel


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    SMS = "sms", _("SMS")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    HOME_VISIT = "home_visit", _("Home visit")
    MEETING = "meeting", _("Meeting")
    VIA_PARTNER = "via_partner", _("Via a partner")
    DROP_IN = "drop_in", _("Drop-in")


class ContactOutcome(models.TextChoices):
    REACHED = "reached", _("Reached")
    MEETING_AGREED = "meeting_agreed", _("Meeting agreed")
    NO_ANSWER = "no_answer", _("No answer")
    LEFT_MESSAGE = "left_message", _("Message left")
    WRONG_DETAILS = "wrong_details", _("Wrong number or address")
    DECLINED = "declined", _("Declined contact")
    SENT = "sent", _("Sent (letter or message)")


# Outcomes that mean we got through to the person.
REACHED_OUTCOMES = frozenset(
    {ContactOutcome.REACHED, ContactOutcome.MEETING_AGREED, ContactOutcome.DECLINED}
)


class ContactAttempt(TimeStampedModel):
    """One try to reach a person: when, how, with what result, and by whom."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="contact_attempts",
        verbose_name=_("person"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=ContactChannel.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=ContactOutcome.choices)
    occurred_at = models.DateTimeField(_("time"), default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True, max_length=20_000)

    scoping = Scoping(municipality="person__municipality", person="person")
    objects = MunicipalQuerySet["ContactAttempt"].as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        db_table = "outreach_contactattempt"
        verbose_name = _("contact attempt")
        verbose_name_plural = _("contact attempts")
        indexes = [
            models.Index(fields=["person", "occurred_at"], name="attempt_person_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.get_outcome_display()}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.person_id, self.person.municipality_id


class DropInVisit(models.Model):
    """Someone who came by a location: a known person, or a count of anonymous visitors."""

    location = models.ForeignKey(
        "outreach.OutreachLocation",
        on_delete=models.CASCADE,
        related_name="visits",
        verbose_name=_("location"),
    )
    occurred_on = models.DateField(_("date"))
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="drop_in_visits",
        verbose_name=_("person"),
    )
    anonymous_count = models.PositiveSmallIntegerField(
        _("anonymous visitors"), default=0, validators=[MaxValueValidator(500)]
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    scoping = Scoping(
        municipality="location__municipality",
        permission=Permission.MANAGE_OUTREACH,
        person="person",
    )
    objects = MunicipalQuerySet["DropInVisit"].as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        db_table = "outreach_dropinvisit"
        verbose_name = _("drop-in visit")
        verbose_name_plural = _("drop-in visits")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, anonymous_count=0)
                | models.Q(person__isnull=True, anonymous_count__gte=1),
                name="dropin_person_or_count",
            )
        ]

    def __str__(self) -> str:
        return f"{self.location} {self.occurred_on}"
