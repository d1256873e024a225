"""Mentor proposals for one large municipality: 1,000 volunteers × 5,000 waiting people.

    .venv/bin/python benchmarks/matching_mentors.py [--seed N] [--runs 3]

Synthetic but shaped like the target group: the languages of spouse-supported new Danes
(Arabic, Somali, Farsi, Tigrinya, Turkish, Urdu, Thai, ...), some Danish and English, homes
spread over about 30 km, volunteers with 1–3 free slots and 10 % with an expired record
check. Timed: ``propose_mentors`` end to end (text model, scoring of all five million pairs,
the optimal assignment, the reasons), median of the runs. No database is involved, so the
result goes straight to benchmarks/results/matching_mentors.json.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from brobygger.matching import Mentee, Mentor, batch, propose_mentors, scoring, taxonomy
from brobygger.matching.text import similarity_matrix

ROOT = Path(__file__).resolve().parent.parent

TODAY = date(2026, 9, 1)
CENTRE = (56.1572, 10.2107)  # a municipality the size of Aarhus
RADIUS_KM = 15.0
MOTHER_TONGUES = {
    "ar": 24, "so": 12, "fa": 9, "ti": 8, "tr": 10, "ur": 7, "th": 8, "vi": 5, "ku": 5,
    "ps": 3, "tl": 3, "ru": 3, "uk": 3,
}  # fmt: skip
INTERESTS = sorted(taxonomy.keys("person"))
MENTOR_LINES = [
    "Jeg er pensioneret bogholder og hjælper gerne med budget og regninger.",
    "Jeg har arbejdet som sygeplejerske og kender sundhedsvæsenet.",
    "Jeg er lærer og kan hjælpe med lektier, skole og forældresamarbejde i Aula.",
    "Jeg har været leder i en virksomhed og hjælper med CV og jobsamtaler.",
    "Jeg cykler meget og lærer gerne andre at cykle i trafikken.",
    "Jeg elsker madlavning og fællesspisning i boligområdet.",
    "Jeg syr og strikker og er med i en håndarbejdsklub.",
    "Jeg taler gerne dansk over en kop kaffe og øver udtale.",
    "Jeg kender MitID, e-Boks og digital post og hjælper med breve fra kommunen.",
    "Jeg har selv startet en virksomhed og kender CVR og moms.",
    "Jeg er frivillig i en idrætsforening og træner gymnastik.",
    "Jeg har erfaring med uddannelsesvejledning og optagelse på erhvervsuddannelser.",
]
MENTEE_LINES = [
    "Jeg vil gerne lære at lave budget og forstå regningerne.",
    "Jeg drømmer om at blive sygehjælper eller social- og sundhedsassistent.",
    "Mine børn går i skole, og jeg forstår ikke beskederne i Aula.",
    "Jeg søger arbejde og har brug for hjælp til mit CV.",
    "Jeg kan ikke cykle og vil gerne lære det.",
    "Jeg laver god mad og vil gerne have en cateringvirksomhed.",
    "Jeg kan sy og vil gerne arbejde med tøj.",
    "Jeg vil gerne øve dansk og tale med danskere.",
    "Jeg får breve i e-Boks, som jeg ikke forstår.",
    "Jeg vil gerne gå til gymnastik eller svømning med andre kvinder.",
    "Jeg vil gerne tage en uddannelse, men ved ikke hvilken.",
    "Jeg føler mig alene og vil gerne have et netværk.",
]


def _place(rng: random.Random) -> tuple[float, float]:
    r = RADIUS_KM * math.sqrt(rng.random())
    angle = rng.uniform(0, 2 * math.pi)
    dlat = r * math.cos(angle) / 111.2
    dlon = r * math.sin(angle) / (111.2 * math.cos(math.radians(CENTRE[0])))
    return (CENTRE[0] + dlat, CENTRE[1] + dlon)


def _tongue(rng: random.Random) -> str:
    return rng.choices(list(MOTHER_TONGUES), weights=list(MOTHER_TONGUES.values()))[0]


def make_mentors(rng: random.Random, n: int) -> list[Mentor]:
    mentors = []
    for i in range(n):
        languages = {"da"}
        if rng.random() < 0.7:
            languages.add("en")
        if rng.random() < 0.3:  # new Danes who volunteer themselves
            languages.add(_tongue(rng))
        expired = rng.random() < 0.10
        valid_until = TODAY + timedelta(
            days=-rng.randint(1, 400) if expired else rng.randint(0, 3 * 365)
        )
        gender = "female" if rng.random() < 0.75 else "male"
        mentors.append(
            Mentor(
                id=i + 1,
                languages=frozenset(languages),
                interests=frozenset(rng.sample(INTERESTS, rng.randint(2, 5))),
                text=" ".join(rng.sample(MENTOR_LINES, 2)),
                location=_place(rng),
                max_distance_km=rng.choice([5.0, 8.0, 10.0, 15.0]),
                capacity=rng.randint(1, 3),
                record_check_valid_until=valid_until,
                trained=rng.random() < 0.95,
                gender=gender,
                mentee_gender="female" if gender == "female" and rng.random() < 0.2 else None,
            )
        )
    return mentors


def make_mentees(rng: random.Random, n: int) -> list[Mentee]:
    mentees = []
    for i in range(n):
        languages = {_tongue(rng)}
        if rng.random() < 0.35:
            languages.add("da")
        if rng.random() < 0.25:
            languages.add("en")
        gender = "female" if rng.random() < 0.95 else "male"
        mentees.append(
            Mentee(
                id=100_000 + i,
                languages=frozenset(languages),
                interests=frozenset(rng.sample(INTERESTS, rng.randint(1, 3))),
                text=rng.choice(MENTEE_LINES),
                location=_place(rng),
                max_distance_km=rng.choice([5.0, 10.0]) if rng.random() < 0.3 else None,
                gender=gender,
                wants_mentor_gender="female" if gender == "female" and rng.random() < 0.4 else None,
                waiting_since=TODAY - timedelta(days=rng.randint(0, 400)),
            )
        )
    return mentees


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentors", type=int, default=1_000)
    parser.add_argument("--mentees", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    mentors = make_mentors(rng, args.mentors)
    mentees = make_mentees(rng, args.mentees)

    samples = []
    for _ in range(args.runs):
        started = time.perf_counter()
        proposals = propose_mentors(mentors, mentees, TODAY)
        samples.append(time.perf_counter() - started)

    usable = [m for m in mentors if scoring.mentor_block(m, TODAY) is None]
    text = similarity_matrix([m.text for m in usable], [p.text for p in mentees])
    eligible = int(batch.mentor_edges(usable, mentees, TODAY, text).rows.size)
    by_id = {m.id: m for m in mentors}
    taken: dict[int, int] = {}
    for p in proposals:
        taken[p.left_id] = taken.get(p.left_id, 0) + 1
    assert all(taken[i] <= by_id[i].capacity for i in taken), "capacity exceeded"
    assert all(scoring.mentor_block(by_id[i], TODAY) is None for i in taken), "blocked mentor"
    assert len({p.right_id for p in proposals}) == len(proposals), "a person got two mentors"

    result = {
        "benchmark": "matching_mentors",
        "mentors": len(mentors),
        "mentees": len(mentees),
        "blocked_mentors": len(mentors) - len(usable),
        "free_slots": sum(m.capacity for m in usable),
        "pairs": len(mentors) * len(mentees),
        "eligible_pairs": eligible,
        "proposals": len(proposals),
        "total_score": round(sum(p.score for p in proposals), 4),
        "mean_score": round(statistics.fmean(p.score for p in proposals), 4),
        "runs": args.runs,
        "seconds": round(statistics.median(samples), 3),
        "max_seconds": round(max(samples), 3),
        "target_seconds": 5.0,
        "seed": args.seed,
        "example": proposals[0].as_dict("volunteer_id", "person_id") if proposals else None,
    }
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "matching_mentors.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
