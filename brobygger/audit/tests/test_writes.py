"""The write helpers of the services: where a new record goes, and the copy of its fields."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied

from brobygger.accounts.access import Permission
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.audit.writes import record_save, write_municipality_id
from brobygger.partners.models import Competence, Organisation
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


def test_a_stored_record_stays_in_its_municipality(cast: Cast) -> None:
    stored = Organisation.objects.create(municipality=cast.viborg, name="Klubben")

    chosen = write_municipality_id(
        actor=cast.alice, permission=Permission.MANAGE_PARTNERS, record=stored, chosen=None
    )

    assert chosen == cast.viborg.pk


def test_a_new_record_goes_where_the_actor_may_write(cast: Cast) -> None:
    assert (
        write_municipality_id(
            actor=cast.alice,
            permission=Permission.MANAGE_PARTNERS,
            record=None,
            chosen=cast.viborg,
        )
        == cast.viborg.pk
    )
    with pytest.raises(PermissionDenied):
        write_municipality_id(
            actor=cast.alice,
            permission=Permission.MANAGE_PARTNERS,
            record=None,
            chosen=cast.hedensted,
        )
    with pytest.raises(ValueError, match="needs the municipality"):
        write_municipality_id(
            actor=cast.alice, permission=Permission.MANAGE_PARTNERS, record=None, chosen=None
        )


@dataclass(frozen=True, kw_only=True)
class Named:
    name: str
    needs: list[Competence]


def test_record_save_copies_a_dataclass_with_its_many_to_many_fields(cast: Cast) -> None:
    needs = list(Competence.objects.filter(group="organisation")[:2])

    saved = record_save(
        actor=cast.alice,
        record=Organisation(municipality=cast.viborg, kind="association"),
        data=Named(name="Klubben", needs=needs),
        municipality_id=cast.viborg.pk,
    )

    saved.refresh_from_db()
    assert saved.name == "Klubben"
    assert set(saved.needs.all()) == set(needs) and len(needs) == 2
    assert AccessLogEntry.objects.filter(action=AccessAction.CREATE).count() == 1
