"""Deciding what becomes of each row of a list, from the pairs the linkage found:

* matched: the same person as someone in the registry (probability ≥ the match threshold);
  her blank fields are filled from the row;
* duplicate: the same person as an earlier row of this list;
* new: a new person (built here, saved by ``applying``);
* review: a new person who may be someone already known (between the review and match
  thresholds); the pair waits in the review queue;
* rejected: the row cannot be used (decided when it was read).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from brobygger.accounts.models import User
from brobygger.linkage.engine import Pair
from brobygger.linkage.fields import split_address
from brobygger.linkage.models import ImportBatch, ImportRow, RowOutcome
from brobygger.people.models import Person
from brobygger.people.selectors import people_by_ids
from brobygger.people.services import NewPerson, person_build, person_fill_blanks

from . import progress
from .rows import CHUNK

# A pair of the row with a registry person (her id) or with an earlier row (minus its number).
Review = tuple[int, int, float, dict[str, Any]]


@dataclass
class Candidates:
    """The pairs of one list row: people of the registry and earlier rows of the list, each
    as (probability, person id or row number, evidence), the likeliest first."""

    registry: list[tuple[float, int, dict[str, Any]]] = field(default_factory=list)
    rows: list[tuple[float, int, dict[str, Any]]] = field(default_factory=list)


@dataclass
class Decisions:
    """Every usable row with its outcome, and the people the outcomes touch."""

    resolved: list[ImportRow] = field(default_factory=list)
    person_of_row: dict[int, Person] = field(default_factory=dict)
    new_people: list[Person] = field(default_factory=list)
    matched: dict[int, Person] = field(default_factory=dict)
    review: list[Review] = field(default_factory=list)
    rejected: int = 0


def candidates_by_row(pairs: list[Pair]) -> dict[int, Candidates]:
    by_row: dict[int, Candidates] = defaultdict(Candidates)
    for pair in pairs:
        ends = [(pair.left_dataset, pair.left_id), (pair.right_dataset, pair.right_id)]
        evidence = {name: list(value) for name, value in pair.evidence.items()}
        if ends[0][0] == ends[1][0] == "list":
            first, second = sorted(int(end[1]) for end in ends)
            by_row[second].rows.append((pair.probability, first, evidence))
        else:
            row = next(int(identifier) for dataset, identifier in ends if dataset == "list")
            person = next(int(identifier) for dataset, identifier in ends if dataset == "registry")
            by_row[row].registry.append((pair.probability, person, evidence))
    for candidates in by_row.values():
        candidates.registry.sort(reverse=True)
        candidates.rows.sort(reverse=True)
    return by_row


def decide(batch: ImportBatch, *, pairs: list[Pair], actor: User | None) -> Decisions:
    """Every row's outcome, in the order of the list: a row can only be a duplicate of an
    earlier one. Matched people are filled in and new people built; none is saved yet."""
    by_row = candidates_by_row(pairs)
    wanted = {person for candidates in by_row.values() for _p, person, _e in candidates.registry}
    existing = people_by_ids(municipality_id=batch.municipality_id, ids=wanted)
    today = timezone.localdate()
    decisions = Decisions()
    rows = ImportRow.objects.filter(batch=batch).order_by("row_number")
    for row in rows.iterator(chunk_size=CHUNK):
        if row.outcome == RowOutcome.REJECTED:
            decisions.rejected += 1
            continue
        candidates = by_row.get(row.row_number, Candidates())
        best, earlier = _likeliest(candidates, existing, decisions.person_of_row)
        if best:
            person = existing[best[1]]
            person_fill_blanks(person, row_person(row.row_values))
            decisions.matched[person.pk] = person
            row.outcome, row.probability = RowOutcome.MATCHED, best[0]
        elif earlier:
            person = decisions.person_of_row[earlier[1]]
            row.outcome, row.probability = RowOutcome.DUPLICATE, earlier[0]
        else:
            # Data from a list did not come from her: the art. 14 duty to inform starts now.
            person = person_build(
                row_person(row.row_values),
                municipality=batch.municipality,
                created_by=actor,
                from_third_party=True,
                today=today,
            )
            decisions.new_people.append(person)
            row.outcome = RowOutcome.NEW
        decisions.person_of_row[row.row_number] = person
        decisions.resolved.append(row)
        # The other likely pairs wait in the review queue.
        decisions.review += [
            (row.row_number, pk, p, evidence)
            for p, pk, evidence in candidates.registry
            if pk in existing and (best is None or pk != best[1])
        ]
        decisions.review += [
            (row.row_number, -other, p, evidence)
            for p, other, evidence in candidates.rows
            if other in decisions.person_of_row and (earlier is None or other != earlier[1])
        ]
        if len(decisions.resolved) % CHUNK == 0:
            progress.step(batch)
    return decisions


def _likeliest(
    candidates: Candidates, existing: dict[int, Person], person_of_row: dict[int, Person]
) -> tuple[tuple[float, int] | None, tuple[float, int] | None]:
    """The likeliest registry person and earlier row above the match threshold, each as
    (probability, person id or row number), or None."""
    match = settings.LINKAGE_MATCH_THRESHOLD
    best = next(
        ((p, pk) for p, pk, _e in candidates.registry if p >= match and pk in existing), None
    )
    earlier = next(
        ((p, row) for p, row, _e in candidates.rows if p >= match and row in person_of_row), None
    )
    return best, earlier


def row_person(values: dict[str, Any]) -> NewPerson:
    """A row's checked values as what is known of the person."""
    street, floor_door = split_address(values.get("address", ""))
    birth_date = values.get("birth_date")
    return NewPerson(
        first_name=values["first_name"],
        last_name=values.get("last_name", ""),
        birth_date=date.fromisoformat(birth_date) if birth_date else None,
        cpr=values.get("cpr", ""),
        phone=values.get("phone", ""),
        email=values.get("email", ""),
        street=street,
        floor_door=floor_door,
        postal_code=values.get("postal_code", ""),
        city=values.get("city", ""),
    )
