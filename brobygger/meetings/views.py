"""Sessions: plan them, invite people, print the letters, record replies, take attendance at the
door on a phone, and put them in a calendar."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.accounts.models import User
from brobygger.audit.conflicts import conflict_response
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_bulk_record, access_record
from brobygger.core.concurrency import EditConflict
from brobygger.core.forms import apply_errors
from brobygger.core.inputs import from_cleaned_data
from brobygger.core.pdf import pdf_response
from brobygger.languages.models import Language, LanguageText
from brobygger.languages.text_pages import TextEditPage, text_edit, text_rows

from . import selectors, services
from .calendar import session_calendar
from .forms import InviteForm, ReplyForm, SessionForm, WordingForm
from .letters import letters_pdf
from .models import Reply, Session


@permission_required(Permission.VIEW_PEOPLE)
def session_list(request: AuthedRequest) -> HttpResponse:
    past = request.GET.get("when") == "past"
    today = timezone.localdate()
    context = {
        "sessions": selectors.session_list(user=request.user, past=past, today=today)[:500],
        "past": past,
        "today": today,
    }
    return render(request, "meetings/session_list.html", context)


def _form_page(request: AuthedRequest, session: Session | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = SessionForm(data, instance=session, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.session_save(
                actor=request.user,
                data=from_cleaned_data(services.SessionData, form.cleaned_data),
                municipality=form.cleaned_data["municipality"],
                session=session,
                version=form.edited_version if session else None,
            )
        except EditConflict as conflict:
            return conflict_response(
                request,
                conflict=conflict,
                form=form,
                record_url=reverse("meetings:detail", kwargs={"session_id": conflict.stored.pk}),
                edit_url=reverse("meetings:update", kwargs={"session_id": conflict.stored.pk}),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(title)s is saved.") % {"title": saved.title})
            return redirect("meetings:detail", session_id=saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "meetings/session_form.html", {"form": form, "session": session}, status=status
    )


@permission_required(Permission.CHANGE_PEOPLE)
def session_create(request: AuthedRequest) -> HttpResponse:
    return _form_page(request, None)


@permission_required(Permission.CHANGE_PEOPLE)
def session_update(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, pk=session_id)
    if session.is_cancelled:
        messages.error(request, _("A cancelled session cannot be changed."))
        return redirect("meetings:detail", session_id=session.pk)
    return _form_page(request, session)


def _log_people_read(request: AuthedRequest, session: Session, count: int) -> None:
    access_bulk_record(
        user=request.user,
        action=AccessAction.VIEW,
        rows={session.municipality_id: count},
        obj=session,
    )


@permission_required(Permission.VIEW_PEOPLE)
def session_detail(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, pk=session_id)
    people = selectors.session_people(user=request.user, session=session)
    _log_people_read(request, session, len(people))
    context = {
        "session": session,
        "counts": selectors.session_counts(session=session),
        "people": people,
        "reminders": selectors.reminders_to_print(user=request.user, session=session),
        "letters_unprinted": sum(
            1 for row in people if row.invitation and not row.invitation.letter_printed_at
        ),
        "reply_choices": [("", _("No answer yet")), *Reply.choices],
        "worded_languages": selectors.languages_with_wording(),
        "today": timezone.localdate(),
    }
    return render(request, "meetings/session_detail.html", context)


@permission_required(Permission.CHANGE_PEOPLE)
@require_POST
def session_cancel(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, pk=session_id)
    try:
        services.session_cancel(actor=request.user, session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The session is cancelled."))
    return redirect("meetings:detail", session_id=session.pk)


def _person_ids(values: list[str]) -> list[int]:
    return sorted({int(v) for v in values if v.isdigit() and len(v) < 10})


@permission_required(Permission.CHANGE_PEOPLE)
def session_invite(request: AuthedRequest, session_id: int) -> HttpResponse:
    """Search her municipality's people and tick whom to invite; or arrive with ids posted
    from a list (``person`` without a channel: the same page, those people ticked)."""
    session = selectors.session_get(user=request.user, pk=session_id)
    query = request.GET.get("q", "").strip()[:200]
    posted = request.POST.getlist("person") if request.method == "POST" else []
    ids = _person_ids(posted)
    if request.method == "POST":
        candidates = selectors.people_by_ids(user=request.user, session=session, ids=ids)
    else:
        candidates = selectors.people_to_invite(user=request.user, session=session, query=query)
    form = InviteForm(
        request.POST if "channel" in request.POST else None,
        person_ids=[p.pk for p in candidates],
        initial={"person": [p.pk for p in candidates] if request.method == "POST" else []},
    )
    if form.is_bound and form.is_valid():
        chosen = [p for p in candidates if p.pk in set(form.cleaned_data["person"])]
        try:
            result = services.invitations_create(
                actor=request.user,
                session=session,
                people=chosen,
                channel=form.cleaned_data["channel"],
                template=form.cleaned_data["template"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            _tell_invited(request, result)
            return redirect("meetings:detail", session_id=session.pk)
    if candidates:
        access_bulk_record(
            user=request.user,
            action=AccessAction.SEARCH if query else AccessAction.VIEW,
            rows=[p.municipality_id for p in candidates],
            search_criterion=query,
            obj=session,
        )
    counts = selectors.session_counts(session=session)
    context = {
        "session": session,
        "form": form,
        "candidates": candidates,
        "query": query,
        "counts": counts,
        "room_left": session.capacity - counts.invited if session.capacity is not None else None,
    }
    return render(
        request, "meetings/session_invite.html", context, status=400 if form.errors else 200
    )


def _tell_invited(request: AuthedRequest, result: services.InvitationsResult) -> None:
    created = len(result.created)
    messages.success(
        request,
        ngettext("%(count)s person is invited.", "%(count)s people are invited.", created)
        % {"count": created},
    )
    if result.already_invited:
        names = ", ".join(str(p) for p in result.already_invited)
        messages.info(
            request, _("Already invited, left as they were: %(names)s") % {"names": names}
        )
    for refusal in result.not_texted:
        messages.warning(
            request,
            _("%(name)s was not invited: %(reason)s")
            % {"name": refusal.person, "reason": refusal.reason},
        )
    if result.over_capacity:
        messages.warning(
            request,
            ngettext(
                "%(count)s more is invited than the session has room for.",
                "%(count)s more are invited than the session has room for.",
                result.over_capacity,
            )
            % {"count": result.over_capacity},
        )


@permission_required(Permission.CHANGE_PEOPLE)
@require_POST
def invitation_reply(request: AuthedRequest, session_id: int, person_id: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, pk=session_id)
    invitation = selectors.invitation_get(user=request.user, session=session, person_id=person_id)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Answer yes, no or maybe."))
    else:
        try:
            services.invitation_reply_record(
                actor=request.user, invitation=invitation, reply=form.cleaned_data["reply"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The reply of %(name)s is saved.") % {"name": invitation.person}
            )
    return redirect(reverse("meetings:detail", kwargs={"session_id": session.pk}) + "#people")


@permission_required(Permission.CHANGE_PEOPLE)
@require_POST
def session_letters(request: AuthedRequest, session_id: int) -> HttpResponse:
    """Every letter invitation of the session in one PDF (or, with ``reminders``, the
    reminder letters the daily task has listed); they are marked as printed."""
    session = selectors.session_get(user=request.user, pk=session_id)
    reminders = request.POST.get("reminders") == "1"
    if reminders:
        invitations = [
            r.invitation for r in selectors.reminders_to_print(user=request.user, session=session)
        ]
    else:
        invitations = [
            i
            for i in selectors.session_invitations(user=request.user, session=session)
            if i.channel == "letter"
        ]
    if not invitations:
        messages.info(request, _("There are no letters to print."))
        return redirect("meetings:detail", session_id=session.pk)
    content = letters_pdf(session=session, invitations=invitations, reminder=reminders)
    services.letters_printed(
        actor=request.user, session=session, invitations=invitations, reminders=reminders
    )
    name = "paamindelser" if reminders else "invitationer"
    return pdf_response(content, f"{name}-{session.pk}.pdf")


@permission_required(Permission.CHANGE_PEOPLE)
@require_POST
def person_letter(request: AuthedRequest, session_id: int, person_id: int) -> HttpResponse:
    """One person's invitation letter, in her language with Danish second."""
    session = selectors.session_get(user=request.user, pk=session_id)
    invitation = selectors.invitation_get(user=request.user, session=session, person_id=person_id)
    content = letters_pdf(session=session, invitations=[invitation], reminder=False)
    services.letters_printed(actor=request.user, session=session, invitations=[invitation])
    return pdf_response(content, f"invitation-{session.pk}-{person_id}.pdf")


def _door_context(request: AuthedRequest, session: Session) -> dict[str, Any]:
    query = request.GET.get("q", "").strip()[:200]
    people = selectors.session_people(user=request.user, session=session)
    walk_ins = selectors.walk_ins(user=request.user, session=session, query=query)
    _log_people_read(request, session, len(people) + len(walk_ins))
    return {
        "session": session,
        "people": people,
        "walk_ins": [selectors.SessionPerson(person=person) for person in walk_ins],
        "error": "",
        "query": query,
        "attended": sum(1 for row in people if row.attended),
        "can_record": session.date <= timezone.localdate() and not session.is_cancelled,
    }


@permission_required(Permission.CHANGE_PEOPLE)
def session_door(request: AuthedRequest, session_id: int) -> HttpResponse:
    """The attendance list for a phone at the door: one tap per person."""
    session = selectors.session_get(user=request.user, pk=session_id)
    return render(request, "meetings/door.html", _door_context(request, session))


@permission_required(Permission.CHANGE_PEOPLE)
def door_toggle(request: AuthedRequest, session_id: int, person_id: int) -> HttpResponse:
    """One tap: she came (her enrolment and contact are recorded), or a wrong tap undone.
    With htmx the row is answered; without, the page again."""
    session = selectors.session_get(user=request.user, pk=session_id)
    person = selectors.session_person(user=request.user, session=session, person_id=person_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    error = ""
    try:
        attendance = services.attendance_toggle(actor=request.user, session=session, person=person)
    except ValidationError as problem:
        error = " ".join(problem.messages)
    access_record(user=request.user, action=AccessAction.VIEW, obj=person)
    if request.htmx:
        row = selectors.session_person_row(user=request.user, session=session, person=person)
        context = {"row": row, "session": session, "error": error, "can_record": True}
        return render(request, "meetings/door_row.html", context, status=400 if error else 200)
    if error:
        messages.error(request, error)
    else:
        done = _("%(name)s: attended") if attendance else _("%(name)s: not attended")
        messages.success(request, done % {"name": person})
    return redirect("meetings:door", session_id=session.pk)


@permission_required(Permission.VIEW_PEOPLE)
def session_ics(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, pk=session_id)
    link = request.build_absolute_uri(reverse("meetings:detail", kwargs={"session_id": session.pk}))
    text = session_calendar(session, stamp=timezone.now(), link=link)
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


@permission_required(Permission.MANAGE_CONFIGURATION)
def wording_list(request: AuthedRequest) -> HttpResponse:
    """Every language and its invitation text: missing, machine-drafted, or checked."""
    rows = text_rows(selectors.wording_list())
    return render(request, "meetings/wording_list.html", {"rows": rows})


def _wording_form(data: Any, wording: LanguageText | None) -> WordingForm:
    initial = {name: getattr(wording, name) for name in WordingForm.base_fields} if wording else {}
    return WordingForm(data, initial=initial)


def _wording_save(actor: User, language: Language, form: BaseForm) -> object:
    data = from_cleaned_data(services.WordingData, form.cleaned_data)
    return services.wording_save(actor=actor, language=language, data=data)


WORDING_PAGE = TextEditPage(
    title=gettext_lazy("Invitation texts"),
    list_url="meetings:wordings",
    text_of=selectors.wording_of,
    form_for=_wording_form,
    save=_wording_save,
)


@permission_required(Permission.MANAGE_CONFIGURATION)
def wording_edit(request: AuthedRequest, language: str) -> HttpResponse:
    return text_edit(request, WORDING_PAGE, language)
