"""Merging two records of one person keeps every related row, and undo restores both."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.outreach.models import OutreachMethod
from brobygger.people.merging import merge_undo, moved_relations, person_merge
from brobygger.people.models import Person, PersonSource, PipelineStatus, StatusEvent
from brobygger.people.services import person_register
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


def _related_counts(person: Person) -> dict[str, int]:
    return {
        f"{field.model._meta.label_lower}.{field.name}": field.model._base_manager.filter(
            **{field.name: person}
        ).count()
        for field in moved_relations()
    }


@pytest.fixture
def pair(cast: Cast) -> tuple[Person, Person]:
    method = OutreachMethod.objects.get(name="Bydelsmødre")
    lists = OutreachMethod.objects.get(name="Liste over tidligere kursister på sprogskolen")
    kept = person_register(
        actor=cast.alice,
        municipality=cast.viborg,
        first_name="Fatima",
        last_name="Al-Hassan",
        method=method,
    )
    other = person_register(
        actor=cast.alice,
        municipality=cast.viborg,
        first_name="Fatma",
        last_name="Alhassan",
        method=lists,
        birth_date=date(1980, 3, 5),
        cpr="050380-1234",
    )
    Person.objects.filter(pk=other.pk).update(phone="+4522334455", status=PipelineStatus.CONTACTED)
    other.refresh_from_db()
    return kept, other


def test_merge_moves_every_related_row_and_fills_blanks(
    cast: Cast, pair: tuple[Person, Person]
) -> None:
    kept, other = pair
    before_kept, before_other = _related_counts(kept), _related_counts(other)

    person_merge(actor=cast.alice, survivor=kept, merged=other)

    kept.refresh_from_db()
    other.refresh_from_db()
    after = _related_counts(kept)
    assert after == {label: before_kept[label] + before_other[label] for label in after}
    assert sum(_related_counts(other).values()) == 0
    assert other.merged_into == kept
    assert kept.birth_date == date(1980, 3, 5)
    assert str(kept.phone) == "+4522334455"
    assert kept.cpr_masked == "050380-XXXX"
    assert kept.status == PipelineStatus.CONTACTED
    assert "Fatma Alhassan" in kept.name_variants
    assert set(PersonSource.objects.filter(person=kept).values_list("method__name", flat=True)) == {
        "Bydelsmødre",
        "Liste over tidligere kursister på sprogskolen",
    }
    assert not Person.objects.visible_to(cast.alice).filter(pk=other.pk).exists()
    assert AccessLogEntry.objects.filter(action=AccessAction.MERGE, person_id=other.pk).exists()


def test_undo_gives_each_record_back_what_it_had(cast: Cast, pair: tuple[Person, Person]) -> None:
    kept, other = pair
    before_kept, before_other = _related_counts(kept), _related_counts(other)
    fields = ("birth_date", "phone", "status", "name_variants", "cpr_hash")
    values = {name: getattr(kept, name) for name in fields}

    merge = person_merge(actor=cast.alice, survivor=kept, merged=other)
    merge_undo(actor=cast.alice, merge=merge)

    kept.refresh_from_db()
    other.refresh_from_db()
    assert _related_counts(kept) == before_kept
    assert _related_counts(other) == before_other
    assert {name: getattr(kept, name) for name in fields} == values
    assert other.merged_into is None
    assert Person.objects.visible_to(cast.alice).filter(pk=other.pk).exists()
    assert AccessLogEntry.objects.filter(action=AccessAction.UNMERGE, person_id=kept.pk).exists()
    with pytest.raises(ValidationError):
        merge_undo(actor=cast.alice, merge=merge)


def test_undo_keeps_what_changed_since_the_merge(cast: Cast, pair: tuple[Person, Person]) -> None:
    kept, other = pair
    merge = person_merge(actor=cast.alice, survivor=kept, merged=other)
    Person.objects.filter(pk=kept.pk).update(phone="+4540112233")
    event = StatusEvent.objects.filter(person=kept).first()
    event_id = event.pk if event else None

    merge_undo(actor=cast.alice, merge=merge)

    kept.refresh_from_db()
    assert str(kept.phone) == "+4540112233"
    assert StatusEvent.objects.filter(pk=event_id).exists()


def test_merge_refuses_other_municipalities_and_itself(cast: Cast) -> None:
    viborg = PersonFactory()
    hedensted = PersonFactory(municipality=cast.hedensted)
    with pytest.raises(ValidationError):
        person_merge(actor=cast.alice, survivor=viborg, merged=hedensted)
    with pytest.raises(ValidationError):
        person_merge(actor=cast.alice, survivor=viborg, merged=viborg)


def test_every_foreign_key_to_person_is_moved_or_kept_on_purpose() -> None:
    labels = {f"{f.model._meta.label_lower}.{f.name}" for f in moved_relations()}
    assert {"people.statusevent.person", "people.personsource.person"} <= labels
    for field in moved_relations():
        assert isinstance(field, models.ForeignKey)
