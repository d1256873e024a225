"""The access export: everything about her, her lookups without staff names, logged."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.core.crypto import encrypt
from brobygger.interventions.models import Enrolment, InterventionType
from brobygger.people.merging import person_merge
from brobygger.people.models import ContactAttempt, Person, StatusEvent
from brobygger.people.tests.factories import PersonFactory
from brobygger.privacy.access_request import access_report, access_report_json
from brobygger.privacy.models import DataSubjectRequest, RequestKind
from brobygger.privacy.records import person_relations
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(cast: Cast) -> Person:
    person = PersonFactory(
        municipality=cast.viborg,
        first_name="Leyla",
        last_name="Karimi",
        notes="Vil gerne i praktik i en børnehave.",
        assigned_caseworker=cast.alice,
    )
    Person.objects.filter(pk=person.pk).update(cpr_ciphertext=encrypt("1205824417"))
    StatusEvent.objects.create(
        person=person, from_status="identified", to_status="contacted", occurred_on=date(2026, 9, 1)
    )
    ContactAttempt.objects.create(
        person=person,
        channel="phone",
        outcome="reached",
        note="Talte om sprogskole.",
        made_by=cast.alice,
    )
    Enrolment.objects.create(
        person=person,
        intervention_type=InterventionType.objects.first(),
        provider_note="Netto Viborg",
        started_on=date(2026, 10, 1),
        result="Godt i gang",
    )
    return Person.objects.get(pk=person.pk)


def _json(report: Any) -> dict[str, Any]:
    return access_report_json(report)


def _all_values(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False)


def test_the_export_holds_every_part_of_her_record(person: Person, cast: Cast) -> None:
    twin = PersonFactory(municipality=cast.viborg, first_name="Leila", last_name="Karimi")
    person_merge(actor=cast.lene, survivor=person, merged=twin)

    document = _json(access_report(person))
    text = _all_values(document)

    for expected in (
        "Leyla",
        "1205824417",  # her CPR number, in full: it is hers
        "Vil gerne i praktik i en børnehave.",
        "Talte om sprogskole.",
        "Netto Viborg",
        "Godt i gang",
        "Leila",  # the record merged into hers
        "Alice",  # her own caseworker is named
    ):
        assert expected in text, expected
    models = {section["model"] for section in document["sections"]}
    assert {"people.person", "people.statusevent", "people.contactattempt"} <= models
    assert "interventions.enrolment" in models


def test_every_relation_to_a_person_is_in_the_walk() -> None:
    """A new model pointing at Person is part of the export and the erasure the day it is
    added; this lists what the walk covers, so a relation missing from it shows here."""
    covered = {f"{r.related_model._meta.label_lower}.{r.field.name}" for r in person_relations()}
    assert {
        "people.contactattempt.person",
        "people.statusevent.person",
        "people.personsource.person",
        "interventions.enrolment.person",
        "interventions.outcome.person",
        "interventions.confidencemeasure.person",
        "partners.referral.person",
        "linkage.importrow.person",
        "linkage.duplicatecandidate.person_a",
        "linkage.duplicatecandidate.person_b",
        "people.dropinvisit.person",
        "people.personmerge.survivor",
    } <= covered


def test_lookups_show_date_type_and_purpose_but_no_staff(
    client: Client, person: Person, cast: Cast
) -> None:
    client.force_login(cast.alice)
    client.get(f"/people/{person.pk}/")

    with translation.override("en"):
        document = _json(access_report(person))

    assert document["access_log"], "Alice's look is in the export"
    line = document["access_log"][-1]
    assert set(line) == {"time", "type", "type_label", "purpose"}
    assert line["type"] == AccessAction.VIEW
    assert line["purpose"] == "Casework in the register of citizens"
    assert "alice" not in _all_values({"log": document["access_log"]}).lower()


def test_the_lead_downloads_pdf_and_json_and_both_are_logged(
    client: Client, person: Person, cast: Cast
) -> None:
    client.force_login(cast.lene)
    url = f"/privacy/people/{person.pk}/"
    assert client.get(url).status_code == 200

    pdf = client.post(url, {"action": "pdf", "access-received_on": "20.11.2026"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert pdf["Cache-Control"] == "no-store"

    response = client.post(url, {"action": "json", "access-received_on": "20.11.2026"})
    document = json.loads(response.content)
    assert document["person_id"] == person.pk

    exports = AccessLogEntry.objects.filter(
        person_id=person.pk, action=AccessAction.EXPORT, user=cast.lene
    )
    assert exports.count() == 2
    assert all(entry.row_count and entry.row_count > 3 for entry in exports)
    assert (
        DataSubjectRequest.objects.filter(kind=RequestKind.ACCESS, person_id=person.pk).count() == 2
    )


def test_a_request_date_is_required_and_not_in_the_future(
    client: Client, person: Person, cast: Cast
) -> None:
    client.force_login(cast.lene)
    url = f"/privacy/people/{person.pk}/"

    missing = client.post(url, {"action": "pdf"})
    future = client.post(url, {"action": "json", "access-received_on": "01.01.2099"})

    assert missing.status_code == 200 and future.status_code == 200
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()


def test_erasure_from_the_page_needs_the_confirmation_word(
    client: Client, person: Person, cast: Cast
) -> None:
    client.force_login(cast.lene)
    url = f"/privacy/people/{person.pk}/"

    refused = client.post(
        url, {"action": "erase", "erase-received_on": "20.11.2026", "erase-confirmation": "ja"}
    )
    assert refused.status_code == 200
    person.refresh_from_db()
    assert person.erased_at is None

    done = client.post(
        url, {"action": "erase", "erase-received_on": "20.11.2026", "erase-confirmation": "slet"}
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.erased_at is not None and person.first_name == ""
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("username", ["alice", "bob", "kim", "eva", "ada", "charlie"])
def test_only_the_municipal_lead_reaches_the_page(
    client: Client, person: Person, cast: Cast, username: str
) -> None:
    client.force_login(getattr(cast, username))
    assert client.get(f"/privacy/people/{person.pk}/").status_code == 404


def test_the_person_page_links_the_lead_to_access_and_erasure(
    client: Client, person: Person, cast: Cast
) -> None:
    link = f'href="/privacy/people/{person.pk}/"'.encode()
    client.force_login(cast.lene)
    assert link in client.get(f"/people/{person.pk}/").content
    client.force_login(cast.alice)
    assert link not in client.get(f"/people/{person.pk}/").content
