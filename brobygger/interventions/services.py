"""Writes of interventions, outcomes and confidence measures: check → do → log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.audit.writes import record_save
from brobygger.core.concurrency import version_claim
from brobygger.outreach.partner_picking import NewPartner, PartnerRecord, partner_resolve
from brobygger.people.models import Person

from .models import (
    Completion,
    ConfidenceMeasure,
    Enrolment,
    InterventionType,
    Outcome,
    ProgressionAssessment,
    ProgressionDimension,
    ProgressionScore,
)


@dataclass(frozen=True, kw_only=True)
class EnrolmentData:
    """What ``enrolment_save`` writes: the intervention, who provides it, when, and how it
    ended (still ongoing while ``ended_on`` is empty)."""

    intervention_type: InterventionType
    started_on: date
    provider: PartnerRecord | None = None
    provider_note: str = ""
    ended_on: date | None = None
    completion: str = Completion.ONGOING
    result: str = ""


@dataclass(frozen=True, kw_only=True)
class OutcomeData:
    """What ``outcome_record`` writes: an ordinary job or education started."""

    kind: str
    started_on: date
    organisation: str = ""
    weekly_hours: Decimal | None = None


@dataclass(frozen=True, kw_only=True)
class ConfidenceData:
    """What ``confidence_record`` writes: her answer on the 1–10 scale, on a day."""

    measured_on: date
    score: int
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class AssessmentData:
    """What ``progression_record`` writes of the card itself (its lines come as scores)."""

    assessed_on: date
    assessor: str
    assessor_name: str = ""
    comment: str = ""


@dataclass(frozen=True, kw_only=True)
class InterventionTypeData:
    """What ``catalogue_save`` writes of an intervention of the catalogue."""

    name: str
    name_en: str = ""
    category: str
    network_oriented: bool = False
    company_oriented: bool = False
    education: bool = False
    citizenship: bool = False
    capacity_kind: str = ""
    description: str = ""
    is_active: bool = True
    position: int = 0


@dataclass(frozen=True, kw_only=True)
class DimensionData:
    """What ``catalogue_save`` writes of a dimension of the progression card."""

    name: str
    description: str = ""
    is_active: bool = True
    position: int = 0


CatalogueRecord = TypeVar("CatalogueRecord", InterventionType, ProgressionDimension)


def _not_in_future(day: date | None, field: str) -> None:
    if day and day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


@transaction.atomic
def enrolment_save(
    *,
    actor: User,
    person: Person,
    data: EnrolmentData,
    enrolment: Enrolment | None = None,
    version: int | None = None,
    new_partner: NewPartner | None = None,
) -> Enrolment:
    """Enrol a person in an intervention, or change an enrolment (end it with a result).
    The provider is a partner of her municipality, or ``new_partner`` created with it.

    A change names the ``version`` it was made to; if someone has saved the enrolment
    since, ``EditConflict`` is raised and nothing is saved."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    provider = partner_resolve(
        actor=actor,
        municipality_id=person.municipality_id,
        partner=data.provider,
        new_partner=new_partner,
        field="provider",
    )
    data = replace(data, provider=provider)
    if enrolment is None:
        enrolment = Enrolment(person=person, recorded_by=actor)
    else:
        if enrolment.person_id != person.pk:
            raise ValidationError(_("The enrolment belongs to another person."))
        version_claim(enrolment, version=version)
        # The stored row, locked by the claim; the instance handed in may carry a form's values.
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    _not_in_future(data.started_on, "started_on")
    _not_in_future(data.ended_on, "ended_on")
    if data.ended_on and data.completion == Completion.ONGOING:
        raise ValidationError(
            {"completion": _("An enrolment with an end date is completed or dropped out.")}
        )
    if data.completion != Completion.ONGOING and not data.ended_on:
        raise ValidationError({"ended_on": _("Give the date it ended.")})
    if data.started_on and data.ended_on and data.ended_on < data.started_on:
        raise ValidationError({"ended_on": _("The end cannot be before the start.")})
    return record_save(actor=actor, record=enrolment, data=data)


@transaction.atomic
def enrolment_remove(*, actor: User, enrolment: Enrolment, version: int) -> None:
    """Take away an enrolment as it was at ``version`` (one recorded by an attendance that is
    undone). If it has been changed since, ``EditConflict`` is raised; one with progression
    assessments is kept (ValidationError): it has become more than the record of a day."""
    person = enrolment.person
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    version_claim(enrolment, version=version)
    if enrolment.assessments.exists():
        raise ValidationError(_("The enrolment has progression assessments, so it is kept."))
    access_record(user=actor, action=AccessAction.DELETE, obj=enrolment)
    enrolment.delete()


@transaction.atomic
def outcome_record(*, actor: User, person: Person, data: OutcomeData) -> Outcome:
    """An ordinary job or education started."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    _not_in_future(data.started_on, "started_on")
    outcome = Outcome(person=person, recorded_by=actor)
    return record_save(actor=actor, record=outcome, data=data)


@transaction.atomic
def confidence_record(*, actor: User, person: Person, data: ConfidenceData) -> ConfidenceMeasure:
    """Her answer to "how much do you believe you can get an ordinary job?" (1–10)."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    _not_in_future(data.measured_on, "measured_on")
    measure = ConfidenceMeasure(person=person, recorded_by=actor)
    return record_save(actor=actor, record=measure, data=data)


@transaction.atomic
def progression_record(
    *,
    actor: User,
    enrolment: Enrolment,
    data: AssessmentData,
    scores: Mapping[int, tuple[int, str]],
) -> ProgressionAssessment:
    """One filling-in of the progression card: a score of 1–5 (and a comment) per dimension.
    Dimensions left out were not assessed this time; at least one must be."""
    person = enrolment.person
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    _not_in_future(data.assessed_on, "assessed_on")
    if not scores:
        raise ValidationError(_("Give a score for at least one line of the card."))
    dimensions = {d.pk: d for d in ProgressionDimension.objects.filter(pk__in=scores)}
    assessment = ProgressionAssessment(enrolment=enrolment, recorded_by=actor)
    record_save(
        actor=actor,
        record=assessment,
        data=data,
        municipality_id=person.municipality_id,
    )
    for dimension_id, (score, comment) in scores.items():
        line = ProgressionScore(
            assessment=assessment, dimension=dimensions[dimension_id], score=score, comment=comment
        )
        line.full_clean()
        line.save()
    return assessment


@transaction.atomic
def catalogue_save(
    *, actor: User, record: CatalogueRecord, data: InterventionTypeData | DimensionData
) -> CatalogueRecord:
    """Add to or change the intervention catalogue or the progression dimensions. Entries in
    use are switched off rather than deleted, so history keeps its meaning."""
    require_permission(actor, Permission.MANAGE_CONFIGURATION)
    return record_save(actor=actor, record=record, data=data)
