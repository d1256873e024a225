"""Reads of lists, imports and the review queue, all through the access policy."""

from __future__ import annotations

from django.db import models

from brobygger.accounts.access import AnyUser, get_visible_or_404
from brobygger.people.models import PersonMerge

from .models import CandidateStatus, DuplicateCandidate, ImportBatch, ImportRow, RowOutcome


def batch_list(*, user: AnyUser) -> models.QuerySet[ImportBatch]:
    return ImportBatch.objects.visible_to(user).select_related(
        "source", "municipality", "created_by"
    )


def batch_get(*, user: AnyUser, pk: int) -> ImportBatch:
    return get_visible_or_404(batch_list(user=user), user=user, pk=pk)


def batch_rejected_rows(*, batch: ImportBatch) -> models.QuerySet[ImportRow]:
    return ImportRow.objects.filter(batch=batch, outcome=RowOutcome.REJECTED)


def candidate_list(
    *, user: AnyUser, status: str = "", batch_id: int | None = None
) -> models.QuerySet[DuplicateCandidate]:
    """Pairs to review. A pair whose record has since been merged away is left out until
    that merge is undone."""
    candidates = DuplicateCandidate.objects.visible_to(user).filter(
        person_a__merged_into__isnull=True, person_b__merged_into__isnull=True
    )
    if status:
        candidates = candidates.filter(status=status)
    else:
        candidates = candidates.filter(status__in=[CandidateStatus.OPEN, CandidateStatus.LATER])
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
