"""Optimistic locking holds for every record with a ``version`` (``brobygger/core/concurrency.py``).

Every model of Brobygger with a ``version`` field is found by introspection and must be named
here: in ``LOCKED`` with its edit page, or in ``HISTORY`` when its version counts saved texts
and nothing is ever overwritten. For each locked record two staff members open the edit page;
the first saves, the second saves the form she opened (its version is stale now) and gets the
conflict page (409), and the record is as the first save left it: her change is not saved,
the version is not raised, the history has no entry of hers. The edit forms
(``VersionedFormMixin``) must edit exactly the locked models.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse

import brobygger
from brobygger.agreements.tests.factories import AgreementFactory
from brobygger.core.concurrency import VERSION_FIELD, VersionedFormMixin
from brobygger.interventions.tests.factories import EnrolmentFactory
from brobygger.meetings.tests.factories import SessionFactory
from brobygger.people.tests.factories import PersonFactory
from brobygger.reports.models import ReportText
from brobygger.reports.tests.factories import StatusReportFactory
from brobygger.testing import Cast

from .hostile.html import page_forms

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


@dataclass(frozen=True)
class Edit:
    """A locked record's edit page, how to make one in Viborg, and a field each editor
    changes (the first to ``first``, the second to ``second``)."""

    url: str
    argument: str
    make: Callable[[Cast], models.Model]
    field: str
    first: str
    second: str


LOCKED: dict[str, Edit] = {
    "people.Person": Edit(
        "people:update",
        "person_id",
        lambda cast: PersonFactory(municipality=cast.viborg, contacted=True),
        "notes",
        "Ringede tirsdag",
        "Flyttede til Aarhus",
    ),
    "interventions.Enrolment": Edit(
        "interventions:enrolment-update",
        "enrolment_id",
        lambda cast: EnrolmentFactory(person__municipality=cast.viborg, recorded_by=cast.alice),
        "provider_note",
        "Føtex Viborg",
        "Bilka Viborg",
    ),
    "agreements.Agreement": Edit(
        "agreements:update",
        "agreement_id",
        lambda cast: AgreementFactory(municipality=cast.viborg, active=True, parties=2),
        "meeting_place",
        "Biblioteket",
        "Medborgerhuset",
    ),
    "meetings.Session": Edit(
        "meetings:update",
        "session_id",
        lambda cast: SessionFactory(municipality=cast.viborg, date=date(2026, 12, 10)),
        "place",
        "Beboerhuset",
        "Biblioteket",
    ),
}

# Models whose version is the number of a saved text, not a lock: every save adds a row, so a
# save from a stale page cannot overwrite another (checked below).
HISTORY = {
    "reports.ReportText": "every save of a report section is a new version",
    "targetgroups.TargetGroupDefinition": "saving a definition again makes its next version",
}


def _versioned_models() -> set[str]:
    return {
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("brobygger.")
        and any(f.name == VERSION_FIELD for f in model._meta.concrete_fields)
    }


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def test_every_model_with_a_version_is_named_here() -> None:
    versioned = _versioned_models()

    assert versioned == LOCKED.keys() | HISTORY.keys(), (
        f"name these models in LOCKED (with their edit page) or HISTORY: "
        f"{sorted(versioned - LOCKED.keys() - HISTORY.keys())}; "
        f"no version any more: {sorted((LOCKED.keys() | HISTORY.keys()) - versioned)}"
    )


def test_the_versioned_edit_forms_edit_exactly_the_locked_models() -> None:
    for path in Path(brobygger.__file__).parent.glob("*/forms.py"):
        importlib.import_module(f"brobygger.{path.parent.name}.forms")

    edited = {
        form._meta.model._meta.label  # type: ignore[attr-defined]
        for form in _subclasses(VersionedFormMixin)
        if getattr(form, "_meta", None) is not None and form._meta.model is not None  # type: ignore[attr-defined]
    }

    assert edited == LOCKED.keys()


def _client(user: object) -> Client:
    client = Client()
    client.cookies["brobygger_language"] = "en"
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _opened(client: Client, url: str) -> dict[str, str | list[str]]:
    """Open the edit page as a browser does: the edit form as it will be sent back."""
    response = client.get(url)
    assert response.status_code == 200
    forms = [
        form
        for form in page_forms(response.content.decode())
        if any(field.name == VERSION_FIELD for field in form.fields)
    ]
    assert len(forms) == 1, "the edit page has one form with the record's version"
    return forms[0].submitted()


def _stored(record: models.Model) -> dict[str, object]:
    """Every column of the record as the database holds it now."""
    stored = type(record)._base_manager.get(pk=record.pk)
    return {f.attname: getattr(stored, f.attname) for f in stored._meta.concrete_fields}


@pytest.mark.parametrize("label", sorted(LOCKED))
def test_a_save_from_a_stale_form_is_a_conflict_and_changes_nothing(cast: Cast, label: str) -> None:
    edit = LOCKED[label]
    record = edit.make(cast)
    url = reverse(edit.url, kwargs={edit.argument: record.pk})
    alice, lene = _client(cast.alice), _client(cast.lene)
    alices, lenes = _opened(alice, url), _opened(lene, url)
    assert alices[VERSION_FIELD] == lenes[VERSION_FIELD] == "1"

    first = alice.post(url, {**alices, edit.field: edit.first})
    after_first = _stored(record)
    history = LogEntry.objects.get_for_object(record).count()
    second = lene.post(url, {**lenes, edit.field: edit.second})

    assert first.status_code == 302, "the first save goes through"
    assert second.status_code == 409
    assert "Someone changed the record while you were editing" in second.content.decode()
    assert after_first[edit.field] == edit.first
    assert after_first[VERSION_FIELD] == 2
    assert _stored(record) == after_first, "the stale save changed the record"
    assert LogEntry.objects.get_for_object(record).count() == history


def test_report_texts_keep_every_version_when_two_write_at_once(cast: Cast) -> None:
    """Two leads open the same section; both save: both texts are kept as versions, the later
    one is the current text, and the first is in the history (nothing is overwritten)."""
    report = StatusReportFactory(partnership=cast.partnership, quarter="2026Q4")
    url = reverse(
        "reports:section",
        kwargs={
            "partnership_id": cast.partnership.pk,
            "quarter": "2026Q4",
            "scope": cast.viborg.code,
            "key": "status",
        },
    )
    first, second = _client(cast.lene), _client(cast.lene)
    assert first.get(url).status_code == second.get(url).status_code == 200

    first.post(url, {"text": "Fire informationsmøder"})
    second.post(url, {"text": "Tre informationsmøder og en stand"})

    texts = ReportText.objects.filter(report=report, section="status").order_by("version")
    assert [(t.version, t.text) for t in texts] == [
        (1, "Fire informationsmøder"),
        (2, "Tre informationsmøder og en stand"),
    ]
