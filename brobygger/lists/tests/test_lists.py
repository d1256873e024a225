"""Saved lists: saved with their filters, private or shared within the municipality (another
municipality's list is a 404), counted day by day, renamed, shared and deleted by the owner
(a lead deletes the shared lists of her municipality); "Ikke kontaktet i 3 måneder" end to
end."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from brobygger.accounts.models import Role, User
from brobygger.accounts.tests.factories import UserFactory
from brobygger.lists import selectors
from brobygger.lists.models import ListSnapshot, SavedList
from brobygger.lists.tests.factories import ListSnapshotFactory, SavedListFactory
from brobygger.people.filters import PersonFilters, months_before
from brobygger.people.models import ContactAttempt, Person
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]

CPH = ZoneInfo("Europe/Copenhagen")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _attempt(person: Person, when: datetime, by: User) -> None:
    ContactAttempt.objects.create(
        person=person, channel="phone", outcome="no_answer", made_by=by, occurred_at=when
    )


def test_months_before_keeps_the_day_or_the_months_last() -> None:
    assert months_before(date(2026, 11, 23), 3) == date(2026, 8, 23)
    assert months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert months_before(date(2026, 2, 15), 3) == date(2025, 11, 15)


def test_not_contacted_in_3_months_end_to_end(cast: Cast) -> None:
    """Alice filters the people not contacted in 3 months, saves the search as "Ikke
    kontaktet i 3 måneder", sees it among her lists with its count and opens it again."""
    recent = PersonFactory(municipality=cast.viborg, first_name="Nylig")
    old = PersonFactory(municipality=cast.viborg, first_name="Gammel")
    PersonFactory(municipality=cast.viborg, first_name="Aldrig")
    PersonFactory(municipality=cast.hedensted, first_name="Andetsteds")
    _attempt(recent, datetime(2026, 10, 1, 10, tzinfo=CPH), cast.alice)
    _attempt(old, datetime(2026, 7, 1, 10, tzinfo=CPH), cast.alice)
    client = _client(cast.alice)

    page = client.get(reverse("people:list"), {"not_contacted_months": "3"}).content.decode()
    assert "Gammel" in page and "Aldrig" in page
    assert "Nylig" not in page and "Andetsteds" not in page

    response = client.post(
        reverse("lists:create"),
        {"not_contacted_months": "3", "name": "Ikke kontaktet i 3 måneder", "shared": "on"},
    )
    saved = SavedList.objects.get()
    assert response.status_code == 302
    assert (saved.name, saved.owner, saved.municipality, saved.shared) == (
        "Ikke kontaktet i 3 måneder",
        cast.alice,
        cast.viborg,
        True,
    )
    assert saved.filters == {"not_contacted_months": 3}
    # Saved with its first count; no person id is stored.
    assert list(saved.snapshots.values_list("taken_on", "count")) == [(date(2026, 11, 23), 2)]
    assert set(saved.filters) == {"not_contacted_months"}

    mine = client.get(reverse("lists:mine")).content.decode()
    assert "Ikke kontaktet i 3 måneder" in mine
    assert selectors.list_rows(user=cast.alice)[0].count == 2

    opened = client.get(reverse("lists:open", kwargs={"list_id": saved.pk}))
    assert opened.status_code == 302
    assert opened["Location"].endswith("?not_contacted_months=3")

    # A month later Nylig has not been contacted for three months either.
    with time_machine.travel(datetime(2027, 1, 5, 12, tzinfo=CPH)):
        call_command("lists_snapshot")
        assert selectors.list_rows(user=cast.alice)[0].count == 3
    assert list(saved.snapshots.values_list("count", flat=True)) == [2, 3]
    detail = client.get(reverse("lists:detail", kwargs={"list_id": saved.pk})).content.decode()
    assert 'data-testid="sparkline"' in detail


def test_a_list_is_private_unless_shared(cast: Cast) -> None:
    colleague = UserFactory(role=Role.CASEWORKER, municipality=cast.viborg)
    private = SavedListFactory(owner=cast.alice)
    shared = SavedListFactory(owner=cast.alice, shared_in_municipality=True)
    client = _client(colleague)
    assert client.get(reverse("lists:detail", kwargs={"list_id": private.pk})).status_code == 404
    assert client.get(reverse("lists:detail", kwargs={"list_id": shared.pk})).status_code == 200
    assert [row.saved for row in selectors.list_rows(user=colleague)] == [shared]
    # Only the owner renames or shares.
    response = client.post(
        reverse("lists:update", kwargs={"list_id": shared.pk}), {"name": "Mit navn"}
    )
    assert response.status_code == 404
    shared.refresh_from_db()
    assert shared.shared and shared.name != "Mit navn"


def test_another_municipalitys_list_is_a_404(cast: Cast) -> None:
    shared = SavedListFactory(owner=cast.alice, shared_in_municipality=True)
    client = _client(cast.charlie)
    for name in ("lists:detail", "lists:open"):
        assert client.get(reverse(name, kwargs={"list_id": shared.pk})).status_code == 404
    assert client.post(reverse("lists:delete", kwargs={"list_id": shared.pk})).status_code == 404
    assert SavedList.objects.filter(pk=shared.pk).exists()
    assert selectors.list_rows(user=cast.charlie) == []


def test_the_owner_renames_shares_and_deletes(cast: Cast) -> None:
    saved = SavedListFactory(owner=cast.alice)
    client = _client(cast.alice)
    client.post(
        reverse("lists:update", kwargs={"list_id": saved.pk}),
        {"name": "Til opfølgning", "shared": "on"},
    )
    saved.refresh_from_db()
    assert (saved.name, saved.shared) == ("Til opfølgning", True)
    client.post(reverse("lists:update", kwargs={"list_id": saved.pk}), {"name": "Privat"})
    saved.refresh_from_db()
    assert (saved.name, saved.shared) == ("Privat", False)
    response = client.post(reverse("lists:delete", kwargs={"list_id": saved.pk}))
    assert response.status_code == 302
    assert not SavedList.objects.exists()


def test_a_lead_deletes_a_shared_list_of_her_municipality(cast: Cast) -> None:
    private = SavedListFactory(owner=cast.alice)
    shared = SavedListFactory(owner=cast.alice, shared_in_municipality=True)
    client = _client(cast.lene)
    assert client.post(reverse("lists:delete", kwargs={"list_id": private.pk})).status_code == 404
    assert client.post(reverse("lists:delete", kwargs={"list_id": shared.pk})).status_code == 302
    assert list(SavedList.objects.all()) == [private]


def test_a_filter_that_no_longer_holds_is_told_not_a_500(cast: Cast) -> None:
    saved = SavedListFactory(owner=cast.alice, filters={"method": 987654})
    broken = SavedListFactory(owner=cast.alice, filters={"age_band": "<script>"})
    client = _client(cast.alice)
    for item in (saved, broken):
        response = client.get(reverse("lists:detail", kwargs={"list_id": item.pk}))
        assert response.status_code == 200
        assert 'data-testid="list-invalid"' in response.content.decode()
        opened = client.get(reverse("lists:open", kwargs={"list_id": item.pk}))
        assert opened["Location"] == reverse("lists:detail", kwargs={"list_id": item.pk})
    mine = client.get(reverse("lists:mine"))
    assert mine.status_code == 200
    assert mine.content.decode().count('data-testid="list-invalid"') == 2


def test_a_search_without_filters_is_not_saved(cast: Cast) -> None:
    response = _client(cast.alice).post(reverse("lists:create"), {"name": "Alle"})
    assert response.status_code == 400
    assert not SavedList.objects.exists()


def test_the_stored_filters_round_trip() -> None:
    filters = PersonFilters(
        status="identified", country="SY", age_band="30-39", not_contacted_months=3
    )
    assert PersonFilters.from_data(filters.as_data()) == filters
    assert PersonFilters.from_query(filters.as_query()) == filters


def test_the_snapshot_command_counts_every_list_once_a_day(cast: Cast) -> None:
    PersonFactory(municipality=cast.viborg)
    saved = SavedListFactory(owner=cast.alice, identified_only=True)
    ListSnapshotFactory(saved_list=saved, taken_on=date(2026, 11, 22), count=7)
    call_command("lists_snapshot", "--date", "2026-11-23")
    call_command("lists_snapshot", "--date", "2026-11-23")
    assert list(ListSnapshot.objects.values_list("taken_on", "count")) == [
        (date(2026, 11, 22), 7),
        (date(2026, 11, 23), 1),
    ]


def test_the_snapshot_is_scheduled_once(cast: Cast, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from brobygger.lists.tasks import snapshot_scheduled

    call_command("lists_snapshot", "--schedule")
    call_command("lists_snapshot", "--schedule")
    assert (
        DBTaskResult.objects.filter(
            task_path=snapshot_scheduled.module_path, status=TaskResultStatus.READY
        ).count()
        == 1
    )


def test_a_nul_byte_in_the_free_text_filters_never_reaches_the_database() -> None:
    """PostgreSQL keeps no NUL in a text or JSON column: it is dropped where the address is read."""
    filters = PersonFilters.from_query({"q": "Fat\x00ima", "housing_area": "\x00Gellerup"})
    assert (filters.query, filters.housing_area) == ("Fatima", "Gellerup")
    assert "\x00" not in str(filters.as_data())


def test_a_partners_people_are_filtered_and_saved_as_a_list(cast: Cast) -> None:
    """The partner filter finds her whether she was found through the partner or took part
    in an intervention it provided; the saved list keeps it, and a partner deleted since is
    told, not a 500."""
    from brobygger.interventions.tests.factories import EnrolmentFactory
    from brobygger.partners.tests.factories import OrganisationFactory
    from brobygger.people.tests.factories import PersonSourceFactory

    mosque = OrganisationFactory(municipality=cast.viborg, name="Moskeforeningen")
    found = PersonFactory(municipality=cast.viborg, first_name="Fundet")
    enrolled = PersonFactory(municipality=cast.viborg, first_name="Deltager")
    PersonFactory(municipality=cast.viborg, first_name="Andre")
    PersonSourceFactory(person=found, partner=mosque)
    EnrolmentFactory(person=enrolled, provider=mosque, provider_note="")
    client = _client(cast.alice)

    page = client.get(reverse("people:list"), {"partner": str(mosque.pk)}).content.decode()
    assert "Fundet" in page and "Deltager" in page and "Andre" not in page
    assert "Moskeforeningen" in page

    client.post(reverse("lists:create"), {"partner": str(mosque.pk), "name": "Moskeen"})
    saved = SavedList.objects.get()
    assert saved.filters == {"partner": mosque.pk}
    assert selectors.list_rows(user=cast.alice)[0].count == 2
    opened = client.get(reverse("lists:open", kwargs={"list_id": saved.pk}))
    assert opened["Location"].endswith(f"?partner={mosque.pk}")

    gone = SavedListFactory(owner=cast.alice, filters={"partner": 987654})
    detail = client.get(reverse("lists:detail", kwargs={"list_id": gone.pk}))
    assert 'data-testid="list-invalid"' in detail.content.decode()
