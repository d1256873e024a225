"""Typed inputs of the services: a frozen dataclass per entity names the fields a service
writes, once. The view builds it from its form (``from_cleaned_data``), a service copies it
onto its record (``as_values``), and a copy starts from a record's own values
(``from_object``).

The dataclasses are shallow on purpose: ``dataclasses.asdict`` would deep-copy the model
instances and querysets they hold, so ``as_values`` reads the fields one level deep."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Manager

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    DataT = TypeVar("DataT", bound=DataclassInstance)
else:
    DataT = TypeVar("DataT")


def _names(cls: type[Any]) -> list[str]:
    return [field.name for field in dataclasses.fields(cls) if field.init]


def from_cleaned_data(
    cls: type[DataT],
    cleaned_data: Mapping[str, Any],
    *,
    fill_defaults: bool = False,
    **given: Any,
) -> DataT:
    """``cls`` from a form's ``cleaned_data``: each field read by its name; ``given`` sets
    fields the form does not have (or overrides what it cleaned). Other keys of the form
    (its municipality, say) are left out.

    A field neither the form nor ``given`` has is an error, never a silent default: a change
    would otherwise write the default over the stored value. Only a form that creates
    records may ask for ``fill_defaults``: such a field then takes the dataclass's default."""
    names = [name for name in _names(cls) if name not in given]
    missing = [name for name in names if name not in cleaned_data]
    if missing and not fill_defaults:
        raise KeyError(f"{cls.__name__}: the form has no {', '.join(missing)}")
    return cls(**{name: cleaned_data[name] for name in names if name in cleaned_data}, **given)


def from_object(cls: type[DataT], obj: object, **given: Any) -> DataT:
    """``cls`` with the values ``obj`` (a stored record, say) has now; ``given`` changes
    some of them."""
    names = [name for name in _names(cls) if name not in given]
    return cls(**{name: _current(getattr(obj, name)) for name in names}, **given)


def _current(value: Any) -> Any:
    """A field's value as a service takes it: a many-to-many field's rows as a list."""
    return list(value.all()) if isinstance(value, Manager) else value


def as_values(data: DataclassInstance) -> dict[str, object]:
    """The fields of ``data`` by name, as they are (not copied)."""
    return {field.name: getattr(data, field.name) for field in dataclasses.fields(data)}
