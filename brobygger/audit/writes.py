"""The write helper shared by the domain services: copy, validate, save, and log."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from django.db import models

from brobygger.accounts.models import User

from .models import AccessAction
from .services import access_record

ModelT = TypeVar("ModelT", bound=models.Model)


def record_save(
    *,
    actor: User,
    record: ModelT,
    values: Mapping[str, object],
    fields: Iterable[str],
    municipality_id: int | None = None,
) -> ModelT:
    """Copy ``fields`` from ``values`` onto ``record``, validate, save, and log the write.

    The caller checks permission and holds the transaction."""
    creating = record._state.adding
    for field in fields:
        if field in values:
            setattr(record, field, values[field])
    record.full_clean()
    record.save()
    access_record(
        user=actor,
        action=AccessAction.CREATE if creating else AccessAction.CHANGE,
        obj=record,
        municipality_id=municipality_id,
    )
    return record
