"""Erasure keeps the counts and removes the person: proven on the demo's rich records."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.demo.generator import DEMO_PARTNERSHIP_NAME
from brobygger.measures.criteria import compute
from brobygger.measures.effectiveness import effectiveness
from brobygger.measures.periods import Period, quarters_between
from brobygger.partnerships.models import Partnership
from brobygger.people.models import Person, PersonNameKey
from brobygger.privacy.models import DataSubjectRequest, RequestKind
from brobygger.privacy.records import person_record, person_relations
from brobygger.privacy.services import free_text_fields, person_erase, personal_person_fields
from brobygger.reports.quarterly import quarterly_report
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


def _figures(partnership: Partnership) -> dict[str, Any]:
    """Every anonymous count Brobygger reports: quarterly reports of the whole project,
    the success criteria, and the method figures."""
    ids = list(partnership.municipalities.values_list("pk", flat=True))
    today = timezone.localdate()
    period = Period(partnership.starts_on, today)
    reports = {}
    for quarter in quarters_between(partnership.starts_on, today):
        report = quarterly_report(partnership=partnership, quarter=quarter)
        report.pop("generated_at")
        reports[str(quarter)] = report
    return {
        "reports": reports,
        "criteria": [dataclasses.asdict(c) for c in compute(municipality_ids=ids, period=period)],
        "methods": repr(effectiveness(municipality_ids=ids, period=period)),
    }


def _rich_people(count: int) -> list[Person]:
    """Demo people whose records reach the most kinds of rows."""
    people = Person.objects.filter(is_demo=True, merged_into__isnull=True)
    relations = [r.get_accessor_name() for r in person_relations() if r.related_name != "+"]
    annotated = people.annotate(
        kinds=sum(
            (models.Count(name, distinct=True) for name in relations if name),
            start=models.Value(0),
        )
    )
    return list(annotated.order_by("-kinds", "pk")[:count])


def test_erasure_keeps_every_reported_figure_and_removes_the_personal_data() -> None:
    call_command("demo", "--scale", "small", "--seed", "7")
    partnership = Partnership.objects.get(name=DEMO_PARTNERSHIP_NAME)
    before = _figures(partnership)
    victims = _rich_people(40)
    assert len(victims) == 40
    for person in victims:
        # The demo's municipal leads: lead-<code>.
        lead = User.objects.get(username=f"lead-{person.municipality.code}")
        person_erase(actor=lead, person=person, received_on=timezone.localdate())

    assert _figures(partnership) == before

    for person in victims:
        person.refresh_from_db()
        assert person.erased_at is not None
        for model_field in personal_person_fields():
            value = getattr(person, model_field.attname)
            assert value in (None, "", model_field.get_default()), model_field.name
        assert not PersonNameKey.objects.filter(person=person).exists()
        for branch in person_record(person):
            for model, rows in branch.walk():
                for row in model._default_manager.filter(pk__in=[r.pk for r in rows]):
                    for model_field in free_text_fields(model):
                        value = getattr(row, model_field.attname)
                        assert value in ("", None, {}, []), f"{model.__name__}.{model_field.name}"
                    assert not LogEntry.objects.get_for_object(row).exists()
        assert AccessLogEntry.objects.filter(
            person_id=person.pk, action=AccessAction.ERASE
        ).exists()
    assert DataSubjectRequest.objects.filter(kind=RequestKind.ERASURE).count() == 40


def test_erased_person_is_gone_from_pages_and_search(client: Any, cast: Cast) -> None:
    from brobygger.people.tests.factories import PersonFactory

    person = PersonFactory(municipality=cast.viborg, first_name="Zainab", last_name="Haddad")
    person_erase(actor=cast.lene, person=person)

    client.force_login(cast.alice)
    assert client.get(f"/people/{person.pk}/").status_code == 404
    assert f"/people/{person.pk}/" not in client.get("/people/?q=Haddad").content.decode()


def test_erasure_also_erases_the_records_merged_into_hers(cast: Cast) -> None:
    from brobygger.people.merging import person_merge
    from brobygger.people.tests.factories import PersonFactory

    survivor = PersonFactory(municipality=cast.viborg, first_name="Amal")
    twin = PersonFactory(municipality=cast.viborg, first_name="Aamal")
    person_merge(actor=cast.lene, survivor=survivor, merged=twin)

    person_erase(actor=cast.lene, person=survivor)

    twin.refresh_from_db()
    assert twin.erased_at is not None and twin.first_name == ""


def test_only_the_municipal_lead_of_her_municipality_may_erase(cast: Cast) -> None:
    from django.core.exceptions import PermissionDenied

    from brobygger.people.tests.factories import PersonFactory

    person = PersonFactory(municipality=cast.viborg)
    for user in (cast.alice, cast.charlie, cast.ada, cast.kim):
        with pytest.raises(PermissionDenied):
            person_erase(actor=user, person=person)
    person.refresh_from_db()
    assert person.erased_at is None
