"""How big are the blocks, what do the caps cost? Per blocking rule, before and after the caps
of ``brobygger.linkage.blocking``: the pairs the rule's blocks yield, the largest block, and
the share of true pairs the rule finds; then the distinct candidate pairs of all rules and the
blocking recall (the share of true pairs that become candidates at all).

    PYTHONPATH=$PWD .venv/bin/python benchmarks/linkage/blocks.py DIR [--json OUT.json]

``DIR`` is a scenario's work directory as ``run.py --workdir`` keeps it (``records.csv`` or
``left.csv`` and ``right.csv``, and ``truth.csv``). Like ``diagnose.py`` it loads the lists with
the engine; it does not train or score.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from diagnose import rows  # noqa: E402
from run import true_pairs  # noqa: E402

from brobygger.linkage import blocking, model  # noqa: E402
from brobygger.linkage.engine import Linkage  # noqa: E402


def _everyone(tables: Sequence[str], columns: str) -> str:
    return " UNION ALL ".join(f"SELECT {columns} FROM {t}" for t in tables)  # noqa: S608


def rule_blocks(
    con: Any, tables: Sequence[str], left: str, right: str, link: bool
) -> tuple[int, int]:
    """(pairs, pairs of the largest block) of one key: ``left`` on one side, ``right`` on the
    other. In de-duplication a symmetric key yields n(n-1)/2 pairs per block and an asymmetric
    one (``l.fn1 = r.ln1``) half its ordered pairs; in linkage, left-list keys meet right-list
    keys."""
    if link:
        counted = (
            f"SELECT key, sum(side = 0)::BIGINT * sum(side = 1)::BIGINT AS pairs FROM ("  # noqa: S608
            f"SELECT {left} AS key, 0 AS side FROM {tables[0]} UNION ALL "
            f"SELECT {right} AS key, 1 AS side FROM {tables[1]}) WHERE key IS NOT NULL GROUP BY key"
        )
    elif left == right:
        counted = (
            f"SELECT key, count(*) * (count(*) - 1) // 2 AS pairs FROM ("  # noqa: S608
            f"{_everyone(tables, f'{left} AS key')}) WHERE key IS NOT NULL GROUP BY key"
        )
    else:
        counted = (
            f"SELECT key, sum(side = 0)::BIGINT * sum(side = 1)::BIGINT // 2 AS pairs FROM ("  # noqa: S608
            f"{_everyone(tables, f'{left} AS key, 0 AS side')} UNION ALL "
            f"{_everyone(tables, f'{right} AS key, 1 AS side')}) WHERE key IS NOT NULL GROUP BY key"
        )
    total, largest = con.execute(f"SELECT sum(pairs), max(pairs) FROM ({counted})").fetchone()  # noqa: S608
    return int(total or 0), int(largest or 0)


def found(left: str, right: str) -> str:
    """SQL: the key finds the true pair (records ``a`` and ``b``), in either order."""
    return f"(a.{left} = b.{right} OR b.{left} = a.{right})"


def distinct_pairs(
    con: Any, tables: Sequence[str], rules: Sequence[blocking.KeyedRule], link: bool
) -> int:
    """The candidate pairs of all rules together, each pair once (as Splink scores them)."""
    left, right = (tables[0], tables[1]) if link else (tables[0], tables[0])
    order = "TRUE" if link else "l.unique_id < r.unique_id"
    union = " UNION ".join(
        f"SELECT l.unique_id AS a, r.unique_id AS b FROM {left} l JOIN {right} r"  # noqa: S608
        f" ON l.{rule.left_column} = r.{rule.right_column} AND {order}"
        for rule in rules
    )
    (count,) = con.execute(f"SELECT count(*) FROM ({union})").fetchone()  # noqa: S608
    return int(count)


def measure(directory: Path) -> dict[str, Any]:
    link = (directory / "left.csv").exists()
    inputs = (
        [directory / "left.csv", directory / "right.csv"] if link else [directory / "records.csv"]
    )
    truth = true_pairs("link" if link else "dedupe", directory)
    rules = blocking.keyed(model.BLOCKING_RULES, model.BLOCKING_REFINEMENTS)
    report: dict[str, Any] = {"directory": directory.name, "true_pairs": len(truth)}
    with Linkage(link_type="link_only" if link else "dedupe_only") as linkage:
        for name, path in zip(("left", "right"), inputs, strict=False):
            linkage.add(name, rows(path))
        report["rows"] = sum(linkage.rows.values())
        con = linkage.con
        tables = [f"input_{i}" for i in range(len(inputs))]
        before = {
            rule.condition: rule_blocks(
                con, tables, blocking.key_sql(rule.left), blocking.key_sql(rule.right), link
            )
            for rule in rules
        }
        started = time.perf_counter()
        report["caps"] = blocking.add_keys(con, tables, rules)
        report["cap_seconds"] = round(time.perf_counter() - started, 2)
        report["cap_pairs"] = blocking.CAP_PAIRS
        con.execute(f"CREATE TEMP TABLE everyone AS {_everyone(tables, '*')}")  # noqa: S608
        con.execute("CREATE TEMP TABLE truth (a VARCHAR, b VARCHAR)")
        con.executemany("INSERT INTO truth VALUES (?, ?)", sorted(truth))
        holds = ", ".join(
            f"coalesce({found(rule.left_column, rule.right_column)}, false) AS r{rule.number}"
            for rule in rules
        )
        con.execute(
            f"CREATE TEMP TABLE found AS SELECT {holds} FROM truth"  # noqa: S608
            " JOIN everyone a ON a.unique_id = truth.a JOIN everyone b ON b.unique_id = truth.b"
        )
        per_rule = []
        for rule in rules:
            after = rule_blocks(con, tables, rule.left_column, rule.right_column, link)
            (alone,) = con.execute(f"SELECT count(*) FROM found WHERE r{rule.number}").fetchone()  # noqa: S608
            per_rule.append(
                {
                    "rule": rule.condition,
                    "pairs_before_cap": before[rule.condition][0],
                    "largest_block_before_cap": before[rule.condition][1],
                    "pairs": after[0],
                    "largest_block": after[1],
                    "recall_alone": round(alone / len(truth), 4) if truth else None,
                }
            )
        report["rules"] = per_rule
        report["candidate_pairs"] = distinct_pairs(con, tables, rules, link)
        any_rule = " OR ".join(f"r{rule.number}" for rule in rules)
        (covered,) = con.execute(f"SELECT count(*) FROM found WHERE {any_rule}").fetchone()  # noqa: S608
        report["blocking_recall"] = round(covered / len(truth), 4) if truth else None
        report["largest_block"] = max(r["largest_block"] for r in per_rule)
        report["largest_block_before_cap"] = max(r["largest_block_before_cap"] for r in per_rule)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args(argv)
    report = measure(args.directory)
    print(f"rows {report['rows']:,}, true pairs {report['true_pairs']:,}, caps {report['caps']}")
    print(f"{'pairs before':>14} {'largest':>9} {'pairs':>12} {'largest':>8} {'recall':>7}  rule")
    for r in report["rules"]:
        print(
            f"{r['pairs_before_cap']:14,} {r['largest_block_before_cap']:9,} {r['pairs']:12,}"
            f" {r['largest_block']:8,} {r['recall_alone']:7}  {r['rule']}"
        )
    print(f"candidate pairs {report['candidate_pairs']:,}")
    print(f"blocking recall {report['blocking_recall']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
