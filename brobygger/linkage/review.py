"""Deciding a pair of the review queue: merge, different, or later."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.people.merging import merge_undo, person_merge

from .models import CandidateStatus, DuplicateCandidate


@transaction.atomic
def candidate_decide(
    *, actor: User, candidate: DuplicateCandidate, decision: str, keep: str = "a"
) -> DuplicateCandidate:
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=candidate.municipality_id)
    if candidate.status in {CandidateStatus.MERGED, CandidateStatus.DIFFERENT}:
        raise ValidationError(_("This pair has already been decided."))
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
    if candidate.status == CandidateStatus.MERGED and candidate.merge is not None:
        merge_undo(actor=actor, merge=candidate.merge)
    candidate.status = CandidateStatus.OPEN
    candidate.merge = None
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.save()
    access_record(user=actor, action=AccessAction.CHANGE, obj=candidate)
    return candidate
