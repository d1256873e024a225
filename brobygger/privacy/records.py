"""Everything Brobygger holds about one person, found from the model relations.

The access export and the erasure walk the same tree, so what a person is shown is what is
erased. The tree is not a list kept by hand: every model with a foreign key to Person is a
branch, and the rows a branch owns (a CASCADE relation to it, e.g. an enrolment's progression
assessments) hang below it. A model added by a later issue is covered the day it is added;
``SKIPPED`` names the few relations that are deliberately left out, with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from brobygger.people.models import Person

# Reverse relations of Person (app_label.model.field) that are not part of her record.
SKIPPED = frozenset(
    {
        # Search keys computed from her name: deleted at erasure, not shown (not information
        # about her beyond the name shown above).
        "people.personnamekey.person",
        # The records merged into hers are walked as persons of their own (``merged_records``).
        "people.person.merged_into",
        # A merge record names two records; the surviving side is walked, the merged side
        # belongs to the merged record's own walk.
        "people.personmerge.merged",
        # Her row of the figures (dates and scores) is computed from the records walked
        # here and recomputed when they change or are erased: nothing beyond them.
        "measures.personfact.person",
    }
)

# Fields never shown in an access export: internal keys, ciphertext, bookkeeping.
HIDDEN_FIELDS = frozenset(
    {"id", "cpr_ciphertext", "cpr_hash", "is_demo", "version", "erased_at", "merged_into"}
)
# Staff members who worked on her record are not named (FACTS F9: the lookups by date and
# purpose, not the identity of the employees), except her own contact person.
NAMED_STAFF_FIELDS = frozenset({"assigned_caseworker"})


@dataclass
class Branch:
    """The rows of one model in her record, with the rows they own."""

    model: type[models.Model]
    parent_field: str
    rows: list[models.Model]
    children: dict[int, list[Branch]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def walk(self) -> Iterator[tuple[type[models.Model], list[models.Model]]]:
        yield self.model, self.rows
        for branches in self.children.values():
            for branch in branches:
                yield from branch.walk()


def _relation_key(relation: models.ForeignObjectRel) -> str:
    return f"{relation.related_model._meta.label_lower}.{relation.field.name}"


def person_relations() -> list[models.ForeignObjectRel]:
    """Every reverse relation to Person that is part of her record."""
    return [
        relation
        for relation in _reverse_relations(Person)
        if _relation_key(relation) not in SKIPPED
    ]


def _reverse_relations(model: type[models.Model]) -> list[models.ForeignObjectRel]:
    """Every foreign key pointing at ``model``, those without a reverse name too."""
    return [
        relation
        for relation in model._meta.get_fields(include_hidden=True)
        if isinstance(relation, models.ForeignObjectRel)
        and relation.auto_created
        and not relation.concrete
        and not relation.many_to_many
    ]


def _owned_relations(model: type[models.Model]) -> list[models.ForeignObjectRel]:
    """Rows that exist only as part of a row of ``model`` (CASCADE relations)."""
    return [
        relation for relation in _reverse_relations(model) if relation.on_delete is models.CASCADE
    ]


def _rows(model: type[models.Model], parent_field: str, **lookup: Any) -> list[models.Model]:
    """The rows of ``model`` that ``lookup`` names, with the records they show read along
    (an enrolment's intervention, a visit's place): one query, however many rows."""
    related = [f.name for f in shown_fields(model, parent_field) if f.is_relation]
    return list(model._default_manager.filter(**lookup).select_related(*related).order_by("pk"))


def _branch(
    model: type[models.Model], parent_field: str, rows: list[models.Model], depth: int
) -> Branch:
    """The rows with the rows they own, one level after the other: a query per relation
    and level, never per row."""
    branch = Branch(model=model, parent_field=parent_field, rows=rows)
    if depth >= 3 or not rows:
        return branch
    for relation in _owned_relations(model):
        child_model = relation.related_model
        name = relation.field.name
        children = _rows(child_model, name, **{f"{name}__in": rows})
        below = _branch(child_model, name, children, depth + 1)
        by_parent: dict[int, list[models.Model]] = {}
        for child in children:
            by_parent.setdefault(getattr(child, f"{name}_id"), []).append(child)
        for parent_id, owned in by_parent.items():
            pks = {child.pk for child in owned}
            branch.children.setdefault(parent_id, []).append(
                Branch(
                    model=child_model,
                    parent_field=name,
                    rows=owned,
                    children={pk: b for pk, b in below.children.items() if pk in pks},
                )
            )
    return branch


def walked_models() -> set[type[models.Model]]:
    """Every model whose rows the walk of ``person_record`` reaches (the declaration test)."""
    found: set[type[models.Model]] = set()
    level = [relation.related_model for relation in person_relations()]
    for _depth in range(3):
        found |= set(level)
        level = [r.related_model for model in level for r in _owned_relations(model)]
    return found


def person_record(person: Person) -> list[Branch]:
    """The branches of her record, in the order of the relations."""
    branches = []
    for relation in person_relations():
        model = relation.related_model
        rows = _rows(model, relation.field.name, **{relation.field.name: person})
        if rows:
            branches.append(_branch(model, relation.field.name, rows, 1))
    return branches


def shown_fields(model: type[models.Model], parent_field: str = "") -> list[models.Field[Any, Any]]:
    """The fields of ``model`` an access export shows."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    fields = []
    for model_field in model._meta.concrete_fields:
        if model_field.name in HIDDEN_FIELDS or model_field.name == parent_field:
            continue
        if (
            model_field.is_relation
            and model_field.related_model is user_model
            and model_field.name not in NAMED_STAFF_FIELDS
        ):
            continue
        fields.append(model_field)
    return fields
