"""Writes to the access log. Every use of personal data passes through ``access_record``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from django.db import models

from brobygger.accounts.models import User

from .context import current_request
from .models import AccessAction, AccessLogEntry

if TYPE_CHECKING:
    from brobygger.accounts.access import AnyUser


@runtime_checkable
class AccessLogSubject(Protocol):
    """A record about a person. Its ``access_log_subject`` names (person id, municipality id)."""

    def access_log_subject(self) -> tuple[int | None, int | None]: ...


def access_record(
    *,
    user: AnyUser | None,
    action: AccessAction,
    obj: models.Model | None = None,
    person_id: int | None = None,
    municipality_id: int | None = None,
    search_criterion: str = "",
    row_count: int | None = None,
    purpose: str = "",
    username: str = "",
    save: bool = True,
) -> AccessLogEntry:
    """Write one entry (``save=False``: make it, for ``access_record_each`` to write)."""
    context = current_request.get()
    object_type = object_id = ""
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = str(obj.pk)
        if isinstance(obj, AccessLogSubject):
            subject_person, subject_municipality = obj.access_log_subject()
            person_id = person_id if person_id is not None else subject_person
            municipality_id = (
                municipality_id if municipality_id is not None else subject_municipality
            )
    account = user if isinstance(user, User) and user.is_authenticated else None
    entry = AccessLogEntry(
        user=account,
        username=(account.get_username() if account else username)[:150],
        action=action,
        purpose=(purpose or context.purpose)[:100],
        object_type=object_type,
        object_id=object_id[:64],
        person_id=person_id,
        municipality_id=municipality_id,
        search_criterion=search_criterion[:500],
        row_count=row_count,
        ip_address=context.ip_address,
        request_id=context.request_id,
    )
    if save:
        entry.save()
    return entry


def access_record_each(
    *, user: AnyUser | None, action: AccessAction, objects: Iterable[models.Model]
) -> list[AccessLogEntry]:
    """One entry for each of ``objects`` (a page that shows several records in full), all
    written with one insert, however many there are."""
    return AccessLogEntry.objects.bulk_create(
        [access_record(user=user, action=action, obj=obj, save=False) for obj in objects]
    )


def access_bulk_record(
    *,
    user: AnyUser | None,
    action: AccessAction,
    rows: Iterable[int | None] | Mapping[int | None, int],
    searched: Iterable[int] = (),
    obj: models.Model | None = None,
    search_criterion: str = "",
    purpose: str = "",
) -> list[AccessLogEntry]:
    """A read of many people at once: a search, a list page, an export, the people behind a
    figure. ``rows`` holds the municipality id of each person read, or (for a large read the
    database has counted) the number of people read per municipality.

    One entry is written per municipality whose people were read, with that municipality's row
    count, so that each municipality's lead and data protection officer see every read of her
    people, bulk reads included, and nobody else sees what was searched for there. A
    municipality in ``searched`` that gave no row gets an entry with 0 rows: her register was
    searched all the same."""
    counts: Counter[int | None] = Counter(rows)  # a mapping is taken as counts already
    for municipality_id in searched:
        counts.setdefault(municipality_id, 0)
    if not counts:
        counts[None] = 0
    return [
        access_record(
            user=user,
            action=action,
            obj=obj,
            municipality_id=municipality_id,
            search_criterion=search_criterion,
            row_count=count,
            purpose=purpose,
        )
        for municipality_id, count in sorted(counts.items(), key=lambda item: item[0] or 0)
    ]


def access_refused_record(*, user: AnyUser, model: type[models.Model], object_id: Any) -> None:
    """A user asked for an object that exists but is outside their access: log who and what."""
    obj = model._default_manager.filter(pk=object_id).first()
    access_record(user=user, action=AccessAction.REFUSED, obj=obj)
