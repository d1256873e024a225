"""Saving an import's decisions: the registry (through ``people.services``, the one writer of
people), the review queue and the rows' outcomes, in one transaction that a cancel or an error
rolls back whole."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.linkage.engine import Pair
from brobygger.linkage.models import (
    CandidateStatus,
    DuplicateCandidate,
    ImportBatch,
    ImportRow,
    RowOutcome,
)
from brobygger.people.models import Person
from brobygger.people.services import Origin, people_create, people_found_again

from . import progress
from .deciding import Decisions, Review, decide
from .rows import CHUNK


@transaction.atomic
def registry_save(batch: ImportBatch, *, pairs: list[Pair], actor: User | None) -> dict[str, int]:
    """Resolve every row and write the registry: all of it, or (on cancel) none of it."""
    decisions = decide(batch, pairs=pairs, actor=actor)
    name = batch.source.name
    origin = Origin(method=batch.source.method, note=name[:200], event_note=name[:500])
    username = _username(actor)
    people_create(decisions.new_people, actor=actor, origin=origin, username=username)
    matched = list(decisions.matched.values())
    people_found_again(matched, actor=actor, origin=origin, username=username)
    reviewed_rows = queue_for_review(batch, decisions.review, decisions.person_of_row)
    _rows_write_back(batch, decisions, reviewed_rows)
    progress.step(batch)  # a cancel up to here rolls everything back
    outcomes = [row.outcome for row in decisions.resolved]
    counts = {
        "new_count": outcomes.count(RowOutcome.NEW) + outcomes.count(RowOutcome.REVIEW),
        "matched_count": outcomes.count(RowOutcome.MATCHED),
        "duplicate_count": outcomes.count(RowOutcome.DUPLICATE),
        "review_count": outcomes.count(RowOutcome.REVIEW),
        "rejected_count": decisions.rejected,
    }
    access_record(
        user=actor,
        action=AccessAction.IMPORT,
        obj=batch,
        row_count=len(decisions.resolved) + decisions.rejected,
        search_criterion=f"{batch.source.name}: {batch.original_name}",
        username=username,
    )
    return counts


def _username(actor: User | None) -> str:
    """How the access log names an import run from the command line (no user)."""
    return "" if actor else "command line"


def _rows_write_back(batch: ImportBatch, decisions: Decisions, reviewed_rows: set[int]) -> None:
    """Each row's outcome and person. The person now holds the data; the row keeps what
    became of it, without the values."""
    for row in decisions.resolved:
        row.person = decisions.person_of_row[row.row_number]
        if row.row_number in reviewed_rows and row.outcome == RowOutcome.NEW:
            row.outcome = RowOutcome.REVIEW
        row.values, row.cpr_ciphertext = {}, ""
    # Every row exists (staged); an upsert on (batch, row number) writes them back in one
    # statement per chunk, where bulk_update's CASE per row took a minute for 20,000 rows.
    ImportRow.objects.bulk_create(
        [
            ImportRow(
                batch=batch,
                row_number=row.row_number,
                values=row.values,
                cpr_ciphertext=row.cpr_ciphertext,
                problems=row.problems,
                outcome=row.outcome,
                person=row.person,
                probability=row.probability,
            )
            for row in decisions.resolved
        ],
        update_conflicts=True,
        unique_fields=["batch", "row_number"],
        update_fields=["outcome", "person", "probability", "values", "cpr_ciphertext"],
        batch_size=CHUNK,
    )


def queue_for_review(
    batch: ImportBatch, review: list[Review], person_of_row: dict[int, Person]
) -> set[int]:
    """Put the uncertain pairs in the review queue; returns the rows that got one. A pair
    already in the queue (or already decided) is not added again."""
    wanted: dict[tuple[int, int], tuple[int, float, dict[str, Any]]] = {}
    for row_number, target, probability, evidence in review:
        mine = person_of_row[row_number].pk
        other = target if target > 0 else person_of_row[-target].pk
        if mine == other:
            continue
        pair = (min(mine, other), max(mine, other))
        if pair not in wanted or wanted[pair][1] < probability:
            wanted[pair] = (row_number, probability, evidence)
    known = set(
        DuplicateCandidate.objects.filter(
            person_a__in={a for a, _b in wanted}, person_b__in={b for _a, b in wanted}
        ).values_list("person_a", "person_b")
    )
    DuplicateCandidate.objects.bulk_create(
        [
            DuplicateCandidate(
                municipality=batch.municipality,
                person_a_id=a,
                person_b_id=b,
                probability=probability,
                evidence=evidence,
                batch=batch,
                status=CandidateStatus.OPEN,
            )
            for (a, b), (_row, probability, evidence) in wanted.items()
            if (a, b) not in known
        ]
    )
    return {row for (a, b), (row, _p, _e) in wanted.items() if (a, b) not in known}
