"""The model's comparison levels compiled to Python (``pairwise``) agree with the same SQL in
DuckDB, which is what Splink runs at an import."""

from __future__ import annotations

import importlib
import random
import sys
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
import time_machine

from brobygger.linkage import door, features, model, pairwise

LINKAGE_BENCHMARK = Path(__file__).resolve().parents[3] / "benchmarks" / "linkage"
COLUMNS = ("first_name", "last_name", "birth_date", "cpr", "phone", "email", "address",
           "postal_code", "city")  # fmt: skip


Row = dict[str, Any]


def _generated(entities: int, seed: int) -> list[tuple[Row, list[Row]]]:
    """Pairs made by the linkage benchmark's generator: the same person in two lists (with its
    romanisation variants, typos, swapped names, date typos, moves and missing fields), her
    namesake, and people drawn at random."""
    if str(LINKAGE_BENCHMARK) not in sys.path:
        sys.path.insert(0, str(LINKAGE_BENCHMARK))
    generator = importlib.import_module("generator")
    rng = random.Random(seed)
    rates = generator.ErrorRates()
    factory = generator.EntityFactory(random.Random(seed), rates)
    renderer = generator.Renderer(random.Random(seed + 1), rates)
    rows: list[Row] = []
    cases = []
    for number in range(entities):
        entity = factory.make(number)
        first = dict(zip(COLUMNS, renderer.render(entity, generator.JOBCENTRE), strict=True))
        second = dict(zip(COLUMNS, renderer.render(entity, generator.LANGUAGE_SCHOOL), strict=True))
        namesake = factory._namesake(entities + number, entity)
        third = dict(zip(COLUMNS, renderer.render(namesake, generator.HOUSING), strict=True))
        cases += [(first, [second, third]), (third, [second])]
        rows += [first, second, third]
    return [(new, others + rng.sample(rows, 6)) for new, others in cases]


EDGE_CASES: list[tuple[Row, Row]] = [
    ({"first_name": "Fatima", "last_name": "Hassan"}, {"first_name": "Hassan", "last_name": ""}),
    ({"first_name": "محمد", "last_name": "علي"}, {"first_name": "Mohamed", "last_name": "Ali"}),
    (
        {"first_name": "Søren Ærø", "last_name": "Østergård"},
        {"first_name": "Soeren", "last_name": "Oestergaard"},
    ),  # noqa: E501
    (
        {"birth_date": "01.01.1990", "cpr": "0101901234"},
        {"birth_date": "1990-01-01", "cpr": "0101901243"},
    ),  # noqa: E501
    ({"birth_date": "1990-03-05"}, {"birth_date": "1990-05-03"}),
    (
        {"address": "Nørregade 6, 2. tv", "postal_code": "8800"},
        {"address": "6 Norregade", "postal_code": "8880", "city": "Viborg"},
    ),  # noqa: E501
    ({"phone": "+4520123456"}, {"email": "a@example.org"}),
    ({}, {}),
]


def _levels_both_ways(
    cases: list[tuple[Row, list[Row]]],
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    python: dict[str, dict[str, int]] = {}
    sql: dict[str, dict[str, int]] = {}
    for case, (new, others) in enumerate(cases):
        keyed = [(f"{case}-{index}", other) for index, other in enumerate(others)]
        python.update(door._python_levels(new, keyed))
        sql.update(door._duckdb_levels(new, keyed))
    return python, sql


@time_machine.travel(date(2026, 6, 1), tick=False)
def test_python_and_duckdb_put_every_pair_at_the_same_level() -> None:
    cases = _generated(150, seed=3) + [(new, [other]) for new, other in EDGE_CASES]
    python, sql = _levels_both_ways(cases)

    differing = [(key, python[key], sql[key]) for key in python if python[key] != sql[key]]
    assert not differing, differing[:3]
    assert len(python) == len(sql) == sum(len(others) for _, others in cases) > 2000
    # The pairs reach most levels of every comparison, so the agreement means something.
    for comparison in model.COMPARISONS:
        name = comparison["output_column_name"]
        reached = {levels[name] for levels in python.values()}
        assert len(reached) >= len(comparison["comparison_levels"]) * 0.6, (name, reached)


def test_the_string_distances_are_duckdbs_on_the_utf8_bytes() -> None:
    rng = random.Random(5)
    alphabet = "aabeimnorsthkæøåüéش"
    words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 9))) for _ in range(3000)]
    pairs = list(zip(words, words[1:] + words[:1], strict=True))
    pairs += [(word, word[::-1]) for word in words[:500]]
    pairs += [(word, word[1:] + word[:1]) for word in words[500:1000]]
    connection = duckdb.connect()
    found = connection.execute(
        "SELECT jaro_winkler_similarity(a, b), damerau_levenshtein(a, b)"
        " FROM (SELECT unnest($1) AS a, unnest($2) AS b)",
        [[a for a, _ in pairs], [b for _, b in pairs]],
    ).fetchall()
    for (a, b), (similarity, distance) in zip(pairs, found, strict=True):
        assert pairwise.jaro_winkler(a, b) == pytest.approx(similarity, abs=1e-12), (a, b)
        assert pairwise.damerau_levenshtein(a, b) == distance, (a, b)


def test_null_follows_sql() -> None:
    row = list(features.row_features("x", {"first_name": "Amina"}))
    other = list(features.row_features("y", {"first_name": "Amina", "phone": "+4520123456"}))
    # NULL = NULL is not true, NULL OR TRUE is, NOT NULL is not.
    assert not pairwise.condition("phone_l = phone_r")(row, other)
    assert pairwise.condition("phone_l = phone_r OR fn_l = fn_r")(row, other)
    assert not pairwise.condition("NOT (phone_l = phone_r)")(row, other)
    assert pairwise.condition("phone_l IS NULL AND NOT (phone_r IS NULL)")(row, other)


def test_sql_it_does_not_know_is_refused() -> None:
    with pytest.raises(pairwise.Unsupported):
        pairwise.condition("levenshtein(fn_l, fn_r) <= 2")
    with pytest.raises(pairwise.Unsupported):
        pairwise.condition("nickname_l = nickname_r")


def test_within_one_edit_is_the_distance_at_most_one() -> None:
    rng = random.Random(9)
    alphabet = "abcæø12"
    for _ in range(5000):
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 5)))
        b = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 5)))
        if rng.random() < 0.5 and a:
            position = rng.randrange(len(a))
            b = a[:position] + a[position + 1 :] if rng.random() < 0.5 else a[::-1]
        assert pairwise.within_one_edit(a, b) == (pairwise.damerau_levenshtein(a, b) <= 1), (a, b)


def test_the_cheap_test_before_the_distance_changes_no_level() -> None:
    """``model._within_one_edit`` (``hamming`` on texts of one length before
    ``damerau_levenshtein``) holds exactly where the distance is at most one, in DuckDB and
    here, texts of other lengths included; ``hamming`` and ``strlen`` are DuckDB's."""
    rng = random.Random(11)
    alphabet = "0123-aæø"
    pairs = []
    for _ in range(3000):
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        b = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        if rng.random() < 0.6 and len(a) > 1:
            position = rng.randrange(len(a) - 1)
            swapped = a[:position] + a[position + 1] + a[position] + a[position + 2 :]
            b = rng.choice([swapped, a[:position] + rng.choice(alphabet) + a[position + 1 :]])
        pairs.append((a, b))
    guarded = model._within_one_edit("postal_code_l", "postal_code_r")
    found = (
        duckdb.connect()
        .execute(
            f"SELECT {guarded}, damerau_levenshtein(a, b) <= 1, strlen(a),"  # noqa: S608
            " CASE WHEN strlen(a) = strlen(b) AND a <> '' THEN hamming(a, b) END"
            " FROM (SELECT a, b, a AS postal_code_l, b AS postal_code_r"
            " FROM (SELECT unnest($1) AS a, unnest($2) AS b))",
            [[a for a, _ in pairs], [b for _, b in pairs]],
        )
        .fetchall()
    )
    compiled = pairwise.condition(guarded)
    column = features.SCHEMA.names.index("postal_code")

    def row(value: str) -> list[str | None]:
        values: list[str | None] = [None] * len(features.SCHEMA.names)
        values[column] = value
        return values

    for (a, b), (holds, within, length, differing) in zip(pairs, found, strict=True):
        assert holds == within, (a, b)
        assert compiled(row(a), row(b)) == within, (a, b)
        assert pairwise.strlen(a) == length, a
        if differing is not None:
            assert pairwise.hamming(a, b) == differing, (a, b)
