"""The duplicate warning and the public form, scored by the linkage model (``door``).

The people app finds the candidates with its indexed queries and asks the scorer registered
here (``people.duplicates.register_scorer``); a person who signs herself up on the public
form is compared with her municipality's registry, and a likely duplicate waits in the review
queue, as an import's would."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction

from brobygger.people.models import Person
from brobygger.people.selectors import (
    door_candidates,
    person_row,
    registry_count,
    registry_names,
)

from . import door, model, selectors
from .models import CandidateStatus, DuplicateCandidate

# A large registry's size and name frequencies are counted once per municipality and process
# and kept this long: a name's share and the prior move little in a quarter of an hour, and
# counting 100,000 people and their names takes about a second of CPU, which a caseworker
# should wait for at most once. A registry below ``model.TF_MIN_ROWS`` people is counted on
# every warning (cheaply), and the engine weighs no name frequencies there.
REGISTRY_FACTS_SECONDS = 15 * 60
_registries: dict[int, tuple[float, door.Frequencies]] = {}
_registries_lock = threading.Lock()


def forget_registries() -> None:
    """Drop the kept registry facts (a test's registry is gone when the test is)."""
    with _registries_lock:
        _registries.clear()


def registry_facts(*, municipality_id: int) -> tuple[int, door.Frequencies | None]:
    """How many people the registry holds, and its name frequencies when it is large enough
    for the engine to use them."""
    # At most TF_MIN_ROWS rows are counted to tell a small registry from a large one.
    size = registry_count(municipality_id=municipality_id, at_most=model.TF_MIN_ROWS)
    if size + 1 < model.TF_MIN_ROWS:
        return size, None
    with _registries_lock:
        kept = _registries.get(municipality_id)
        now = time.monotonic()
        if kept is None or now - kept[0] >= REGISTRY_FACTS_SECONDS:
            kept = (now, door.frequencies(registry_names(municipality_id=municipality_id)))
            _registries[municipality_id] = kept
    return kept[1].people, kept[1]


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
    size, names = registry_facts(municipality_id=municipality_id)
    found = door.score(
        record,
        [(key, person_row(person)) for key, person in by_id.items()],
        trained=selectors.current_model(municipality_id=municipality_id),
        registry_size=size,
        names=names,
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
