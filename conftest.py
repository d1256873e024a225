from __future__ import annotations

from collections.abc import Iterator

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


# The fact table of the figures (measures.PersonFact) is kept by the services in the same
# transaction as their writes. After every test of the modules that exercise those writes
# (registration, status, contact, sources, merging, interventions, erasure, the list import,
# and measures' end-to-end test of every service), the kept table must equal a rebuild
# from the records. Modules whose fixtures rewrite people with queryset updates (no service
# runs there) are left out.
FACTS_CHECKED = (
    "brobygger/people/tests/",
    "brobygger/interventions/tests/",
    "brobygger/privacy/tests/test_erasure.py",
    "brobygger/linkage/tests/test_import.py",
    "brobygger/measures/tests/test_facts.py",
)
FACTS_NOT_CHECKED = (
    "brobygger/people/tests/test_person_page.py",
    "brobygger/people/tests/test_conflict.py",
)


@pytest.fixture(autouse=True)
def registries_forgotten() -> Iterator[None]:
    """The door's registry facts are kept per process (``linkage.warning``); no test sees
    another's."""
    yield
    from brobygger.linkage.warning import forget_registries

    forget_registries()


@pytest.fixture(autouse=True)
def cache_forgotten() -> Iterator[None]:
    """Django's cache lives as long as the process (per worker): no test sees what another
    cached. Two tests can build data whose cache keys agree (the method sections' key is the
    data's counts and newest ids, and a rolled-back database hands out the same ids again)."""
    yield
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def request_id_forgotten() -> None:
    """Each test starts outside a request. A request's id is forgotten when Django sends
    ``request_finished`` (so that its own lines after the middleware still carry the id), and a
    test whose request raised, or whose streamed response it never closed, leaves the id of
    that request in the worker's thread for the next test."""
    from brobygger.core.logs import forget_request_id

    forget_request_id()


@pytest.fixture(autouse=True)
def facts_kept(request: pytest.FixtureRequest) -> Iterator[None]:
    path = request.node.path.relative_to(request.config.rootpath).as_posix()
    checked = path.startswith(FACTS_CHECKED) and not path.startswith(FACTS_NOT_CHECKED)
    if not checked or request.node.get_closest_marker("django_db") is None:
        yield
        return
    # Requested here so that this check runs before the test's transaction is rolled back.
    request.getfixturevalue("db")
    yield
    from brobygger.measures.services import stale_facts

    stale = stale_facts()
    assert not stale, f"the fact table lags behind the records (kept, rebuilt): {stale}"
