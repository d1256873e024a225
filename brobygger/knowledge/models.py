"""What the partnership learns and shares: the methods library, success stories, and the staff
attitude survey of seed 001.

* **Methods library**: an entry with ``partnership`` empty belongs to the shared catalogue that
  every partnership sees (the entries seeded from the seeds by migration 0002, kept by
  administrators); an entry with a partnership is that partnership's own. A partnership that
  wants to change a shared entry adapts it: its copy (``based_on``) replaces the shared entry in
  its library. So a new partnership has the whole catalogue from its first day, with no copying
  step to forget.
* **Success stories** belong to a municipality and name nobody: there is deliberately no link
  to a person. A story is shared with the partnership only when the citizen's consent covers
  that (``SuccessStory.clean``).
* **Staff attitude survey**: answers are anonymous. ``SurveyResponse`` and ``SurveyPick`` have
  no user, no timestamp and random ids; whether someone has answered is kept apart in
  ``SurveyParticipation``, which has no link to the answer (see ``services.survey_answer``).
"""

from __future__ import annotations

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from brobygger.core.models import TimeStampedModel, staff_member


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


class LibraryCategory(models.TextChoices):
    OUTREACH = "outreach", _("Outreach")
    LOCAL_PRESENCE = "local_presence", _("Local presence")
    ASSOCIATIONS = "associations", _("Associations and civil society")
    VOLUNTEERS = "volunteers", _("Volunteers and mentors")
    COMPANIES = "companies", _("Companies")
    ORGANISATION = "organisation", _("Organisation and attitudes")


class MethodEntryQuerySet(models.QuerySet["MethodEntry"]):
    def of_partnership(self, partnership_id: int) -> MethodEntryQuerySet:
        """The shared catalogue and the partnership's own entries (adapted ones included)."""
        return self.filter(
            models.Q(partnership__isnull=True) | models.Q(partnership=partnership_id)
        )

    def library_of(self, partnership_id: int) -> MethodEntryQuerySet:
        """What the partnership's library lists: a shared entry the partnership has adapted
        gives way to its adaptation."""
        adapted = MethodEntry.objects.filter(
            partnership=partnership_id, based_on__isnull=False
        ).values("based_on")
        return self.of_partnership(partnership_id).exclude(pk__in=adapted)


class MethodEntry(TimeStampedModel):
    """One idea of the methods library: what it is, how to do it, pros and cons."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="method_entries",
        verbose_name=_("partnership"),
        help_text=_("Empty: the shared catalogue that every partnership sees."),
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adaptations",
        verbose_name=_("adapted from"),
    )
    # The key of an entry seeded by a migration, so that the migration can find its rows.
    seed_key = models.SlugField(max_length=80, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=30, choices=LibraryCategory.choices)
    tags = models.CharField(
        _("tags"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    summary = models.TextField(_("summary"), max_length=3_000)
    steps = models.TextField(
        _("how to do it"), blank=True, max_length=10_000, help_text=_("One step per line.")
    )
    pros = models.TextField(_("pros"), blank=True, max_length=5_000, help_text=_("One per line."))
    cons = models.TextField(_("cons"), blank=True, max_length=5_000, help_text=_("One per line."))
    resources = models.TextField(_("resources needed"), blank=True, max_length=5_000)
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the idea comes from, e.g. a guide, a project or a municipality."),
    )
    outreach_method = models.ForeignKey(
        "outreach.OutreachMethod",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_entries",
        verbose_name=_("outreach method"),
        help_text=_("The method's figures are then shown with the entry."),
    )
    created_by = staff_member(_("created by"))
    updated_by = staff_member(_("last changed by"))

    objects = MethodEntryQuerySet.as_manager()

    class Meta:
        ordering = ["category", "title"]
        verbose_name = _("methods library entry")
        verbose_name_plural = _("methods library entries")
        constraints = [
            models.UniqueConstraint(
                fields=["seed_key"],
                condition=~models.Q(seed_key=""),
                name="method_entry_unique_seed_key",
            ),
            models.UniqueConstraint(
                fields=["partnership", "based_on"],
                condition=models.Q(based_on__isnull=False),
                name="method_entry_one_adaptation_per_partnership",
                violation_error_message=_("The partnership has already adapted this entry."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_shared(self) -> bool:
        return self.partnership_id is None

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]

    @property
    def step_list(self) -> list[str]:
        return _lines(self.steps)

    @property
    def pro_list(self) -> list[str]:
        return _lines(self.pros)

    @property
    def con_list(self) -> list[str]:
        return _lines(self.cons)


class StoryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (only the municipality)")
    PUBLISHED = "published", _("Published to the partnership")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Written")
    ORAL = "oral", _("Oral")


class ConsentScope(models.TextChoices):
    INTERNAL = "internal", _("Internal use in the municipality")
    PARTNERSHIP = "partnership", _("Shared with the partnership")
    PUBLIC = "public", _("Public (website, press)")


# The consents that allow sharing a story with the partnership.
SHAREABLE_SCOPES = (ConsentScope.PARTNERSHIP, ConsentScope.PUBLIC)


class SuccessStory(TimeStampedModel):
    """A good story from one municipality, told without naming the citizen.

    A draft is read in its municipality; a published story by the whole partnership. Publishing
    needs the citizen's consent on record: when, how, and a scope that covers the partnership."""

    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.PROTECT,
        related_name="success_stories",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(
        _("story"),
        max_length=10_000,
        help_text=_("Tell it without names, addresses or details that point to one person."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=StoryStatus.choices, default=StoryStatus.DRAFT
    )
    consent_given_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_method = models.CharField(
        _("consent given"), max_length=20, choices=ConsentMethod.choices, blank=True
    )
    consent_scope = models.CharField(
        _("consent covers"), max_length=20, choices=ConsentScope.choices, blank=True
    )
    consent_recorded_by = staff_member(_("consent recorded by"))
    published_on = models.DateField(_("published on"), null=True, blank=True, editable=False)
    created_by = staff_member(_("written by"))
    updated_by = staff_member(_("last changed by"))

    class Meta:
        ordering = ["-published_on", "-created_at"]
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")
        constraints = [
            # The rule of ``clean`` in the database too: a published story has its consent.
            models.CheckConstraint(
                name="success_story_published_with_consent",
                condition=models.Q(status=StoryStatus.DRAFT)
                | models.Q(
                    consent_given_on__isnull=False,
                    consent_method__in=[c.value for c in ConsentMethod],
                    consent_scope__in=[s.value for s in SHAREABLE_SCOPES],
                ),
                violation_error_message=_(
                    "A story is published only with the citizen's consent to share it."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str | Promise] = {}
        if self.consent_given_on and self.consent_given_on > timezone.localdate():
            errors["consent_given_on"] = _("Consent cannot be given in the future.")
        if self.status == StoryStatus.PUBLISHED:
            if not self.consent_given_on:
                errors.setdefault(
                    "consent_given_on",
                    _("Record the date the citizen gave consent before publishing."),
                )
            if not self.consent_method:
                errors["consent_method"] = _(
                    "Record whether the consent was written or oral before publishing."
                )
            if not self.consent_scope:
                errors["consent_scope"] = _("Record what the consent covers before publishing.")
            elif self.consent_scope not in SHAREABLE_SCOPES:
                errors["consent_scope"] = _(
                    "The consent covers internal use only: the story cannot be shared with "
                    "the partnership. Keep it as a draft, or record a consent that covers "
                    "the partnership."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self) -> bool:
        return self.status == StoryStatus.PUBLISHED


class Archetype(models.TextChoices):
    """Seed 001's three attitudes of job-centre staff to working with volunteers."""

    ENTHUSIASTIC = "enthusiastic", _("Enthusiastic")
    EXPECTANT = "expectant", _("Expectant")
    SCEPTICAL = "sceptical", _("Sceptical")


# The self-placement: from sceptical (1) to enthusiastic (7).
PLACEMENT_MIN, PLACEMENT_MAX = 1, 7


class Survey(TimeStampedModel):
    """One round of the attitude survey in one municipality (job centre)."""

    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.PROTECT,
        related_name="attitude_surveys",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    created_by = staff_member(_("created by"))

    class Meta:
        ordering = ["-opens_on", "title"]
        verbose_name = _("attitude survey")
        verbose_name_plural = _("attitude surveys")
        constraints = [
            models.CheckConstraint(
                name="survey_closes_after_opening",
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                violation_error_message=_("The survey must close on or after the day it opens."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today: date) -> bool:
        return self.opens_on <= today <= self.closes_on

    def is_closed(self, today: date) -> bool:
        return today > self.closes_on


class SurveyStatement(models.Model):
    """A statement to agree or disagree with, and the archetype it speaks for. Copied into each
    survey when it is created, so that later rounds cannot change what earlier answers meant."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="statements", verbose_name=_("survey")
    )
    text = models.CharField(_("statement"), max_length=400)
    archetype = models.CharField(_("archetype"), max_length=20, choices=Archetype.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["survey", "position", "pk"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    """One anonymous answer. No user and no timestamp; the random id keeps no order of arrival."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    self_placement = models.PositiveSmallIntegerField(
        _("self-placement"),
        validators=[MinValueValidator(PLACEMENT_MIN), MaxValueValidator(PLACEMENT_MAX)],
        help_text=_("From 1 (sceptical) to 7 (enthusiastic)."),
    )

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.CheckConstraint(
                name="survey_response_placement_1_to_7",
                condition=models.Q(
                    self_placement__gte=PLACEMENT_MIN, self_placement__lte=PLACEMENT_MAX
                ),
            )
        ]

    def __str__(self) -> str:
        return str(_("An anonymous answer"))


class PickKind(models.TextChoices):
    MOST = "most", _("Most agree")
    LEAST = "least", _("Least agree")


class SurveyPick(models.Model):
    """A statement picked in an answer as one the respondent most, or least, agrees with."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="picks")
    statement = models.ForeignKey(SurveyStatement, on_delete=models.CASCADE, related_name="picks")
    kind = models.CharField(max_length=10, choices=PickKind.choices)

    class Meta:
        verbose_name = _("picked statement")
        verbose_name_plural = _("picked statements")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "statement"], name="survey_pick_once_per_answer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.statement}"


class SurveyParticipation(models.Model):
    """That a user has answered a survey, and nothing about the answer: it prevents a second
    answer. Only the day is kept, never a time that could be set beside anything else."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="participations", verbose_name=_("survey")
    )
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    answered_on = models.DateField(_("answered on"))

    class Meta:
        verbose_name = _("survey participation")
        verbose_name_plural = _("survey participations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="survey_answered_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.survey}"
