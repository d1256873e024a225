"""From a list row (the standard columns) to the columns the linkage model compares.

Rows arrive as a stream; ``batches`` turns them into Arrow record batches of a fixed size,
so a list of a million rows never sits whole in Python memory. Names, addresses and dates
repeat a lot in real lists, so their normalisation is cached. Normalising is pure Python and
the slowest part of reading a list: ``parallel_batches`` spreads it over worker processes,
one per core, while this process goes on reading.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from functools import lru_cache
from itertools import islice
from typing import Any

import pyarrow as pa
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


def row_features(
    unique_id: str, row: Mapping[str, Any], *, today: date | None = None
) -> tuple[Any, ...]:
    """One row's linkage columns, in the order of ``SCHEMA``. ``today`` (the latest possible
    birth date) is looked up once per list by ``batches``, not once per row."""
    fn, given = _name(str(row.get("first_name") or ""), False)
    ln, family = _name(str(row.get("last_name") or ""), True)
    birth = row.get("birth_date")
    today = today or timezone.localdate()
    dob = _birth_date(birth, today) if isinstance(birth, str) else _iso(birth, today)
    cpr = normalise.cpr_digits(row.get("cpr"))
    if dob is None and cpr:
        from_cpr = normalise.cpr_birth_date(cpr)
        dob = from_cpr.isoformat() if from_cpr else None
    address = _address(str(row.get("address") or ""))
    postal_code = normalise.postal_code(row.get("postal_code"))
    house = f"{address.street} {address.number}" if address.street and address.number else None
    return (
        unique_id,
        fn,
        ln,
        list(given.words),
        list(family.words),
        list(given.keys),
        list(family.keys),
        given.main_key,
        family.main_key,
        given.main_word,
        family.main_word,
        " ".join(sorted(set(given.keys) | set(family.keys))) or None,
        dob,
        int(dob[:4]) if dob else None,
        bool(dob and dob[5:] == "01-01"),
        cpr,
        normalise.phone_number(row.get("phone")),
        normalise.email_address(row.get("email")),
        address.street,
        address.number,
        house,
        address.key,
        postal_code,
        normalise.city(row.get("city")),
    )


def _iso(value: Any, today: date) -> str | None:
    day = normalise.parse_birth_date(value, today=today)
    return day.isoformat() if day else None


def batches(
    rows: Iterable[tuple[str, Mapping[str, Any]]], *, size: int = 50_000
) -> Iterator[pa.RecordBatch]:
    """Arrow record batches of ``size`` rows from ``(unique_id, row)`` pairs."""
    buffer: list[tuple[Any, ...]] = []
    today = timezone.localdate()
    for unique_id, row in rows:
        buffer.append(row_features(unique_id, row, today=today))
        if len(buffer) >= size:
            yield _batch(buffer)
            buffer = []
    if buffer:
        yield _batch(buffer)


def _features_batch(rows: list[tuple[str, Mapping[str, Any]]], today: date) -> pa.RecordBatch:
    """One record batch of ``rows`` (run in a worker process)."""
    return _batch([row_features(unique_id, row, today=today) for unique_id, row in rows])


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
                yield _features_batch(part, today)
        yield from batches(iterator, size=chunk)
        return
    context = multiprocessing.get_context("spawn")
    pending: deque[Future[pa.RecordBatch]] = deque()
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        for part in (first, following):
            pending.append(pool.submit(_features_batch, part, today))
        while part := list(islice(iterator, chunk)):
            pending.append(pool.submit(_features_batch, part, today))
            while len(pending) >= 2 * processes:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _batch(rows: list[tuple[Any, ...]]) -> pa.RecordBatch:
    columns = list(zip(*rows, strict=True))
    return pa.RecordBatch.from_arrays(
        [pa.array(column, type=field.type) for column, field in zip(columns, SCHEMA, strict=True)],
        schema=SCHEMA,
    )
