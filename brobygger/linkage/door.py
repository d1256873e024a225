"""The same rules at the door: one record scored against a few people of the registry with
the linkage model's own comparisons and parameters.

The registration's duplicate warning and the public form find their candidates with indexed
queries (``people.selectors.possible_duplicates``); this module scores those few. It derives
the linkage columns with ``features.row_features`` (the import's normalisation), evaluates the
SQL conditions of ``model.COMPARISONS`` in an in-process DuckDB on the few pairs (the very
conditions Splink evaluates, so a level is never decided by a second implementation), and adds
the match weights log2(m/u) of the municipality's current model (the latest finished import's,
else the priors) to the prior of a list of one record against the registry, as the engine sets
it (``model.PRIOR_MATCH_SHARE`` over the people compared with). Term frequencies are not
applied at the door: an exact name weighs its average.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import duckdb
import pyarrow as pa

from django.utils import timezone

from . import features, model, pairwise

logger = logging.getLogger(__name__)

COMPARED = "compared"
_local = threading.local()


@dataclass(frozen=True)
class Scored:
    """One registry record scored against the new one."""

    unique_id: str
    probability: float
    # comparison → (label of its level, match weight of the level)
    evidence: dict[str, tuple[str, float]]


def _connection() -> duckdb.DuckDBPyConnection:
    """One small DuckDB per thread (a connection is not shared across threads)."""
    connection: duckdb.DuckDBPyConnection | None = getattr(_local, "connection", None)
    if connection is None:
        connection = duckdb.connect(":memory:")
        connection.execute("SET threads = 1")
        _local.connection = connection
    return connection


@cache
def _levels_sql() -> str:
    """One CASE per comparison giving the index of the first level whose condition holds,
    in the order Splink tries them."""
    cases = []
    for comparison in model.COMPARISONS:
        whens = []
        other = None
        for index, level in enumerate(comparison["comparison_levels"]):
            if level["sql_condition"].strip().upper() == "ELSE":
                other = index
            else:
                whens.append(f"WHEN {level['sql_condition']} THEN {index}")
        default = f" ELSE {other}" if other is not None else ""
        cases.append(f"CASE {' '.join(whens)}{default} END AS {comparison['output_column_name']}")
    pairs = ", ".join(
        f"l.{name} AS {name}_l, r.{name} AS {name}_r" for name in features.SCHEMA.names
    )
    # SQL_NAMES: the conditions are the model's constants; values reach DuckDB as Arrow tables.
    return (
        f"SELECT unique_id_r, {', '.join(cases)} FROM"  # nosec B608
        f" (SELECT {pairs} FROM door_one l, door_many r)"
    )


def _table(rows: Sequence[tuple[str, Mapping[str, Any]]]) -> pa.Table:
    return pa.Table.from_batches(list(features.batches(rows)), schema=features.SCHEMA)


def levels(
    record: Mapping[str, Any], others: Sequence[tuple[str, Mapping[str, Any]]]
) -> dict[str, dict[str, str]]:
    """For each other record (by id): comparison → the label of the level the pair is at
    (``model.COMPARISONS``; a null level is "missing")."""
    if not others:
        return {}
    found = _python_levels(record, others) if _compiled() else _duckdb_levels(record, others)
    labels = {
        comparison["output_column_name"]: [
            level["label_for_charts"] for level in comparison["comparison_levels"]
        ]
        for comparison in model.COMPARISONS
    }
    return {
        unique_id: {name: labels[name][index] for name, index in by_comparison.items()}
        for unique_id, by_comparison in found.items()
    }


def _comparisons() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(
        (
            comparison["output_column_name"],
            tuple(level["sql_condition"] for level in comparison["comparison_levels"]),
        )
        for comparison in model.COMPARISONS
    )


@cache
def _compiled() -> bool:
    """Whether every level of the model compiles to Python (``pairwise``); a condition in SQL
    it does not know sends the door back to DuckDB rather than to a guess."""
    try:
        pairwise.comparison_conditions(_comparisons())
    except pairwise.Unsupported:
        logger.warning("A comparison level does not compile to Python: the door uses DuckDB")
        return False
    return True


def _python_levels(
    record: Mapping[str, Any], others: Sequence[tuple[str, Mapping[str, Any]]]
) -> dict[str, dict[str, int]]:
    """The levels by the model's conditions compiled to Python: no database at all."""
    today = timezone.localdate()
    new = features.row_features("new", record, today=today)
    comparisons = _comparisons()
    found: dict[str, dict[str, int]] = {}
    for unique_id, row in others:
        other = features.row_features(unique_id, row, today=today)
        indices = pairwise.level_indices(comparisons, new, other)
        # Every comparison ends in ELSE: a pair is always at some level.
        found[unique_id] = {name: index or 0 for name, index in indices.items()}
    return found


def _duckdb_levels(
    record: Mapping[str, Any], others: Sequence[tuple[str, Mapping[str, Any]]]
) -> dict[str, dict[str, int]]:
    """The levels by the model's SQL in an in-process DuckDB: the conditions as Splink runs
    them (the fallback of ``levels``, and what ``test_pairwise`` holds the Python to)."""
    connection = _connection()
    connection.register("door_one", _table([("new", record)]))
    connection.register("door_many", _table(others))
    try:
        result = connection.execute(_levels_sql()).fetchall()
    finally:
        connection.unregister("door_one")
        connection.unregister("door_many")
    names = [comparison["output_column_name"] for comparison in model.COMPARISONS]
    return {
        unique_id: dict(zip(names, indices, strict=True)) for unique_id, *indices in result
    }


def parameters(trained: Mapping[str, Any] | None) -> dict[str, dict[str, tuple[float, float]]]:
    """comparison → level label → (m, u), from a saved Splink model (an import's) or, when
    there is none, from the priors of ``model.COMPARISONS``. Null levels and levels without
    both probabilities are left out: they weigh nothing."""
    comparisons = (trained or {}).get("comparisons") or model.COMPARISONS
    found: dict[str, dict[str, tuple[float, float]]] = {}
    for comparison in comparisons:
        by_label = found.setdefault(comparison["output_column_name"], {})
        for level in comparison["comparison_levels"]:
            m, u = level.get("m_probability"), level.get("u_probability")
            if level.get("is_null_level") or not isinstance(m, int | float):
                continue
            if isinstance(u, int | float) and m > 0 and u > 0:
                by_label[level["label_for_charts"]] = (float(m), float(u))
    return found


def prior(compared_with: int) -> float:
    """The engine's prior for a list of one record linked to ``compared_with`` people
    (``Linkage._set_prior``)."""
    pairs = max(1, compared_with)
    return min(0.5, max(1e-7, model.PRIOR_MATCH_SHARE / pairs))


def score(
    record: Mapping[str, Any],
    others: Sequence[tuple[str, Mapping[str, Any]]],
    *,
    trained: Mapping[str, Any] | None,
    registry_size: int,
) -> list[Scored]:
    """The others scored against ``record``, the likeliest first."""
    weights = parameters(trained)
    odds = math.log2(prior(registry_size) / (1 - prior(registry_size)))
    scored = []
    for unique_id, by_comparison in levels(record, others).items():
        total = odds
        evidence: dict[str, tuple[str, float]] = {}
        for name, label in by_comparison.items():
            m_u = weights.get(name, {}).get(label)
            weight = math.log2(m_u[0] / m_u[1]) if m_u else 0.0
            total += weight
            evidence[name] = (label, round(weight, 2)) if m_u else ("missing", 0.0)
        probability = 1 / (1 + 2 ** (-total)) if total > -1000 else 0.0
        scored.append(Scored(unique_id, probability, evidence))
    scored.sort(key=lambda found: (-found.probability, found.unique_id))
    return scored
