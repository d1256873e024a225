from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from brobygger.audit.models import AccessAction, AccessLogEntry, AppendOnlyError
from brobygger.audit.services import access_record
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db


def test_entries_cannot_be_changed_or_deleted(cast: Cast) -> None:
    entry = access_record(user=cast.alice, action=AccessAction.VIEW)

    entry.action = AccessAction.CHANGE
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.update(action=AccessAction.CHANGE)


def test_retention_purge_removes_only_old_entries(cast: Cast) -> None:
    access_record(user=cast.alice, action=AccessAction.VIEW)

    removed = AccessLogEntry.objects.purge_before(timezone.now() - timedelta(days=183))
    assert removed == 0
    removed = AccessLogEntry.objects.purge_before(timezone.now() + timedelta(seconds=1))
    assert removed == 1


def test_entry_records_ip_and_request_id(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.alice)

    response = client.get(
        reverse("people:detail", kwargs={"person_id": person.pk}), REMOTE_ADDR="10.1.2.3"
    )

    entry = AccessLogEntry.objects.get(action=AccessAction.VIEW)
    assert entry.ip_address == "10.1.2.3"
    assert entry.request_id == response["X-Request-ID"]
    assert entry.purpose == "people:detail"
    assert entry.municipality_id == cast.viborg.pk


def test_lead_sees_entries_about_own_municipality_only(client: Client, cast: Cast) -> None:
    viborg_person = PersonFactory(municipality=cast.viborg)
    hedensted_person = PersonFactory(municipality=cast.hedensted)
    access_record(user=cast.alice, action=AccessAction.VIEW, obj=viborg_person)
    access_record(user=cast.charlie, action=AccessAction.VIEW, obj=hedensted_person)
    client.force_login(cast.lene)

    response = client.get(reverse("audit:access-log"))

    person_ids = {entry.person_id for entry in response.context["page"]}
    assert person_ids == {viborg_person.pk}


def test_filters_by_user_action_person_and_date(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    access_record(user=cast.alice, action=AccessAction.VIEW, obj=person)
    access_record(
        user=cast.alice,
        action=AccessAction.SEARCH,
        search_criterion="q=x",
        municipality_id=cast.viborg.pk,
    )
    client.force_login(cast.ada)
    today = timezone.localdate().strftime("%d.%m.%Y")

    response = client.get(
        reverse("audit:access-log"),
        {
            "username": "alice",
            "action": "view",
            "person_id": person.pk,
            "date_from": today,
            "date_to": today,
        },
    )

    entries = list(response.context["page"])
    assert [(e.action, e.person_id) for e in entries] == [("view", person.pk)]


def test_caseworker_cannot_open_the_access_log(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)

    assert client.get(reverse("audit:access-log")).status_code == 404
