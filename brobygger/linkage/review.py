"""Deciding a pair of the review queue: merge, different, or later."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.people.merging import merge_undo, person_merge
from brobygger.people.selectors import person_row

from . import door
from .models import CandidateStatus, DuplicateCandidate, ReviewLabelCount


@transaction.atomic
def candidate_decide(
    *, actor: User, candidate: DuplicateCandidate, decision: str, keep: str = "a"
) -> DuplicateCandidate:
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=candidate.municipality_id)
    if candidate.status in {CandidateStatus.MERGED, CandidateStatus.DIFFERENT}:
        raise ValidationError(_("This pair has already been decided."))
    if decision in {"same", "different"}:
        # The pair's levels as they are now, before a merge changes either record.
        candidate.levels = door.levels(
            person_row(candidate.person_a), [("b", person_row(candidate.person_b))]
        )["b"]
        _labels_count(candidate, field="same" if decision == "same" else "different", by=1)
    if decision == "same":
        a, b = candidate.person_a, candidate.person_b
        survivor, merged = (a, b) if keep != "b" else (b, a)
        candidate.merge = person_merge(actor=actor, survivor=survivor, merged=merged)
        candidate.status = CandidateStatus.MERGED
    elif decision == "different":
        candidate.status = CandidateStatus.DIFFERENT
    elif decision == "later":
        candidate.status = CandidateStatus.LATER
    else:
        raise ValidationError(_("Choose same person, different people or later."))
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.save()
    if decision != "same":
        access_record(user=actor, action=AccessAction.CHANGE, obj=candidate)
    return candidate


@transaction.atomic
def candidate_undo(*, actor: User, candidate: DuplicateCandidate) -> DuplicateCandidate:
    """Undo a decision: a merge is undone and the pair is open again."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=candidate.municipality_id)
    if candidate.status in {CandidateStatus.MERGED, CandidateStatus.DIFFERENT}:
        field = "same" if candidate.status == CandidateStatus.MERGED else "different"
        _labels_count(candidate, field=field, by=-1)
        candidate.levels = {}
    if candidate.status == CandidateStatus.MERGED and candidate.merge is not None:
        merge_undo(actor=actor, merge=candidate.merge)
    candidate.status = CandidateStatus.OPEN
    candidate.merge = None
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.save()
    access_record(user=actor, action=AccessAction.CHANGE, obj=candidate)
    return candidate


def _labels_count(candidate: DuplicateCandidate, *, field: str, by: int) -> None:
    """Add (or, undoing, take back) the candidate's decision to the municipality's label
    counts: one per comparison, at the level the pair was at (``learning``)."""
    for comparison, level in candidate.levels.items():
        counted, _created = ReviewLabelCount.objects.get_or_create(
            municipality_id=candidate.municipality_id, comparison=comparison, level=level
        )
        ReviewLabelCount.objects.filter(pk=counted.pk, **{f"{field}__gte": max(0, -by)}).update(
            **{field: models.F(field) + by}
        )
