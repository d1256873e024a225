"""What weakens a municipality's figures (issue 18, data quality): people the criteria and the
method figures cannot count as they should, each rule a filter of the people the viewer may see.

Each rule names the figure it weakens, so a coordinator knows why a line matters; the page shows
the counts, and a count opens the people behind it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import F, Max, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from brobygger.people.models import Person, PipelineStatus

# Statuses on the way to an outcome: a person still here is someone's work in progress.
UNDER_WAY = (
    PipelineStatus.IDENTIFIED,
    PipelineStatus.CONTACT_ATTEMPTED,
    PipelineStatus.CONTACTED,
    PipelineStatus.FIRST_CONVERSATION,
    PipelineStatus.IN_INTERVENTION,
)
# From the first conversation on, criterion 5 needs her "before" answer.
CONVERSATION_HELD = (
    PipelineStatus.FIRST_CONVERSATION,
    PipelineStatus.IN_INTERVENTION,
    PipelineStatus.ORDINARY_JOB,
    PipelineStatus.ORDINARY_EDUCATION,
    PipelineStatus.ACTIVE_CITIZEN,
)
MONTHS_CHOICES = (3, 6, 12)
UNANSWERED_DAYS = 14


@dataclass(frozen=True)
class Settings:
    """The day the rules are read on, and how long a status may stand still."""

    today: date
    months: int = MONTHS_CHOICES[0]


@dataclass(frozen=True)
class Rule:
    key: str
    title: str | Promise
    weakens: str | Promise
    select: Callable[[QuerySet[Person], Settings], QuerySet[Person]]
    date_label: str | Promise = ""


def _without_method(people: QuerySet[Person], _settings: Settings) -> QuerySet[Person]:
    return people.filter(sources__isnull=True)


def _without_baseline(people: QuerySet[Person], _settings: Settings) -> QuerySet[Person]:
    return people.filter(status__in=CONVERSATION_HELD, confidence_measures__isnull=True)


def _status_standing_still(people: QuerySet[Person], settings: Settings) -> QuerySet[Person]:
    before = settings.today - relativedelta(months=settings.months)
    return (
        people.filter(status__in=UNDER_WAY)
        .annotate(since=Max("status_events__occurred_on"))
        .filter(Q(since__lt=before) | Q(since__isnull=True, created_at__date__lt=before))
    )


def _not_informed(people: QuerySet[Person], settings: Settings) -> QuerySet[Person]:
    return people.filter(inform_due_on__lt=settings.today, informed_on__isnull=True).annotate(
        since=F("inform_due_on")
    )


def _attempts_unanswered(people: QuerySet[Person], settings: Settings) -> QuerySet[Person]:
    before = settings.today - timedelta(days=UNANSWERED_DAYS)
    return (
        people.filter(status=PipelineStatus.CONTACT_ATTEMPTED)
        .annotate(since=Max("contact_attempts__occurred_at__date"))
        .filter(since__lt=before)
    )


RULES: tuple[Rule, ...] = (
    Rule(
        "no-method",
        _("Without an outreach method"),
        _("Which method works: nobody knows how she was found."),
        _without_method,
    ),
    Rule(
        "no-baseline",
        _("First conversation held, but no confidence answer"),
        _("Criterion 5 (belief in a job) has no “before” for her."),
        _without_baseline,
    ),
    Rule(
        "standing-still",
        _("Status unchanged for a long time"),
        _("The funnel and the criteria count her where she may no longer be."),
        _status_standing_still,
        _("Status since"),
    ),
    Rule(
        "not-informed",
        _("The deadline of the duty to inform has passed"),
        _("Art. 14 GDPR: she must be told within a month that we hold data about her."),
        _not_informed,
        _("Deadline"),
    ),
    Rule(
        "unanswered",
        _("Contact attempted, no answer for more than 14 days"),
        _("Criterion 1 (contacted) waits for the next try."),
        _attempts_unanswered,
        _("Last attempt"),
    ),
)
BY_KEY = {rule.key: rule for rule in RULES}


def rule_counts(people: QuerySet[Person], settings: Settings) -> list[tuple[Rule, int]]:
    """Each rule with the number of ``people`` it finds."""
    return [(rule, rule.select(people, settings).count()) for rule in RULES]
