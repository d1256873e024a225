"""The same rules at the door: one record scored against a few people of the registry with
the linkage model's own comparisons and parameters.

The registration's duplicate warning and the public form find their candidates with indexed
queries (``people.selectors.possible_duplicates``); this module scores those few, in Python,
while the caseworker waits. It derives the linkage columns with ``features.row_features``
(the import's normalisation), puts each pair at its level by the conditions of
``model.COMPARISONS`` compiled once from their SQL (``pairwise``: the very conditions Splink
evaluates, so no level is written twice; DuckDB only when a condition does not compile), and
adds the match weights log2(m/u) of the municipality's current model (the latest finished
import's, else the priors), with the term-frequency adjustment of exact names from the
registry's name frequencies, to the prior of a list of one record against the registry, as
the engine sets them (``score`` says why that prior).
"""

from __future__ import annotations

import logging
import math
import threading
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import duckdb
import pyarrow as pa
from django.utils import timezone

from . import features, model, normalise, pairwise

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
    return {unique_id: dict(zip(names, indices, strict=True)) for unique_id, *indices in result}


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


@dataclass(frozen=True)
class Frequencies:
    """How often each value of a term-frequency column (``fn``, ``ln``: the folded names)
    occurs in the registry, for Splink's term-frequency adjustment. ``counts`` holds the
    registry's values; the new record is counted as well, as `brobygger link` counts a list of
    one record with the registry."""

    counts: Mapping[str, Mapping[str, int]]  # column → value → people
    totals: Mapping[str, int]  # column → people with a value
    people: int = 0  # the registry's people, with a name or not

    def share(self, column: str, value: str) -> float:
        return (self.counts.get(column, {}).get(value, 0) + 1) / (self.totals.get(column, 0) + 1)


def frequencies(names: Iterable[tuple[str, str]]) -> Frequencies:
    """The term frequencies of the registry's first and last names (``(first, last)`` as
    typed), folded as ``features.row_features`` folds them."""
    counts: dict[str, Counter[str]] = {"fn": Counter(), "ln": Counter()}
    people = 0
    for first, last in names:
        people += 1
        for column, text in (("fn", first), ("ln", last)):
            folded = _folded(text or "")
            if folded:
                counts[column][folded] += 1
    return Frequencies(
        counts=counts,
        totals={column: sum(found.values()) for column, found in counts.items()},
        people=people,
    )


@lru_cache(maxsize=200_000)
def _folded(text: str) -> str | None:
    return normalise.folded_name(text)


def _term_frequency_levels(
    trained: Mapping[str, Any] | None,
) -> dict[str, tuple[str, str, float, float]]:
    """comparison → (label of its level with a term-frequency adjustment, the column, the
    weight of the adjustment, u of the exact match on that column), as Splink reads them
    (``ComparisonLevel._tf_adjustment_sql``)."""
    comparisons = (trained or {}).get("comparisons") or model.COMPARISONS
    found = {}
    for comparison in comparisons:
        levels = comparison["comparison_levels"]
        for level in levels:
            column = level.get("tf_adjustment_column")
            weight = float(level.get("tf_adjustment_weight", 1.0))
            if not column or not weight or level.get("is_null_level"):
                continue
            exact = next(
                (
                    other.get("u_probability")
                    for other in levels
                    if other["sql_condition"].replace(" ", "") == f"{column}_l={column}_r"
                ),
                None,
            )
            if isinstance(exact, int | float) and exact > 0:
                found[comparison["output_column_name"]] = (
                    level["label_for_charts"],
                    column,
                    weight,
                    float(exact),
                )
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
    names: Frequencies | None = None,
) -> list[Scored]:
    """The others scored against ``record``, the likeliest first.

    The prior is the engine's for a list of one record against the registry: a 3 in 10
    chance (``model.PRIOR_MATCH_SHARE``) that the person is registered already, spread over
    the ``registry_size`` people she could be. That it shrinks with the registry is right, not
    the cause of lost duplicates: among 100,000 people a pair that merely shares a name is
    more often two people. What a small registry hid is that an exact name weighed its
    average: "Somayeh Kazemi" counted no more than "Fatima Ali". With ``names`` (the
    registry's name frequencies) an exact name weighs by its own frequency, as the import
    weighs it (Splink's term-frequency adjustment, ``tf_adjustment_column``, applied by the
    engine from ``model.TF_MIN_ROWS`` records): a rare name then says much more, a common one
    less. The prior of the latest import's model is not used: it is that list's share of
    known people (often a list of people met before), not the share of walk-ins who are.
    """
    weights = parameters(trained)
    term_frequencies = (
        _term_frequency_levels(trained)
        if names is not None and registry_size + 1 >= model.TF_MIN_ROWS
        else {}
    )
    new = features.row_features("new", record)
    columns = features.SCHEMA.names
    odds = math.log2(prior(registry_size) / (1 - prior(registry_size)))
    scored = []
    for unique_id, by_comparison in levels(record, others).items():
        total = odds
        evidence: dict[str, tuple[str, float]] = {}
        for name, label in by_comparison.items():
            m_u = weights.get(name, {}).get(label)
            weight = math.log2(m_u[0] / m_u[1]) if m_u else 0.0
            adjusted = term_frequencies.get(name)
            if m_u and names is not None and adjusted and adjusted[0] == label:
                _label, column, tf_weight, exact_u = adjusted
                value = new[columns.index(column)]
                if value:
                    weight += tf_weight * (
                        math.log2(exact_u) - math.log2(names.share(column, value))
                    )
            total += weight
            evidence[name] = (label, round(weight, 2)) if m_u else ("missing", 0.0)
        probability = 1 / (1 + 2 ** (-total)) if total > -1000 else 0.0
        scored.append(Scored(unique_id, probability, evidence))
    scored.sort(key=lambda found: (-found.probability, found.unique_id))
    return scored
