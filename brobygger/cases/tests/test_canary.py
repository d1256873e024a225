"""The canary: a sensitive note with a text found nowhere else. Every role fetches every page,
export, API answer and search that could show it; only her caseworker and the roles granted
VIEW_SENSITIVE_NOTES (the municipal lead, who also answers her access request) get the text."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.accounts.access import ROLE_PERMISSIONS, Permission
from brobygger.accounts.models import Membership, Role, User
from brobygger.audit.models import AccessLogEntry
from brobygger.cases.selectors import SENSITIVE_READ
from brobygger.cases.services import NoteData, note_add, note_correct
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import PASSWORD, Cast

from .factories import ConversationFactory, TaskFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]

CANARY = "Kanariefugl-7f3a9c-vold"
EARLIER = "Tidligere-udgave-51d2e0"


def _member(username: str, role: str, cast: Cast) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    scope = (
        {"partnership": cast.partnership}
        if role in {Role.COORDINATOR, Role.EVALUATOR, Role.STEERING_MEMBER}
        else {"municipality": cast.viborg}
    )
    Membership.objects.create(user=user, role=role, **scope)
    return user


def _urls(person_id: int, note_id: int, conversation_id: int) -> list[tuple[str, str]]:
    """(method, address) of everything that could show her notes."""
    return [
        ("get", reverse("people:detail", kwargs={"person_id": person_id})),
        ("get", reverse("cases:person-notes", kwargs={"person_id": person_id})),
        ("get", reverse("cases:note", kwargs={"note_id": note_id})),
        ("get", reverse("cases:person-conversations", kwargs={"person_id": person_id})),
        ("get", reverse("cases:conversation", kwargs={"conversation_id": conversation_id})),
        ("get", reverse("interventions:person", kwargs={"person_id": person_id})),
        ("get", reverse("people:list") + "?q=Zainab"),
        ("get", reverse("people:caseload")),
        ("get", reverse("start:home")),
        ("get", reverse("cases:my-tasks")),
        ("get", reverse("cases:municipality-tasks")),
        ("get", reverse("audit:access-log")),
        ("get", reverse("privacy:person", kwargs={"person_id": person_id})),
        ("json", reverse("privacy:person", kwargs={"person_id": person_id})),
        ("get", f"/api/v1/persons/{person_id}"),
        ("get", "/api/v1/persons?q=Zainab"),
        ("get", f"/api/v1/persons/{person_id}/contact-attempts"),
        ("get", f"/api/v1/persons/{person_id}/activities"),
    ]


def test_no_role_without_the_permission_reads_a_sensitive_note(client: Client, cast: Cast) -> None:
    person = PersonFactory(first_name="Zainab", assigned_caseworker=cast.alice)
    note = note_add(
        actor=cast.alice,
        person=person,
        data=NoteData(
            concerns_on=date(2026, 11, 20), text=EARLIER, sensitive=True, category="violence"
        ),
    )
    note_correct(
        actor=cast.alice,
        note=note,
        data=NoteData(
            concerns_on=date(2026, 11, 20), text=CANARY, sensitive=True, category="violence"
        ),
    )
    TaskFactory(assignee=cast.alice, person=person, title="Følg op", due_on=date(2026, 11, 23))
    conversation = ConversationFactory(person=person)
    colleague = _member("dorte", Role.CASEWORKER, cast)
    roles: dict[str, User] = {
        "her caseworker": cast.alice,
        "a colleague caseworker": colleague,
        "municipal lead": cast.lene,
        "volunteer coordinator": cast.bob,
        "data protection officer": _member("dpo", Role.DATA_PROTECTION_OFFICER, cast),
        "coordinator": cast.kim,
        "evaluator": cast.eva,
        "steering member": _member("steering", Role.STEERING_MEMBER, cast),
        "administrator": cast.ada,
        "other municipality's caseworker": cast.charlie,
    }
    readers = {"her caseworker", "municipal lead"}
    # The roles that hold the permission are exactly the lead's.
    assert {
        role
        for role, granted in ROLE_PERMISSIONS.items()
        if Permission.VIEW_SENSITIVE_NOTES in granted
    } == {Role.MUNICIPAL_LEAD}

    found: dict[str, set[str]] = {}
    fetched = 0
    for role, user in roles.items():
        client.force_login(user)
        for method, url in _urls(person.pk, note.pk, conversation.pk):
            if method == "json":
                response = client.post(url, {"action": "json", "access-received_on": "20.11.2026"})
            else:
                response = client.get(url)
            fetched += 1
            body = response.content.decode("utf-8", "replace")
            for secret in (CANARY, EARLIER):
                if secret in body:
                    found.setdefault(role, set()).add(f"{method} {url}")

    # A search for the text finds nobody (the page repeats the words searched for; the access
    # log the search criterion: so these come after the walk above).
    for role, user in roles.items():
        client.force_login(user)
        search = client.get(reverse("people:list") + f"?q={CANARY}")
        assert reverse("people:detail", kwargs={"person_id": person.pk}) not in (
            search.content.decode()
        ), role
    assert fetched == len(roles) * len(_urls(person.pk, note.pk, conversation.pk))
    assert set(found) == readers, found
    notes_page = reverse("cases:person-notes", kwargs={"person_id": person.pk})
    assert f"get {notes_page}" in found["her caseworker"]
    # Her access request (art. 15) includes the note and its earlier text.
    export = reverse("privacy:person", kwargs={"person_id": person.pk})
    assert f"json {export}" in found["municipal lead"]
    # Every read of the text is in the access log; nobody else's.
    readers_logged = set(
        AccessLogEntry.objects.filter(purpose=SENSITIVE_READ).values_list("username", flat=True)
    )
    assert readers_logged == {"alice", "lene"}
