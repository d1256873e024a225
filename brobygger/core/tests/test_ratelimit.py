"""The public forms' rate limit counts in the database, for every process together."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection

from brobygger.core import ratelimit
from brobygger.core.models import RateLimitCount


def _in_another_thread(key: str, limit: int) -> bool:
    """``allow`` in a thread of its own, which opens its own database connection."""
    answers: list[bool] = []

    def hit() -> None:
        try:
            answers.append(ratelimit.allow(key, limit=limit))
        finally:
            connection.close()

    thread = threading.Thread(target=hit)
    thread.start()
    thread.join()
    return answers[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_processes_share_the_count(time_machine: Any) -> None:
    time_machine.move_to(datetime(2026, 11, 2, 9, 0, 10, tzinfo=UTC), tick=False)
    assert [ratelimit.allow("signup:10.0.0.1", limit=3) for _ in range(3)] == [True] * 3

    # Another worker process: nothing of this process's memory, its own connection.
    cache.clear()
    assert _in_another_thread("signup:10.0.0.1", limit=3) is False
    assert _in_another_thread("signup:10.0.0.2", limit=3) is True


@pytest.mark.django_db
def test_a_new_window_counts_afresh_and_removes_the_ended_ones(time_machine: Any) -> None:
    time_machine.move_to(datetime(2026, 11, 2, 9, 0, 10, tzinfo=UTC), tick=False)
    assert [ratelimit.allow("interest:10.0.0.1", limit=2) for _ in range(3)] == [
        True,
        True,
        False,
    ]

    time_machine.move_to(datetime(2026, 11, 2, 9, 2, 0, tzinfo=UTC), tick=False)
    assert ratelimit.allow("interest:10.0.0.1", limit=2) is True

    [row] = RateLimitCount.objects.all()
    assert row.window_start == datetime(2026, 11, 2, 9, 2, 0, tzinfo=UTC)
    assert row.count == 1


@pytest.mark.django_db
def test_the_client_address_is_not_stored() -> None:
    ratelimit.allow("signup:192.0.2.44", limit=3)

    [row] = RateLimitCount.objects.all()
    assert "192.0.2.44" not in row.key and len(row.key) == 64
