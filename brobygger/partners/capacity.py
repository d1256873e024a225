"""Capacity building for ethnic-minority associations (issue 17, point 6; seed 002): one plan
per association with its key adviser (a member of staff), the courses its people attended,
the expectation points agreed with the municipality, and action items with status and due
date. Writes (check → do → log) and reads (through the access policy)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from brobygger.accounts.access import ROLE_PERMISSIONS, AnyUser, Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.writes import record_save

from .models import (
    ASSOCIATION_KINDS,
    CapacityAction,
    CapacityBuilding,
    CapacityCourse,
    ExpectationPoint,
    Organisation,
)
from .volunteer_care import not_in_future


@dataclass(frozen=True, kw_only=True)
class BuildingData:
    key_adviser: User | None
    started_on: date
    notes: str = ""


@dataclass(frozen=True, kw_only=True)
class CourseData:
    title: str
    attended_on: date
    participants: int = 1


@dataclass(frozen=True, kw_only=True)
class ExpectationData:
    text: str
    agreed_on: date


@dataclass(frozen=True, kw_only=True)
class ActionData:
    title: str
    responsible: str = ""
    due_on: date | None = None
    status: str = "open"


def _require(actor: User, organisation: Organisation) -> None:
    require_permission(
        actor, Permission.MANAGE_PARTNERS, municipality_id=organisation.municipality_id
    )


def _not_before_start(building: CapacityBuilding, field: str, day: date | None) -> None:
    if day is not None and day < building.started_on:
        raise ValidationError(
            {
                field: _("The date cannot be before the capacity building started (%(day)s).")
                % {"day": building.started_on.strftime("%d.%m.%Y")}
            }
        )


@transaction.atomic
def building_save(
    *, actor: User, organisation: Organisation, data: BuildingData
) -> CapacityBuilding:
    """Start (or change) an association's capacity building; the key adviser is staff of its
    municipality who works with partners."""
    _require(actor, organisation)
    if organisation.kind not in ASSOCIATION_KINDS:
        raise ValidationError(_("Capacity building is for associations."))
    adviser = data.key_adviser
    if adviser is not None and not key_advisers(organisation).filter(pk=adviser.pk).exists():
        raise ValidationError(
            {"key_adviser": _("The key adviser must work with partners in its municipality.")}
        )
    building = CapacityBuilding.objects.filter(organisation=organisation).first()
    record = building or CapacityBuilding(organisation=organisation)
    if building is not None:
        first = min(
            [
                *building.courses.values_list("attended_on", flat=True),
                *building.expectations.values_list("agreed_on", flat=True),
            ],
            default=None,
        )
        if first is not None and data.started_on > first:
            raise ValidationError(
                {"started_on": _("The start cannot be after the first course or agreed point.")}
            )
    return record_save(
        actor=actor, record=record, data=data, municipality_id=organisation.municipality_id
    )


@transaction.atomic
def course_add(*, actor: User, building: CapacityBuilding, data: CourseData) -> CapacityCourse:
    _require(actor, building.organisation)
    not_in_future("attended_on", data.attended_on)
    _not_before_start(building, "attended_on", data.attended_on)
    return record_save(
        actor=actor,
        record=CapacityCourse(building=building),
        data=data,
        municipality_id=building.organisation.municipality_id,
    )


@transaction.atomic
def expectation_add(
    *, actor: User, building: CapacityBuilding, data: ExpectationData
) -> ExpectationPoint:
    _require(actor, building.organisation)
    not_in_future("agreed_on", data.agreed_on)
    _not_before_start(building, "agreed_on", data.agreed_on)
    return record_save(
        actor=actor,
        record=ExpectationPoint(building=building),
        data=data,
        municipality_id=building.organisation.municipality_id,
    )


@transaction.atomic
def action_save(
    *,
    actor: User,
    building: CapacityBuilding,
    data: ActionData,
    action: CapacityAction | None = None,
) -> CapacityAction:
    """Add an action item, or change one (its status, say)."""
    _require(actor, building.organisation)
    if action is not None and action.building_id != building.pk:
        raise ValidationError(_("The action item belongs to another plan."))
    _not_before_start(building, "due_on", data.due_on)
    return record_save(
        actor=actor,
        record=action or CapacityAction(building=building),
        data=data,
        municipality_id=building.organisation.municipality_id,
    )


def key_advisers(organisation: Organisation) -> models.QuerySet[User]:
    """Staff who work with partners in the association's municipality."""
    roles = [role for role, held in ROLE_PERMISSIONS.items() if Permission.MANAGE_PARTNERS in held]
    return User.objects.filter(
        is_active=True,
        memberships__municipality_id=organisation.municipality_id,
        memberships__role__in=roles,
    ).distinct()


@dataclass(frozen=True)
class CapacityPage:
    building: CapacityBuilding | None
    courses: list[CapacityCourse]
    expectations: list[ExpectationPoint]
    actions: list[CapacityAction]


def capacity_of(*, user: AnyUser, organisation: Organisation) -> CapacityPage:
    building = (
        CapacityBuilding.objects.visible_to(user)
        .filter(organisation=organisation)
        .select_related("key_adviser")
        .first()
    )
    if building is None:
        return CapacityPage(building=None, courses=[], expectations=[], actions=[])
    return CapacityPage(
        building=building,
        courses=list(CapacityCourse.objects.visible_to(user).filter(building=building)),
        expectations=list(ExpectationPoint.objects.visible_to(user).filter(building=building)),
        actions=list(CapacityAction.objects.visible_to(user).filter(building=building)),
    )
