from __future__ import annotations

import pytest
from time_machine import TimeMachineFixture

from brobygger.testing import SUITE_TODAY, Cast, make_cast


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()


@pytest.fixture
def suite_today(time_machine: TimeMachineFixture) -> None:
    """Start the clock at the suite's "today" (``SUITE_TODAY``) for a test that means a date: a
    period, a quarter, an expiry or a deadline. It ticks on from there, so rows made one after
    the other keep their order."""
    time_machine.move_to(SUITE_TODAY)
