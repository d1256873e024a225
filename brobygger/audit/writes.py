"""The write helpers shared by the domain services: the municipality a new record goes to,
and copy, validate, save, and log."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.db import models

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.core.inputs import as_values
from brobygger.partnerships.models import Municipality

from .models import AccessAction
from .services import access_record

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

ModelT = TypeVar("ModelT", bound=models.Model)


class MunicipalRecord(Protocol):
    @property
    def municipality_id(self) -> int: ...


def write_municipality_id(
    *,
    actor: User,
    permission: Permission,
    record: MunicipalRecord | None,
    chosen: Municipality | None,
) -> int:
    """The municipality a write goes to: a stored record's own (a record never moves to
    another municipality; ``chosen`` is then not used), else the one chosen for the new
    record. PermissionDenied unless ``actor`` holds ``permission`` there."""
    if record is not None:
        municipality_id = record.municipality_id
    elif chosen is not None:
        municipality_id = chosen.pk
    else:
        raise ValueError("A new record needs the municipality it is made in.")
    require_permission(actor, permission, municipality_id=municipality_id)
    return municipality_id


def record_save(
    *,
    actor: User,
    record: ModelT,
    data: DataclassInstance | None = None,
    values: Mapping[str, object] | None = None,
    fields: Iterable[str] | None = None,
    municipality_id: int | None = None,
) -> ModelT:
    """Copy onto ``record`` every field of ``data`` (a service's typed input, see
    ``core.inputs``), or what ``values`` holds (only the names in ``fields``, if given);
    validate, save, and log the write. A many-to-many field is set once the record is saved.

    The caller checks permission and holds the transaction."""
    creating = record._state.adding
    changes: dict[str, Any] = dict(values or {}) if data is None else as_values(data)
    if fields is not None:
        changes = {name: changes[name] for name in fields if name in changes}
    many = {field.name for field in record._meta.many_to_many}
    for name, value in changes.items():
        if name not in many:
            setattr(record, name, value)
    record.full_clean()
    record.save()
    for name in many & changes.keys():
        getattr(record, name).set(changes[name])
    access_record(
        user=actor,
        action=AccessAction.CREATE if creating else AccessAction.CHANGE,
        obj=record,
        municipality_id=municipality_id,
    )
    return record
