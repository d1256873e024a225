"""Normalising a list's rows: once per distinct value of a column (``features.columns_batch``),
in worker processes (``features.parallel_batches``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pytest

from brobygger.linkage import features


def _rows(count: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """Rows with the spellings, formats and gaps that the normalisation has to read."""
    names = [("Mohammed", "Al-Hassan"), ("Ayşe", "Yılmaz"), ("Fatima", "Ali"), ("", "Nguyễn")]
    dates: list[Any] = ["12.03.1990", "1990-03-12", "", datetime.date(1985, 1, 1), None]
    for index in range(count):
        first, last = names[index % len(names)]
        yield (
            f"r{index}",
            {
                "first_name": first,
                "last_name": last,
                "birth_date": dates[index % len(dates)],
                "cpr": "120390-1234" if index % 3 else "",
                "phone": f"+45 20 {index % 97:02d} 11 22",
                "email": f"person{index % 50}@example.org",
                "address": f"Vesterg. {index % 40}, 2. t.v." if index % 4 else "6 Tullaroop Street",
                "postal_code": str(8000 + index % 7),
                "city": "Århus" if index % 2 else "Aarhus",
            },
        )


def _odd_rows() -> Iterator[tuple[str, dict[str, Any]]]:
    """Cells a spreadsheet or the registry may give: missing, numbers, dates, the CPR number
    as the only birth date, the 1 January placeholder, values equal across types."""
    cells: list[dict[str, Any]] = [
        {},
        {"first_name": None, "last_name": "", "cpr": "0101901234"},
        {"first_name": 1, "last_name": True, "cpr": 101901234, "phone": 20304050},
        {"first_name": "1", "last_name": "True", "cpr": "101901234", "phone": "20304050"},
        {
            "birth_date": datetime.datetime(1990, 1, 1, 12, 0, tzinfo=datetime.UTC),
            "cpr": "0101901234",
        },
        {"birth_date": datetime.date(1990, 1, 1), "address": "Nørregade 3 st th"},
        {"birth_date": "1/1/1990", "cpr": "3112991234", "postal_code": 8000, "city": "Kbh."},
        {"birth_date": "not a date", "cpr": "311299-1234", "email": "A@B.DK "},
        {"first_name": "Abdul Karim", "last_name": "Alhassan", "cpr": "311299-1234"},
        {"first_name": "Alhassan", "last_name": "Abdul Karim", "birth_date": "2099-01-01"},
        {"first_name": "محمد", "last_name": "Nguyễn Thị", "address": "Vesterg. 12, 2. t.v."},
    ]
    for index, row in enumerate(cells):
        yield f"odd{index}", row


def test_distinct_values_give_the_features_of_each_row() -> None:
    today = datetime.date(2026, 12, 7)
    rows = list(_rows(450)) + list(_odd_rows()) + list(_odd_rows())
    expected = pa.Table.from_pylist(
        [
            dict(
                zip(
                    features.SCHEMA.names,
                    features.row_features(unique_id, row, today=today),
                    strict=True,
                )
            )
            for unique_id, row in rows
        ],
        schema=features.SCHEMA,
    )
    batch = features.columns_batch(rows, today)
    assert pa.Table.from_batches([batch]).equals(expected)
    # The CPR number's date, a datetime and a date; the placeholder flagged.
    dob = batch.column("dob").to_pylist()
    assert [dob[-10], dob[-7], dob[-6]] == ["1990-01-01"] * 3
    assert batch.column("dob_placeholder").to_pylist()[-10]


def _table(batches: Iterator[pa.RecordBatch]) -> pa.Table:
    return pa.Table.from_batches(list(batches), schema=features.SCHEMA)


def test_workers_give_the_same_rows_in_the_same_order_as_one_process() -> None:
    expected = _table(features.batches(_rows(450)))
    parallel = list(features.parallel_batches(_rows(450), processes=2, chunk=100))
    assert [batch.num_rows for batch in parallel] == [100, 100, 100, 100, 50]
    assert _table(iter(parallel)).equals(expected)


def test_a_list_of_one_chunk_starts_no_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a short list must not start worker processes")

    monkeypatch.setattr(features, "ProcessPoolExecutor", no_pool)
    expected = _table(features.batches(_rows(100)))
    assert _table(features.parallel_batches(_rows(100), processes=2, chunk=100)).equals(expected)
    assert _table(features.parallel_batches(_rows(250), processes=1, chunk=100)).equals(
        _table(features.batches(_rows(250)))
    )
    assert list(features.parallel_batches(iter([]), processes=2)) == []


def test_an_error_in_the_list_stops_the_workers_and_reaches_the_caller() -> None:
    def broken() -> Iterator[tuple[str, dict[str, Any]]]:
        yield from _rows(250)
        raise ValueError("row 252 cannot be read")

    with pytest.raises(ValueError, match="row 252"):
        list(features.parallel_batches(broken(), processes=2, chunk=100))
