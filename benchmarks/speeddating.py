"""Speed-dating schedule (issue 6): 40 associations × 40 companies × 8 rounds, under 5 s.

    .venv/bin/python benchmarks/speeddating.py

Each participant wishes 5-12 partners on the other side. Wishes are skewed by popularity,
as at a real event: companies by a Zipf law (at 40 × 40 the most popular company is wished
by 33 of the 40 associations), associations more mildly (exponent 0.5).

Reported per variant: wishes (directed; a mutual pair is two), how many the schedule meets,
the upper bound on wishes met and on the weighted value that is maximised, the fewest
meetings anyone gets, and the median of three runs in seconds. For comparison, the value of
the obvious heuristic: round by round, a maximum-weight matching of the pairs not yet met
(``linear_sum_assignment``), cut to the tables; on these wishes it happens to reach the
optimum at 40 × 40, not at 100 × 100. The variant with a minimum has no baseline (the
heuristic cannot promise one). No Django needed; writes benchmarks/results/speeddating.json.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from typing import Any

import numpy as np
from _harness import RESULTS, ROOT
from scipy.optimize import linear_sum_assignment

sys.path.insert(0, str(ROOT))

from brobygger.scheduling.speeddating import (  # noqa: E402
    MUTUAL_WEIGHT,
    ONE_SIDED_WEIGHT,
    Event,
    Schedule,
    schedule_event,
)

SEED = 1
WISHES = (5, 12)
VARIANTS: list[dict[str, Any]] = [
    {"name": "40x40x8, 40 tables", "size": 40, "rounds": 8, "tables": 40},
    {"name": "40x40x8, 20 tables, sit-outs", "size": 40, "rounds": 8, "tables": 20},
    {
        "name": "40x40x8, 20 tables, sit-outs, 4 meetings each",
        "size": 40,
        "rounds": 8,
        "tables": 20,
        "min_meetings": 4,
    },
    {"name": "100x100x10, 100 tables (headroom)", "size": 100, "rounds": 10, "tables": 100},
]


def wishes(
    rng: random.Random, sources: list[str], targets: list[str], skew: float
) -> list[tuple[str, str]]:
    """Each source wishes 5-12 targets, drawn without replacement by Zipf popularity."""
    ranked = targets[:]
    rng.shuffle(ranked)
    popularity = {t: 1 / (rank + 1) ** skew for rank, t in enumerate(ranked)}
    result = []
    for source in sources:
        # Efraimidis-Spirakis: the k largest u ** (1 / w) are a weighted sample.
        keys = sorted(targets, key=lambda t: -(rng.random() ** (1 / popularity[t])))
        result += [(source, t) for t in keys[: rng.randint(*WISHES)]]
    return result


def round_by_round(event: Event) -> int:
    """The heuristic baseline's value: greedy rounds of maximum-weight matching."""
    associations, companies = sorted(event.associations), sorted(event.companies)
    a = {x: i for i, x in enumerate(associations)}
    c = {x: j for j, x in enumerate(companies)}
    weight = np.zeros((len(a), len(c)))
    wished = set(event.wishes)
    for x, i in a.items():
        for y, j in c.items():
            n = ((x, y) in wished) + ((y, x) in wished)
            weight[i, j] = (0, event.one_sided_weight, event.mutual_weight)[n]
    total = 0
    for _ in range(event.rounds):
        rows, cols = linear_sum_assignment(weight, maximize=True)
        best = sorted(zip(weight[rows, cols], rows, cols, strict=True), reverse=True)
        for w, i, j in best[: event.tables]:
            total += int(w)
            weight[i, j] = 0
    return total


def run(variant: dict[str, Any]) -> dict[str, Any]:
    rng = random.Random(SEED)
    n = variant["size"]
    associations = [f"A{i:03d}" for i in range(n)]
    companies = [f"C{i:03d}" for i in range(n)]
    event = Event(
        rounds=variant["rounds"],
        tables=variant["tables"],
        associations=associations,
        companies=companies,
        wishes=wishes(rng, associations, companies, skew=1.0)
        + wishes(rng, companies, associations, skew=0.5),
        sit_outs=variant["tables"] < n,
        min_meetings=variant.get("min_meetings", 0),
    )
    seconds = []
    schedule: Schedule | None = None
    for _ in range(3):
        started = time.perf_counter()
        schedule = schedule_event(event)
        seconds.append(time.perf_counter() - started)
    assert schedule is not None
    s = schedule.statistics
    wished_by = [sum(1 for _, t in event.wishes if t == company) for company in companies]
    baseline = round_by_round(event) if not event.min_meetings else None
    return {
        "variant": variant["name"],
        "associations": n,
        "companies": n,
        "rounds": event.rounds,
        "tables": event.tables,
        "sit_outs": event.sit_outs,
        "min_meetings": event.min_meetings,
        "most_wished_company_wishes": max(wished_by),
        "wishes_total": s.wishes_total,
        "mutual_pairs": s.mutual_pairs_total,
        "wishes_met": s.wishes_met,
        "share_met": round(s.share_met, 4),
        "wishes_met_bound": s.wishes_met_bound,
        "share_of_bound": round(s.share_of_bound, 4),
        "mutual_pairs_met": s.mutual_pairs_met,
        "value": s.value,
        "value_bound": s.value_bound,
        "value_share_of_bound": round(s.value_share_of_bound, 4),
        "round_by_round_value": baseline,
        "meetings": s.meetings,
        "unwished_meetings": s.unwished_meetings,
        "fewest_meetings": s.fewest_meetings,
        "seconds": round(statistics.median(seconds), 3),
        "seconds_runs": [round(x, 3) for x in seconds],
    }


def main() -> None:
    result = {
        "benchmark": "speeddating",
        "seed": SEED,
        "wishes_per_participant": list(WISHES),
        "weights": {"mutual": MUTUAL_WEIGHT, "one_sided": ONE_SIDED_WEIGHT},
        "cpu_count": os.cpu_count(),
        "variants": [run(v) for v in VARIANTS],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "speeddating.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
