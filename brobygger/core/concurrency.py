"""Optimistic locking of edit forms: two staff members saving the same record never overwrite
each other silently; the second sees a conflict page with both versions.

How it fits together (people, enrolments and agreements use it):

1. The edit form carries the version of the record it was rendered from, in a hidden field
   (``VersionedFormMixin``). A form posted without it is refused with a message, never
   saved as if it were current.
2. The service claims that version before it writes (``version_claim``): one conditional
   ``UPDATE ... SET version = version + 1 WHERE pk = ... AND version = <hers>`` inside the
   service's transaction. No row updated means someone saved first: ``EditConflict`` carries
   the stored record, and the transaction writes nothing. The claim is race-safe by itself:
   on PostgreSQL the UPDATE takes the row lock, and a second UPDATE waiting for that lock
   re-checks the version once the first commits (READ COMMITTED); on SQLite every
   transaction is IMMEDIATE, so writers take turns. After a claim the service reads the row
   again (it is locked now) and saves the changes onto that fresh copy.
3. The view answers the conflict with ``conflict_response``: status 409, her values and the
   stored ones field by field, who saved last and when, and a way to start again from the
   stored values.

Writes without an edit form that change fields an edit form shows (a merge filling blank
fields, an import filling them from a list) call ``version_bump``, so a form opened before
them conflicts instead of undoing them. Writes of fields that no edit form shows (a person's
pipeline status, an agreement's status) leave the version alone: the edit services read the
row afresh and save only what the form changed, so they cannot undo such a write, and a
conflict page without a differing field would only puzzle.

The version is raised with ``UPDATE`` rather than by ``save()``, so the change history
(django-auditlog compares with the stored row) never lists it as a change of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, TypeVar

from auditlog.models import LogEntry
from django import forms
from django.db import models, transaction
from django.db.models import F
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

VERSION_FIELD = "version"
ModelT = TypeVar("ModelT", bound=models.Model)


class EditConflict(Exception):
    """A save against an older version than the stored one. ``stored`` is the record as it is
    saved now; ``version`` is the version the edit started from."""

    def __init__(self, *, stored: models.Model, version: int) -> None:
        self.stored = stored
        self.version = version
        self.stored_version: int = getattr(stored, VERSION_FIELD)
        super().__init__(
            f"{stored._meta.label} {stored.pk} is at version {self.stored_version}; "
            f"the edit started from version {version}"
        )


def version_claim(record: models.Model, *, version: int | None) -> None:
    """Take ``record`` from ``version`` (what the edit started from) to the next version, or
    raise ``EditConflict`` with the stored record.

    Call it inside the service's transaction before anything is written; the row stays locked
    until the transaction ends. Read the row again afterwards and save the changes onto that
    copy: its version already counts this edit."""
    if version is None:
        raise TypeError("An edit must name the version of the record it started from.")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("version_claim() must run inside the service's transaction.")
    manager = type(record)._base_manager
    claimed = manager.filter(pk=record.pk, version=version).update(version=F(VERSION_FIELD) + 1)
    if claimed:
        return
    stored = manager.filter(pk=record.pk).first()
    if stored is None:
        raise Http404
    raise EditConflict(stored=stored, version=version)


def version_bump(record: models.Model) -> None:
    """A write without an edit form is about to change fields that edit forms show: raise the
    version, so a form opened before it conflicts instead of undoing it.

    The caller holds the row locked inside its transaction and saves ``record`` afterwards."""
    type(record)._base_manager.filter(pk=record.pk).update(version=F(VERSION_FIELD) + 1)
    setattr(record, VERSION_FIELD, getattr(record, VERSION_FIELD) + 1)


class VersionedFormMixin:
    """For a ModelForm that edits a record with a ``version``: a hidden field carries the
    version the form was rendered from. Editing an existing record without it is a form
    error (a message at the top), never a save against whatever is stored now.

    A form that creates a record has no version field."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]
    instance: Any  # the ModelForm's own, typed there
    changed_data: list[str]

    missing_version_message = gettext_lazy(
        "The form does not say which version of the record it was opened from, so it cannot "
        "be saved safely. Open the edit page again."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[VERSION_FIELD] = forms.CharField(
                required=False,
                widget=forms.HiddenInput,
                initial=getattr(self.instance, VERSION_FIELD),
            )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}  # type: ignore[misc]
        if VERSION_FIELD in self.fields:
            raw = str(data.get(VERSION_FIELD) or "").strip()
            if raw.isdigit() and 0 < int(raw) < 2**31:
                data[VERSION_FIELD] = int(raw)
            else:
                data.pop(VERSION_FIELD, None)
                self.add_error(None, str(self.missing_version_message))  # type: ignore[attr-defined]
        return data

    @property
    def edited_version(self) -> int:
        """The version the form was rendered from (after validation)."""
        version: int = self.cleaned_data[VERSION_FIELD]
        return version

    def changes(self) -> dict[str, Any]:
        """The fields she changed, with their new values (the version is not one of them)."""
        return {
            name: self.cleaned_data[name] for name in self.changed_data if name != VERSION_FIELD
        }


@dataclass(frozen=True)
class ConflictRow:
    """One line of the conflict page: the value she tried to save and the value stored now,
    as text (empty: no value)."""

    label: str
    attempted: str
    stored: str

    @property
    def differs(self) -> bool:
        return self.attempted != self.stored

    @property
    def values(self) -> tuple[str, str]:
        """Hers, then the stored one: the table's two value columns."""
        return self.attempted, self.stored


def display_value(value: object, field: forms.Field | None = None) -> str:
    """A value as the pages show it (a choice by its label when the form ``field`` has
    choices); the same text on both sides means the same value."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        labels = dict(_flat_choices(getattr(field, "choices", ())))
        return str(labels.get(str(value), value))
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, time):
        return formats.time_format(value, "TIME_FORMAT")
    return str(formats.localize(value))


def _flat_choices(choices: Iterable[Any]) -> Iterable[tuple[str, object]]:
    for key, label in choices:
        if isinstance(label, (list, tuple)):
            yield from ((str(k), v) for k, v in label)
        else:
            yield str(key), label


def conflict_rows(form: forms.BaseForm, stored: models.Model) -> list[ConflictRow]:
    """The form's fields in its order: what she typed (after validation) and what is stored.
    Fields she could not change (disabled or hidden) and fields empty on both sides are left
    out."""
    rows = []
    for name, field in form.fields.items():
        if field.disabled or field.widget.is_hidden or not hasattr(stored, name):
            continue
        row = ConflictRow(
            label=str(form[name].label),
            attempted=display_value(form.cleaned_data.get(name), field),
            stored=display_value(getattr(stored, name), field),
        )
        if row.attempted or row.stored:
            rows.append(row)
    return rows


def last_change(record: models.Model) -> tuple[Any, datetime | None]:
    """Who changed the record last and when, from its change history (the time of the last
    save if the history has no entry)."""
    entry = (
        LogEntry.objects.get_for_object(record)
        .select_related("actor")
        .order_by("-timestamp")
        .first()
    )
    if entry is not None:
        return entry.actor, entry.timestamp
    return None, getattr(record, "updated_at", None)
