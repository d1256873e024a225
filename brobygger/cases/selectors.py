"""Reads of the case, through the access policy. A sensitive note's text is given only to
those ``sensitive_readable`` allows, and every such read is written to the access log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

from brobygger.accounts.access import (
    ROLE_PERMISSIONS,
    AnyUser,
    Permission,
    get_visible_or_404,
    has_permission,
    scope_for,
)
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.audit.services import access_record
from brobygger.interventions.models import Completion, Enrolment
from brobygger.interventions.selectors import person_enrolments
from brobygger.languages.models import Language
from brobygger.languages.selectors import InLanguage, in_language
from brobygger.meetings.models import Invitation
from brobygger.meetings.selectors import person_coming_sessions
from brobygger.partners.selectors import PersonMentoring, person_mentoring
from brobygger.people.models import Person

from .models import (
    CaseNote,
    CaseNoteRevision,
    Conversation,
    ConversationKind,
    DigestPreference,
    GoalStatus,
    PlanGoal,
    PlanWording,
    Task,
)

# The purpose written with every read of a sensitive note's text.
SENSITIVE_READ = "cases:sensitive-note"


def sensitive_readable(user: AnyUser, person: Person) -> bool:
    """Her own caseworker, or a role granted VIEW_SENSITIVE_NOTES in her municipality."""
    if not user.is_authenticated:
        return False
    if person.assigned_caseworker_id is not None and person.assigned_caseworker_id == user.pk:
        return True
    return has_permission(
        user, Permission.VIEW_SENSITIVE_NOTES, municipality_id=person.municipality_id
    )


@dataclass(frozen=True)
class Shown:
    """A note or an earlier version as this user may see it: ``text`` is None when it is
    sensitive and not hers to read."""

    record: CaseNote | CaseNoteRevision
    text: str | None

    @property
    def hidden(self) -> bool:
        return self.text is None


def _shown(
    user: AnyUser, person: Person, records: Iterable[CaseNote | CaseNoteRevision]
) -> list[Shown]:
    """Each record with its text when it may be read; the sensitive ones read are logged."""
    readable = sensitive_readable(user, person)
    shown = [
        Shown(record, record.text if readable or not record.sensitive else None)
        for record in records
    ]
    read = [item.record for item in shown if item.record.sensitive and not item.hidden]
    if read:
        _log_sensitive_reads(user, read)
    return shown


def _log_sensitive_reads(user: AnyUser, records: list[CaseNote | CaseNoteRevision]) -> None:
    """One entry per text read, written with one insert however many there are."""
    AccessLogEntry.objects.bulk_create(
        [
            access_record(
                user=user, action=AccessAction.VIEW, obj=record, purpose=SENSITIVE_READ, save=False
            )
            for record in records
        ]
    )


def person_notes(*, user: AnyUser, person: Person) -> list[Shown]:
    """Her notes, newest day first; sensitive texts only for those who may read them."""
    notes = (
        CaseNote.objects.visible_to(user)
        .filter(person=person)
        .select_related("author", "person")
        .annotate(revision_count=models.Count("revisions"))
    )
    return _shown(user, person, notes)


def note_get(*, user: AnyUser, pk: int) -> CaseNote:
    notes = CaseNote.objects.visible_to(user).filter(
        person__merged_into__isnull=True, person__erased_at__isnull=True
    )
    return get_visible_or_404(notes.select_related("person", "author"), user=user, pk=pk)


def note_shown(*, user: AnyUser, note: CaseNote) -> tuple[Shown, list[Shown]]:
    """The note and its earlier versions (newest first), as this user may see them."""
    revisions = (
        CaseNoteRevision.objects.visible_to(user)
        .filter(note=note)
        .select_related("replaced_by", "note__person")
    )
    shown = _shown(user, note.person, [note, *revisions])
    return shown[0], shown[1:]


def note_counts(*, user: AnyUser, person: Person) -> dict[str, int]:
    """How many notes she has, and how many of them are sensitive (for her card)."""
    notes = CaseNote.objects.visible_to(user).filter(person=person)
    return notes.aggregate(
        total=models.Count("id"), sensitive=models.Count("id", filter=models.Q(sensitive=True))
    )


# Tasks ----------------------------------------------------------------------------------


def assignable_users(*, municipality_id: int) -> models.QuerySet[User]:
    """Active staff members who work with people in the municipality."""
    roles = [
        role for role, granted in ROLE_PERMISSIONS.items() if Permission.VIEW_PEOPLE in granted
    ]
    return (
        User.objects.filter(
            is_active=True,
            memberships__municipality_id=municipality_id,
            memberships__role__in=roles,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _tasks(user: AnyUser) -> models.QuerySet[Task]:
    return (
        Task.objects.visible_to(user)
        .filter(models.Q(person__isnull=True) | models.Q(person__merged_into__isnull=True))
        .select_related("assignee", "person", "organisation", "done_by")
    )


def tasks_of(*, user: AnyUser, assignee: User, open_only: bool = True) -> models.QuerySet[Task]:
    tasks = _tasks(user).filter(assignee=assignee)
    return tasks.filter(done_at__isnull=True) if open_only else tasks


def municipality_tasks(*, user: AnyUser, open_only: bool = True) -> models.QuerySet[Task]:
    """Every task of the municipalities where the user works with people."""
    tasks = _tasks(user)
    return tasks.filter(done_at__isnull=True) if open_only else tasks


def person_tasks(*, user: AnyUser, person: Person) -> models.QuerySet[Task]:
    return _tasks(user).filter(person=person).order_by("done_at", "due_on", "id")


def task_get(*, user: AnyUser, pk: int) -> Task:
    return get_visible_or_404(_tasks(user), user=user, pk=pk)


@dataclass(frozen=True)
class TasksDue:
    overdue: list[Task]
    this_week: list[Task]


def tasks_due(*, user: User, today: date | None = None) -> TasksDue:
    """Her open tasks: overdue, and due from today to a week ahead (the work list)."""
    today = today or timezone.localdate()
    mine = tasks_of(user=user, assignee=user).filter(due_on__lte=today + timedelta(days=7))
    tasks = list(mine[:50])
    return TasksDue(
        overdue=[t for t in tasks if t.due_on < today],
        this_week=[t for t in tasks if t.due_on >= today],
    )


def digest_wanted(*, user: User) -> bool:
    return DigestPreference.objects.filter(user=user, daily_digest=True).exists()


def digest_tasks(*, today: date) -> dict[User, list[Task]]:
    """For the daily e-mail: the open tasks due today or overdue of each active user who asked
    for it, in the municipalities where she still works with people."""
    tasks = (
        Task.objects.filter(
            done_at__isnull=True,
            due_on__lte=today,
            assignee__is_active=True,
            assignee__task_digest__daily_digest=True,
        )
        .exclude(assignee__email="")
        .select_related("assignee")
        .order_by("assignee_id", "due_on", "id")
    )
    by_user: dict[User, list[Task]] = {}
    for task in tasks:
        if scope_for(task.assignee, Permission.VIEW_PEOPLE).allows(task.municipality_id):
            by_user.setdefault(task.assignee, []).append(task)
    return by_user


# Conversations -------------------------------------------------------------------------


def person_conversations(*, user: AnyUser, person: Person) -> models.QuerySet[Conversation]:
    return (
        Conversation.objects.visible_to(user)
        .filter(person=person)
        .select_related("interpreter_language", "confidence", "recorded_by")
    )


def has_first_conversation(*, user: AnyUser, person: Person) -> bool:
    return (
        person_conversations(user=user, person=person).filter(kind=ConversationKind.FIRST).exists()
    )


def conversation_get(*, user: AnyUser, pk: int) -> Conversation:
    conversations = Conversation.objects.visible_to(user).filter(
        person__merged_into__isnull=True, person__erased_at__isnull=True
    )
    return get_visible_or_404(
        conversations.select_related("person", "interpreter_language", "confidence", "recorded_by"),
        user=user,
        pk=pk,
    )


# Her page ------------------------------------------------------------------------------


def person_case_panel(user: AnyUser, person: Person) -> dict[str, object]:
    """The case card of her page (``people.panels``): her conversations, her plan's active
    goals, how many notes (no text: the notes page shows them), and her open tasks."""
    return {
        "case_person": person,
        "active_goals": list(person_goals(user=user, person=person).filter(status="active")),
        "conversations": list(person_conversations(user=user, person=person)[:5]),
        "note_counts": note_counts(user=user, person=person),
        "open_tasks": list(person_tasks(user=user, person=person).filter(done_at__isnull=True)[:5]),
        "can_change": has_permission(
            user, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id
        ),
    }


# Her plan ------------------------------------------------------------------------------


def person_goals(*, user: AnyUser, person: Person) -> models.QuerySet[PlanGoal]:
    """Her goals, the active first, each with its steps (tasks) prefetched."""
    steps = _tasks(user).order_by("done_at", "due_on", "id")
    return (
        PlanGoal.objects.visible_to(user)
        .filter(person=person)
        .prefetch_related(Prefetch("steps", queryset=steps))
        .order_by(
            models.Case(models.When(status=GoalStatus.ACTIVE, then=0), default=1),
            "target_on",
            "id",
        )
    )


def goal_get(*, user: AnyUser, pk: int) -> PlanGoal:
    goals = PlanGoal.objects.visible_to(user).filter(
        person__merged_into__isnull=True, person__erased_at__isnull=True
    )
    return get_visible_or_404(goals.select_related("person"), user=user, pk=pk)


@dataclass(frozen=True)
class PlanSupport:
    """What serves her goals: her interventions under way, the sessions she is invited to,
    and her mentor."""

    enrolments: list[Enrolment]
    sessions: list[Invitation]
    mentoring: PersonMentoring


def plan_support(*, user: AnyUser, person: Person, today: date) -> PlanSupport:
    return PlanSupport(
        enrolments=list(
            person_enrolments(user=user, person=person).filter(completion=Completion.ONGOING)
        ),
        sessions=person_coming_sessions(user=user, person=person, today=today),
        mentoring=person_mentoring(user=user, person=person),
    )


def plan_wording_for(language: Language | None) -> InLanguage[PlanWording]:
    return in_language(PlanWording.objects.all(), language)


def plan_wording_list() -> models.QuerySet[PlanWording]:
    return PlanWording.objects.select_related("language")


def plan_wording_of(language: Language) -> PlanWording | None:
    return PlanWording.objects.filter(language=language).first()
