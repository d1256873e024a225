"""Cooperation agreements (samarbejdsaftaler) and their status meetings (statusmøder), seed 002.

The municipality, as match maker, helps two or more partners write "en enkel og kort
samarbejdsaftale" that all parties sign. Seed 002 lists what it must contain; the fields below
follow that list in its order: the parties, the shared purpose, what, when, how often, how long
and how, the resources each party can and will put in, how often status meetings are held, how
challenges are handled, what happens when there are not enough volunteers, and the period.

An agreement belongs to the one municipality that facilitates it; its parties are partners of
that municipality, and the municipality (job centre) itself may be a party. Status meetings
are generated from the agreement's frequency when it becomes active; each has seed 002's fixed
agenda with a field for the minutes of every item.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import MunicipalQuerySet, Permission, Scoping
from brobygger.core.models import TimeStampedModel, staff_member

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MEETING_EVERY_MONTHS_MIN = 1
MEETING_EVERY_MONTHS_MAX = 12
FREQUENCY_MESSAGE = _("Status meetings are held every 1 to 12 months.")

# The fixed agenda of a status meeting, in seed 002's order ("Sammen kan I gennemgå: Hvordan
# går samarbejdet? Hvilken positiv udvikling er der sket? Hvilke udfordringer har parterne
# mødt, og hvordan kan de løses? Hvad er næste mål for samarbejdet?"), and the item of the
# municipality-as-partner section ("Gør status på antal borgere, der er interesseret i
# aktiviteten i forhold til de frivillige ressourcer"). Field name → question.
AGENDA: tuple[tuple[str, StrOrPromise], ...] = (
    ("how_is_it_going", _("How is the cooperation going?")),
    ("positive_development", _("What positive development has there been?")),
    (
        "challenges_and_solutions",
        _("Which challenges have the parties met, and how can they be solved?"),
    ),
    ("next_goal", _("What is the next goal of the cooperation?")),
    (
        "interest_and_capacity",
        _("How many citizens are interested in the activity, compared with the volunteers?"),
    ),
    # The standing item on engagement (issue 17): engagement is what keeps a cooperation alive.
    ("engagement", _("How engaged are the parties and the volunteers, and what keeps it up?")),
)


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


def _text(
    label: StrOrPromise, help_text: StrOrPromise = "", max_length: int = 5_000
) -> models.TextField[str, str]:
    return models.TextField(label, blank=True, max_length=max_length, help_text=help_text)


class Agreement(TimeStampedModel):
    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("municipality"),
        help_text=_("The municipality that facilitates the cooperation."),
    )
    title = models.CharField(_("title"), max_length=200)
    organisations = models.ManyToManyField(
        "partners.Organisation",
        through="Party",
        related_name="agreements",
        verbose_name=_("parties"),
    )
    municipality_is_party = models.BooleanField(
        _("The municipality (job centre) is a party"), default=True
    )
    municipality_resources = _text(
        _("The municipality's resources"),
        _("What the municipality can and will put into the cooperation."),
    )
    municipality_signatory_name = models.CharField(
        _("signs for the municipality"), max_length=200, blank=True
    )
    municipality_signatory_role = models.CharField(
        _("role of the municipality's signatory"), max_length=200, blank=True
    )
    municipality_signed_on = models.DateField(
        _("the municipality signed on"), null=True, blank=True
    )
    purpose = _text(_("purpose"), _("The shared purpose: what do the parties want to achieve?"))
    what = _text(_("what"), _("What the parties will do together, and for whom."))
    when = _text(_("when"), _("When the activities take place (days, times)."))
    how_often = _text(_("how often"), _("For example every Tuesday, or once a month."))
    how_long = _text(_("how long"), _("How long each activity lasts, and the project in all."))
    how = _text(_("how"), _("How the activities are carried out and presented to the citizens."))
    where = _text(_("where"), _("Where the activities take place."), max_length=2_000)
    how_much = _text(
        _("how much"),
        _("How much each party puts in: hours, people, places or money."),
        max_length=2_000,
    )
    progress_responsible = models.CharField(
        _("responsible for progress"),
        max_length=200,
        blank=True,
        help_text=_("Who makes sure the cooperation moves forward (a person and her party)."),
    )
    is_csr = models.BooleanField(
        _("CSR cooperation between associations and companies"),
        default=False,
        help_text=_("Then each party writes what it gains from the cooperation."),
    )
    meeting_every_months = models.PositiveSmallIntegerField(
        _("status meeting every (months)"),
        default=3,
        validators=[
            MinValueValidator(MEETING_EVERY_MONTHS_MIN, message=FREQUENCY_MESSAGE),
            MaxValueValidator(MEETING_EVERY_MONTHS_MAX, message=FREQUENCY_MESSAGE),
        ],
        help_text=_("From 1 to 12: 3 is every quarter, 6 every half year."),
    )
    first_meeting_on = models.DateField(
        _("first status meeting on"),
        null=True,
        blank=True,
        help_text=_("Empty: one interval after the start."),
    )
    meeting_place = models.CharField(_("status meetings are held at"), max_length=200, blank=True)
    challenges = _text(
        _("how challenges are handled"),
        _("How the parties handle challenges that arise in the cooperation."),
    )
    too_few_volunteers = _text(
        _("if there are not enough volunteers"),
        _("What happens when there are not enough volunteers."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    created_by = staff_member(_("created by"))
    is_demo = models.BooleanField(default=False, editable=False)

    # Optimistic locking (see Person.version).
    version = models.PositiveIntegerField(default=1, editable=False)

    scoping = Scoping(permission=Permission.MANAGE_PARTNERS)
    objects = MunicipalQuerySet["Agreement"].as_manager()

    class Meta:
        ordering = ["-starts_on", "title", "id"]
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="agreement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(meeting_every_months__gte=MEETING_EVERY_MONTHS_MIN)
                & models.Q(meeting_every_months__lte=MEETING_EVERY_MONTHS_MAX),
                name="agreement_meeting_frequency_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            errors["ends_on"] = str(_("The agreement must end after it starts."))
        within = (
            self.starts_on <= self.first_meeting_on <= self.ends_on
            if self.first_meeting_on and self.starts_on and self.ends_on
            else True
        )
        if not within:
            errors["first_meeting_on"] = str(
                _("The first status meeting must lie within the agreement's period.")
            )
        if errors:
            raise ValidationError(errors)

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return None, self.municipality_id


class Party(models.Model):
    """A partner's part in an agreement: its resources and who signs for it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    # A partner that has signed an agreement is kept: the agreement is a record.
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        verbose_name=_("partner"),
    )
    position = models.PositiveSmallIntegerField(default=0)
    resources = _text(_("resources"), _("What the party can and will put into the cooperation."))
    signatory_name = models.CharField(_("signs for the party"), max_length=200, blank=True)
    signatory_role = models.CharField(_("signatory's role"), max_length=200, blank=True)
    gains = _text(
        _("what the party gains"),
        _("In a CSR cooperation: what the party gets out of it."),
        max_length=2_000,
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    scoping = Scoping(municipality="agreement__municipality", permission=Permission.MANAGE_PARTNERS)
    objects = MunicipalQuerySet["Party"].as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="party_once_per_agreement"
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return None, self.agreement.municipality_id


class StatusMeeting(TimeStampedModel):
    """One status meeting of an agreement: when and where, who took part, and the minutes of
    each item of the fixed agenda (``AGENDA``)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants = _text(_("participants"), max_length=2_000)
    how_is_it_going = _text(AGENDA[0][1])
    positive_development = _text(AGENDA[1][1])
    challenges_and_solutions = _text(AGENDA[2][1])
    next_goal = _text(AGENDA[3][1])
    interest_and_capacity = _text(AGENDA[4][1])
    engagement = _text(AGENDA[5][1])
    held = models.BooleanField(_("the meeting has been held"), default=False)
    # Set by ``brobygger agreements remind`` once the reminder is sent: one e-mail per meeting.
    reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True, editable=False)

    scoping = Scoping(municipality="agreement__municipality", permission=Permission.MANAGE_PARTNERS)
    objects = MunicipalQuerySet["StatusMeeting"].as_manager()

    class Meta:
        ordering = ["date", "time", "id"]
        verbose_name = _("status meeting")
        verbose_name_plural = _("status meetings")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "date"], name="one_status_meeting_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} {self.date:%d.%m.%Y}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return None, self.agreement.municipality_id

    @property
    def minutes(self) -> list[tuple[str, str]]:
        """(question, minutes) for each agenda item."""
        return [(str(question), getattr(self, name)) for name, question in AGENDA]


# A calendar address works for a year; then the user makes a new one on the page.
CALENDAR_TOKEN_VALID = timedelta(days=365)


def calendar_token_hash(token: str) -> str:
    """What is stored of a calendar address's secret: its SHA-256 (the secret is 256 random
    bits, so no salt or slow hash is needed to keep it from being guessed back)."""
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarToken(models.Model):
    """The secret in a user's calendar address (``/agreements/calendar/<token>.ics``).

    Calendar apps cannot log in, so the address itself is the key. Only its hash is stored:
    the address is shown once, when it is made, and a copy of the database or a backup opens
    no feed. It unlocks only the dates, places and the fixed agenda of status meetings (no
    minutes, no person data), and only of agreements the user may see at the moment of each
    request; and the time and place of the sessions she may see (``core.ics.feed_sources``),
    never who is invited. It expires after ``CALENDAR_TOKEN_VALID``; making a new one retires
    the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_token",
        verbose_name=_("user"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"
