"""Reads of saved lists and of the people a bulk action is about. Every read of people goes
through ``Person.objects.visible_to(user, permission)`` (people's selectors): an id she may
not see is only counted, never read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from brobygger.accounts.access import AnyUser, Permission, get_visible_or_404
from brobygger.people import selectors as people_selectors
from brobygger.people.filters import PersonFilters
from brobygger.people.models import Person

from .models import ListSnapshot, SavedList


@dataclass(frozen=True)
class Selection:
    """The people a bulk action is about: those she may act on (``people``), and how many
    of the chosen ids she may not see or change (``hidden``), who are left alone."""

    people: list[Person] = field(default_factory=list)
    hidden: int = 0
    ids: tuple[int, ...] = ()

    @property
    def chosen(self) -> int:
        return len(self.ids)


class SelectionTooLarge(ValueError):
    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


def parse_ids(values: Iterable[object]) -> list[int]:
    """The distinct person ids of the form, in order; anything that is no id is dropped."""
    seen: dict[int, None] = {}
    for value in values:
        text = str(value).strip()
        if text.isdigit() and len(text) < 12:
            seen.setdefault(int(text), None)
    return list(seen)


def matching_ids(*, user: AnyUser, filters: PersonFilters) -> list[int]:
    """The ids of the people the list's filters find for the user (at most one more than
    the largest selection, to tell that it is too large)."""
    people = people_selectors.person_list(user=user, query=filters.query, filters=filters)
    return list(people.values_list("pk", flat=True)[: settings.BULK_MAX_SELECTION + 1])


def selection_of(*, user: AnyUser, ids: list[int], permission: Permission) -> Selection:
    """The chosen people that ``user`` holds ``permission`` for (not merged away); the rest
    counted only. Raises SelectionTooLarge over ``BULK_MAX_SELECTION``."""
    if len(ids) > settings.BULK_MAX_SELECTION:
        raise SelectionTooLarge(len(ids))
    people = list(
        people_selectors.people_visible(user=user, permission=permission)
        .filter(pk__in=ids, merged_into__isnull=True)
        .select_related("municipality", "assigned_caseworker", "preferred_language")
        .order_by("last_name", "first_name", "pk")
    )
    return Selection(people=people, hidden=len(ids) - len(people), ids=tuple(ids))


def saved_lists_of(*, user: AnyUser) -> models.QuerySet[SavedList]:
    """Her own lists and the lists shared in the municipalities whose people she sees."""
    return (
        SavedList.objects.visible_to(user)
        .filter(models.Q(owner_id=user.pk) | models.Q(shared=True))
        .select_related("owner", "municipality")
        .prefetch_related(
            models.Prefetch("snapshots", queryset=ListSnapshot.objects.order_by("-taken_on"))
        )
        .order_by("name", "pk")
    )


def saved_list_get(*, user: AnyUser, pk: int) -> SavedList:
    """One of her own or a shared list of her municipality; anything else is a 404."""
    return get_visible_or_404(saved_lists_of(user=user), user=user, pk=pk)


def list_filters(saved: SavedList) -> PersonFilters:
    """The list's stored filters, validated (ValidationError when one no longer holds)."""
    return PersonFilters.from_data(saved.filters)


def list_count(*, user: AnyUser, filters: PersonFilters) -> int:
    return people_selectors.people_counts(user=user, searches={0: filters})[0]


@dataclass(frozen=True)
class ListRow:
    saved: SavedList
    count: int | None
    error: str = ""


def list_rows(*, user: AnyUser) -> list[ListRow]:
    """Her lists with their current count (or why a list cannot be counted), counted in one
    query."""
    lists = list(saved_lists_of(user=user))
    searches: dict[int, PersonFilters] = {}
    errors: dict[int, str] = {}
    for saved in lists:
        try:
            searches[saved.pk] = list_filters(saved)
        except ValidationError as error:
            errors[saved.pk] = " ".join(error.messages)
    counts = people_selectors.people_counts(user=user, searches=searches)
    return [ListRow(saved, counts.get(saved.pk), errors.get(saved.pk, "")) for saved in lists]


def list_series(*, saved: SavedList, days: int = 90) -> list[ListSnapshot]:
    """The list's daily counts, oldest first (the last ``days`` taken)."""
    return list(
        reversed(ListSnapshot.objects.filter(saved_list=saved).order_by("-taken_on")[:days])
    )
