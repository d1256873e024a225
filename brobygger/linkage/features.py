"""From a list row (the standard columns) to the columns the linkage model compares.

Rows arrive as a stream; ``batches`` turns them into Arrow record batches of a fixed size,
so a list of a million rows never sits whole in Python memory. Names, addresses and dates
repeat a lot in real lists: a batch is normalised column by column, each distinct value of a
column once (``columns_batch``; ``row_features`` is the same for one row), and the values
are cached across batches. Normalising is pure Python and the slowest part of reading a
list: ``parallel_batches`` spreads it over worker processes, one per core, while this process
goes on reading.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from functools import lru_cache
from itertools import islice
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.utils import timezone

from . import normalise

STANDARD_COLUMNS = (
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

SCHEMA = pa.schema(
    [
        ("unique_id", pa.string()),
        ("fn", pa.string()),
        ("ln", pa.string()),
        ("fn_words", pa.list_(pa.string())),
        ("ln_words", pa.list_(pa.string())),
        ("fn_keys", pa.list_(pa.string())),
        ("ln_keys", pa.list_(pa.string())),
        ("fn1", pa.string()),
        ("ln1", pa.string()),
        ("fn1w", pa.string()),
        ("ln1w", pa.string()),
        ("name_set", pa.string()),
        ("dob", pa.string()),
        ("dob_year", pa.int32()),
        ("dob_placeholder", pa.bool_()),
        ("cpr", pa.string()),
        ("phone", pa.string()),
        ("email", pa.string()),
        ("street", pa.string()),
        ("house_number", pa.string()),
        ("house", pa.string()),
        ("address", pa.string()),
        ("postal_code", pa.string()),
        ("city", pa.string()),
    ]
)

_CACHE = 200_000


@lru_cache(maxsize=_CACHE)
def _name(text: str, surname: bool) -> tuple[str | None, normalise.Name]:
    return normalise.folded_name(text), normalise.parse_name(text, surname=surname)


@lru_cache(maxsize=_CACHE)
def _address(text: str) -> normalise.Address:
    return normalise.parse_address(text)


@lru_cache(maxsize=_CACHE)
def _birth_date(text: str, today: date) -> str | None:
    day = normalise.parse_birth_date(text, today=today)
    return day.isoformat() if day else None


# Each cell of a row gives one or more linkage columns, by a function of that cell alone:
# ``row_features`` calls it once per row, ``columns_batch`` once per distinct value of a
# column. The columns that combine cells (the name set, the birth date from the CPR number
# when the list has none, the year and the placeholder flag) are derived after that.


def _given_name(value: Any, today: date) -> tuple[Any, ...]:
    return _name_columns(value, surname=False)


def _family_name(value: Any, today: date) -> tuple[Any, ...]:
    return _name_columns(value, surname=True)


def _name_columns(value: Any, *, surname: bool) -> tuple[Any, ...]:
    folded, name = _name(str(value or ""), surname)
    return folded, list(name.words), list(name.keys), name.main_key, name.main_word


def _listed_birth_date(value: Any, today: date) -> tuple[str | None]:
    return (_birth_date(value, today) if isinstance(value, str) else _iso(value, today),)


def _address_columns(value: Any, today: date) -> tuple[Any, ...]:
    address = _address(str(value or ""))
    house = f"{address.street} {address.number}" if address.street and address.number else None
    return address.street, address.number, house, address.key


def _one(function: Callable[[Any], str | None]) -> Callable[[Any, date], tuple[str | None]]:
    return lambda value, today: (function(value),)


CELL_COLUMNS: tuple[tuple[str, tuple[str, ...], Callable[[Any, date], tuple[Any, ...]]], ...] = (
    ("first_name", ("fn", "fn_words", "fn_keys", "fn1", "fn1w"), _given_name),
    ("last_name", ("ln", "ln_words", "ln_keys", "ln1", "ln1w"), _family_name),
    ("birth_date", ("listed_dob",), _listed_birth_date),
    ("cpr", ("cpr",), _one(normalise.cpr_digits)),
    ("phone", ("phone",), _one(normalise.phone_number)),
    ("email", ("email",), _one(normalise.email_address)),
    ("address", ("street", "house_number", "house", "address"), _address_columns),
    ("postal_code", ("postal_code",), _one(normalise.postal_code)),
    ("city", ("city",), _one(normalise.city)),
)


def _name_set(fn_keys: list[str], ln_keys: list[str]) -> str | None:
    return " ".join(sorted(set(fn_keys) | set(ln_keys))) or None


def _cpr_date(cpr: str | None) -> str | None:
    from_cpr = normalise.cpr_birth_date(cpr)
    return from_cpr.isoformat() if from_cpr else None


def row_features(
    unique_id: str, row: Mapping[str, Any], *, today: date | None = None
) -> tuple[Any, ...]:
    """One row's linkage columns, in the order of ``SCHEMA``. ``today`` (the latest possible
    birth date) is looked up once per list by ``batches``, not once per row."""
    today = today or timezone.localdate()
    values: dict[str, Any] = {"unique_id": unique_id}
    for cell, columns, function in CELL_COLUMNS:
        values.update(zip(columns, function(row.get(cell), today), strict=True))
    dob = values["listed_dob"]
    if dob is None and values["cpr"]:
        dob = _cpr_date(values["cpr"])
    values.update(
        name_set=_name_set(values["fn_keys"], values["ln_keys"]),
        dob=dob,
        dob_year=int(dob[:4]) if dob else None,
        dob_placeholder=bool(dob and dob[5:] == "01-01"),
    )
    return tuple(values[name] for name in SCHEMA.names)


def _iso(value: Any, today: date) -> str | None:
    day = normalise.parse_birth_date(value, today=today)
    return day.isoformat() if day else None


def batches(
    rows: Iterable[tuple[str, Mapping[str, Any]]], *, size: int = 50_000
) -> Iterator[pa.RecordBatch]:
    """Arrow record batches of ``size`` rows from ``(unique_id, row)`` pairs."""
    today = timezone.localdate()
    iterator = iter(rows)
    while part := list(islice(iterator, size)):
        yield columns_batch(part, today)


def _distinct(values: list[Any]) -> tuple[list[Any], pa.Array]:
    """The distinct values of a column (first seen first) and each row's index among them.
    A value is told apart by its type too (the cell 1 is not the cell True or "1")."""
    index: dict[Any, int] = {}
    codes = [
        index.setdefault(value if value.__class__ is str else (value.__class__, value), len(index))
        for value in values
    ]
    return [key if key.__class__ is str else key[1] for key in index], pa.array(
        codes, type=pa.int32()
    )


# The types of the columns, and of the birth date as listed (before the CPR number's).
_TYPES = {field.name: field.type for field in SCHEMA} | {"listed_dob": pa.string()}


def columns_batch(rows: list[tuple[str, Mapping[str, Any]]], today: date) -> pa.RecordBatch:
    """The record batch of ``row_features`` for ``rows``, with each cell function called
    once per distinct value of its column (names, dates and addresses repeat) and the
    columns that combine cells derived by Arrow."""
    arrays: dict[str, pa.Array] = {
        "unique_id": pa.array([unique_id for unique_id, _ in rows], type=pa.string())
    }
    keys: dict[str, tuple[list[Any], pa.Array]] = {}
    for cell, columns, function in CELL_COLUMNS:
        distinct, codes = _distinct([row.get(cell) for _, row in rows])
        results = list(zip(*(function(value, today) for value in distinct), strict=True))
        for column, values in zip(columns, results or [()] * len(columns), strict=True):
            keys[column] = list(values), codes
            arrays[column] = pa.array(values, type=_TYPES[column]).take(codes)
    arrays["name_set"] = _name_sets(keys["fn_keys"], keys["ln_keys"])
    listed, cpr = arrays["listed_dob"], arrays["cpr"]
    # The CPR number's date only where the list has none (stdnum's reading is slow).
    numbers = pc.unique(pc.filter(cpr, pc.and_(pc.is_null(listed), pc.is_valid(cpr))))
    dates = pa.array([_cpr_date(number) for number in numbers.to_pylist()], type=pa.string())
    dob = arrays["dob"] = pc.coalesce(listed, dates.take(pc.index_in(cpr, value_set=numbers)))
    arrays["dob_year"] = pc.cast(pc.utf8_slice_codeunits(dob, 0, 4), pa.int32())
    arrays["dob_placeholder"] = pc.fill_null(
        pc.equal(pc.utf8_slice_codeunits(dob, 5), "01-01"), False
    )
    return pa.RecordBatch.from_arrays([arrays[name] for name in SCHEMA.names], schema=SCHEMA)


def _name_sets(
    given: tuple[list[list[str]], pa.Array], family: tuple[list[list[str]], pa.Array]
) -> pa.Array:
    """``_name_set`` of each row's two names, once per distinct pair of names."""
    (given_keys, given_codes), (family_keys, family_codes) = given, family
    width = len(family_keys)
    pairs = pc.add(
        pc.multiply(given_codes.cast(pa.int64()), width), family_codes
    ).dictionary_encode()
    sets = [
        _name_set(given_keys[pair // width], family_keys[pair % width])
        for pair in pairs.dictionary.to_pylist()
    ]
    return pa.array(sets, type=pa.string()).take(pairs.indices)


# Rows per task sent to a worker: large enough that sending rows and batches between
# processes costs little beside normalising them.
PARALLEL_CHUNK = 10_000


def workers() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def parallel_batches(
    rows: Iterable[tuple[str, Mapping[str, Any]]],
    *,
    processes: int | None = None,
    chunk: int = PARALLEL_CHUNK,
) -> Iterator[pa.RecordBatch]:
    """The record batches of ``batches`` (the same rows in the same order, in batches of
    ``chunk`` rows), normalised by ``processes`` worker processes (default: one per core).

    A list of one chunk or less is normalised here, without starting workers. Workers are
    fresh interpreters ("spawn", never a fork of this process, whose DuckDB and Arrow threads
    may hold locks; they are this process's children, so their CPU time and memory count in
    its resource usage), and at most two chunks per worker are under way, so memory stays
    bounded however long the list."""
    processes = processes or workers()
    iterator = iter(rows)
    first = list(islice(iterator, chunk))
    today = timezone.localdate()
    following = list(islice(iterator, chunk))
    if not following or processes < 2:
        for part in (first, following):
            if part:
                yield columns_batch(part, today)
        yield from batches(iterator, size=chunk)
        return
    context = multiprocessing.get_context("spawn")
    pending: deque[Future[pa.RecordBatch]] = deque()
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        for part in (first, following):
            pending.append(pool.submit(columns_batch, part, today))
        while part := list(islice(iterator, chunk)):
            pending.append(pool.submit(columns_batch, part, today))
            while len(pending) >= 2 * processes:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
