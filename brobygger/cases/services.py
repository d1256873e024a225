"""Writes of the case: notes and their corrections, tasks, the digest preference,
conversations (whose confidence answer goes through the interventions app), and her plan (goals,
and the next steps towards them as tasks). Check → do → log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.audit.writes import record_save
from brobygger.interventions.services import ConfidenceData, confidence_record
from brobygger.languages.models import Language
from brobygger.messaging.models import InboundMessage
from brobygger.messaging.services import reply_handle
from brobygger.partners.models import Organisation
from brobygger.partnerships.models import Municipality
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
    TaskSource,
)
from .selectors import assignable_users, sensitive_readable


@dataclass(frozen=True, kw_only=True)
class NoteData:
    """What ``note_add`` and ``note_correct`` write: the day it concerns, the text, and
    whether it is sensitive (then with its kind)."""

    concerns_on: date
    text: str
    sensitive: bool = False
    category: str = ""


@dataclass(frozen=True, kw_only=True)
class TaskData:
    """What ``task_create`` writes. ``person`` or ``organisation`` (or neither) is what the
    task concerns; ``source`` where it came from."""

    title: str
    assignee: User
    due_on: date
    person: Person | None = None
    organisation: Organisation | None = None
    source: str = TaskSource.BY_HAND
    reply: InboundMessage | None = None


@dataclass(frozen=True, kw_only=True)
class ConversationData:
    """What ``conversation_record`` writes of the conversation itself."""

    kind: str
    held_on: date
    participants: str
    interpreter_language: Language | None = None
    education_level: str = ""
    education_country: str = ""
    education: str = ""
    work_experience: str = ""
    danish_level: str = ""
    driving_licence: str = ""
    health_and_care: str = ""
    job_wishes: str = ""
    education_wishes: str = ""
    activity_wishes: str = ""
    barrier_childcare: bool = False
    barrier_transport: bool = False
    barrier_family: bool = False
    barriers: str = ""


def _not_in_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _checked_note(data: NoteData) -> NoteData:
    _not_in_future(data.concerns_on, "concerns_on")
    if not data.text.strip():
        raise ValidationError({"text": _("Write the note.")})
    if data.sensitive and not data.category:
        raise ValidationError({"category": _("Choose what kind of sensitive information it is.")})
    if not data.sensitive and data.category:
        return NoteData(concerns_on=data.concerns_on, text=data.text, sensitive=False)
    return data


@transaction.atomic
def note_add(*, actor: User, person: Person, data: NoteData) -> CaseNote:
    """A new dated note in her case, written by ``actor``."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    note = CaseNote(person=person, author=actor)
    return record_save(actor=actor, record=note, data=_checked_note(data))


@transaction.atomic
def note_correct(*, actor: User, note: CaseNote, data: NoteData) -> CaseNote:
    """Correct a note; the earlier version is kept as a revision. A sensitive note is
    corrected only by someone who may read it, and so is a note made sensitive."""
    person = note.person
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    stored = CaseNote.objects.select_for_update().get(pk=note.pk)
    if stored.sensitive and not sensitive_readable(actor, person):
        raise PermissionDenied
    data = _checked_note(data)
    if (
        stored.concerns_on == data.concerns_on
        and stored.text == data.text
        and stored.sensitive == data.sensitive
        and stored.category == data.category
    ):
        return stored
    revision = CaseNoteRevision(
        note=stored,
        concerns_on=stored.concerns_on,
        text=stored.text,
        sensitive=stored.sensitive,
        category=stored.category,
        replaced_by=actor,
    )
    revision.full_clean()
    revision.save()
    return record_save(actor=actor, record=stored, data=data)


@transaction.atomic
def task_create(*, actor: User, municipality: Municipality, data: TaskData) -> Task:
    """A task for a staff member of ``municipality`` who works with people there."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=municipality.pk)
    if not assignable_users(municipality_id=municipality.pk).filter(pk=data.assignee.pk).exists():
        raise ValidationError({"assignee": _("Choose a staff member of the municipality.")})
    if data.person is not None and data.organisation is not None:
        raise ValidationError(_("A task concerns a person or a partner, not both."))
    if data.person is not None and data.person.municipality_id != municipality.pk:
        raise ValidationError({"person": _("The person belongs to another municipality.")})
    if data.organisation is not None and data.organisation.municipality_id != municipality.pk:
        raise ValidationError({"organisation": _("The partner belongs to another municipality.")})
    if data.reply is not None and data.reply.municipality_id != municipality.pk:
        raise ValidationError(_("The reply came to another municipality."))
    task = Task(municipality=municipality, created_by=actor)
    task = record_save(actor=actor, record=task, data=data)
    if data.reply is not None:
        reply_handle(actor=actor, reply=data.reply)
    return task


@transaction.atomic
def task_mark(*, actor: User, task: Task, done: bool) -> Task:
    """Mark a task done (when, by whom), or undone again."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=task.municipality_id)
    stored = Task.objects.select_for_update().get(pk=task.pk)
    if done and stored.done_at is None:
        stored.done_at, stored.done_by = timezone.now(), actor
    elif not done:
        stored.done_at, stored.done_by = None, None
    stored.save(update_fields=["done_at", "done_by", "updated_at"])
    access_record(user=actor, action=AccessAction.CHANGE, obj=stored)
    return stored


def digest_preference_set(*, actor: User, daily_digest: bool) -> DigestPreference:
    """Her own choice: the daily e-mail of her tasks due, or not."""
    preference, _created = DigestPreference.objects.update_or_create(
        user=actor, defaults={"daily_digest": daily_digest}
    )
    return preference


def digest_claim(*, user: User, today: date) -> bool:
    """Claim today's e-mail for ``user``: False when it went out already today."""
    claimed = (
        DigestPreference.objects.filter(user=user, daily_digest=True)
        .exclude(last_sent_on=today)
        .update(last_sent_on=today)
    )
    return bool(claimed)


@transaction.atomic
def conversation_record(
    *,
    actor: User,
    person: Person,
    data: ConversationData,
    confidence: ConfidenceData | None,
) -> Conversation:
    """The first conversation with her, or a follow-up. The first needs her answer on the
    confidence scale (criterion 5's "before"), written by the interventions app's service on
    the day of the conversation; a follow-up may have one."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    _not_in_future(data.held_on, "held_on")
    had_first = Conversation.objects.filter(person=person, kind=ConversationKind.FIRST).exists()
    if data.kind != ConversationKind.FIRST and not had_first:
        raise ValidationError({"kind": _("Record her first conversation first.")})
    if data.kind == ConversationKind.FIRST:
        if had_first:
            raise ValidationError(
                {"kind": _("She has had her first conversation. Record a follow-up.")}
            )
        if confidence is None:
            raise ValidationError(
                {"score": _("Ask her how much she believes she can get an ordinary job.")}
            )
    conversation = Conversation(person=person, recorded_by=actor)
    if confidence is not None:
        conversation.confidence = confidence_record(
            actor=actor,
            person=person,
            data=ConfidenceData(
                measured_on=data.held_on, score=confidence.score, note=confidence.note
            ),
        )
    return record_save(actor=actor, record=conversation, data=data)


@transaction.atomic
def conversation_correct(
    *, actor: User, conversation: Conversation, data: ConversationData
) -> Conversation:
    """Correct what was written of a conversation; its kind and her confidence answer stay (an
    answer is a measurement: a new one is given at a follow-up). The change history keeps the
    earlier values."""
    person = conversation.person
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    _not_in_future(data.held_on, "held_on")
    stored = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if data.kind != stored.kind:
        raise ValidationError({"kind": _("The kind of conversation cannot be changed.")})
    return record_save(actor=actor, record=stored, data=data)


# Her plan ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class GoalData:
    """What ``goal_add`` and ``goal_update`` write: the goal, in Danish and (optionally) in
    her language, and the date she aims for."""

    text: str
    text_in_her_language: str = ""
    target_on: date


@dataclass(frozen=True, kw_only=True)
class StepData:
    """A next step towards a goal: a task for a staff member, by a day."""

    title: str
    title_in_her_language: str = ""
    assignee: User
    due_on: date


def _checked_goal(data: GoalData) -> GoalData:
    if not data.text.strip():
        raise ValidationError({"text": _("Write the goal.")})
    return data


@transaction.atomic
def goal_add(*, actor: User, person: Person, data: GoalData) -> PlanGoal:
    """A new goal in her plan."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    goal = PlanGoal(person=person, created_by=actor)
    return record_save(actor=actor, record=goal, data=_checked_goal(data))


@transaction.atomic
def goal_update(*, actor: User, goal: PlanGoal, data: GoalData) -> PlanGoal:
    """Change a goal's words or date; its history is in the audit log."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=goal.person.municipality_id)
    stored = PlanGoal.objects.select_for_update().get(pk=goal.pk)
    return record_save(actor=actor, record=stored, data=_checked_goal(data))


@transaction.atomic
def goal_close(*, actor: User, goal: PlanGoal, status: str, on: date) -> PlanGoal:
    """Mark a goal reached or set aside (on a day), or active again. Its open steps stay
    open: a reached goal may still have a step someone should finish or mark done."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=goal.person.municipality_id)
    if status not in GoalStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    stored = PlanGoal.objects.select_for_update().get(pk=goal.pk)
    if status == GoalStatus.ACTIVE:
        stored.status, stored.closed_on = status, None
    else:
        _not_in_future(on, "closed_on")
        stored.status, stored.closed_on = status, on
    stored.full_clean()
    stored.save(update_fields=["status", "closed_on", "updated_at"])
    access_record(user=actor, action=AccessAction.CHANGE, obj=stored)
    return stored


@transaction.atomic
def step_add(*, actor: User, goal: PlanGoal, data: StepData) -> Task:
    """A next step towards ``goal``: a task about her, made from her plan."""
    person = goal.person
    task = task_create(
        actor=actor,
        municipality=person.municipality,
        data=TaskData(
            title=data.title,
            assignee=data.assignee,
            due_on=data.due_on,
            person=person,
            source=TaskSource.PLAN_STEP,
        ),
    )
    task.goal, task.title_in_her_language = goal, data.title_in_her_language
    task.full_clean()
    task.save(update_fields=["goal", "title_in_her_language", "updated_at"])
    return task


@dataclass(frozen=True, kw_only=True)
class PlanWordingData:
    """A language's headings of the printed plan (``PlanWording``)."""

    heading: str
    intro: str
    goals_heading: str
    by_label: str
    steps_heading: str
    support_heading: str
    mentor_label: str
    contact_heading: str
    checked_by_translator: bool = False


@transaction.atomic
def plan_wording_save(*, actor: User, language: Language, data: PlanWordingData) -> PlanWording:
    """An administrator writes or corrects a language's plan headings."""
    require_permission(actor, Permission.MANAGE_CONFIGURATION)
    wording = PlanWording.objects.filter(language=language).first() or PlanWording(
        language=language
    )
    return record_save(actor=actor, record=wording, data=data)
