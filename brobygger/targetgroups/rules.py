"""A target-group rule: data, not code. A rule is a list of conditions
``{"field": ..., "operator": ..., "value": ...}`` over a person's fields, all of which must hold
(AND); an empty rule takes everyone. Only the fields in ``FIELDS`` may be named, each with its
type, and a condition is checked against that type when the definition is saved, so a rule that
names a field that does not exist or gives a value of the wrong type is refused with the field
named. ``rule_q`` turns a valid rule into one filter over Person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from brobygger.people.models import (
    DanishExam,
    DanishProgramme,
    Gender,
    IntegrationPeriod,
    Person,
)


class Kind(StrEnum):
    BOOLEAN = "boolean"
    CHOICE = "choice"
    NUMBER = "number"
    TEXT = "text"


class Operator(StrEnum):
    EQUALS = "eq"
    NOT_EQUALS = "ne"
    ONE_OF = "in"
    BELOW = "lt"
    ABOVE = "gt"
    EMPTY = "empty"


OPERATOR_LABELS: dict[Operator, str | Promise] = {
    Operator.EQUALS: _("is"),
    Operator.NOT_EQUALS: _("is not"),
    Operator.ONE_OF: _("is one of"),
    Operator.BELOW: _("is below"),
    Operator.ABOVE: _("is above"),
    Operator.EMPTY: _("is empty (yes/no)"),
}

# Which operators each kind of field takes.
OPERATORS: dict[Kind, frozenset[Operator]] = {
    Kind.BOOLEAN: frozenset({Operator.EQUALS, Operator.NOT_EQUALS, Operator.EMPTY}),
    Kind.CHOICE: frozenset({Operator.EQUALS, Operator.NOT_EQUALS, Operator.ONE_OF, Operator.EMPTY}),
    Kind.NUMBER: frozenset(
        {Operator.EQUALS, Operator.NOT_EQUALS, Operator.BELOW, Operator.ABOVE, Operator.EMPTY}
    ),
    Kind.TEXT: frozenset({Operator.EQUALS, Operator.NOT_EQUALS, Operator.EMPTY}),
}


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    choices: tuple[str, ...] = ()
    nullable: bool = False

    @property
    def model_field(self) -> models.Field[Any, Any]:
        return cast("models.Field[Any, Any]", Person._meta.get_field(self.name))

    @property
    def label(self) -> str:
        return str(self.model_field.verbose_name)


# The person's fields a rule may name (the target-group attributes), with their types.
FIELDS: dict[str, Field] = {
    field.name: field
    for field in (
        Field("integration_period", Kind.CHOICE, tuple(IntegrationPeriod.values)),
        Field("known_in_municipal_systems", Kind.BOOLEAN, nullable=True),
        Field("provider_name", Kind.TEXT),
        Field("children_count", Kind.NUMBER, nullable=True),
        Field("year_of_arrival", Kind.NUMBER, nullable=True),
        Field("gender", Kind.CHOICE, tuple(Gender.values)),
        Field("country_of_origin", Kind.TEXT),
        Field("danish_programme", Kind.CHOICE, tuple(DanishProgramme.values)),
        Field("danish_exam", Kind.CHOICE, tuple(DanishExam.values)),
        Field("interpreter_needed", Kind.BOOLEAN),
    )
}

MAX_CONDITIONS = 20


def _refuse(number: int, message: str) -> ValidationError:
    return ValidationError(
        gettext("Condition %(number)s: %(message)s") % {"number": number, "message": message}
    )


def _value_fits(field: Field, operator: Operator, value: Any) -> bool:
    if operator == Operator.EMPTY:
        return isinstance(value, bool)
    if operator == Operator.ONE_OF:
        return (
            isinstance(value, list)
            and bool(value)
            and all(isinstance(v, str) and v in field.choices for v in value)
        )
    if field.kind == Kind.BOOLEAN:
        return isinstance(value, bool)
    if field.kind == Kind.NUMBER:
        return isinstance(value, int) and not isinstance(value, bool)
    if field.kind == Kind.CHOICE:
        return isinstance(value, str) and value in field.choices
    return isinstance(value, str) and 0 < len(value) <= 200


def _expected(field: Field, operator: Operator) -> str:
    if operator == Operator.EMPTY:
        return gettext("yes or no")
    if field.kind == Kind.BOOLEAN:
        return gettext("yes or no")
    if field.kind == Kind.NUMBER:
        return gettext("a whole number")
    if field.kind == Kind.CHOICE:
        return gettext("one of: %(choices)s") % {"choices": ", ".join(field.choices)}
    return gettext("a text of at most 200 characters")


def validate_rule(rule: Any) -> list[dict[str, Any]]:
    """The rule as it is stored, or ValidationError naming the field (and the condition) that
    is wrong."""
    if not isinstance(rule, list):
        raise ValidationError(gettext("A rule is a list of conditions."))
    if len(rule) > MAX_CONDITIONS:
        raise ValidationError(
            gettext("A rule has at most %(n)s conditions.") % {"n": MAX_CONDITIONS}
        )
    checked: list[dict[str, Any]] = []
    for number, condition in enumerate(rule, start=1):
        if not isinstance(condition, dict) or set(condition) != {"field", "operator", "value"}:
            raise _refuse(number, gettext("a condition has a field, an operator and a value."))
        name = condition["field"]
        field = FIELDS.get(name) if isinstance(name, str) else None
        if field is None:
            raise _refuse(
                number,
                gettext("there is no field “%(field)s” that a rule may use.") % {"field": name},
            )
        try:
            operator = Operator(condition["operator"])
        except ValueError:
            operator = None
        if operator is None or operator not in OPERATORS[field.kind]:
            raise _refuse(
                number,
                gettext("the field “%(field)s” cannot be compared with “%(operator)s”.")
                % {"field": field.label, "operator": condition["operator"]},
            )
        if not _value_fits(field, operator, condition["value"]):
            raise _refuse(
                number,
                gettext("the field “%(field)s” takes %(expected)s.")
                % {"field": field.label, "expected": _expected(field, operator)},
            )
        checked.append({"field": name, "operator": operator.value, "value": condition["value"]})
    return checked


def _condition_q(field: Field, operator: Operator, value: Any) -> Q:
    name = field.name
    if operator == Operator.EMPTY:
        empty = Q(**{f"{name}__isnull": True}) if field.nullable else Q(pk__in=[])
        if field.kind in (Kind.TEXT, Kind.CHOICE):
            empty |= Q(**{name: ""})
        return empty if value else ~empty
    if operator == Operator.ONE_OF:
        return Q(**{f"{name}__in": value})
    if operator == Operator.BELOW:
        return Q(**{f"{name}__lt": value})
    if operator == Operator.ABOVE:
        return Q(**{f"{name}__gt": value})
    equal = Q(**{name: value})
    if operator == Operator.EQUALS:
        return equal
    # "is not" takes the empty ones too: an unknown value is not the value compared with.
    return (~equal | Q(**{f"{name}__isnull": True})) if field.nullable else ~equal


def rule_q(rule: Sequence[dict[str, Any]]) -> Q:
    """The people a (validated) rule takes, as one filter over Person; all conditions hold."""
    q = Q()
    for condition in validate_rule(list(rule)):
        q &= _condition_q(
            FIELDS[condition["field"]], Operator(condition["operator"]), condition["value"]
        )
    return q


def describe(rule: Sequence[dict[str, Any]]) -> list[str]:
    """The conditions in words, for the pages that say which definition they use."""
    lines = []
    for condition in rule:
        field = FIELDS.get(condition.get("field", ""))
        if field is None:
            continue
        operator = Operator(condition["operator"])
        value = condition["value"]
        if isinstance(value, bool):
            shown = gettext("yes") if value else gettext("no")
        elif isinstance(value, list):
            shown = ", ".join(_choice_label(field, v) for v in value)
        else:
            shown = _choice_label(field, value)
        lines.append(f"{field.label} {OPERATOR_LABELS[operator]} {shown}")
    return lines


def _choice_label(field: Field, value: Any) -> str:
    choices = dict(field.model_field.choices or ())
    return str(choices.get(value, value))


_YES = {"ja", "yes", "true", "sand"}
_NO = {"nej", "no", "false", "falsk"}


def _choice_code(field: Field, text: str) -> str:
    """A choice given by its code or its label (either language's, as shown), as its code."""
    wanted = text.strip().casefold()
    for code, label in field.model_field.choices or ():
        if wanted in {str(code).casefold(), str(label).casefold()}:
            return str(code)
    return text.strip()


def value_from_text(name: str, operator: str, text: str) -> Any:
    """A condition's value as typed in a form, in the type its field takes. What does not
    read as that type is passed on as it is, for ``validate_rule`` to refuse by name."""
    field = FIELDS.get(name)
    text = text.strip()
    if field is None:
        return text
    if operator == Operator.EMPTY or (field.kind == Kind.BOOLEAN and operator != Operator.ONE_OF):
        if text.casefold() in _YES:
            return True
        if text.casefold() in _NO:
            return False
        return text
    if operator == Operator.ONE_OF:
        return [_choice_code(field, part) for part in text.split(",") if part.strip()]
    if field.kind == Kind.NUMBER:
        try:
            return int(text)
        except ValueError:
            return text
    if field.kind == Kind.CHOICE:
        return _choice_code(field, text)
    return text


def value_as_text(condition: dict[str, Any]) -> str:
    """A stored condition's value as a form shows it (for a new version of a definition)."""
    value = condition.get("value")
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)
