"""The review queue teaches the model: precision and recall before and after simulated reviews.

    .venv/bin/python benchmarks/linkage/learn_from_review.py [--scenario link5k] [--reviews 200]
        [--order queue|random] [--seed 1]

A benchmark scenario of ``run.py`` (same generator and seed, or a FEBRL set) is linked by the
Brobygger engine as ``brobygger link`` does (``Linkage``, trained on the lists). The pairs in
the review band (``LINKAGE_REVIEW_THRESHOLD`` ≤ p < ``LINKAGE_MATCH_THRESHOLD``) are the
review queue; a simulated reviewer answers ``--reviews`` of them from the truth, in the
queue's order (likeliest first, as the review page hands them out) or at random. Each answer
is counted at the level of each comparison the pair is at (``linkage.door.levels``: the
model's own SQL conditions), as the review service does, and the lists are linked again with
these labels (``Linkage.train(labels=...)``, the safeguard and weight of the settings).

Reported for the model before and after: precision, recall and F1 of the pairs at or above
the match threshold against the truth, and the size of the review band; and, for the real
effect on a municipality, the same after the reviewed pairs' answers themselves are applied
(a pair decided "same" is a match, "different" is not). Writes
``benchmarks/results/linkage-learn-<scenario>.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from run import SCENARIOS, Pair, generate, pair, score, true_pairs  # noqa: E402

MATCH, REVIEW = 0.95, 0.5
# config/settings/base.py: LINKAGE_LEARN_MIN_LABELS, _MIN_EACH, _WEIGHT
MIN_LABELS, MIN_EACH, WEIGHT = 50, 10, 100.0


def _rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def _link(
    datasets: list[dict[str, dict[str, str]]], labels: Any | None
) -> tuple[dict[Pair, float], dict[str, Any] | None]:
    from brobygger.linkage.engine import Linkage, LinkType

    link_type: LinkType = "link_only" if len(datasets) == 2 else "dedupe_only"
    with Linkage(link_type=link_type) as linkage:
        for name, rows in zip(("left", "right"), datasets, strict=False):
            linkage.add(name, iter(rows.items()))
        linkage.train(labels=labels)
        linkage.predict(threshold=REVIEW)
        scored = {
            pair(found.left_id, found.right_id): found.probability
            for found in linkage.pairs(threshold=REVIEW)
        }
        learned = linkage.learning.as_json() if linkage.learning else None
    return scored, learned


def _measure(
    scored: dict[Pair, float], truth: set[Pair], decided: dict[Pair, bool] | None = None
) -> dict[str, Any]:
    matches = {key for key, p in scored.items() if p >= MATCH}
    result: dict[str, Any] = {
        "model": score(matches, truth),
        "review_band": sum(1 for p in scored.values() if REVIEW <= p < MATCH),
        "review_band_true": sum(1 for k, p in scored.items() if REVIEW <= p < MATCH and k in truth),
    }
    if decided is not None:
        applied = (matches | {k for k, same in decided.items() if same}) - {
            k for k, same in decided.items() if not same
        }
        result["with_decisions"] = score(applied, truth)
    return result


def run(scenario_name: str, *, reviews: int, order: str, seed: int) -> dict[str, Any]:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    from brobygger.linkage import door, learning

    scenario = SCENARIOS[scenario_name]
    with tempfile.TemporaryDirectory(prefix="brobygger-learn-") as folder:
        work = Path(folder)
        paths = generate(scenario, work, seed)
        truth = true_pairs(scenario.mode, work)
        datasets = [_rows(path) for path in paths]
    by_id = {key: row for rows in datasets for key, row in rows.items()}

    started = time.perf_counter()
    before, _ = _link(datasets, None)
    queue = sorted(
        (key for key, p in before.items() if REVIEW <= p < MATCH),
        key=lambda key: (-before[key], key),
    )
    if order == "random":
        random.Random(seed).shuffle(queue)
    answered = queue[:reviews]
    decided = {key: key in truth for key in answered}
    counts: dict[tuple[str, str], tuple[int, int]] = {}
    for (left, right), same in decided.items():
        for comparison, level in door.levels(by_id[left], [(right, by_id[right])])[right].items():
            yes, no = counts.get((comparison, level), (0, 0))
            counts[(comparison, level)] = (yes + same, no + (not same))
    labels = learning.Labels(counts=counts, min_labels=MIN_LABELS, min_each=MIN_EACH, weight=WEIGHT)
    after, learned = _link(datasets, labels)
    return {
        "benchmark": "linkage_learn_from_review",
        "scenario": scenario.name,
        "mode": scenario.mode,
        "rows": sum(len(rows) for rows in datasets),
        "true_pairs": len(truth),
        "seed": seed,
        "reviews": len(answered),
        "order": order,
        "answered_same": sum(decided.values()),
        "answered_different": len(decided) - sum(decided.values()),
        "match_threshold": MATCH,
        "review_threshold": REVIEW,
        "safeguard": {"min_labels": MIN_LABELS, "min_each": MIN_EACH, "weight": WEIGHT},
        "applied": bool(learned and learned["applied"]),
        "before": _measure(before, truth),
        "after": _measure(after, truth, decided),
        "largest_changes": sorted(
            (learned or {}).get("changes", []),
            key=lambda change: -abs(change["after"] - change["before"]),
        )[:8],
        "seconds": round(time.perf_counter() - started, 1),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", default="link5k", choices=sorted(SCENARIOS))
    parser.add_argument("--reviews", type=int, default=200)
    parser.add_argument("--order", choices=("queue", "random"), default="queue")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    result = run(args.scenario, reviews=args.reviews, order=args.order, seed=args.seed)
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.order == "queue" else f"-{args.order}"
    out = results / f"linkage-learn-{args.scenario}{suffix}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
