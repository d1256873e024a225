"""Blocking keys with a cap on the size of a block, so candidate pairs grow with the list.

Each blocking rule of ``model.BLOCKING_RULES`` is a conjunction of equalities
(``l.fn1 = r.fn1 AND l.dob_year = r.dob_year``). Here it becomes one key per record: the
rule's expressions on the left side joined into ``block_<n>`` (and, when the right side
compares other columns, as in ``l.fn1 = r.ln1``, a second key ``block_<n>_r``). Splink then
blocks on plain key equality.

A common value makes a block whose pairs grow with the square of the list: "Fatima" born in
1990 is a handful of records in a list of ten thousand and thousands in a national one. A
block that would yield more than ``CAP_PAIRS`` pairs is split by the rule's refinement (a
further field, such as the postal code); a block still too large after that is left to the
other rules, which compare other fields (each rule exists to catch what the others miss, so
the true pairs in a capped block are nearly always found by another rule). Every cap is
counted, so the benchmark reports what the caps cost in recall.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# A block of this many pairs is about 15 records: more than any one person's records, few
# enough that the pairs of a million-row list stay in the tens of millions.
CAP_PAIRS = 100

_SEPARATOR = "chr(31)"


@dataclass(frozen=True)
class KeyedRule:
    """One blocking rule as key expressions: ``left`` on the left record, ``right`` on the
    right one (the same as ``left`` for a symmetric rule)."""

    number: int
    condition: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    refine: str | None

    @property
    def symmetric(self) -> bool:
        return self.left == self.right

    @property
    def left_column(self) -> str:
        return f"block_{self.number}"

    @property
    def right_column(self) -> str:
        return self.left_column if self.symmetric else f"block_{self.number}_r"

    @property
    def splink_rule(self) -> str:
        return f"l.{self.left_column} = r.{self.right_column}"


# SQL here is assembled from the model's rules and refinements, table and column names made
# here, and integers; never from a list's contents. Bandit's B608 is silenced line by line.
_SIDE = re.compile(r"\b([lr])\.(\w+)")


def _side_expression(expression: str, side: str) -> str:
    sides = {match.group(1) for match in _SIDE.finditer(expression)}
    if sides != {side}:
        raise ValueError(f"{expression!r} must refer to {side}. columns only")
    return _SIDE.sub(r"\2", expression)


def keyed(rules: list[str], refinements: Mapping[str, str]) -> list[KeyedRule]:
    """``rules`` ("l.a = r.a AND substr(l.b, 1, 1) = substr(r.b, 1, 1)") as key expressions;
    ``refinements`` maps a rule to the expression that splits its oversized blocks."""
    result = []
    for number, condition in enumerate(rules):
        left, right = [], []
        for part in re.split(r"\s+AND\s+", condition):
            sides = part.split(" = ")
            if len(sides) != 2:
                raise ValueError(f"{condition!r}: {part!r} is not one equality")
            left.append(_side_expression(sides[0].strip(), "l"))
            right.append(_side_expression(sides[1].strip(), "r"))
        result.append(
            KeyedRule(number, condition, tuple(left), tuple(right), refinements.get(condition))
        )
    return result


def key_sql(expressions: tuple[str, ...]) -> str:
    """One string from the expressions, NULL when any of them is NULL (as the equality)."""
    return f" || {_SEPARATOR} || ".join(f"CAST(({e}) AS VARCHAR)" for e in expressions)


def refined_sql(key: str, refine: str) -> str:
    """The key with the refinement appended, marked so it never equals an unrefined key."""
    return f"{key} || chr(30) || CAST(({refine}) AS VARCHAR)"


def _union(tables: Sequence[str], expression: str, where: str = "TRUE") -> str:
    return " UNION ALL ".join(
        f"SELECT {expression} AS key FROM {table} WHERE {where}"  # nosec B608
        for table in tables
    )


def _oversized(
    tables: Sequence[str], rule: KeyedRule, left: str, right: str, cap: int, where: str = "TRUE"
) -> str:
    """SQL for the keys whose block would yield more than ``cap`` pairs."""
    if rule.symmetric:
        return (
            f"SELECT key FROM ({_union(tables, left, where)}) WHERE key IS NOT NULL"  # nosec B608
            f" GROUP BY key HAVING count(*) * (count(*) - 1) / 2 > {int(cap)}"
        )
    return (
        f"SELECT l.key FROM (SELECT key, count(*) n FROM ({_union(tables, left, where)})"  # nosec B608
        f" WHERE key IS NOT NULL GROUP BY key) l JOIN (SELECT key, count(*) n FROM"
        f" ({_union(tables, right, where)}) WHERE key IS NOT NULL GROUP BY key) r"
        f" USING (key) WHERE l.n * r.n > {int(cap)}"
    )


def _scalar(con: Any, sql: str) -> int:
    return int(con.execute(sql).fetchone()[0])


def add_keys(
    con: Any, tables: Sequence[str], rules: Sequence[KeyedRule], *, cap: int = CAP_PAIRS
) -> dict[str, int]:
    """Add each rule's key column(s) to every table in ``tables`` (replacing the table), with
    oversized blocks split by the rule's refinement or dropped. Returns how many blocks were
    split and how many dropped, over all rules."""
    counts = {"split": 0, "dropped": 0}
    selects: list[str] = []
    for rule in rules:
        left, right = key_sql(rule.left), key_sql(rule.right)
        big, refined_big = f"blocking_big_{rule.number}", f"blocking_big_{rule.number}_refined"
        oversized = _oversized(tables, rule, left, right, cap)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {big} AS {oversized}")
        blocks = _scalar(con, f"SELECT count(*) FROM {big}")  # nosec B608
        if rule.refine and blocks:
            counts["split"] += blocks
            in_big = f"({left}) IN (SELECT key FROM {big}) OR ({right}) IN (SELECT key FROM {big})"  # nosec B608
            left_refined = refined_sql(left, rule.refine)
            right_refined = refined_sql(right, rule.refine)
            still = _oversized(tables, rule, left_refined, right_refined, cap, where=in_big)
            con.execute(f"CREATE OR REPLACE TEMP TABLE {refined_big} AS {still}")
            counts["dropped"] += _scalar(con, f"SELECT count(*) FROM {refined_big}")  # nosec B608
        else:
            counts["dropped"] += blocks
            con.execute(f"CREATE OR REPLACE TEMP TABLE {refined_big} (key VARCHAR)")
        for expression, column in {left: rule.left_column, right: rule.right_column}.items():
            refined = refined_sql(expression, rule.refine) if rule.refine else "NULL"
            selects.append(
                f"CASE WHEN ({expression}) NOT IN (SELECT key FROM {big}) THEN {expression}"  # nosec B608
                f" WHEN ({refined}) NOT IN (SELECT key FROM {refined_big}) THEN {refined}"
                f" END AS {column}"
            )
    for table in tables:
        con.execute(f"CREATE TABLE {table}_keyed AS SELECT *, {', '.join(selects)} FROM {table}")  # nosec B608
        con.execute(f"DROP TABLE {table}")
        con.execute(f"ALTER TABLE {table}_keyed RENAME TO {table}")
    for rule in rules:
        con.execute(f"DROP TABLE blocking_big_{rule.number}")
        con.execute(f"DROP TABLE blocking_big_{rule.number}_refined")
    return counts
