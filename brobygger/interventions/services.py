"""Writes of interventions, outcomes and confidence measures: check → do → log."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
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

ENROLMENT_FIELDS = (
    "intervention_type",
    "provider",
    "started_on",
    "ended_on",
    "completion",
    "result",
)
OUTCOME_FIELDS = ("kind", "started_on", "organisation", "weekly_hours")
CONFIDENCE_FIELDS = ("measured_on", "score", "note")
CatalogueRecord = TypeVar("CatalogueRecord", InterventionType, ProgressionDimension)


def _not_in_future(day: date | None, field: str) -> None:
    if day and day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


@transaction.atomic
def enrolment_save(
    *,
    actor: User,
    person: Person,
    values: Mapping[str, object],
    enrolment: Enrolment | None = None,
    version: int | None = None,
) -> Enrolment:
    """Enrol a person in an intervention, or change an enrolment (end it with a result).

    A change names the ``version`` it was made to; if someone has saved the enrolment
    since, ``EditConflict`` is raised and nothing is saved."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    if enrolment is None:
        enrolment = Enrolment(person=person, recorded_by=actor)
    else:
        if enrolment.person_id != person.pk:
            raise ValidationError(_("The enrolment belongs to another person."))
        version_claim(enrolment, version=version)
        # The stored row, locked by the claim; the instance handed in may carry a form's values.
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    _not_in_future(values.get("started_on"), "started_on")  # type: ignore[arg-type]
    _not_in_future(values.get("ended_on"), "ended_on")  # type: ignore[arg-type]
    completion = values.get("completion", enrolment.completion)
    if values.get("ended_on") and completion == Completion.ONGOING:
        raise ValidationError(
            {"completion": _("An enrolment with an end date is completed or dropped out.")}
        )
    if completion != Completion.ONGOING and not values.get("ended_on"):
        raise ValidationError({"ended_on": _("Give the date it ended.")})
    started, ended = values.get("started_on"), values.get("ended_on")
    if started and ended and ended < started:  # type: ignore[operator]
        raise ValidationError({"ended_on": _("The end cannot be before the start.")})
    return record_save(actor=actor, record=enrolment, values=values, fields=ENROLMENT_FIELDS)


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
def outcome_record(*, actor: User, person: Person, values: Mapping[str, object]) -> Outcome:
    """An ordinary job or education started."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    _not_in_future(values.get("started_on"), "started_on")  # type: ignore[arg-type]
    outcome = Outcome(person=person, recorded_by=actor)
    return record_save(actor=actor, record=outcome, values=values, fields=OUTCOME_FIELDS)


@transaction.atomic
def confidence_record(
    *, actor: User, person: Person, values: Mapping[str, object]
) -> ConfidenceMeasure:
    """Her answer to "how much do you believe you can get an ordinary job?" (1–10)."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    _not_in_future(values.get("measured_on"), "measured_on")  # type: ignore[arg-type]
    measure = ConfidenceMeasure(person=person, recorded_by=actor)
    return record_save(actor=actor, record=measure, values=values, fields=CONFIDENCE_FIELDS)


@transaction.atomic
def progression_record(
    *,
    actor: User,
    enrolment: Enrolment,
    values: Mapping[str, object],
    scores: Mapping[int, tuple[int, str]],
) -> ProgressionAssessment:
    """One filling-in of the progression card: a score of 1–5 (and a comment) per dimension.
    Dimensions left out were not assessed this time; at least one must be."""
    person = enrolment.person
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    _not_in_future(values.get("assessed_on"), "assessed_on")  # type: ignore[arg-type]
    if not scores:
        raise ValidationError(_("Give a score for at least one line of the card."))
    dimensions = {d.pk: d for d in ProgressionDimension.objects.filter(pk__in=scores)}
    assessment = ProgressionAssessment(enrolment=enrolment, recorded_by=actor)
    record_save(
        actor=actor,
        record=assessment,
        values=values,
        fields=("assessed_on", "assessor", "assessor_name", "comment"),
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
    *, actor: User, record: CatalogueRecord, values: Mapping[str, object], fields: Iterable[str]
) -> CatalogueRecord:
    """Add to or change the intervention catalogue or the progression dimensions. Entries in
    use are switched off rather than deleted, so history keeps its meaning."""
    require_permission(actor, Permission.MANAGE_CONFIGURATION)
    return record_save(actor=actor, record=record, values=values, fields=fields)
