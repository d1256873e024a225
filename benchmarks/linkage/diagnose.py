"""Why does the engine miss true pairs? Lists the true pairs that never became candidates
(and, for each, what every blocking rule compared) and the true pairs scored below the
threshold (with the comparison level of every field).

    PYTHONPATH=$PWD .venv/bin/python benchmarks/linkage/diagnose.py DIR [--threshold 0.5]

``DIR`` is a scenario's work directory as ``run.py --workdir`` keeps it: ``records.csv`` (or
``left.csv`` and ``right.csv``) and ``truth.csv``. Unlike ``run.py`` this script imports the
engine: it trains the model as ``brobygger link`` does, scores every candidate pair and joins
them with the truth. Prints a summary and up to ``--examples`` examples of each kind.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import logging  # noqa: E402

import django  # noqa: E402

django.setup()
logging.getLogger("splink").setLevel(logging.ERROR)

from run import STANDARD_COLUMNS, pair, true_pairs  # noqa: E402

from brobygger.linkage import model  # noqa: E402
from brobygger.linkage.engine import Linkage  # noqa: E402

# Columns shown for a pair that no blocking rule found.
SHOWN = ("fn1", "ln1", "name_set", "dob", "postal_code", "house", "phone", "email", "cpr")


def rows(path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield row["id"], {column: row.get(column, "") for column in STANDARD_COLUMNS}


def diagnose(directory: Path, threshold: float, examples: int) -> dict[str, Any]:
    link = (directory / "left.csv").exists()
    inputs = (
        [directory / "left.csv", directory / "right.csv"] if link else [directory / "records.csv"]
    )
    truth = true_pairs("link" if link else "dedupe", directory)
    with Linkage(link_type="link_only" if link else "dedupe_only", evidence=True) as linkage:
        for name, path in zip(("left", "right"), inputs, strict=False):
            linkage.add(name, rows(path))
        linkage.train()
        linkage.predict(threshold=0.0)
        con = linkage.con
        scored = {
            pair(left, right): (probability, record)
            for left, right, probability, *record in _scored(linkage)
        }
        labels = linkage._level_labels()
        gamma_columns = list(labels)
        never = sorted(p for p in truth if p not in scored)
        below = sorted(p for p in truth if p in scored and scored[p][0] < threshold)
        false = sorted(p for p, (prob, _) in scored.items() if prob >= threshold and p not in truth)

        report: dict[str, Any] = {
            "true_pairs": len(truth),
            "candidates": len(scored),
            "never_candidates": len(never),
            "blocking_recall": round(1 - len(never) / len(truth), 4) if truth else None,
            "below_threshold": len(below),
            "false_matches": len(false),
        }
        # The engine's tables are input_0 (and input_1): names made here, never data.
        union = " UNION ALL ".join(f"SELECT * FROM input_{i}" for i in range(len(inputs)))  # noqa: S608
        con.execute(f"CREATE OR REPLACE TEMP TABLE everyone AS {union}")  # noqa: S608  # nosec B608
        con.execute("CREATE OR REPLACE TEMP TABLE missed (a VARCHAR, b VARCHAR)")
        con.executemany("INSERT INTO missed VALUES (?, ?)", never)
        rule_sql = ", ".join(
            f"coalesce({rule}, false) AS rule_{i}" for i, rule in enumerate(model.BLOCKING_RULES)
        )
        shown = ", ".join(f"l.{c} AS {c}_l, r.{c} AS {c}_r" for c in SHOWN)
        missed = con.execute(
            f"SELECT missed.a, missed.b, {shown} FROM missed"  # noqa: S608  # nosec B608 - names made here
            " JOIN everyone l ON l.unique_id = missed.a JOIN everyone r ON r.unique_id = missed.b"
        )
        columns = [d[0] for d in missed.description]
        missed_rows = [dict(zip(columns, values, strict=True)) for values in missed.fetchall()]
        differing: Counter[str] = Counter()
        for record in missed_rows:
            for column in SHOWN:
                left, right = record[f"{column}_l"], record[f"{column}_r"]
                if left is None or right is None:
                    differing[f"{column} missing"] += 1
                elif left != right:
                    differing[f"{column} differs"] += 1
        report["never_candidates_fields"] = dict(differing.most_common())
        # Sanity check: the rules themselves, evaluated on the missed pairs, hold for none.
        held = con.execute(
            f"SELECT {rule_sql} FROM missed"  # noqa: S608  # nosec B608 - names made here
            " JOIN everyone l ON l.unique_id = missed.a JOIN everyone r ON r.unique_id = missed.b"
        ).fetchall()
        report["rules_holding_on_missed"] = sum(any(values) for values in held)
        report["never_candidates_examples"] = [
            {c: (record[f"{c}_l"], record[f"{c}_r"]) for c in SHOWN}
            for record in missed_rows[:examples]
        ]
        for kind, chosen in (("below_threshold", below), ("false_match", false)):
            patterns: Counter[str] = Counter()
            shown_examples = []
            for p in chosen:
                probability, record = scored[p]
                described = "; ".join(
                    f"{name}: {_label(labels[name], value)}"
                    for name, value in zip(gamma_columns, record, strict=True)
                )
                patterns[described] += 1
                if len(shown_examples) < examples:
                    shown_examples.append(
                        {"pair": p, "probability": round(probability, 4), "levels": described}
                    )
            report[f"{kind}_patterns"] = dict(patterns.most_common(15))
            report[f"{kind}_examples"] = shown_examples
    return report


def _label(levels: dict[float, str], weight: float | None) -> str:
    if not weight:
        return "missing"
    return levels.get(round(weight, 6), f"weight {weight:.2f}")


def _scored(linkage: Linkage) -> list[tuple[Any, ...]]:
    gammas = ", ".join(f"mw_{name}" for name in linkage._level_labels())
    name = linkage._predictions.physical_name
    return linkage.con.execute(
        f"SELECT unique_id_l, unique_id_r, match_probability, {gammas} FROM {name}"  # noqa: S608  # nosec B608
    ).fetchall()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--examples", type=int, default=10)
    args = parser.parse_args(argv)
    report = diagnose(args.directory, args.threshold, args.examples)
    for key, value in report.items():
        if isinstance(value, list):
            print(f"{key}:")
            for item in value:
                print(f"  {item}")
        elif isinstance(value, dict):
            print(f"{key}:")
            for name, count in value.items():
                print(f"  {count:6}  {name}")
        else:
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
