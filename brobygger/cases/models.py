"""The case: dated case notes (some sensitive), tasks, and the conversations held with her.

A case note is a dated, authored entry; a correction keeps the earlier text as a revision.
A sensitive note's text is read only by her caseworker and by roles that hold
``VIEW_SENSITIVE_NOTES`` in her municipality (``selectors.sensitive_readable``); everyone
else sees that it exists. A task is work for a staff member of the municipality, about a
person, a partner organisation or neither. A conversation is the first conversation with
her, or a later follow-up, in the same shape. Her plan is her goals with dates; each next
step towards a goal is a task (``Task.goal``), and the plan prints in her language and Danish
with a language's ``PlanWording``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import MunicipalQuerySet, Permission, Scoping
from brobygger.core.models import TimeStampedModel, staff_member
from brobygger.languages.models import LanguageText


class SensitiveCategory(models.TextChoices):
    HEALTH = "health", _("Health")
    FAMILY = "family", _("Family situation")
    VIOLENCE = "violence", _("Violence")
    OTHER = "other", _("Other")


class CaseNote(TimeStampedModel):
    """A dated entry in her case, written by a staff member."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="case_notes",
        verbose_name=_("person"),
    )
    concerns_on = models.DateField(_("date"), help_text=_("The day the note is about."))
    text = models.TextField(_("note"), max_length=10_000)
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_(
            "Only her caseworker and those allowed to read sensitive notes can read the text."
        ),
    )
    category = models.CharField(
        _("kind of sensitive information"),
        max_length=20,
        choices=SensitiveCategory.choices,
        blank=True,
    )
    author = staff_member(_("written by"))

    scoping = Scoping(municipality="person__municipality", person="person")
    objects = MunicipalQuerySet["CaseNote"].as_manager()

    class Meta:
        ordering = ["-concerns_on", "-id"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sensitive=True) | models.Q(category=""),
                name="casenote_category_only_when_sensitive",
            ),
            models.CheckConstraint(
                condition=models.Q(sensitive=False) | ~models.Q(category=""),
                name="casenote_sensitive_has_category",
            ),
        ]
        indexes = [models.Index(fields=["person", "concerns_on"], name="casenote_person_day")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.concerns_on:%d.%m.%Y}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.person_id, self.person.municipality_id


class CaseNoteRevision(models.Model):
    """An earlier version of a note, kept when it was corrected."""

    note = models.ForeignKey(
        CaseNote, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("note")
    )
    concerns_on = models.DateField(_("date"))
    text = models.TextField(_("earlier text"), max_length=10_000)
    sensitive = models.BooleanField(_("sensitive"), default=False)
    category = models.CharField(
        _("kind of sensitive information"),
        max_length=20,
        choices=SensitiveCategory.choices,
        blank=True,
    )
    replaced_at = models.DateTimeField(_("corrected at"), auto_now_add=True)
    replaced_by = staff_member(_("corrected by"))

    scoping = Scoping(municipality="note__person__municipality", person="note__person")
    objects = MunicipalQuerySet["CaseNoteRevision"].as_manager()

    class Meta:
        ordering = ["-replaced_at", "-id"]
        verbose_name = _("earlier version of a case note")
        verbose_name_plural = _("earlier versions of case notes")

    def __str__(self) -> str:
        return f"{self.note} ({self.replaced_at:%d.%m.%Y %H:%M})"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.note.person_id, self.note.person.municipality_id


class TaskSource(models.TextChoices):
    """Where a task came from; a task made from a referral or a reply links to it."""

    BY_HAND = "by_hand", _("Created by hand")
    PLAN_STEP = "plan_step", _("A step in her plan")
    REFERRAL = "referral", _("From a referral")
    REPLY = "reply", _("From her reply")
    REFERRAL_LINK = "referral_link", _("From a referral link")


class Task(TimeStampedModel):
    """Work for a staff member of the municipality, by a day; about a person, a partner
    organisation, or neither."""

    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("task"), max_length=200)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("assigned to"),
    )
    due_on = models.DateField(_("due"))
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("partner"),
    )
    source = models.CharField(
        _("created"), max_length=20, choices=TaskSource.choices, default=TaskSource.BY_HAND
    )
    referral = models.ForeignKey(
        "partners.Referral",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("referral"),
    )
    goal = models.ForeignKey(
        "cases.PlanGoal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="steps",
        verbose_name=_("goal in her plan"),
    )
    title_in_her_language = models.CharField(
        _("the step in her language"),
        max_length=200,
        blank=True,
        help_text=_(
            "Printed on her plan beside the Danish text, e.g. written with the interpreter."
        ),
    )
    reply = models.ForeignKey(
        "messaging.InboundMessage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("reply"),
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = staff_member(_("done by"))
    created_by = staff_member(_("created by"))

    scoping = Scoping(
        municipality="municipality", permission=Permission.VIEW_PEOPLE, person="person"
    )
    objects = MunicipalQuerySet["Task"].as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=True) | models.Q(organisation__isnull=True),
                name="task_person_or_partner",
            ),
            models.CheckConstraint(
                condition=models.Q(goal__isnull=True) | models.Q(person__isnull=False),
                name="task_step_of_her_plan",
            ),
        ]
        indexes = [models.Index(fields=["assignee", "done_at", "due_on"], name="task_assignee")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.person_id, self.municipality_id


class DigestPreference(TimeStampedModel):
    """Whether a staff member wants the daily e-mail of her tasks due."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="task_digest",
        verbose_name=_("user"),
    )
    daily_digest = models.BooleanField(
        _("send me an e-mail each morning with my tasks due"), default=False
    )
    # The day the last e-mail went out: one a day, however often the digest runs.
    last_sent_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("task e-mail")
        verbose_name_plural = _("task e-mails")

    def __str__(self) -> str:
        return str(self.user)


class ConversationKind(models.TextChoices):
    FIRST = "first", _("First conversation")
    FOLLOW_UP = "follow_up", _("Follow-up conversation")


class EducationLevel(models.TextChoices):
    NONE = "none", _("No schooling")
    PRIMARY = "primary", _("Primary school")
    SECONDARY = "secondary", _("Upper secondary school")
    VOCATIONAL = "vocational", _("Vocational education")
    SHORT_HIGHER = "short_higher", _("Short or medium higher education")
    LONG_HIGHER = "long_higher", _("Long higher education (master or more)")


class DanishLevel(models.TextChoices):
    NONE = "none", _("No Danish")
    LITTLE = "little", _("A few words")
    EVERYDAY = "everyday", _("Can manage everyday conversations")
    GOOD = "good", _("Good")
    FLUENT = "fluent", _("Fluent")


class DrivingLicence(models.TextChoices):
    NO = "no", _("No")
    YES = "yes", _("Yes")
    LEARNING = "learning", _("Taking lessons")
    FOREIGN = "foreign", _("Foreign licence, not yet valid in Denmark")


class Conversation(TimeStampedModel):
    """The first conversation with her (background, wishes, barriers, and her baseline answer
    on the confidence scale), or a follow-up in the same shape."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="conversations",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("conversation"), max_length=20, choices=ConversationKind.choices)
    held_on = models.DateField(_("date"))
    participants = models.CharField(
        _("who took part"),
        max_length=500,
        help_text=_("E.g. she, her caseworker and a mentor from the association."),
    )
    interpreter_language = models.ForeignKey(
        "languages.Language",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interpreter used"),
        help_text=_("Empty when no interpreter took part."),
    )
    # Background
    education_level = models.CharField(
        _("highest education"), max_length=20, choices=EducationLevel.choices, blank=True
    )
    education_country = models.CharField(
        _("country of the education"),
        max_length=2,
        blank=True,
        help_text=_("Two-letter country code, e.g. TH, SY, SO"),
    )
    education = models.CharField(_("education, in her words"), max_length=500, blank=True)
    work_experience = models.TextField(_("work experience"), max_length=5_000, blank=True)
    danish_level = models.CharField(
        _("Danish"), max_length=20, choices=DanishLevel.choices, blank=True
    )
    driving_licence = models.CharField(
        _("driving licence"), max_length=20, choices=DrivingLicence.choices, blank=True
    )
    health_and_care = models.TextField(
        _("health or care obligations"),
        max_length=5_000,
        blank=True,
        help_text=_("Only what she chooses to mention."),
    )
    # Wishes
    job_wishes = models.TextField(_("wishes for a job"), max_length=5_000, blank=True)
    education_wishes = models.TextField(_("wishes for education"), max_length=5_000, blank=True)
    activity_wishes = models.TextField(_("wishes for activities"), max_length=5_000, blank=True)
    # Practical barriers
    barrier_childcare = models.BooleanField(_("childcare"), default=False)
    barrier_transport = models.BooleanField(_("transport"), default=False)
    barrier_family = models.BooleanField(_("family"), default=False)
    barriers = models.TextField(_("practical barriers, in words"), max_length=5_000, blank=True)
    # Her answer on the confidence scale, recorded through the interventions app; required
    # at the first conversation (criterion 5's "before").
    confidence = models.ForeignKey(
        "interventions.ConfidenceMeasure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("belief in own job chances"),
    )
    recorded_by = staff_member(_("recorded by"))

    scoping = Scoping(municipality="person__municipality", person="person")
    objects = MunicipalQuerySet["Conversation"].as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(kind="first"),
                name="conversation_one_first_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d.%m.%Y}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.person_id, self.person.municipality_id

    @property
    def barrier_labels(self) -> list[str]:
        """The practical barriers ticked, by their names."""
        barriers = {
            "barrier_childcare": _("childcare"),
            "barrier_transport": _("transport"),
            "barrier_family": _("family"),
        }
        return [str(label) for name, label in barriers.items() if getattr(self, name)]


class GoalStatus(models.TextChoices):
    ACTIVE = "active", _("Working on it")
    REACHED = "reached", _("Reached")
    DROPPED = "dropped", _("Set aside")


class PlanGoal(TimeStampedModel):
    """A goal in her plan, with the date she aims for. The next steps towards it are tasks
    (``steps``); the interventions, sessions and mentor that serve it are shown beside it."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="plan_goals",
        verbose_name=_("person"),
    )
    text = models.CharField(_("goal"), max_length=300)
    text_in_her_language = models.CharField(
        _("the goal in her language"),
        max_length=300,
        blank=True,
        help_text=_(
            "Printed on her plan beside the Danish text, e.g. written with the interpreter."
        ),
    )
    target_on = models.DateField(_("by"))
    status = models.CharField(
        _("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.ACTIVE
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = staff_member(_("created by"))

    scoping = Scoping(municipality="person__municipality", person="person")
    objects = MunicipalQuerySet["PlanGoal"].as_manager()

    class Meta:
        ordering = ["target_on", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="active", closed_on__isnull=True)
                | (~models.Q(status="active") & models.Q(closed_on__isnull=False)),
                name="plan_goal_closed_with_date",
            )
        ]

    def __str__(self) -> str:
        return self.text

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.person_id, self.person.municipality_id


class PlanWording(LanguageText):
    """A language's headings of the printed plan. Kept as data, like the invitation texts:
    a language without a row prints her plan in Danish only."""

    language = models.OneToOneField(
        "languages.Language",
        on_delete=models.CASCADE,
        related_name="plan_wording",
        verbose_name=_("language"),
    )
    heading = models.CharField(_("heading"), max_length=200)
    intro = models.TextField(_("introduction"), max_length=1_000)
    goals_heading = models.CharField(_("heading of the goals"), max_length=200)
    by_label = models.CharField(_("the word before a goal's date"), max_length=50)
    steps_heading = models.CharField(_("heading of the next steps"), max_length=200)
    support_heading = models.CharField(_("heading of what supports the plan"), max_length=200)
    mentor_label = models.CharField(_("the word for her mentor"), max_length=100)
    contact_heading = models.CharField(_("heading of her contact person"), max_length=200)

    class Meta(LanguageText.Meta):
        verbose_name = _("plan wording")
        verbose_name_plural = _("plan wordings")


# The referral link lives in its own module (issue 17); imported here so Django finds it.
from .link_models import ReferralLink, ReminderSchedule  # noqa: E402, F401
