"""How the fact table (``PersonFact``) keeps up with her records: every save or delete of a
record a figure counts refreshes her row in the same transaction (Django's model signals,
which the services' writes, the admin and the tests' factories all send), and the writes
those signals do not see (bulk inserts, queryset updates, a merge moving her records, the
demo data) say so with ``people.signals.records_moved``.

This is the layers' way round: measures stands above people and interventions and listens to
them; they do not import measures. No ``on_commit``: the row changes with the write, and a
rollback takes both back.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save

from brobygger.interventions.models import (
    ConfidenceMeasure,
    Enrolment,
    InterventionType,
    Outcome,
)
from brobygger.people.models import Person, PersonSource, StatusEvent
from brobygger.people.signals import records_moved

from .services import rebuild_facts, refresh_facts, refresh_facts_enrolled_in

# Records that point at a person and move a figure.
PERSON_RECORDS: tuple[type[models.Model], ...] = (
    PersonSource,
    StatusEvent,
    Enrolment,
    Outcome,
    ConfidenceMeasure,
)


def person_saved(sender: type[Person], *, instance: Person, raw: bool = False, **_kw: Any) -> None:
    if not raw:
        refresh_facts([instance.pk])


def record_saved(
    sender: type[models.Model], *, instance: models.Model, raw: bool = False, **_kw: Any
) -> None:
    if not raw:
        refresh_facts([instance.person_id])  # type: ignore[attr-defined]


def record_deleted(
    sender: type[models.Model], *, instance: models.Model, origin: Any = None, **_kw: Any
) -> None:
    """A record deleted on its own. Not when her whole record goes (the person's deletion
    takes her row with it, and a row written in the middle of it would outlive her), nor in
    a bulk delete of a queryset, whose writer tells ``records_moved`` once for all."""
    if isinstance(origin, Person | models.QuerySet):
        return
    refresh_facts([instance.person_id])  # type: ignore[attr-defined]


def intervention_type_saved(
    sender: type[InterventionType], *, instance: InterventionType, raw: bool = False, **_kw: Any
) -> None:
    """Whether a type is network- or company-oriented decides what its enrolments count for."""
    if not raw:
        refresh_facts_enrolled_in(instance)


def records_moved_received(sender: type, *, person_ids: list[int] | None, **_kw: Any) -> None:
    if person_ids is None:
        rebuild_facts()
    else:
        refresh_facts(person_ids)


def facts_after_migrate(
    sender: Any, *, plan: list[tuple[Any, bool]] | None = None, **_kw: Any
) -> None:
    """A ``migrate`` that applied a migration of this app (the table made, or its columns
    changed) rebuilds the rows on the final schema, where there are people to count."""
    changed = any(m.app_label == "measures" and not backwards for m, backwards in plan or [])
    if changed and Person._base_manager.exists():
        rebuild_facts()


def connect() -> None:
    post_save.connect(person_saved, sender=Person, dispatch_uid="facts-person")
    for model in PERSON_RECORDS:
        uid = f"facts-{model._meta.label_lower}"
        post_save.connect(record_saved, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(record_deleted, sender=model, dispatch_uid=f"{uid}-delete")
    post_save.connect(
        intervention_type_saved, sender=InterventionType, dispatch_uid="facts-intervention-type"
    )
    records_moved.connect(records_moved_received, dispatch_uid="facts-records-moved")
