"""Blocking keys and the cap on oversized blocks (``brobygger.linkage.blocking``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import duckdb
import pytest

from brobygger.linkage import blocking, model
from brobygger.linkage.engine import Linkage


def test_a_rule_becomes_key_expressions() -> None:
    (same, crossed) = blocking.keyed(
        [
            "l.dob = r.dob AND substr(l.fn1, 1, 1) = substr(r.fn1, 1, 1)",
            "l.fn1 = r.ln1 AND l.dob = r.dob",
        ],
        {"l.fn1 = r.ln1 AND l.dob = r.dob": "postal_code"},
    )
    assert same.left == same.right == ("dob", "substr(fn1, 1, 1)")
    assert same.symmetric and same.splink_rule == "l.block_0 = r.block_0"
    assert same.refine is None
    assert (crossed.left, crossed.right) == (("fn1", "dob"), ("ln1", "dob"))
    assert crossed.splink_rule == "l.block_1 = r.block_1_r"
    assert crossed.refine == "postal_code"


@pytest.mark.parametrize(
    "rule", ["l.fn1 = r.fn1 OR l.ln1 = r.ln1", "l.fn1 = l.ln1", "l.dob_year < r.dob_year"]
)
def test_a_rule_that_is_no_key_is_refused(rule: str) -> None:
    with pytest.raises(ValueError, match="must refer to|not one equality"):
        blocking.keyed([rule], {})


def test_every_model_rule_has_keys_and_every_refinement_a_rule() -> None:
    rules = blocking.keyed(model.BLOCKING_RULES, model.BLOCKING_REFINEMENTS)
    assert len(rules) == len(model.BLOCKING_RULES)
    assert set(model.BLOCKING_REFINEMENTS) <= set(model.BLOCKING_RULES)


def _people(con: duckdb.DuckDBPyConnection, rows: list[tuple[str, str, str, int]]) -> None:
    con.execute("CREATE TABLE input_0 (unique_id VARCHAR, fn1 VARCHAR, ln1 VARCHAR, year INT)")
    con.executemany("INSERT INTO input_0 VALUES (?, ?, ?, ?)", rows)


def _key(con: duckdb.DuckDBPyConnection, unique_id: str, column: str = "block_0") -> Any:
    return con.execute(
        f"SELECT {column} FROM input_0 WHERE unique_id = ?",  # noqa: S608 - a column made here
        [unique_id],
    ).fetchone()[0]


def test_a_capped_block_still_yields_its_true_pairs() -> None:
    """Forty namesakes are 780 pairs, over the cap of 100: the block is split by birth year,
    and the two records of one person (same name, same year) still share a key."""
    con = duckdb.connect()
    namesakes = [(f"n{i}", "fatima", "ali", 1950 + i) for i in range(38)]
    _people(con, [*namesakes, ("a", "fatima", "ali", 1990), ("b", "fatima", "ali", 1990)])
    con.execute("INSERT INTO input_0 VALUES ('c', 'semhar', 'tesfay', 1990)")
    con.execute("INSERT INTO input_0 VALUES ('d', 'semhar', 'tesfay', 1970)")
    rules = blocking.keyed(
        ["l.fn1 = r.fn1 AND l.ln1 = r.ln1"], {"l.fn1 = r.fn1 AND l.ln1 = r.ln1": "year"}
    )
    counts = blocking.add_keys(con, ["input_0"], rules, cap=100)
    assert counts == {"split": 1, "dropped": 0}
    assert _key(con, "a") == _key(con, "b") != _key(con, "n0")
    # a small block keeps its plain key: the year does not split it
    assert _key(con, "c") == _key(con, "d")
    (largest,) = con.execute(
        "SELECT max(n) FROM (SELECT count(*) n FROM input_0 GROUP BY block_0)"
    ).fetchone()
    assert largest == 2


def test_a_block_too_large_after_its_refinement_is_left_to_other_rules() -> None:
    con = duckdb.connect()
    _people(con, [(f"n{i}", "fatima", "ali", 1990) for i in range(20)])
    name = "l.fn1 = r.fn1 AND l.ln1 = r.ln1"
    rules = blocking.keyed([name, "l.year = r.year"], {name: "year"})
    counts = blocking.add_keys(con, ["input_0"], rules, cap=100)
    # 20 records are 190 pairs: over the cap in both rules, and the year does not split them
    assert counts == {"split": 1, "dropped": 2}
    assert _key(con, "n0") is None
    assert _key(con, "n0", "block_1") is None


def test_an_asymmetric_rule_counts_the_pairs_across() -> None:
    """``l.fn1 = r.ln1``: 12 records with "ali" as first name meet 12 with it as surname,
    144 pairs: capped; a name written in the other field elsewhere keeps its key."""
    con = duckdb.connect()
    rows = [(f"f{i}", "ali", f"x{i}", 1990) for i in range(12)]
    rows += [(f"s{i}", f"y{i}", "ali", 1990) for i in range(12)]
    rows += [("p", "hodan", "warsame", 1980), ("q", "warsame", "hodan", 1980)]
    _people(con, rows)
    rules = blocking.keyed(["l.fn1 = r.ln1"], {})
    assert blocking.add_keys(con, ["input_0"], rules, cap=100) == {"split": 0, "dropped": 1}
    assert _key(con, "f0") is None and _key(con, "s0", "block_0_r") is None
    assert _key(con, "p") == _key(con, "q", "block_0_r") == "hodan"


def _rows(people: list[dict[str, str]]) -> Iterator[tuple[str, dict[str, str]]]:
    for number, person in enumerate(people):
        yield f"P{number:03}", person


def test_a_typo_in_a_crowded_name_is_still_a_candidate() -> None:
    """A list full of namesakes (the common name's blocks are capped); one person's two
    records differ by a typo in the first name and one in the birth year, and are found by
    the house; the namesakes are not all compared with each other."""
    people = [
        {
            "first_name": "Fatima",
            "last_name": "Ali",
            "birth_date": f"{1950 + number % 40}-0{1 + number % 9}-1{number % 10}",
            "address": f"Vestergade {number + 1}",
            "postal_code": str(8000 + number),
        }
        for number in range(60)
    ]
    people.append(
        {
            "first_name": "Fatiam",
            "last_name": "Ali",
            "birth_date": "1991-03-04",
            "address": "Nørregade 7",
            "postal_code": "8800",
        }
    )
    people.append(
        {
            "first_name": "Fadumo",
            "last_name": "Ali",
            "birth_date": "1919-03-04",
            "address": "Nørregade 7",
            "postal_code": "8800",
        }
    )
    with Linkage(link_type="dedupe_only", evidence=True) as linkage:
        linkage.add("left", _rows(people))
        linkage.train()
        linkage.predict(threshold=0.0)
        pairs = {(pair.left_id, pair.right_id) for pair in linkage.pairs(threshold=0.0)}
        assert linkage.blocks["split"] + linkage.blocks["dropped"] > 0
    assert ("P060", "P061") in pairs
    assert len(pairs) < 60 * 59 // 2 / 2
