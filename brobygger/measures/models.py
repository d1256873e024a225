"""What the measures keep of their own: a partnership's targets for the success criteria, and
the fact table the figures are counted from (one row per person)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import MunicipalQuerySet, Scoping
from brobygger.core.models import staff_member
from brobygger.people.models import IntegrationPeriod, PipelineStatus


class CriterionTarget(models.Model):
    """A partnership's own target for one success criterion, where it differs from seed 004's
    default (the defaults live with the criteria in ``criteria.py``). The table keeps the name
    it was made with in interventions."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="criterion_targets",
        verbose_name=_("partnership"),
    )
    key = models.CharField(_("criterion"), max_length=20)
    target = models.DecimalField(
        _("target"),
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    changed_by = staff_member(_("changed by"))
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        db_table = "interventions_criteriontarget"
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key"], name="one_target_per_criterion"),
            models.CheckConstraint(
                condition=models.Q(target__gte=0) & models.Q(target__lte=1),
                name="target_is_a_share",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.target}"


class PersonFact(models.Model):
    """One row per person: the dates and figures the measures count, kept by
    ``services.refresh_facts`` in the same transaction as every write that moves them (and
    rebuilt in bulk by ``brobygger rebuild_facts``). Derived data only: her own record stays
    the truth; what the figures need of it (municipality, registration, status, merge,
    target-group attributes) is copied here, so that they read this narrow table alone.

    A "first"/"last" pair lets a figure of any period be counted from the row alone in
    nearly every case; where the pair cannot tell (records before and after the period but
    none in it), the figure asks her records (``criteria``)."""

    person = models.OneToOneField(
        "people.Person",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="fact",
        verbose_name=_("person"),
    )
    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("municipality"),
    )
    # Copied from her record, so that a figure reads this narrow table alone.
    registered_at = models.DateTimeField(_("registered"))
    identified_on = models.DateField(_("identified on"))
    status = models.CharField(_("status"), max_length=30, choices=PipelineStatus.choices)
    merged = models.BooleanField(_("merged into another record"), default=False)
    # Status events: the first attempt, contact and conversation (or a later step), and the
    # latest step with its date (the status at the end of a period).
    first_attempted_on = models.DateField(null=True, blank=True)
    first_contacted_on = models.DateField(null=True, blank=True)
    first_conversation_on = models.DateField(null=True, blank=True)
    status_on = models.DateField(null=True, blank=True)
    status_to = models.CharField(max_length=30, blank=True, choices=PipelineStatus.choices)
    # Enrolments: the first start of any intervention; network-oriented ones by their first
    # start and the one that runs longest (its start and end, no end while it runs);
    # completed company-oriented ones by their first and last end.
    first_enrolled_on = models.DateField(null=True, blank=True)
    network_first_on = models.DateField(null=True, blank=True)
    network_longest_started_on = models.DateField(null=True, blank=True)
    network_longest_ended_on = models.DateField(null=True, blank=True)
    company_first_on = models.DateField(null=True, blank=True)
    company_last_on = models.DateField(null=True, blank=True)
    # Outcomes: the first of any kind, and the first and last start of each kind.
    first_outcome_on = models.DateField(null=True, blank=True)
    job_first_on = models.DateField(null=True, blank=True)
    job_last_on = models.DateField(null=True, blank=True)
    education_first_on = models.DateField(null=True, blank=True)
    education_last_on = models.DateField(null=True, blank=True)
    # Confidence: the first answer (the baseline) and the latest.
    baseline_on = models.DateField(null=True, blank=True)
    baseline_score = models.PositiveSmallIntegerField(null=True, blank=True)
    latest_on = models.DateField(null=True, blank=True)
    latest_score = models.PositiveSmallIntegerField(null=True, blank=True)
    # The first touch: the method of her earliest source.
    first_method = models.ForeignKey(
        "outreach.OutreachMethod",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Target-group attributes, copied from her record.
    integration_period = models.CharField(
        max_length=20, blank=True, choices=IntegrationPeriod.choices
    )
    known_in_municipal_systems = models.BooleanField(null=True, blank=True)

    scoping = Scoping(municipality="person__municipality", person="person")
    objects = MunicipalQuerySet["PersonFact"].as_manager()

    class Meta:
        verbose_name = _("figures of a person")
        verbose_name_plural = _("figures of people")
        # The trend counts how many people had each first on each day (``pipeline.trend``):
        # an index per first, in date order and holding everything the count filters on
        # (the municipality too), lets the database count a range of days without sorting
        # the table or reading its rows. The contacted one also holds what the method page's
        # days to contact read, so SQLite, which takes it for that query too, reads no rows
        # from the table either (``benchmarks/criteria.py``; the README has the figures).
        indexes = [
            models.Index(
                fields=["identified_on", "merged", "status", "municipality", "person"],
                name="fact_identified",
            ),
            models.Index(
                fields=[
                    "first_contacted_on",
                    "merged",
                    "status",
                    "registered_at",
                    "municipality",
                    "first_method",
                    "identified_on",
                    "person",
                ],
                name="fact_contacted",
            ),
            models.Index(
                fields=["first_enrolled_on", "merged", "municipality", "person"],
                name="fact_enrolled",
            ),
            models.Index(
                fields=["first_outcome_on", "merged", "municipality", "person"],
                name="fact_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"facts of {self.person_id}"
