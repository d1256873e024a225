"""The baseline: plain Splink 5 with its library comparisons, as a typical user would set it up.

Same command-line contract as ``brobygger link``::

    python benchmarks/linkage/plain_splink.py LEFT.csv [RIGHT.csv] --out PAIRS.csv [--threshold P]

With one file it de-duplicates, with two it links (``left_id`` from LEFT). It writes
``left_id,right_id,match_probability`` for pairs at or above the threshold and prints a one-line
JSON summary on stdout (Splink's own log goes to stderr).

Deliberately no domain knowledge: columns are read as strings, lower-cased and trimmed, and
nothing else. Birth dates are parsed with one format a user would pick from the documentation
(ISO ``%Y-%m-%d``); dates written any other way count as missing. CPR numbers and phone numbers
are compared exactly as written.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

import duckdb
import splink
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator

COLUMNS: tuple[str, ...] = (
    "id",
    "first_name",
    "last_name",
    "birth_date",
    "cpr",
    "phone",
    "email",
    "address",
    "postal_code",
    "city",
)
DATE_FORMAT = "%Y-%m-%d"
LEFT, RIGHT = "list_left", "list_right"
SEED = 42


def load(con: duckdb.DuckDBPyConnection, path: Path, table: str) -> int:
    """Read a CSV as strings into ``table``: lower-cased, trimmed, blanks as NULL."""
    raw = con.read_csv(str(path), header=True, all_varchar=True)
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise SystemExit(f"{path}: missing columns {', '.join(missing)}")
    cleaned = ", ".join(
        f"trim({c}) AS {c}" if c == "id" else f"nullif(lower(trim({c})), '') AS {c}"
        for c in COLUMNS
    )
    raw.select(cleaned).create(table)
    return int(con.table(table).aggregate("count(*)").fetchall()[0][0])


def blocking_rules() -> list[BlockingRuleCreator]:
    return [
        block_on("first_name", "last_name"),
        block_on("birth_date"),
        block_on("cpr"),
        block_on("phone"),
        block_on("postal_code", "last_name"),
    ]


def build_settings(link_type: Literal["link_only", "dedupe_only"]) -> SettingsCreator:
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="id",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("last_name"),
            cl.DateOfBirthComparison(
                "birth_date", input_is_string=True, datetime_format=DATE_FORMAT
            ),
            cl.ExactMatch("cpr"),
            cl.ExactMatch("phone"),
            cl.EmailComparison("email"),
            cl.LevenshteinAtThresholds("address", [2, 5]),
            cl.ExactMatch("postal_code"),
        ],
        blocking_rules_to_generate_predictions=blocking_rules(),
        retain_matching_columns=False,
    )


def train(linker: Linker) -> None:
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "last_name", "birth_date"), block_on("cpr")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=SEED)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "last_name")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))


def run(
    paths: Sequence[Path],
    out: Path,
    threshold: float,
    *,
    settings: Callable[[Literal["link_only", "dedupe_only"]], SettingsCreator] = build_settings,
    training: Callable[[Linker], None] = train,
    engine: str = "plain_splink",
) -> dict[str, object]:
    started = time.perf_counter()
    db_api = DuckDBAPI()
    con = db_api.duckdb_con
    names = [LEFT, RIGHT][: len(paths)]
    rows = [load(con, path, f"input_{name}") for path, name in zip(paths, names, strict=True)]
    tables = [
        db_api.register(f"input_{name}", dataset_display_name=name)
        for name in names  # registered by physical table name
    ]
    link = len(paths) == 2
    linker = Linker(
        tables if link else tables[0],
        settings("link_only" if link else "dedupe_only"),
        log_level=logging.WARNING,
    )
    training(linker)
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    relation = predictions.as_duckdbpyrelation()
    if link:
        # Splink may put either dataset on the left of a pair; report LEFT's id first.
        pairs = relation.select(
            f"CASE WHEN source_dataset_l = '{LEFT}' THEN id_l ELSE id_r END AS left_id, "
            f"CASE WHEN source_dataset_l = '{LEFT}' THEN id_r ELSE id_l END AS right_id, "
            "match_probability"
        )
    else:
        pairs = relation.select("id_l AS left_id, id_r AS right_id, match_probability")
    pairs = pairs.filter(f"match_probability >= {float(threshold)!r}").order("left_id, right_id")
    out.parent.mkdir(parents=True, exist_ok=True)
    pairs.write_csv(str(out), header=True)
    written = pairs.aggregate("count(*)").fetchall()[0][0]
    return {
        "engine": engine,
        "mode": "link" if link else "dedupe",
        "rows": rows,
        "pairs": int(written),
        "threshold": threshold,
        "seconds": round(time.perf_counter() - started, 2),
        "splink": splink.__version__,
    }


def main(
    argv: Sequence[str] | None = None,
    run_engine: Callable[[Sequence[Path], Path, float], dict[str, object]] = run,
) -> int:
    parser = argparse.ArgumentParser(description="A Splink baseline for the linkage benchmark")
    parser.add_argument("left", type=Path, help="CSV to de-duplicate, or the left list to link")
    parser.add_argument("right", type=Path, nargs="?", help="the right list to link")
    parser.add_argument("--out", type=Path, required=True, help="where to write the pairs CSV")
    parser.add_argument("--threshold", type=float, default=0.5)
    args = parser.parse_args(argv)
    if not 0.0 <= args.threshold <= 1.0:
        parser.error("--threshold must be between 0 and 1")
    paths = [args.left] if args.right is None else [args.left, args.right]
    for path in paths:
        if not path.is_file():
            parser.error(f"no such file: {path}")
    summary = run_engine(paths, args.out, args.threshold)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
