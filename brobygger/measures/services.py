"""Writes of the measures: a partnership's own targets for the success criteria, and the fact
table (``PersonFact``) that the figures count, kept by ``refresh_facts``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import (
    Aggregate,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.writes import record_save
from brobygger.core.localdates import LocalDate
from brobygger.interventions.models import (
    Completion,
    ConfidenceMeasure,
    Enrolment,
    InterventionType,
    Outcome,
    OutcomeKind,
)
from brobygger.partnerships.models import Partnership
from brobygger.people.models import Person, PersonSource, PipelineStatus, StatusEvent

from .criteria import BY_KEY, CONTACT_REACHED
from .models import CriterionTarget, PersonFact


@transaction.atomic
def targets_save(*, actor: User, partnership: Partnership, targets: Mapping[str, Decimal]) -> None:
    """Set a partnership's targets (shares 0–1) for the success criteria."""
    require_permission(actor, Permission.MANAGE_CONFIGURATION)
    for key, target in targets.items():
        if key not in BY_KEY:
            raise ValidationError({key: _("There is no such criterion.")})
        record = CriterionTarget.objects.filter(partnership=partnership, key=key).first()
        record_save(
            actor=actor,
            record=record or CriterionTarget(partnership=partnership, key=key),
            values={"target": target, "changed_by": actor},
            fields=("target", "changed_by"),
        )


# The fact table (``PersonFact``): one row per person, kept in step with her records.

_CHUNK = 2_000  # people per statement (SQLite's bound parameters, PostgreSQL's plan size)


def _of_her(records: models.QuerySet[Any]) -> models.QuerySet[Any]:
    return records.filter(person=OuterRef("pk")).order_by()


def _least(records: models.QuerySet[Any], field: str, aggregate: type[Aggregate] = Min) -> Subquery:
    """The least (or with ``Max`` the greatest) ``field`` of her records."""
    return Subquery(
        _of_her(records).values("person").annotate(value=aggregate(field)).values("value")[:1]
    )


def _pick(records: models.QuerySet[Any], field: str, *order: Any) -> Subquery:
    """``field`` of her first record in ``order``."""
    return Subquery(_of_her(records).order_by(*order).values(field)[:1])


def _columns() -> dict[str, Any]:
    """Each column of ``PersonFact`` and how it follows from her records."""
    reached = StatusEvent.objects.filter(to_status__in=CONTACT_REACHED)
    network = Enrolment.objects.filter(intervention_type__network_oriented=True)
    company = Enrolment.objects.filter(
        intervention_type__company_oriented=True, completion=Completion.COMPLETED
    )
    jobs = Outcome.objects.filter(kind=OutcomeKind.ORDINARY_JOB)
    educations = Outcome.objects.filter(kind=OutcomeKind.ORDINARY_EDUCATION)
    answers = ConfidenceMeasure.objects.all()
    longest = (F("ended_on").desc(nulls_first=True), "started_on", "id")
    return {
        "person_id": F("pk"),
        "municipality_id": F("municipality_id"),
        "registered_at": F("created_at"),
        "identified_on": LocalDate("created_at"),
        "status": F("status"),
        "merged": ExpressionWrapper(Q(merged_into__isnull=False), models.BooleanField()),
        "first_attempted_on": _least(
            StatusEvent.objects.filter(
                to_status__in=[PipelineStatus.CONTACT_ATTEMPTED, *CONTACT_REACHED]
            ),
            "occurred_on",
        ),
        "first_contacted_on": _least(reached, "occurred_on"),
        "first_conversation_on": _least(
            reached.exclude(to_status=PipelineStatus.CONTACTED), "occurred_on"
        ),
        "status_on": _pick(StatusEvent.objects.all(), "occurred_on", "-occurred_on", "-id"),
        "status_to": Coalesce(
            _pick(StatusEvent.objects.all(), "to_status", "-occurred_on", "-id"), Value("")
        ),
        "first_enrolled_on": _least(Enrolment.objects.all(), "started_on"),
        "network_first_on": _least(network, "started_on"),
        "network_longest_started_on": _pick(network, "started_on", *longest),
        "network_longest_ended_on": _pick(network, "ended_on", *longest),
        "company_first_on": _least(company, "ended_on"),
        "company_last_on": _least(company, "ended_on", Max),
        "first_outcome_on": _least(Outcome.objects.all(), "started_on"),
        "job_first_on": _least(jobs, "started_on"),
        "job_last_on": _least(jobs, "started_on", Max),
        "education_first_on": _least(educations, "started_on"),
        "education_last_on": _least(educations, "started_on", Max),
        "baseline_on": _pick(answers, "measured_on", "measured_on", "id"),
        "baseline_score": _pick(answers, "score", "measured_on", "id"),
        "latest_on": _pick(answers, "measured_on", "-measured_on", "-id"),
        "latest_score": _pick(answers, "score", "-measured_on", "-id"),
        "first_method_id": _pick(PersonSource.objects.all(), "method_id", "created_at", "id"),
        "integration_period": F("integration_period"),
        "known_in_municipal_systems": F("known_in_municipal_systems"),
    }


FactRows = models.QuerySet[Person, dict[str, Any]]


def fact_rows() -> FactRows:
    """Every person's fact row, computed from her records (one statement, set-based): what
    ``rebuild_facts`` inserts and ``refresh_facts`` replaces, columns as in ``_columns``."""
    # Annotations may not take a field's name: each column is named with a trailing "_".
    named = {f"{name}_": expression for name, expression in _columns().items()}
    # Person._base_manager: every record, merged and erased ones too (their row says so).
    rows: FactRows = Person._base_manager.order_by().annotate(**named).values(*named)
    return rows


def _insert(rows: FactRows) -> None:
    sql, params = rows.query.sql_with_params()
    table = connection.ops.quote_name(PersonFact._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in _columns())
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) {sql}", params)  # noqa: S608  # nosec B608


def refresh_facts(person_ids: Iterable[int]) -> None:
    """Recompute these people's fact rows from their records. Called (through the model
    signals and ``people.signals.records_moved``, ``receivers``) inside the transaction of
    every write that moves a figure, so the table never lags behind her record."""
    ids = sorted(set(person_ids))
    with transaction.atomic():
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            PersonFact.objects.filter(person_id__in=chunk).delete()
            _insert(fact_rows().filter(pk__in=chunk))


def refresh_facts_enrolled_in(intervention_type: InterventionType) -> None:
    """The rows of everybody enrolled in this type (what it is oriented to moved)."""
    enrolled = Enrolment.objects.filter(intervention_type=intervention_type).order_by()
    refresh_facts(enrolled.values_list("person_id", flat=True).distinct())


def rebuild_facts() -> int:
    """Empty the fact table and compute every row again in one statement (after a bulk load,
    and by ``brobygger rebuild_facts``). Returns the number of rows."""
    with transaction.atomic():
        PersonFact.objects.all().delete()
        _insert(fact_rows())
        return PersonFact.objects.count()


def stale_facts() -> dict[int, tuple[Any, Any]]:
    """The rows where the kept table differs from what the records say now (kept, rebuilt),
    by person: empty when the services kept it right. For tests and ``rebuild_facts --check``."""

    def keyed(rows: Iterable[tuple[Any, ...]]) -> dict[int, tuple[Any, ...]]:
        return {row[0]: tuple(row[1:]) for row in rows}

    expected = keyed(tuple(row.values()) for row in fact_rows())
    kept = keyed(PersonFact.objects.values_list(*_columns()))
    return {
        pk: (kept.get(pk), expected.get(pk))
        for pk in expected.keys() | kept.keys()
        if kept.get(pk) != expected.get(pk)
    }
