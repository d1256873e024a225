"""Reads of target groups: a partnership's definitions, the one in force, the one a page was
asked for, and the counts of a re-screening (aggregates, never people)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from brobygger.accounts.access import AnyUser, Permission, has_permission, partnership_scope_for
from brobygger.partnerships.models import Partnership
from brobygger.people.models import Person

from .models import Screening, ScreeningMark, TargetGroupDefinition


def definitions_of(partnership: Partnership) -> list[TargetGroupDefinition]:
    """Every version of every definition of the partnership, newest first."""
    return list(TargetGroupDefinition.objects.filter(partnership=partnership))


def current_definition(
    partnership: Partnership, day: date, definitions: list[TargetGroupDefinition] | None = None
) -> TargetGroupDefinition | None:
    """The definition in force on ``day``: the newest valid from it or earlier."""
    candidates = [
        d
        for d in (definitions_of(partnership) if definitions is None else definitions)
        if d.is_valid_on(day)
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda d: (d.valid_from, d.version, d.pk))


def definition_get_for_municipality(
    *, pk: int, municipality_id: int
) -> TargetGroupDefinition | None:
    return TargetGroupDefinition.objects.filter(
        pk=pk, partnership__municipalities__pk=municipality_id
    ).first()


def may_manage(user: AnyUser, partnership: Partnership) -> bool:
    return partnership_scope_for(user, Permission.MANAGE_TARGET_GROUPS).allows(partnership.pk)


def screenings_of(partnership: Partnership) -> list[Screening]:
    return list(
        Screening.objects.filter(definition__partnership=partnership)
        .select_related("definition", "run_by")
        .order_by("-run_at", "-id")[:20]
    )


@dataclass(frozen=True)
class ScreeningCounts:
    inside: int
    outside: int
    changed: int
    came_in: int
    went_out: int


def screening_counts(screening: Screening) -> dict[int, ScreeningCounts]:
    """Per municipality: people inside and outside the definition, and those whose mark
    changed since the partnership's screening before (in and out), in one grouped query."""
    rows = (
        ScreeningMark.objects.filter(screening=screening)
        .order_by()
        .values("person__municipality_id")
        .annotate(
            inside_n=Count("pk", filter=Q(inside=True)),
            outside_n=Count("pk", filter=Q(inside=False)),
            came_in=Count("pk", filter=Q(inside=True, was_inside=False)),
            went_out=Count("pk", filter=Q(inside=False, was_inside=True)),
        )
    )
    return {
        row["person__municipality_id"]: ScreeningCounts(
            inside=row["inside_n"],
            outside=row["outside_n"],
            changed=row["came_in"] + row["went_out"],
            came_in=row["came_in"],
            went_out=row["went_out"],
        )
        for row in rows
    }


def latest_marks(*, user: AnyUser, person_id: int) -> list[ScreeningMark]:
    """Her marks at the partnerships' re-screenings, for staff who may see her."""
    return list(
        ScreeningMark.objects.visible_to(user)
        .filter(person_id=person_id)
        .select_related("screening__definition")
        .order_by("-screening__run_at")[:10]
    )


@dataclass(frozen=True)
class InForce:
    """A partnership's definition in force today, and whether she falls inside it now."""

    definition: TargetGroupDefinition
    inside: bool


def person_target_groups_panel(user: AnyUser, person: Person) -> dict[str, Any] | None:
    """The target-group card of her page (``people.panels``): for each partnership of her
    municipality, the definition in force and whether her record falls inside it today, and
    her marks at the re-screenings (in or out, and whether that changed). No card where no
    partnership of hers has a definition and she has no marks."""
    if not has_permission(user, Permission.VIEW_PEOPLE, municipality_id=person.municipality_id):
        return None
    today = timezone.localdate()
    partnerships = (
        Partnership.objects.filter(municipalities=person.municipality_id)
        .prefetch_related("target_group_definitions")
        .order_by("name", "pk")
    )
    definitions = []
    for partnership in partnerships:
        in_force_here = current_definition(
            partnership, today, list(partnership.target_group_definitions.all())
        )
        if in_force_here is not None:
            definitions.append(in_force_here)
    # Whether she falls inside each of them, in one query however many partnerships she has.
    inside = (
        Person.objects.filter(pk=person.pk)
        .values(
            **{
                f"d{index}": Exists(
                    Person.objects.filter(pk=OuterRef("pk")).filter(definition.person_q())
                )
                for index, definition in enumerate(definitions)
            }
        )
        .first()
        if definitions
        else {}
    ) or {}
    in_force = [
        InForce(definition, bool(inside.get(f"d{index}")))
        for index, definition in enumerate(definitions)
    ]
    marks = latest_marks(user=user, person_id=person.pk)
    if not in_force and not marks:
        return None
    return {"person": person, "in_force": in_force, "marks": marks}
