"""Her case notes, her conversations, and tasks (hers, her municipality's, a person's)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.accounts.access import Permission, has_permission, scope_for
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.core.forms import apply_errors
from brobygger.core.http import safe_next
from brobygger.core.inputs import from_cleaned_data
from brobygger.interventions.services import ConfidenceData
from brobygger.messaging.models import InboundMessage
from brobygger.messaging.selectors import reply_get
from brobygger.partners.selectors import organisation_list
from brobygger.partnerships.models import Municipality
from brobygger.people.models import Person
from brobygger.people.selectors import person_get

from . import selectors, services
from .forms import ConversationForm, DigestForm, NoteForm, TaskForm
from .models import TaskSource
from .services import ConversationData, NoteData, TaskData


def _can_change(request: AuthedRequest, municipality_id: int) -> bool:
    return has_permission(request.user, Permission.CHANGE_PEOPLE, municipality_id=municipality_id)


# Case notes -----------------------------------------------------------------------------


@permission_required(Permission.VIEW_PEOPLE)
def person_notes(request: AuthedRequest, person_id: int) -> HttpResponse:
    """Her notes, and the form to add one."""
    person = person_get(user=request.user, pk=person_id)
    can_change = _can_change(request, person.municipality_id)
    form = NoteForm(initial={"concerns_on": timezone.localdate()})
    status = 200
    if request.method == "POST" and can_change:
        form = NoteForm(request.POST)
        if form.is_valid():
            try:
                services.note_add(
                    actor=request.user,
                    person=person,
                    data=from_cleaned_data(NoteData, form.cleaned_data),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The note is saved."))
                return redirect("cases:person-notes", person_id=person.pk)
        status = 400
    access_record(user=request.user, action=AccessAction.VIEW, obj=person)
    context = {
        "person": person,
        "notes": selectors.person_notes(user=request.user, person=person),
        "readable": selectors.sensitive_readable(request.user, person),
        "form": form,
        "can_change": can_change,
    }
    return render(request, "cases/person_notes.html", context, status=status)


@permission_required(Permission.VIEW_PEOPLE)
def note_detail(request: AuthedRequest, note_id: int) -> HttpResponse:
    """One note with its earlier versions; the form to correct it, for those who may."""
    note = selectors.note_get(user=request.user, pk=note_id)
    person = note.person
    readable = selectors.sensitive_readable(request.user, person)
    can_correct = _can_change(request, person.municipality_id) and (readable or not note.sensitive)
    form = None
    status = 200
    if can_correct:
        form = NoteForm(request.POST or None, instance=note)
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.note_correct(
                        actor=request.user,
                        note=note,
                        data=from_cleaned_data(NoteData, form.cleaned_data),
                    )
                except ValidationError as error:
                    apply_errors(form, error)
                except PermissionDenied:
                    raise Http404 from None
                else:
                    messages.success(request, _("The note is corrected."))
                    return redirect("cases:note", note_id=note.pk)
            status = 400
    note = selectors.note_get(user=request.user, pk=note_id)
    shown, revisions = selectors.note_shown(user=request.user, note=note)
    access_record(user=request.user, action=AccessAction.VIEW, obj=person)
    context = {
        "person": person,
        "note": shown,
        "revisions": revisions,
        "form": form,
    }
    return render(request, "cases/note_detail.html", context, status=status)


# Conversations -------------------------------------------------------------------------


@permission_required(Permission.VIEW_PEOPLE)
def person_conversations(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, pk=person_id)
    access_record(user=request.user, action=AccessAction.VIEW, obj=person)
    context = {
        "person": person,
        "conversations": selectors.person_conversations(user=request.user, person=person),
        "can_change": _can_change(request, person.municipality_id),
    }
    return render(request, "cases/person_conversations.html", context)


@permission_required(Permission.CHANGE_PEOPLE)
def conversation_create(request: AuthedRequest, person_id: int) -> HttpResponse:
    """Record the first conversation with her, or a follow-up."""
    person = person_get(user=request.user, pk=person_id)
    if not _can_change(request, person.municipality_id):
        raise Http404
    first_held = selectors.has_first_conversation(user=request.user, person=person)
    form = ConversationForm(
        request.POST or None,
        first_held=first_held,
        initial={"held_on": timezone.localdate()},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid() and _conversation_save(request, person, form):
            messages.success(request, _("The conversation is saved."))
            return redirect("cases:person-conversations", person_id=person.pk)
        status = 400
    access_record(user=request.user, action=AccessAction.VIEW, obj=person)
    context = {"person": person, "form": form, "first_held": first_held}
    return render(request, "cases/conversation_form.html", context, status=status)


@permission_required(Permission.CHANGE_PEOPLE)
def conversation_edit(request: AuthedRequest, conversation_id: int) -> HttpResponse:
    """Correct what was written of a conversation (the change history keeps the earlier)."""
    conversation = selectors.conversation_get(user=request.user, pk=conversation_id)
    person = conversation.person
    if not _can_change(request, person.municipality_id):
        raise Http404
    form = ConversationForm(
        request.POST or None, instance=conversation, first_held=True, correcting=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.conversation_correct(
                actor=request.user,
                conversation=conversation,
                data=from_cleaned_data(ConversationData, form.cleaned_data),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The conversation is corrected."))
            return redirect("cases:conversation", conversation_id=conversation.pk)
    access_record(user=request.user, action=AccessAction.VIEW, obj=conversation)
    context = {"person": person, "form": form, "conversation": conversation}
    return render(
        request, "cases/conversation_form.html", context, status=400 if form.errors else 200
    )


def _conversation_save(request: AuthedRequest, person: Person, form: ConversationForm) -> bool:
    data = form.cleaned_data
    confidence = None
    if data["score"] is not None:
        confidence = ConfidenceData(
            measured_on=data["held_on"], score=data["score"], note=data["score_note"]
        )
    try:
        services.conversation_record(
            actor=request.user,
            person=person,
            data=from_cleaned_data(ConversationData, data),
            confidence=confidence,
        )
    except ValidationError as error:
        apply_errors(form, error)
        return False
    return True


@permission_required(Permission.VIEW_PEOPLE)
def conversation_detail(request: AuthedRequest, conversation_id: int) -> HttpResponse:
    conversation = selectors.conversation_get(user=request.user, pk=conversation_id)
    access_record(user=request.user, action=AccessAction.VIEW, obj=conversation)
    context = {
        "conversation": conversation,
        "person": conversation.person,
        "can_change": _can_change(request, conversation.person.municipality_id),
    }
    return render(request, "cases/conversation_detail.html", context)


# Tasks ---------------------------------------------------------------------------------


def _task_list(request: AuthedRequest, tasks: Any, **context: Any) -> HttpResponse:
    show_done = request.GET.get("done") == "1"
    if not show_done:
        tasks = tasks.filter(done_at__isnull=True)
    context.update({"tasks": tasks[:500], "show_done": show_done, "today": timezone.localdate()})
    return render(request, "cases/task_list.html", context)


@permission_required(Permission.VIEW_PEOPLE)
def my_tasks(request: AuthedRequest) -> HttpResponse:
    tasks = selectors.tasks_of(user=request.user, assignee=request.user, open_only=False)
    return _task_list(request, tasks, mine=True)


@permission_required(Permission.VIEW_PEOPLE)
def municipality_tasks(request: AuthedRequest) -> HttpResponse:
    tasks = selectors.municipality_tasks(user=request.user, open_only=False)
    return _task_list(request, tasks, mine=False)


def _municipality_for_tasks(request: AuthedRequest) -> Municipality:
    """The municipality a task from the task list goes to: the user's own (the first, for
    the rare user who works with people in several)."""
    ids = sorted(scope_for(request.user, Permission.CHANGE_PEOPLE).ids)
    if not ids:
        raise Http404
    return Municipality.objects.get(pk=ids[0])


@permission_required(Permission.CHANGE_PEOPLE)
def task_create(request: AuthedRequest) -> HttpResponse:
    """A task by hand from the task list: about a partner, or about nothing in particular."""
    municipality = _municipality_for_tasks(request)
    organisations = organisation_list(user=request.user).filter(municipality=municipality)
    return _task_form(request, municipality=municipality, organisations=organisations)


@permission_required(Permission.CHANGE_PEOPLE)
def person_task_create(request: AuthedRequest, person_id: int) -> HttpResponse:
    """A task about her, from her page."""
    person = person_get(user=request.user, pk=person_id)
    if not _can_change(request, person.municipality_id):
        raise Http404
    access_record(user=request.user, action=AccessAction.VIEW, obj=person)
    return _task_form(request, municipality=person.municipality, person=person)


@permission_required(Permission.CHANGE_PEOPLE)
def task_from_reply(request: AuthedRequest, reply_id: int) -> HttpResponse:
    """A task from her text reply (to call her back, say); the reply is then handled."""
    reply = reply_get(user=request.user, pk=reply_id)
    if reply.municipality is None:
        raise Http404
    person = reply.person
    if person is not None:
        access_record(user=request.user, action=AccessAction.VIEW, obj=person)
    title = _("Answer her text: %(text)s") % {"text": reply.body}
    return _task_form(
        request,
        municipality=reply.municipality,
        person=person,
        reply=reply,
        initial={"title": title[:200]},
    )


def _task_form(
    request: AuthedRequest,
    *,
    municipality: Municipality,
    person: Person | None = None,
    organisations: Any = None,
    reply: InboundMessage | None = None,
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    form = TaskForm(
        request.POST or None,
        assignees=selectors.assignable_users(municipality_id=municipality.pk),
        organisations=organisations,
        initial={"assignee": request.user.pk, "due_on": timezone.localdate(), **(initial or {})},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = from_cleaned_data(
                TaskData,
                form.cleaned_data,
                fill_defaults=True,
                person=person,
                reply=reply,
                source=TaskSource.REPLY if reply is not None else TaskSource.BY_HAND,
            )
            try:
                services.task_create(actor=request.user, municipality=municipality, data=data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The task is saved."))
                if person is not None:
                    return redirect("people:detail", person_id=person.pk)
                return redirect("cases:my-tasks")
        status = 400
    context = {"form": form, "person": person}
    return render(request, "cases/task_form.html", context, status=status)


@require_POST
@permission_required(Permission.CHANGE_PEOPLE)
def task_mark(request: AuthedRequest, task_id: int) -> HttpResponse:
    """Done, or undone again; back to the page it was marked on."""
    task = selectors.task_get(user=request.user, pk=task_id)
    if not _can_change(request, task.municipality_id):
        raise Http404
    done = request.POST.get("done") == "1"
    services.task_mark(actor=request.user, task=task, done=done)
    messages.success(request, _("The task is done.") if done else _("The task is open again."))
    return redirect(safe_next(request) or "cases:my-tasks")


@permission_required(Permission.VIEW_PEOPLE)
def digest_settings(request: AuthedRequest) -> HttpResponse:
    """Her own choice of the daily e-mail."""
    current = selectors.digest_wanted(user=request.user)
    form = DigestForm(
        request.POST if request.method == "POST" else None, initial={"daily_digest": current}
    )
    if request.method == "POST" and form.is_valid():
        services.digest_preference_set(
            actor=request.user, daily_digest=form.cleaned_data["daily_digest"]
        )
        messages.success(request, _("Your choice is saved."))
        return redirect("cases:my-tasks")
    return render(
        request, "cases/digest_settings.html", {"form": form, "has_email": bool(request.user.email)}
    )
