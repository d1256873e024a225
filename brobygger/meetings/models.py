"""Meetings and sessions (seeds 003 and 004): information meetings, network meetings, company
visits and association activities that a municipality holds, the people it invites, their
replies, the reminder the day before and who came.

A session counts as an intervention of the catalogue: attending creates or completes her
enrolment of that type and records a contact (channel "meeting", outcome "reached"), through
the services of interventions and people, so the success criteria count it without retyping.
"""

from __future__ import annotations

from urllib.parse import quote_plus

from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import MunicipalQuerySet, Permission, Scoping
from brobygger.core.models import TimeStampedModel, staff_member
from brobygger.languages.models import LanguageText

# A plain link to a map search of the address: no script or tile of a map service is loaded.
MAP_SEARCH_URL = "https://www.openstreetmap.org/search?query="


class SessionKind(models.TextChoices):
    INFORMATION_MEETING = "information", _("Information meeting")
    NETWORK_MEETING = "network", _("Network meeting")
    COMPANY_VISIT = "company_visit", _("Company visit")
    ASSOCIATION_ACTIVITY = "association", _("Association activity")


class Session(TimeStampedModel):
    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    place = models.CharField(
        _("place"), max_length=200, help_text=_("For example the community house or a company.")
    )
    address = models.CharField(
        _("address"), max_length=300, help_text=_("Street, number, postal code and town.")
    )
    languages = models.ManyToManyField(
        "languages.Language",
        blank=True,
        related_name="sessions",
        verbose_name=_("languages spoken"),
    )
    interpreter = models.BooleanField(_("an interpreter is present"), default=False)
    interpreter_language = models.ForeignKey(
        "languages.Language",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interpreter's language"),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    host = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("host partner"),
    )
    intervention_type = models.ForeignKey(
        "interventions.InterventionType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("counts as the intervention"),
        help_text=_("Attending creates or completes her enrolment of this intervention."),
    )
    notes = models.TextField(_("notes"), blank=True, max_length=5_000)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    created_by = staff_member(_("created by"))
    is_demo = models.BooleanField(default=False, editable=False)
    # Optimistic locking (see Person.version).
    version = models.PositiveIntegerField(default=1, editable=False)

    # Sessions are seen by whoever sees the municipality's people: they invite and meet them.
    scoping = Scoping(permission=Permission.VIEW_PEOPLE)
    objects = MunicipalQuerySet["Session"].as_manager()

    class Meta:
        ordering = ["date", "starts_at", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(interpreter=True) | models.Q(interpreter_language__isnull=True),
                name="session_interpreter_language_needs_interpreter",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "date"], name="session_municipality_date")]

    def __str__(self) -> str:
        return f"{self.title} {self.date:%d.%m.%Y}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return None, self.municipality_id

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def map_url(self) -> str:
        return MAP_SEARCH_URL + quote_plus(self.address) if self.address else ""


class Channel(models.TextChoices):
    """How an invitation (and its reminder) reaches her. A channel is offered only where the
    installation can send by it (``services.SENDERS``)."""

    LETTER = "letter", _("Letter")
    SMS = "sms", _("Text message")


class Reply(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    MAYBE = "maybe", _("Maybe")


class Invitation(TimeStampedModel):
    """One person invited to one session, once."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("session")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="session_invitations",
        verbose_name=_("person"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # The language she was invited in (her preferred language then, or Danish).
    language = models.ForeignKey(
        "languages.Language",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("language"),
    )
    reply = models.CharField(_("reply"), max_length=10, choices=Reply.choices, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    # Her own words, when she answered by text message.
    reply_text = models.CharField(_("her answer"), max_length=500, blank=True)
    invited_by = staff_member(_("invited by"))
    letter_printed_at = models.DateTimeField(_("letter printed"), null=True, blank=True)

    scoping = Scoping(municipality="person__municipality", person="person")
    objects = MunicipalQuerySet["Invitation"].as_manager()

    class Meta:
        ordering = ["session", "person__first_name", "person__last_name", "id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_invitation_a_session")
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.person_id}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.person_id, self.person.municipality_id


class Reminder(models.Model):
    """The reminder the day before, recorded per accepted invitation by ``brobygger meetings
    remind``. A letter reminder is listed on the session's page to print or phone; ``done_at``
    is set when it has been printed (or, by text message, sent)."""

    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="reminder", verbose_name=_("invitation")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    due_on = models.DateField(_("due on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    done_at = models.DateTimeField(_("printed or sent"), null=True, blank=True)

    scoping = Scoping(municipality="invitation__person__municipality", person="invitation__person")
    objects = MunicipalQuerySet["Reminder"].as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self) -> str:
        return f"{self.invitation} ({self.due_on:%d.%m.%Y})"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.invitation.person_id, self.invitation.person.municipality_id


class Attendance(models.Model):
    """She came. What the attendance created, so that undoing it takes exactly that away: the
    enrolment it created (or completed, with the completion it had), its version then, and the
    contact attempt."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("session")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="session_attendances",
        verbose_name=_("person"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = staff_member(_("recorded by"))
    enrolment = models.ForeignKey(
        "interventions.Enrolment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enrolment"),
    )
    enrolment_created = models.BooleanField(default=False, editable=False)
    enrolment_version = models.PositiveIntegerField(null=True, blank=True, editable=False)
    contact_attempt = models.ForeignKey(
        "people.ContactAttempt",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact attempt"),
    )

    scoping = Scoping(municipality="person__municipality", person="person")
    objects = MunicipalQuerySet["Attendance"].as_manager()

    class Meta:
        ordering = ["session", "recorded_at", "id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_attendance_a_session")
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.person_id}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.person_id, self.person.municipality_id


class InvitationWording(LanguageText):
    """A language's invitation text and the words that mean yes, no and maybe in a text reply.
    Kept as data: an administrator adds a language's row as she adds the language. A language
    without a row falls back to Danish.

    ``body`` takes the merge fields {name}, {title}, {date}, {start}, {end}, {place} and
    {address}; the word lists are compared without case and accents (``replies``)."""

    language = models.OneToOneField(
        "languages.Language",
        on_delete=models.CASCADE,
        related_name="invitation_wording",
        verbose_name=_("language"),
    )
    heading = models.CharField(_("heading"), max_length=200)
    body = models.TextField(_("invitation text"), max_length=2_000)
    reminder_heading = models.CharField(_("reminder heading"), max_length=200)
    yes_words = models.JSONField(_("words for yes"), default=list, blank=True)
    no_words = models.JSONField(_("words for no"), default=list, blank=True)
    maybe_words = models.JSONField(_("words for maybe"), default=list, blank=True)

    class Meta(LanguageText.Meta):
        verbose_name = _("invitation wording")
        verbose_name_plural = _("invitation wordings")
