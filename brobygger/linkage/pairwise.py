"""The model's comparison levels evaluated in Python, for the few pairs of the door.

``model.COMPARISONS`` states each level as a DuckDB condition, which Splink evaluates on the
candidate pairs of an import. The duplicate warning scores one record against a few dozen
people while a caseworker waits: opening DuckDB, registering Arrow tables and planning a
query for that costs far more than the comparisons. So each condition is compiled here, once,
from its own SQL text (parsed with sqlglot, which Splink itself is built on) into a Python
function with SQL's semantics: NULL propagates, AND/OR/NOT follow three-valued logic, and a
level holds only when its condition is TRUE. The string functions are DuckDB's:
``jaro_winkler_similarity``, ``damerau_levenshtein``, ``hamming`` and ``strlen`` as DuckDB
computes them, ``||`` concatenation, ``substr`` 1-based, ``regexp_matches`` a search anywhere
in the text, ``list_has_any`` a shared element.

The level logic is therefore written once, in ``model``; a condition using SQL this module
does not know raises ``Unsupported`` when compiled, and the door then falls back to DuckDB
(``door.levels``). ``tests/test_pairwise.py`` holds the two equal on many generated pairs.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import sqlglot
from sqlglot import exp

from . import features

# A record's linkage columns, in the order of ``features.SCHEMA`` (``row_features``).
Row = Sequence[Any]
# A compiled expression: the value of the SQL expression for a pair (None is NULL).
Compiled = Callable[[Row, Row], Any]

_COLUMNS = {name: index for index, name in enumerate(features.SCHEMA.names)}


class Unsupported(ValueError):
    """The condition uses SQL that this module does not evaluate."""


# DuckDB's string distances ------------------------------------------------------------


def _bytes(text: str) -> str:
    """DuckDB measures both distances on the UTF-8 bytes, not the characters ("å" and "m"
    are two edits apart): one character per byte, so the functions below do the same."""
    return text if text.isascii() else text.encode("utf-8").decode("latin-1")


def jaro_winkler(first: str, second: str) -> float:
    """DuckDB's ``jaro_winkler_similarity``: Jaro similarity with the common prefix (up to 4
    characters) weighed 0.1, applied when the Jaro similarity is above 0.7."""
    if first == second:
        return 1.0
    first, second = _bytes(first), _bytes(second)
    length_a, length_b = len(first), len(second)
    if not length_a or not length_b:
        return 0.0
    window = max(0, max(length_a, length_b) // 2 - 1)
    matched_b = [False] * length_b
    matches_a = []
    for index, char in enumerate(first):
        low, high = max(0, index - window), min(length_b, index + window + 1)
        for other in range(low, high):
            if not matched_b[other] and second[other] == char:
                matched_b[other] = True
                matches_a.append(char)
                break
    matches = len(matches_a)
    if not matches:
        return 0.0
    matches_b = [char for char, hit in zip(second, matched_b, strict=True) if hit]
    transpositions = sum(a != b for a, b in zip(matches_a, matches_b, strict=True)) // 2
    jaro = (matches / length_a + matches / length_b + (matches - transpositions) / matches) / 3
    if jaro <= 0.7:
        return jaro
    prefix = 0
    for a, b in zip(first[:4], second[:4], strict=False):
        if a != b:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


def damerau_levenshtein(first: str, second: str) -> int:
    """DuckDB's ``damerau_levenshtein``: edits (insert, delete, substitute, swap two
    neighbouring characters) from one text to the other."""
    if first == second:
        return 0
    first, second = _bytes(first), _bytes(second)
    rows, columns = len(first), len(second)
    alphabet: dict[str, int] = {}
    big = rows + columns
    table = [[big] * (columns + 2)]
    table += [[big] + [0] * (columns + 1) for _ in range(rows + 1)]
    for i in range(rows + 1):
        table[i + 1][1] = i
    for j in range(columns + 1):
        table[1][j + 1] = j
    for i in range(1, rows + 1):
        last_match = 0
        for j in range(1, columns + 1):
            earlier = alphabet.get(second[j - 1], 0)
            previous_match = last_match
            cost = 0 if first[i - 1] == second[j - 1] else 1
            if not cost:
                last_match = j
            table[i + 1][j + 1] = min(
                table[i][j] + cost,
                table[i + 1][j] + 1,
                table[i][j + 1] + 1,
                table[earlier][previous_match] + (i - earlier - 1) + 1 + (j - previous_match - 1),
            )
        alphabet[first[i - 1]] = i
    return table[rows + 1][columns + 1]


def strlen(text: str) -> int:
    """DuckDB's ``strlen``: the length in bytes."""
    return len(text.encode("utf-8"))


def hamming(first: str, second: str) -> int:
    """DuckDB's ``hamming``: the bytes that differ between texts of one length (in bytes)."""
    first, second = _bytes(first), _bytes(second)
    if len(first) != len(second):
        raise ValueError("hamming: the texts must be of equal length")
    return sum(a != b for a, b in zip(first, second, strict=True))


_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "damerau_levenshtein": damerau_levenshtein,
    "strlen": strlen,
    "hamming": hamming,
}


def within_one_edit(first: str, second: str) -> bool:
    """``damerau_levenshtein(first, second) <= 1`` without the table: equal, or one character
    inserted, deleted or replaced, or two neighbours swapped (on the bytes, as DuckDB)."""
    if first == second:
        return True
    first, second = _bytes(first), _bytes(second)
    if abs(len(first) - len(second)) > 1:
        return False
    start = 0
    while start < min(len(first), len(second)) and first[start] == second[start]:
        start += 1
    a, b = first[start:], second[start:]
    if len(a) == len(b):
        return a[1:] == b[1:] or (len(a) >= 2 and a[0] == b[1] and a[1] == b[0] and a[2:] == b[2:])
    return a[1:] == b if len(a) > len(b) else a == b[1:]


# Compiling -----------------------------------------------------------------------------


def _column(node: exp.Column) -> Compiled:
    name = node.name
    side, column = name[-1], name[:-2]
    if name[-2:] not in ("_l", "_r") or column not in _COLUMNS:
        raise Unsupported(f"unknown column {name}")
    index = _COLUMNS[column]
    if side == "l":
        return lambda left, right: left[index]
    return lambda left, right: right[index]


def _literal(node: exp.Literal) -> Compiled:
    value: Any = node.this
    if not node.is_string:
        value = float(value) if "." in value else int(value)
    return lambda left, right: value


def _strict(function: Callable[..., Any], *arguments: Compiled) -> Compiled:
    """A function of SQL values that is NULL when any argument is NULL."""
    if len(arguments) == 1:
        (only,) = arguments

        def one(left: Row, right: Row) -> Any:
            value = only(left, right)
            return None if value is None else function(value)

        return one
    first, second = arguments[0], arguments[1]
    rest = arguments[2:]

    def many(left: Row, right: Row) -> Any:
        a = first(left, right)
        if a is None:
            return None
        b = second(left, right)
        if b is None:
            return None
        others = [argument(left, right) for argument in rest]
        if any(value is None for value in others):
            return None
        return function(a, b, *others)

    return many


def _and(a: Compiled, b: Compiled) -> Compiled:
    def both(left: Row, right: Row) -> bool | None:
        x = a(left, right)
        if x is False:
            return False
        y = b(left, right)
        if y is False:
            return False
        return None if x is None or y is None else True

    return both


def _or(a: Compiled, b: Compiled) -> Compiled:
    def either(left: Row, right: Row) -> bool | None:
        x = a(left, right)
        if x is True:
            return True
        y = b(left, right)
        if y is True:
            return True
        return None if x is None or y is None else False

    return either


def _substring(text: str, start: int, length: int | None = None) -> str:
    begin = max(start - 1, 0)
    return text[begin:] if length is None else text[begin : begin + length]


_COMPARE: dict[type[exp.Expression], Callable[[Any, Any], Any]] = {
    exp.EQ: operator.eq,
    exp.NEQ: operator.ne,
    exp.GT: operator.gt,
    exp.GTE: operator.ge,
    exp.LT: operator.lt,
    exp.LTE: operator.le,
    exp.Sub: operator.sub,
    exp.Add: operator.add,
}


def _compile(node: exp.Expression) -> Compiled:  # noqa: C901, PLR0911 - one case per node type
    if isinstance(node, exp.Paren):
        return _compile(node.this)
    if isinstance(node, exp.Column):
        return _column(node)
    if isinstance(node, exp.Literal):
        return _literal(node)
    if isinstance(node, exp.Boolean):
        constant = bool(node.this)
        return lambda left, right: constant
    if isinstance(node, exp.And):
        return _and(_compile(node.this), _compile(node.expression))
    if isinstance(node, exp.Or):
        return _or(_compile(node.this), _compile(node.expression))
    if isinstance(node, exp.Not):
        return _strict(operator.not_, _compile(node.this))
    if isinstance(node, exp.Is) and isinstance(node.expression, exp.Null):
        inner = _compile(node.this)
        return lambda left, right: inner(left, right) is None
    if _is_within_one_edit(node):
        return _strict(within_one_edit, *(_compile(part) for part in node.this.expressions))
    if type(node) in _COMPARE:
        return _strict(_COMPARE[type(node)], _compile(node.this), _compile(node.expression))
    if isinstance(node, exp.DPipe):
        return _strict(operator.add, _compile(node.this), _compile(node.expression))
    if isinstance(node, exp.Abs):
        return _strict(abs, _compile(node.this))
    if isinstance(node, exp.Substring):
        parts = [_compile(node.this), _compile(node.args["start"])]
        if node.args.get("length") is not None:
            parts.append(_compile(node.args["length"]))
        return _strict(_substring, *parts)
    if isinstance(node, exp.RegexpLike):
        pattern = node.expression
        if not isinstance(pattern, exp.Literal) or not pattern.is_string:
            raise Unsupported("a regular expression must be a literal")
        search = re.compile(pattern.this).search
        return _strict(lambda text: search(text) is not None, _compile(node.this))
    if isinstance(node, exp.ArrayOverlaps):
        return _strict(
            lambda a, b: not set(a).isdisjoint(b), _compile(node.this), _compile(node.expression)
        )
    if isinstance(node, exp.JarowinklerSimilarity):
        return _strict(jaro_winkler, _compile(node.this), _compile(node.expression))
    if isinstance(node, exp.Anonymous) and node.name.lower() in _FUNCTIONS:
        function = _FUNCTIONS[node.name.lower()]
        return _strict(function, *(_compile(part) for part in node.expressions))
    raise Unsupported(f"{type(node).__name__} in {node.sql(dialect='duckdb')}")


def _is_within_one_edit(node: exp.Expression) -> bool:
    """``damerau_levenshtein(a, b) <= 1``, the model's only use of the distance."""
    return (
        isinstance(node, exp.LTE)
        and isinstance(node.this, exp.Anonymous)
        and node.this.name.lower() == "damerau_levenshtein"
        and len(node.this.expressions) == 2
        and isinstance(node.expression, exp.Literal)
        and not node.expression.is_string
        and node.expression.this == "1"
    )


@cache
def condition(sql: str) -> Callable[[Row, Row], bool]:
    """The level's condition as a function of two rows: TRUE holds, FALSE and NULL do not.
    ``ELSE`` always holds."""
    if sql.strip().upper() == "ELSE":
        return lambda left, right: True
    parsed = sqlglot.parse_one(sql, read="duckdb")
    if not isinstance(parsed, exp.Expression):
        raise Unsupported(sql)
    compiled = _compile(parsed)
    return lambda left, right: compiled(left, right) is True


@cache
def comparison_conditions(
    comparisons: tuple[tuple[str, tuple[str, ...]], ...],
) -> list[tuple[str, list[Callable[[Row, Row], bool]]]]:
    """For each comparison (its output column and its levels' SQL, in order) the compiled
    conditions."""
    return [(name, [condition(sql) for sql in levels]) for name, levels in comparisons]


def level_indices(
    comparisons: tuple[tuple[str, tuple[str, ...]], ...], left: Row, right: Row
) -> dict[str, int | None]:
    """comparison → the index of the first level whose condition holds (Splink's order), or
    None when none does."""
    found: dict[str, int | None] = {}
    for name, conditions in comparison_conditions(comparisons):
        found[name] = next(
            (index for index, holds in enumerate(conditions) if holds(left, right)), None
        )
    return found
