"""Reads of lists, imports and the review queue, all through the access policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models

from brobygger.accounts.access import AnyUser, get_visible_or_404
from brobygger.people.models import Person, PersonMerge

from . import learning
from .models import (
    CandidateStatus,
    DuplicateCandidate,
    ImportBatch,
    ImportRow,
    ImportStatus,
    ReviewLabelCount,
    RowOutcome,
)


def batch_list(*, user: AnyUser) -> models.QuerySet[ImportBatch]:
    return ImportBatch.objects.visible_to(user).select_related(
        "source", "municipality", "created_by"
    )


def batch_get(*, user: AnyUser, pk: int) -> ImportBatch:
    return get_visible_or_404(batch_list(user=user), user=user, pk=pk)


def batch_rejected_rows(*, batch: ImportBatch) -> models.QuerySet[ImportRow]:
    return ImportRow.objects.filter(batch=batch, outcome=RowOutcome.REJECTED)


@dataclass
class OutcomeRows:
    """The rows of one outcome of an import, with the person each became where the user
    may see her (``None`` where not: merged into another record since, or erased)."""

    outcome: str
    count: int
    rows: list[tuple[int, Person | None]] = field(default_factory=list)

    @property
    def left_off(self) -> int:
        return self.count - len(self.rows)


# The outcomes listed by name on the result page, in its order.
LISTED_OUTCOMES = (RowOutcome.NEW, RowOutcome.REVIEW, RowOutcome.MATCHED, RowOutcome.DUPLICATE)


def batch_row_count(*, batch: ImportBatch) -> int:
    """The rows of the list that were read: each has exactly one outcome."""
    return ImportRow.objects.filter(batch=batch).count()


def batch_outcome_rows(*, user: AnyUser, batch: ImportBatch, limit: int = 500) -> list[OutcomeRows]:
    """Who was created, sent to review, matched or repeated in the list, row by row (the
    first ``limit`` of each); the people are read through the access policy."""
    rows = ImportRow.objects.filter(batch=batch)
    counts = dict(rows.order_by().values_list("outcome").annotate(models.Count("pk")))
    found = {
        outcome: list(
            rows.filter(outcome=outcome)
            .order_by("row_number")
            .values_list("row_number", "person_id")[:limit]
        )
        for outcome in LISTED_OUTCOMES
    }
    ids = {person_id for pairs in found.values() for _number, person_id in pairs if person_id}
    people = Person.objects.visible_to(user).filter(pk__in=ids).in_bulk()
    return [
        OutcomeRows(
            outcome=outcome,
            count=counts.get(outcome, 0),
            rows=[(number, people.get(person_id)) for number, person_id in found[outcome]],
        )
        for outcome in LISTED_OUTCOMES
    ]


def candidate_list(
    *, user: AnyUser, status: str = "", batch_id: int | None = None
) -> models.QuerySet[DuplicateCandidate]:
    """Pairs to review (by default those open or left for later). A pair whose record has
    since been merged away is left out until that merge is undone, except under "merged"."""
    candidates = DuplicateCandidate.objects.visible_to(user)
    if status == CandidateStatus.MERGED:
        # One record of a merged pair is merged away by the decision itself; the pair stays
        # listed so that the merge can be found and undone.
        candidates = candidates.filter(status=status)
    else:
        candidates = candidates.filter(
            person_a__merged_into__isnull=True, person_b__merged_into__isnull=True
        )
        statuses = [status] if status else [CandidateStatus.OPEN, CandidateStatus.LATER]
        candidates = candidates.filter(status__in=statuses)
    if batch_id:
        candidates = candidates.filter(batch_id=batch_id)
    return candidates.select_related("person_a", "person_b", "batch__source").order_by(
        "status", "-probability", "pk"
    )


def candidate_get(*, user: AnyUser, pk: int) -> DuplicateCandidate:
    candidates = DuplicateCandidate.objects.visible_to(user).select_related(
        "person_a", "person_b", "merge", "batch__source"
    )
    return get_visible_or_404(candidates, user=user, pk=pk)


def merge_list(*, user: AnyUser) -> models.QuerySet[PersonMerge]:
    return PersonMerge.objects.visible_to(user).select_related("survivor", "merged", "merged_by")


def current_model(*, municipality_id: int) -> dict[str, Any] | None:
    """The model of the municipality's latest finished import (None before the first): the
    parameters the duplicate warning scores with."""
    found = (
        ImportBatch.objects.filter(
            municipality_id=municipality_id, status=ImportStatus.DONE, model__isnull=False
        )
        .order_by("-finished_at", "-id")
        .values_list("model", flat=True)
        .first()
    )
    return found if isinstance(found, dict) else None


def review_labels(*, municipality_id: int) -> learning.Labels:
    """The reviewers' decisions of the municipality as label counts, with the safeguard of
    the settings."""
    counts = {
        (comparison, level): (same, different)
        for comparison, level, same, different in ReviewLabelCount.objects.filter(
            municipality_id=municipality_id
        ).values_list("comparison", "level", "same", "different")
    }
    return learning.Labels(
        counts=counts,
        min_labels=settings.LINKAGE_LEARN_MIN_LABELS,
        min_each=settings.LINKAGE_LEARN_MIN_EACH,
        weight=float(settings.LINKAGE_LEARN_WEIGHT),
    )
