"""The duplicate warning and the public form, scored by the linkage model (``door``).

The people app finds the candidates with its indexed queries and asks the scorer registered
here (``people.duplicates.register_scorer``); a person who signs herself up on the public
form is compared with her municipality's registry, and a likely duplicate waits in the review
queue, as an import's would."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction

from brobygger.people.models import Person
from brobygger.people.selectors import door_candidates, person_row, registry_count

from . import door, selectors
from .models import CandidateStatus, DuplicateCandidate


def scored(
    municipality_id: int, record: dict[str, object], candidates: Sequence[Person]
) -> list[tuple[Person, float]]:
    """The candidates the model finds at or above the review threshold, the likeliest first."""
    return [
        (person, found.probability)
        for person, found in scored_with_evidence(municipality_id, record, candidates)
        if found.probability >= settings.LINKAGE_REVIEW_THRESHOLD
    ]


def scored_with_evidence(
    municipality_id: int, record: dict[str, object], candidates: Sequence[Person]
) -> list[tuple[Person, door.Scored]]:
    """Every candidate scored against ``record`` by the municipality's current model."""
    if not candidates:
        return []
    by_id = {str(person.pk): person for person in candidates}
    found = door.score(
        record,
        [(key, person_row(person)) for key, person in by_id.items()],
        trained=selectors.current_model(municipality_id=municipality_id),
        registry_size=registry_count(municipality_id=municipality_id),
    )
    return [(by_id[scoring.unique_id], scoring) for scoring in found]


def signed_up(sender: Any, *, person: Person, **kwargs: Any) -> None:
    """A person from the public form who may be someone already registered: the pair goes to
    the review queue (the public is never told)."""
    found = [
        (other, scoring)
        for other, scoring in scored_with_evidence(
            person.municipality_id, person_row(person), door_candidates(person=person)
        )
        if scoring.probability >= settings.LINKAGE_REVIEW_THRESHOLD
    ]
    with transaction.atomic():
        for other, scoring in found:
            a, b = sorted((person.pk, other.pk))
            evidence = {name: list(value) for name, value in scoring.evidence.items()}
            DuplicateCandidate.objects.get_or_create(
                person_a_id=a,
                person_b_id=b,
                defaults={
                    "municipality_id": person.municipality_id,
                    "probability": scoring.probability,
                    "evidence": evidence,
                    "status": CandidateStatus.OPEN,
                },
            )
