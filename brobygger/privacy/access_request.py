"""The answer to an access request (GDPR art. 15): everything held about one person.

One document, two forms: a PDF in Danish for the person, and JSON for the record. It holds
every field of her record and of every row that belongs to it (found by ``records``), the
records merged into hers, and the lookups of her data from the access log by date, type and
purpose, without the names of the staff who looked (FACTS F9, Datatilsynet since 2024).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.core.crypto import decrypt
from brobygger.people.models import Person

from .records import Branch, person_record, shown_fields
from .selectors import records_merged_into

# What a lookup was for, by the part of Brobygger it happened in (the view's namespace).
PURPOSES: dict[str, Any] = {
    "people": gettext_lazy("Casework in the register of citizens"),
    "outreach": gettext_lazy("Outreach and contact"),
    "interventions": gettext_lazy("Interventions and follow-up"),
    "linkage": gettext_lazy("List import and duplicate check"),
    "partners": gettext_lazy("Referral to a mentor or partner"),
    "privacy": gettext_lazy("Access request or erasure"),
    "evaluation": gettext_lazy("Pseudonymised extract for the evaluation"),
    "api": gettext_lazy("Exchange with another municipal system (API)"),
    "reports": gettext_lazy("Status reports"),
}
OTHER_PURPOSE = gettext_lazy("Casework")


@dataclass(frozen=True)
class Value:
    name: str
    label: str
    value: Any  # JSON-ready
    display: str


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    depth: int
    rows: list[list[Value]]


@dataclass(frozen=True)
class Lookup:
    occurred_at: dt.datetime
    action: str
    action_label: str
    purpose: str


@dataclass(frozen=True)
class AccessReport:
    person: Person
    generated_at: dt.datetime
    sections: list[Section]
    lookups: list[Lookup]

    @property
    def row_count(self) -> int:
        return sum(len(section.rows) for section in self.sections) + len(self.lookups)


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def _display(instance: models.Model, model_field: models.Field[Any, Any], value: Any) -> str:
    if value is None or value == "":
        return ""
    if model_field.choices:
        return str(getattr(instance, f"get_{model_field.name}_display")())
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {item}" for key, item in value.items())
    return str(value)


def _values(instance: models.Model, parent_field: str = "") -> list[Value]:
    values = []
    for model_field in shown_fields(type(instance), parent_field):
        if model_field.is_relation:
            related = getattr(instance, model_field.name)
            raw = str(related) if related is not None else None
            display = raw or ""
        else:
            raw = getattr(instance, model_field.attname)
            display = _display(instance, model_field, raw)
        values.append(
            Value(
                name=model_field.name,
                label=str(model_field.verbose_name),
                value=_json_value(raw),
                display=display,
            )
        )
    return values


def _person_values(person: Person) -> list[Value]:
    values = _values(person)
    if person.cpr_ciphertext:
        cpr = decrypt(person.cpr_ciphertext)
        values.insert(2, Value("cpr", _("CPR number"), cpr, f"{cpr[:6]}-{cpr[6:]}"))
    return values


def _branch_sections(branch: Branch, depth: int) -> list[Section]:
    sections = [
        Section(
            key=branch.model._meta.label_lower,
            title=branch.label,
            depth=depth,
            rows=[_values(row, branch.parent_field) for row in branch.rows],
        )
    ]
    for branches in branch.children.values():
        for child in branches:
            sections.extend(_branch_sections(child, depth + 1))
    return sections


def _merge_sections(sections: list[Section]) -> list[Section]:
    """One section per model and depth, in first-seen order (children of several parents)."""
    merged: dict[tuple[str, int], Section] = {}
    for section in sections:
        key = (section.key, section.depth)
        if key in merged:
            merged[key].rows.extend(section.rows)
        else:
            merged[key] = Section(section.key, section.title, section.depth, list(section.rows))
    return list(merged.values())


def _purpose(view_name: str) -> str:
    namespace = view_name.split(":", 1)[0] if ":" in view_name else ""
    return str(PURPOSES.get(namespace, OTHER_PURPOSE))


def person_lookups(person_ids: list[int]) -> list[Lookup]:
    """Uses of her data by date, type and purpose: no staff names, no addresses."""
    entries = (
        AccessLogEntry.objects.filter(person_id__in=person_ids)
        .exclude(action__in=[AccessAction.LOGIN, AccessAction.LOGOUT, AccessAction.LOGIN_FAILED])
        .order_by("occurred_at", "id")
        .values_list("occurred_at", "action", "purpose")
    )
    labels = dict(AccessAction.choices)
    return [
        Lookup(
            occurred_at=occurred_at,
            action=action,
            action_label=str(labels.get(action, action)),
            purpose=_purpose(purpose),
        )
        for occurred_at, action, purpose in entries
    ]


def access_report(person: Person) -> AccessReport:
    """Everything held about ``person`` and the records merged into hers."""
    people = [person, *records_merged_into(person)]
    sections: list[Section] = []
    for index, record in enumerate(people):
        title = (
            str(Person._meta.verbose_name)
            if index == 0
            else _("Record merged into hers (number %(id)s)") % {"id": record.pk}
        )
        sections.append(Section("people.person", title, 0, [_person_values(record)]))
        for branch in person_record(record):
            sections.extend(_merge_sections(_branch_sections(branch, 1)))
    return AccessReport(
        person=person,
        generated_at=timezone.now(),
        sections=sections,
        lookups=person_lookups([p.pk for p in people]),
    )


def access_report_json(report: AccessReport) -> dict[str, Any]:
    """The record form: field names as keys, ISO dates, the labels beside them."""
    return {
        "format": "brobygger-access-request/1",
        "person_id": report.person.pk,
        "municipality": {
            "code": report.person.municipality.code,
            "name": report.person.municipality.name,
        },
        "generated_at": report.generated_at.isoformat(),
        "sections": [
            {
                "model": section.key,
                "title": section.title,
                "depth": section.depth,
                "labels": {value.name: value.label for value in section.rows[0]}
                if section.rows
                else {},
                "rows": [{value.name: value.value for value in row} for row in section.rows],
            }
            for section in report.sections
        ],
        "access_log": [
            {
                "time": timezone.localtime(lookup.occurred_at).isoformat(),
                "type": lookup.action,
                "type_label": lookup.action_label,
                "purpose": lookup.purpose,
            }
            for lookup in report.lookups
        ],
    }
