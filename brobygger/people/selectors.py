"""Reads of person-level data. Every function starts from ``Person.objects.visible_to(user)``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import models
from django.db.models import Count

from brobygger.accounts.access import AnyUser, get_visible_or_404

from .models import Person


def person_list(
    *, user: AnyUser, query: str = "", status: str = "", municipality_id: int | None = None
) -> models.QuerySet[Person]:
    people = Person.objects.visible_to(user).select_related("municipality", "assigned_caseworker")
    if query:
        for term in query.split()[:5]:
            people = people.filter(
                models.Q(first_name__icontains=term) | models.Q(last_name__icontains=term)
            )
    if status:
        people = people.filter(status=status)
    if municipality_id is not None:
        people = people.filter(municipality_id=municipality_id)
    return people


def person_get(*, user: AnyUser, pk: int) -> Person:
    return get_visible_or_404(person_list(user=user), user=user, pk=pk)


def people_status_counts_by_municipality(
    *, municipality_ids: Iterable[int]
) -> dict[int, dict[str, int]]:
    """Counts per municipality and status. Aggregates only: callers show figures, not people."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Person.objects.filter(municipality_id__in=list(municipality_ids))
        .values("municipality_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        counts[row["municipality_id"]][row["status"]] = row["n"]
    return counts
