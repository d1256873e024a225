"""Writes of target groups: a new definition (or a new version of one), and the bulk
re-screening of a partnership's people under a definition."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_bulk_record
from brobygger.audit.writes import record_save
from brobygger.partnerships.models import Partnership
from brobygger.people.models import Person

from .models import Screening, ScreeningMark, TargetGroupDefinition
from .selectors import may_manage


@dataclass(frozen=True)
class DefinitionInput:
    name: str
    valid_from: date
    rule: list[dict[str, Any]]


def _require_manager(actor: User | None, partnership: Partnership) -> None:
    if actor is not None and not may_manage(actor, partnership):
        raise PermissionDenied


@transaction.atomic
def definition_save(
    *, actor: User, partnership: Partnership, data: DefinitionInput
) -> TargetGroupDefinition:
    """Save a definition; a name the partnership already has gets its next version. A rule
    that names an unknown field or a value of the wrong type is refused (ValidationError)."""
    _require_manager(actor, partnership)
    name = data.name.strip()
    if not name:
        raise ValidationError({"name": _("Give the definition a name.")})
    latest = (
        TargetGroupDefinition.objects.select_for_update()
        .filter(partnership=partnership, name=name)
        .aggregate(version=Max("version"))["version"]
    )
    definition = TargetGroupDefinition(
        partnership=partnership, name=name, version=(latest or 0) + 1, created_by=actor
    )
    return record_save(
        actor=actor,
        record=definition,
        values={"valid_from": data.valid_from, "rule": data.rule},
    )


@dataclass(frozen=True)
class ScreeningResult:
    screening: Screening
    inside: int
    outside: int
    changed: int


@transaction.atomic
def screening_run(
    *, actor: User | None, definition: TargetGroupDefinition, today: date | None = None
) -> ScreeningResult:
    """Evaluate ``definition`` over everyone of the partnership's municipalities (records
    merged into another left out) and mark, with the date, who falls inside and who outside,
    beside her mark at the partnership's screening before. One insert however many people."""
    partnership = definition.partnership
    _require_manager(actor, partnership)
    ids = list(partnership.municipalities.values_list("pk", flat=True))
    screening = Screening.objects.create(
        definition=definition, screened_on=today or timezone.localdate(), run_by=actor
    )
    before = (
        ScreeningMark.objects.filter(
            person=OuterRef("pk"), screening__definition__partnership=partnership
        )
        .exclude(screening=screening)
        .order_by("-screening__run_at", "-screening_id")
        .values("inside")[:1]
    )
    inside_ids = set(
        Person.objects.filter(municipality_id__in=ids, merged_into__isnull=True)
        .filter(definition.person_q())
        .values_list("pk", flat=True)
    )
    rows = (
        Person.objects.filter(municipality_id__in=ids, merged_into__isnull=True)
        .annotate(before=Subquery(before))
        .order_by("pk")
        .values_list("pk", "municipality_id", "before")
    )
    marks: list[ScreeningMark] = []
    per_municipality: dict[int, int] = {}
    inside = changed = 0
    for pk, municipality_id, was_inside in rows.iterator(chunk_size=10_000):
        now_inside = pk in inside_ids
        inside += now_inside
        changed += was_inside is not None and was_inside != now_inside
        per_municipality[municipality_id] = per_municipality.get(municipality_id, 0) + 1
        marks.append(
            ScreeningMark(
                screening=screening, person_id=pk, inside=now_inside, was_inside=was_inside
            )
        )
    ScreeningMark.objects.bulk_create(marks, batch_size=5_000)
    access_bulk_record(
        user=actor,
        action=AccessAction.CHANGE,
        rows=per_municipality,
        searched=ids,
        obj=screening,
        search_criterion=f"target-group re-screening definition={definition.pk}",
    )
    return ScreeningResult(screening, inside, len(marks) - inside, changed)
