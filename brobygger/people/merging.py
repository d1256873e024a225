"""Merging two records of one person, and undoing it.

A merge keeps everything: every row of every model that points at the merged record (status
events, contact attempts, sources, drop-in visits, import rows, and whatever later issues
add) is moved to the surviving record, and the ids are written down. Blank fields of the
survivor are filled from the merged record, and the merged spelling of the name becomes a
name variant, so searching for either spelling finds her. The merged record stays in the
database, hidden from every list (``PersonQuerySet.visible_to``), until the merge is undone.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.core.concurrency import version_bump

from .models import PIPELINE_ORDER, Person, PersonMerge
from .selectors import person_lock
from .services import refresh_name_keys
from .signals import tell_records_moved

# Reverse relations that stay with the merged record: search keys are recomputed from the
# names, and the merge records and review pairs describe the two records themselves.
KEPT_RELATIONS = frozenset(
    {
        "people.personnamekey.person",
        "people.personmerge.survivor",
        "people.personmerge.merged",
        "people.person.merged_into",
        # Her row of figures is recomputed from the records as moved (measures.receivers).
        "measures.personfact.person",
        "linkage.duplicatecandidate.person_a",
        "linkage.duplicatecandidate.person_b",
    }
)

# Filled on the survivor when blank there and set on the merged record.
FILLED_FIELDS = (
    "last_name",
    "birth_date",
    "gender",
    "country_of_origin",
    "phone",
    "email",
    "street",
    "floor_door",
    "postal_code",
    "city",
    "housing_area",
    "languages",
    "danish_programme",
    "danish_module",
    "danish_exam",
    "year_of_arrival",
    "integration_period",
    "provider_name",
    "children_count",
    "legal_basis",
    "consent_given_on",
    "consent_method",
    "consent_language",
    "consent_scope",
    "informed_on",
    "informed_how",
    "follow_up_on",
    "next_action",
    "assigned_caseworker",
    "cpr_ciphertext",
    "cpr_hash",
)


def moved_relations() -> list[models.ForeignKey[Any, Any]]:
    """Every foreign key to Person whose rows follow the person in a merge."""
    fields = []
    for relation in Person._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete:
            continue
        field = relation.field  # type: ignore[union-attr]
        label = f"{field.model._meta.label_lower}.{field.name}"
        if label in KEPT_RELATIONS:
            continue
        if not isinstance(field, models.ForeignKey) or isinstance(field, models.OneToOneField):
            raise ImproperlyConfigured(f"A merge cannot move {label}; add it to KEPT_RELATIONS.")
        fields.append(field)
    return fields


@transaction.atomic
def person_merge(*, actor: User, survivor: Person, merged: Person) -> PersonMerge:
    """Fold ``merged`` into ``survivor``. Both must be visible to the actor, in one
    municipality, and neither already merged."""
    if survivor.municipality_id != merged.municipality_id:
        raise ValidationError(_("Only records of the same municipality can be merged."))
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=survivor.municipality_id)
    if survivor.pk == merged.pk:
        raise ValidationError(_("A record cannot be merged with itself."))
    survivor = person_lock(user=actor, person=survivor)
    merged = person_lock(user=actor, person=merged)

    moved: dict[str, list[Any]] = {}
    for field in moved_relations():
        rows = field.model._base_manager.filter(**{field.name: merged})
        ids = list(rows.values_list("pk", flat=True))
        if ids:
            rows.update(**{field.name: survivor})
            moved[f"{field.model._meta.label_lower}.{field.name}"] = ids

    filled: dict[str, dict[str, Any]] = {}

    def fill(name: str, value: Any) -> None:
        before = getattr(survivor, name)
        filled[name] = {"before": _plain(before), "after": _plain(value)}
        setattr(survivor, name, value)

    for name in FILLED_FIELDS:
        ours, theirs = getattr(survivor, name), getattr(merged, name)
        if ours in (None, "") and theirs not in (None, ""):
            fill(name, theirs)
    spelling = f"{merged.first_name} {merged.last_name}".strip()
    if spelling and spelling != str(survivor) and spelling not in survivor.name_variants:
        fill("name_variants", ", ".join(filter(None, [survivor.name_variants, spelling]))[:200])
    if PIPELINE_ORDER.index(merged.status) > PIPELINE_ORDER.index(survivor.status):
        fill("status", merged.status)
    if filled:
        # An edit form opened before the merge must not blank the filled fields again.
        version_bump(survivor)
    survivor.full_clean()
    survivor.save()
    refresh_name_keys(survivor)

    merged.merged_into = survivor
    merged.save(update_fields=["merged_into", "updated_at"])
    tell_records_moved(Person, [survivor.pk, merged.pk])
    merge = PersonMerge.objects.create(
        survivor=survivor, merged=merged, moved=moved, filled=filled, merged_by=actor
    )
    access_record(user=actor, action=AccessAction.MERGE, obj=survivor)
    access_record(user=actor, action=AccessAction.MERGE, obj=merged)
    return merge


@transaction.atomic
def merge_undo(*, actor: User, merge: PersonMerge) -> Person:
    """Give the merged record back everything it had. Rows deleted since stay deleted;
    a filled field someone has changed since keeps the newer value."""
    survivor = merge.survivor
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=survivor.municipality_id)
    if merge.undone_at:
        raise ValidationError(_("This merge has already been undone."))
    later = PersonMerge.objects.filter(
        merged=merge.merged, undone_at__isnull=True, merged_at__gt=merge.merged_at
    )
    if later.exists():
        raise ValidationError(_("Undo the later merge of this record first."))
    survivor = person_lock(user=actor, person=survivor)
    merged = Person._base_manager.select_for_update().get(pk=merge.merged_id)

    by_label = {
        f"{field.model._meta.label_lower}.{field.name}": field for field in moved_relations()
    }
    for label, ids in merge.moved.items():
        field = by_label[label]
        field.model._base_manager.filter(pk__in=ids, **{field.name: survivor}).update(
            **{field.name: merged}
        )
    restored = False
    for name, values in merge.filled.items():
        if _plain(getattr(survivor, name)) == values["after"]:
            target = Person._meta.get_field(name)
            assert isinstance(target, models.Field)  # nosec B101  # narrows the type for mypy
            setattr(survivor, target.attname, values["before"])
            restored = True
    if restored:
        version_bump(survivor)
    survivor.full_clean()
    survivor.save()
    refresh_name_keys(survivor)

    merged.merged_into = None
    merged.save(update_fields=["merged_into", "updated_at"])
    tell_records_moved(Person, [survivor.pk, merged.pk])
    merge.undone_at = timezone.now()
    merge.undone_by = actor
    merge.save(update_fields=["undone_at", "undone_by"])
    access_record(user=actor, action=AccessAction.UNMERGE, obj=survivor)
    access_record(user=actor, action=AccessAction.UNMERGE, obj=merged)
    return merged


def _plain(value: Any) -> Any:
    """JSON-safe form of a field value (dates as ISO text, related objects as ids)."""
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value is not None and not isinstance(value, (str, int, float, bool)):
        return str(value)
    return value
