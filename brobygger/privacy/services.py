"""Writes of the privacy app: erasure, the record of answered requests, retention rules.

Erasure keeps the anonymous skeleton of a record (municipality, registration date, statuses
and their dates, interventions by type and date, outcomes by kind and date, contact attempts
by channel and outcome), so every count in a past report stays what it was, and removes every
piece of personal data: names, CPR number, contact details, address, languages, background,
consent texts, every free text, the values of the lists she was on, and the search keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from brobygger.accounts.access import AnyUser, Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.core.inputs import as_values
from brobygger.documents.services import person_documents_erase
from brobygger.partnerships.models import Municipality
from brobygger.people.models import Person, PersonNameKey

from .access_request import AccessReport
from .models import DataSubjectRequest, RequestKind, RetentionRule
from .records import person_record
from .selectors import person_locked, records_merged_into

# What erasure leaves on the person: the skeleton that past counts are made of.
KEPT_PERSON_FIELDS = frozenset(
    {
        "id",
        "municipality",
        "status",
        "legal_basis",
        "known_in_municipal_systems",
        "created_at",
        "updated_at",
        "created_by",
        "is_demo",
        "merged_into",
        "version",
        "erased_at",
    }
)


def _blank_value(model_field: models.Field[Any, Any]) -> Any:
    if model_field.null:
        return None
    if isinstance(model_field, models.JSONField):
        return model_field.get_default()
    if model_field.has_default():
        return model_field.get_default()
    return ""


def personal_person_fields() -> list[models.Field[Any, Any]]:
    """The fields of Person that erasure clears."""
    return [f for f in Person._meta.concrete_fields if f.name not in KEPT_PERSON_FIELDS]


def free_text_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """Fields of a row in her record that may hold personal data: every text or JSON field
    that is not a fixed choice. Dates, numbers, choices and links are the skeleton."""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
        and not f.choices
        and not f.primary_key
    ]


def _erase_rows(model: type[models.Model], rows: list[models.Model]) -> int:
    fields = free_text_fields(model)
    pks = [row.pk for row in rows]
    if fields:
        model._default_manager.filter(pk__in=pks).update(
            **{f.name: _blank_value(f) for f in fields}
        )
    # The change history of partner-side rows (referrals, mentorships) holds the old values.
    content_type = ContentType.objects.get_for_model(model)
    LogEntry.objects.filter(
        content_type=content_type, object_pk__in=[str(pk) for pk in pks]
    ).delete()
    return len(pks)


def _erase_one(person: Person, now: Any) -> int:
    # Her documents go whole, rows and files: a file cannot be blanked field by field.
    rows = person_documents_erase(person)
    for branch in person_record(person):
        for model, branch_rows in branch.walk():
            rows += _erase_rows(model, branch_rows)
    PersonNameKey.objects.filter(person=person).delete()
    cleared = personal_person_fields()
    for model_field in cleared:
        setattr(person, model_field.attname, _blank_value(model_field))
    person.erased_at = now
    person.version = F("version") + 1
    person.save(update_fields=[f.name for f in cleared] + ["erased_at", "version"])
    return rows + 1


@transaction.atomic
def person_erase(
    *,
    actor: User | None,
    person: Person,
    received_on: date | None = None,
    purpose: str = "",
) -> int:
    """Erase ``person`` and the records merged into hers; returns the rows touched.

    ``actor`` None is the retention purge; a user must hold ANSWER_DATA_SUBJECT_REQUESTS in
    her municipality. With ``received_on`` the erasure answers a request and is registered."""
    if actor is not None:
        require_permission(
            actor, Permission.ANSWER_DATA_SUBJECT_REQUESTS, municipality_id=person.municipality_id
        )
    person = person_locked(person.pk)
    if person.erased_at is not None:
        return 0
    now = timezone.now()
    rows = 0
    for record in [person, *records_merged_into(person)]:
        erased = _erase_one(record, now)
        rows += erased
        access_record(
            user=actor,
            action=AccessAction.ERASE,
            person_id=record.pk,
            municipality_id=record.municipality_id,
            row_count=erased,
            purpose=purpose,
            username="" if actor else "retention",
        )
    if actor is not None and received_on is not None:
        DataSubjectRequest.objects.create(
            municipality_id=person.municipality_id,
            person_id=person.pk,
            kind=RequestKind.ERASURE,
            received_on=received_on,
            answered_by=actor,
            rows=rows,
        )
    return rows


@transaction.atomic
def access_request_record(
    *, actor: User, report: AccessReport, received_on: date | None, file_format: str
) -> None:
    """An access export was handed out: the access log (with its row count) and, when the
    request date is given, the register of requests."""
    person = report.person
    require_permission(
        actor, Permission.ANSWER_DATA_SUBJECT_REQUESTS, municipality_id=person.municipality_id
    )
    access_record(
        user=actor,
        action=AccessAction.EXPORT,
        obj=person,
        row_count=report.row_count,
        search_criterion=f"access request ({file_format})",
    )
    if received_on is not None:
        DataSubjectRequest.objects.create(
            municipality_id=person.municipality_id,
            person_id=person.pk,
            kind=RequestKind.ACCESS,
            received_on=received_on,
            answered_by=actor,
            rows=report.row_count,
        )


@dataclass(frozen=True, kw_only=True)
class RetentionRuleData:
    """What ``retention_rule_save`` writes: how long a municipality keeps what."""

    never_contacted_months: int
    after_last_activity_months: int
    import_row_days: int


@transaction.atomic
def retention_rule_save(
    *, actor: AnyUser, municipality: Municipality, data: RetentionRuleData
) -> RetentionRule:
    require_permission(actor, Permission.MANAGE_CONFIGURATION)
    rule = RetentionRule.objects.filter(municipality=municipality).first() or RetentionRule(
        municipality=municipality
    )
    for name, value in as_values(data).items():
        setattr(rule, name, value)
    rule.updated_by = actor if isinstance(actor, User) else None
    rule.full_clean()
    rule.save()
    access_record(
        user=actor,
        action=AccessAction.CHANGE,
        obj=rule,
        municipality_id=municipality.pk,
        search_criterion=(
            f"retention {rule.never_contacted_months}/{rule.after_last_activity_months} months, "
            f"list rows {rule.import_row_days} days"
        ),
    )
    return rule
