"""Reads of interventions, outcomes and confidence measures, through the access policy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

from brobygger.accounts.access import AnyUser, get_visible_or_404
from brobygger.core.charts import chart
from brobygger.people.models import Person

from .models import (
    ConfidenceMeasure,
    Enrolment,
    InterventionType,
    Outcome,
    ProgressionAssessment,
    ProgressionDimension,
)


def intervention_types() -> models.QuerySet[InterventionType]:
    return InterventionType.objects.filter(is_active=True)


def person_enrolments(*, user: AnyUser, person: Person) -> models.QuerySet[Enrolment]:
    return (
        Enrolment.objects.visible_to(user)
        .filter(person=person)
        .select_related("intervention_type", "provider", "recorded_by")
    )


def enrolment_get(*, user: AnyUser, pk: int) -> Enrolment:
    enrolments = Enrolment.objects.visible_to(user).select_related(
        "person", "intervention_type", "provider"
    )
    return get_visible_or_404(enrolments.filter(person__merged_into__isnull=True), user=user, pk=pk)


def person_outcomes(*, user: AnyUser, person: Person) -> models.QuerySet[Outcome]:
    return Outcome.objects.visible_to(user).filter(person=person)


@dataclass(frozen=True)
class ConfidenceTrend:
    """The first answer (at or after first contact) and the latest. "Higher than before
    contact" (criterion 5) means: at least two answers, and the latest above the first."""

    measures: list[ConfidenceMeasure]

    @property
    def first(self) -> ConfidenceMeasure | None:
        return self.measures[0] if self.measures else None

    @property
    def latest(self) -> ConfidenceMeasure | None:
        return self.measures[-1] if self.measures else None

    @property
    def change(self) -> int | None:
        if len(self.measures) < 2 or self.first is None or self.latest is None:
            return None
        return self.latest.score - self.first.score

    @property
    def higher(self) -> bool:
        return (self.change or 0) > 0


def person_confidence(*, user: AnyUser, person: Person) -> ConfidenceTrend:
    measures = ConfidenceMeasure.objects.visible_to(user).filter(person=person)
    return ConfidenceTrend(list(measures.order_by("measured_on", "id")))


def progression_dimensions() -> models.QuerySet[ProgressionDimension]:
    return ProgressionDimension.objects.filter(is_active=True)


@dataclass(frozen=True)
class ProgressionCard:
    """The card as a table (a row per dimension in use or ever scored, a column per
    assessment) and as chart data."""

    assessments: list[ProgressionAssessment]
    rows: list[tuple[ProgressionDimension, list[int | None]]]

    def chart(self) -> dict[str, object]:
        return chart(
            kind="line",
            labels=[f"{a.assessed_on:%d.%m.%Y}" for a in self.assessments],
            datasets=[{"label": dimension.name, "data": scores} for dimension, scores in self.rows],
            y={"min": 1, "max": 5},
        )


def progression_card(*, user: AnyUser, enrolment: Enrolment) -> ProgressionCard:
    assessments = list(
        ProgressionAssessment.objects.visible_to(user)
        .filter(enrolment=enrolment)
        .prefetch_related("scores")
        .order_by("assessed_on", "id")
    )
    by_assessment = [
        {score.dimension_id: score.score for score in assessment.scores.all()}
        for assessment in assessments
    ]
    used = {dimension for scores in by_assessment for dimension in scores}
    dimensions = [d for d in ProgressionDimension.objects.all() if d.is_active or d.pk in used]
    rows = [
        (dimension, [scores.get(dimension.pk) for scores in by_assessment])
        for dimension in dimensions
    ]
    return ProgressionCard(assessments=assessments, rows=rows)


def enrolments_for_aggregates(*, municipality_ids: Iterable[int]) -> models.QuerySet[Enrolment]:
    """The enrolments of these municipalities' people, for counts only (reports); records
    merged into another are left out (their enrolments moved with the merge)."""
    return Enrolment.objects.filter(
        person__municipality_id__in=list(municipality_ids), person__merged_into__isnull=True
    )


def outcomes_for_aggregates(*, municipality_ids: Iterable[int]) -> models.QuerySet[Outcome]:
    """The outcomes of these municipalities' people, for counts only (reports)."""
    return Outcome.objects.filter(
        person__municipality_id__in=list(municipality_ids), person__merged_into__isnull=True
    )
