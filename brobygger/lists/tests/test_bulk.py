"""Bulk actions on the people list: the confirmation states the count and how many of the
chosen she may not see, those are never touched, each action is all or nothing, the export
is logged with its row count, and the selection has a limit."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse

from brobygger.accounts.access import Permission
from brobygger.accounts.models import Membership, Role, User
from brobygger.accounts.tests.factories import UserFactory
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.lists import selectors, services
from brobygger.lists.selectors import SelectionTooLarge
from brobygger.meetings.models import Invitation
from brobygger.meetings.tests.factories import SessionFactory
from brobygger.messaging.models import OutboundMessage
from brobygger.messaging.tests.factories import SmsConsentFactory, TemplateFactory
from brobygger.people.models import Person, PipelineStatus, StatusEvent
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]

BULK = reverse("lists:bulk")


@pytest.fixture
def people(cast: Cast) -> dict[str, Person]:
    """Two people of Viborg, one of Hedensted (Alice's municipality is Viborg)."""
    return {
        "viborg_1": PersonFactory(municipality=cast.viborg),
        "viborg_2": PersonFactory(municipality=cast.viborg),
        "hedensted": PersonFactory(municipality=cast.hedensted),
    }


def _ids(people: dict[str, Person]) -> list[int]:
    return [person.pk for person in people.values()]


def _selection(user: User, people: dict[str, Person], permission: Permission) -> Any:
    return selectors.selection_of(user=user, ids=_ids(people), permission=permission)


def test_the_selection_counts_the_people_she_may_not_see(
    cast: Cast, people: dict[str, Person]
) -> None:
    selection = _selection(cast.alice, people, Permission.CHANGE_PEOPLE)
    assert {p.pk for p in selection.people} == {people["viborg_1"].pk, people["viborg_2"].pk}
    assert selection.hidden == 1
    assert selection.chosen == 3


def test_status_changes_the_visible_and_never_the_invisible(
    cast: Cast, people: dict[str, Person]
) -> None:
    selection = _selection(cast.alice, people, Permission.CHANGE_PEOPLE)
    result = services.bulk_status(
        actor=cast.alice, selection=selection, to_status=PipelineStatus.CONTACTED, note="Ringet"
    )
    assert (result.done, result.hidden) == (2, 1)
    for key in ("viborg_1", "viborg_2"):
        people[key].refresh_from_db()
        assert people[key].status == PipelineStatus.CONTACTED
    people["hedensted"].refresh_from_db()
    assert people["hedensted"].status == PipelineStatus.IDENTIFIED
    assert not StatusEvent.objects.filter(person=people["hedensted"]).exists()
    assert StatusEvent.objects.filter(person=people["viborg_1"], note="Ringet").exists()


def test_status_is_all_or_nothing(
    cast: Cast, people: dict[str, Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    selection = _selection(cast.alice, people, Permission.CHANGE_PEOPLE)
    real = services.person_status_change
    calls = []

    def second_fails(**kwargs: Any) -> Any:
        calls.append(kwargs["person"])
        if len(calls) == 2:
            raise ValidationError("Nej")
        return real(**kwargs)

    monkeypatch.setattr(services, "person_status_change", second_fails)
    with pytest.raises(ValidationError):
        services.bulk_status(
            actor=cast.alice, selection=selection, to_status=PipelineStatus.CONTACTED
        )
    assert not Person.objects.filter(status=PipelineStatus.CONTACTED).exists()
    assert not StatusEvent.objects.filter(to_status=PipelineStatus.CONTACTED).exists()


def test_assign_is_all_or_nothing_across_municipalities(
    cast: Cast, people: dict[str, Person]
) -> None:
    """A lead of both municipalities assigns a caseworker of Viborg: the person of Hedensted
    cannot have her, so nobody changes."""
    lead = UserFactory(role=Role.MUNICIPAL_LEAD, municipality=cast.viborg)
    Membership.objects.create(user=lead, role=Role.MUNICIPAL_LEAD, municipality=cast.hedensted)
    selection = _selection(lead, people, Permission.CHANGE_PEOPLE)
    assert selection.hidden == 0
    with pytest.raises(ValidationError):
        services.bulk_assign(actor=lead, selection=selection, caseworker=cast.alice)
    assert not Person.objects.filter(assigned_caseworker=cast.alice).exists()


def test_assign_gives_the_visible_people_the_caseworker(
    cast: Cast, people: dict[str, Person]
) -> None:
    selection = _selection(cast.lene, people, Permission.CHANGE_PEOPLE)
    result = services.bulk_assign(actor=cast.lene, selection=selection, caseworker=cast.alice)
    assert (result.done, result.hidden) == (2, 1)
    assert set(Person.objects.filter(assigned_caseworker=cast.alice)) == {
        people["viborg_1"],
        people["viborg_2"],
    }


def test_invite_to_a_session_by_letter(cast: Cast, people: dict[str, Person]) -> None:
    session = SessionFactory()
    selection = _selection(cast.alice, people, Permission.CHANGE_PEOPLE)
    result = services.bulk_invite(
        actor=cast.alice, selection=selection, session=session, channel="letter"
    )
    assert (result.done, result.hidden) == (2, 1)
    assert Invitation.objects.filter(session=session).count() == 2
    assert not Invitation.objects.filter(person=people["hedensted"]).exists()


def test_text_respects_consent_and_counts_the_refused(
    cast: Cast, people: dict[str, Person]
) -> None:
    SmsConsentFactory(person=people["viborg_1"])
    Person.objects.filter(pk=people["viborg_1"].pk).update(phone="+4520123456")
    selection = _selection(cast.alice, people, Permission.CHANGE_PEOPLE)
    result = services.bulk_text(actor=cast.alice, selection=selection, template=TemplateFactory())
    assert (result.done, result.hidden) == (1, 1)
    assert [person for person, _reason in result.unchanged] == [people["viborg_2"]]
    assert OutboundMessage.objects.filter(person=people["viborg_1"]).count() == 1
    assert not OutboundMessage.objects.exclude(person=people["viborg_1"]).exists()


def test_the_export_is_logged_with_its_row_count(cast: Cast, people: dict[str, Person]) -> None:
    selection = _selection(cast.alice, people, Permission.VIEW_PEOPLE)
    content = services.bulk_export(actor=cast.alice, selection=selection, fmt="csv")
    text = content.decode("utf-8-sig")
    assert people["viborg_1"].first_name in text
    assert str(people["hedensted"].pk) not in {line.split(";")[0] for line in text.splitlines()}
    entries = AccessLogEntry.objects.filter(action=AccessAction.EXPORT, user=cast.alice)
    assert [(e.municipality_id, e.row_count) for e in entries] == [(cast.viborg.pk, 2)]


def test_the_selection_has_a_limit(cast: Cast, people: dict[str, Person]) -> None:
    with override_settings(BULK_MAX_SELECTION=2), pytest.raises(SelectionTooLarge):
        _selection(cast.alice, people, Permission.CHANGE_PEOPLE)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_confirmation_states_the_count_and_the_hidden(
    cast: Cast, people: dict[str, Person]
) -> None:
    response = _client(cast.alice).post(BULK, {"action": "status", "person_ids": _ids(people)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Du er ved at ændre status for 2 personer" in page
    assert "1 af de valgte kan du ikke se; der sker intet med dem" in page
    # Nothing has happened yet, and the other municipality's person is not named.
    assert not Person.objects.filter(status=PipelineStatus.CONTACTED).exists()
    assert people["hedensted"].first_name + " " + people["hedensted"].last_name not in page


def test_confirmed_the_action_is_done(cast: Cast, people: dict[str, Person]) -> None:
    response = _client(cast.alice).post(
        BULK,
        {
            "action": "status",
            "person_ids": _ids(people),
            "confirmed": "1",
            "do-to_status": PipelineStatus.CONTACTED,
            "do-note": "Masseopkald",
        },
    )
    assert response.status_code == 302
    assert Person.objects.filter(status=PipelineStatus.CONTACTED).count() == 2
    people["hedensted"].refresh_from_db()
    assert people["hedensted"].status == PipelineStatus.IDENTIFIED


def test_all_matching_the_filter(cast: Cast, people: dict[str, Person]) -> None:
    PersonFactory(municipality=cast.viborg, contacted=True)
    response = _client(cast.alice).post(
        BULK, {"action": "status", "all_matching": "1", "filter": "status=identified"}
    )
    assert "Du er ved at ændre status for 2 personer" in response.content.decode()


def test_the_export_download_is_logged(cast: Cast, people: dict[str, Person]) -> None:
    response = _client(cast.alice).post(
        BULK,
        {"action": "export", "person_ids": _ids(people), "confirmed": "1", "do-fmt": "xlsx"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    entry = AccessLogEntry.objects.get(action=AccessAction.EXPORT)
    assert entry.row_count == 2


def test_too_many_is_told_plainly(cast: Cast, people: dict[str, Person]) -> None:
    with override_settings(BULK_MAX_SELECTION=2):
        response = _client(cast.alice).post(BULK, {"action": "status", "person_ids": _ids(people)})
    assert response.status_code == 400
    assert 'data-testid="too-many"' in response.content.decode()


def test_an_outsider_changes_nothing(cast: Cast, people: dict[str, Person]) -> None:
    response = _client(cast.charlie).post(
        BULK,
        {
            "action": "status",
            "person_ids": [people["viborg_1"].pk, people["viborg_2"].pk],
            "confirmed": "1",
            "do-to_status": PipelineStatus.CONTACTED,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 af de valgte kan du ikke se" in page
    assert not Person.objects.filter(status=PipelineStatus.CONTACTED).exists()
