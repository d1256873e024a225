"""The start page of knowledge counts every library at once, as the library lists it."""

from __future__ import annotations

import pytest

from brobygger.knowledge import selectors
from brobygger.knowledge.tests.factories import MethodEntryFactory
from brobygger.partnerships.tests.factories import PartnershipFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


def test_library_sizes_count_what_each_library_lists(cast: Cast) -> None:
    other = PartnershipFactory()
    shared = MethodEntryFactory(shared=True)
    MethodEntryFactory(partnership=cast.partnership)
    MethodEntryFactory(partnership=cast.partnership, based_on=shared)  # gives way to its own
    MethodEntryFactory(partnership=other, adapted=True)  # adapts a shared entry of its own
    MethodEntryFactory(partnership=other)

    sizes = selectors.library_sizes(partnerships=[cast.partnership, other])

    assert sizes == {
        p.pk: selectors.method_entry_list(user=cast.alice, partnership=p).count()
        for p in (cast.partnership, other)
    }
    assert sizes[cast.partnership.pk] == sizes[other.pk]


def test_library_sizes_read_the_libraries_in_two_queries(
    cast: Cast, django_assert_num_queries: object
) -> None:
    partnerships = PartnershipFactory.create_batch(3)
    for partnership in partnerships:
        MethodEntryFactory.create_batch(2, partnership=partnership)

    with django_assert_num_queries(2):  # type: ignore[operator]
        sizes = selectors.library_sizes(partnerships=partnerships)

    assert set(sizes) == {p.pk for p in partnerships}
