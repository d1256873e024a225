"""Random small profiles and an exhaustive search, for the property and optimality tests."""

from __future__ import annotations

import random
from collections.abc import Hashable, Sequence
from datetime import date, timedelta

from brobygger.matching import Activity, Mentee, Mentor, Organisation

TODAY = date(2026, 9, 1)
CENTRE = (55.676, 12.568)
LANGUAGES = ["da", "ar", "so", "fa", "en"]
INTERESTS = ["job_search", "danish_practice", "cycling", "cooking", "children_school"]
COMPETENCES = ["accounting", "fundraising", "communication", "it", "legal", "supervision"]
TEXTS = [
    "Jeg hjælper gerne med regnskab og budget.",
    "Jeg vil lære at lave et budget og betale regninger.",
    "Jeg kan cykle og lærer andre at cykle.",
    "Jeg vil gerne lære at cykle.",
    "Jeg søger job og vil have hjælp til mit CV.",
    "Jeg har skrevet mange ansøgninger og CV'er.",
    "",
]


def place(rng: random.Random, km: float = 8.0) -> tuple[float, float] | None:
    if rng.random() < 0.1:
        return None
    return (CENTRE[0] + rng.uniform(-km, km) / 111, CENTRE[1] + rng.uniform(-km, km) / 63)


def languages(rng: random.Random) -> frozenset[str]:
    return frozenset(rng.sample(LANGUAGES, rng.randint(1, 2)))


def mentor(rng: random.Random, id: int, capacity: tuple[int, int] = (1, 2)) -> Mentor:
    check = rng.random()
    return Mentor(
        id=id,
        languages=languages(rng),
        interests=frozenset(rng.sample(INTERESTS, rng.randint(0, 3))),
        text=rng.choice(TEXTS),
        location=place(rng),
        max_distance_km=rng.choice([3.0, 6.0, 12.0]),
        capacity=rng.randint(*capacity),
        record_check_valid_until=None
        if check < 0.1
        else TODAY + timedelta(days=rng.randint(-300, -1) if check < 0.3 else rng.randint(0, 300)),
        trained=rng.random() < 0.85,
        gender=rng.choice(["female", "female", "male"]),
        mentee_gender="female" if rng.random() < 0.15 else None,
    )


def mentee(rng: random.Random, id: int) -> Mentee:
    return Mentee(
        id=id,
        languages=languages(rng),
        interests=frozenset(rng.sample(INTERESTS, rng.randint(0, 3))),
        text=rng.choice(TEXTS),
        location=place(rng),
        max_distance_km=rng.choice([None, None, 4.0, 8.0]),
        gender=rng.choice(["female", "female", "female", "male", ""]),
        wants_mentor_gender="female" if rng.random() < 0.3 else None,
        waiting_since=TODAY - timedelta(days=rng.randint(0, 300)) if rng.random() < 0.9 else None,
    )


def organisation(rng: random.Random, id: int, kind: str) -> Organisation:
    return Organisation(
        id=id,
        kind=kind,
        offers=frozenset(rng.sample(COMPETENCES, rng.randint(0, 3))),
        needs=frozenset(rng.sample(COMPETENCES, rng.randint(0, 2))),
        text_offered=rng.choice(TEXTS),
        text_needed=rng.choice(TEXTS),
        target_groups=frozenset(rng.sample(["women", "children", "youth"], rng.randint(0, 2))),
        location=place(rng, 20.0),
        capacity=rng.randint(0, 2) if rng.random() < 0.1 else rng.randint(1, 2),
    )


def activity(rng: random.Random, id: int) -> Activity:
    return Activity(
        id=id,
        organisation_id=1,
        languages=languages(rng),
        topics=frozenset(rng.sample(INTERESTS, rng.randint(1, 3))),
        text=rng.choice(TEXTS),
        location=place(rng),
        places=rng.randint(0, 2) if rng.random() < 0.1 else rng.randint(1, 2),
        target_gender="female" if rng.random() < 0.3 else None,
    )


def best_total(
    edges: Sequence[tuple[Hashable, Hashable, float]], capacity: dict[Hashable, int]
) -> float:
    """The highest total score of any set of edges within the capacities (exhaustive)."""
    order = sorted(edges, key=lambda e: -e[2])
    rest = [sum(e[2] for e in order[k:]) for k in range(len(order) + 1)]
    left = dict(capacity)
    best = 0.0

    def search(k: int, total: float) -> None:
        nonlocal best
        best = max(best, total)
        if k == len(order) or total + rest[k] <= best + 1e-12:
            return
        a, b, score = order[k]
        if left[a] > 0 and left[b] > 0:
            left[a] -= 1
            left[b] -= 1
            search(k + 1, total + score)
            left[a] += 1
            left[b] += 1
        search(k + 1, total)

    search(0, 0.0)
    return best
