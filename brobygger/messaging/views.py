"""Pages of text messages: send to her (from her page) or to many (from a search or a list of
people), her consent to be texted, the municipality's inbox of unmatched replies, and one's
own direct phone for the messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from brobygger.accounts.access import Permission, has_permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_bulk_record, access_record
from brobygger.core.forms import apply_errors
from brobygger.people.models import Person
from brobygger.people.selectors import person_get, person_list

from . import selectors, services
from .forms import BulkSendForm, ConsentForm, SendForm, StaffPhoneForm, WithdrawForm
from .models import StaffPhone

BULK_PAGE = 200


def _person_to_contact(request: AuthedRequest, person_id: int) -> Person:
    person = person_get(user=request.user, pk=person_id)
    if not has_permission(
        request.user, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id
    ):
        raise Http404
    return person


def _report(request: AuthedRequest, result: services.SendResult) -> None:
    if result.queued:
        messages.success(
            request,
            ngettext(
                "%(count)d text message is on its way.",
                "%(count)d text messages are on their way.",
                len(result.queued),
            )
            % {"count": len(result.queued)},
        )
    for refusal in result.refused:
        messages.error(request, f"{refusal.person}: {refusal.reason}")


def _send(request: AuthedRequest, form: SendForm, people: list[Person]) -> bool:
    template = form.cleaned_data["template"]
    try:
        result = services.messages_send(
            actor=request.user,
            people=people,
            template=template,
            body=None if template else form.cleaned_data["body"],
        )
    except ValidationError as error:
        apply_errors(form, error)
        return False
    _report(request, result)
    return True


@permission_required(Permission.CHANGE_PEOPLE)
def person_send(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = _person_to_contact(request, person_id)
    form = SendForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _send(request, form, [person]):
        return redirect("people:detail", person_id=person.pk)
    access_record(user=request.user, action=AccessAction.VIEW, obj=person)
    context = selectors.person_messages_panel(request.user, person) or {}
    context.update({"form": form, "max_segments": selectors.max_segments()})
    return render(request, "messaging/person_send.html", context)


@permission_required(Permission.CHANGE_PEOPLE)
def bulk_send(request: AuthedRequest) -> HttpResponse:
    """To many: the people of a search (``q``, ``status``) or of a list of ids, ticked and
    sent. The form posts the ids; each person is refused or queued on her own."""
    if request.method == "POST":
        form = BulkSendForm(request.POST)
        if form.is_valid():
            ids = set(form.cleaned_data["person_ids"])
            people = list(person_list(user=request.user).filter(pk__in=ids))
            if len(people) != len(ids):
                raise Http404
            if _send(request, form, people):
                return redirect("messaging:bulk-send")
        chosen = {int(i) for i in request.POST.getlist("person_ids") if i.isdigit()}
    else:
        form = BulkSendForm()
        chosen = {int(i) for i in request.GET.getlist("person_ids") if i.isdigit()}
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    people_qs = person_list(user=request.user, query=query, status=status).select_related(
        "preferred_language"
    )
    if chosen and not query and not status:
        people_qs = people_qs.filter(pk__in=chosen)
    page = Paginator(people_qs, BULK_PAGE).get_page(request.GET.get("page"))
    if query or chosen:
        access_bulk_record(
            user=request.user,
            action=AccessAction.SEARCH if query else AccessAction.VIEW,
            rows=[p.municipality_id for p in page],
            search_criterion=query,
        )
    return render(
        request,
        "messaging/bulk_send.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "status": status,
            "chosen": chosen,
            "searched": bool(query or chosen or status),
            "max_segments": selectors.max_segments(),
        },
    )


@permission_required(Permission.CHANGE_PEOPLE)
@require_POST
def consent_give(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = _person_to_contact(request, person_id)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.sms_consent_give(
                actor=request.user,
                person=person,
                consent=services.NewConsent(
                    given_on=form.cleaned_data["given_on"],
                    given_how=form.cleaned_data["given_how"],
                ),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Her consent to text messages is recorded."))
    else:
        messages.error(request, _("Give the date and how she consented."))
    return redirect("messaging:person-send", person_id=person.pk)


@permission_required(Permission.CHANGE_PEOPLE)
@require_POST
def consent_withdraw(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = _person_to_contact(request, person_id)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        services.sms_consent_withdraw(
            actor=request.user, person=person, how=form.cleaned_data["withdrawn_how"]
        )
        messages.success(request, _("Her consent to text messages is withdrawn."))
    return redirect("messaging:person-send", person_id=person.pk)


@permission_required(Permission.CHANGE_PEOPLE)
def inbox(request: AuthedRequest) -> HttpResponse:
    """Replies that matched nobody, in the municipalities where the user contacts people."""
    page = Paginator(selectors.inbox(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "messaging/inbox.html", {"page": page})


@permission_required(Permission.CHANGE_PEOPLE)
@require_POST
def reply_handled(request: AuthedRequest) -> HttpResponse:
    reply_id = request.POST.get("reply", "")
    if not reply_id.isdigit():
        raise Http404
    reply = selectors.reply_get(user=request.user, pk=int(reply_id))
    services.reply_handle(actor=request.user, reply=reply)
    messages.success(request, _("The reply is marked as handled."))
    if reply.person_id is not None:
        return redirect("people:detail", person_id=reply.person_id)
    return redirect("messaging:inbox")


@permission_required(Permission.CHANGE_PEOPLE)
def my_phone(request: AuthedRequest) -> HttpResponse:
    current = StaffPhone.objects.filter(user=request.user).first()
    form = StaffPhoneForm(request.POST or None, initial={"phone": current.phone if current else ""})
    if request.method == "POST" and form.is_valid():
        services.staff_phone_set(actor=request.user, phone=str(form.cleaned_data["phone"]))
        messages.success(request, _("Your direct phone is saved."))
        return redirect("messaging:my-phone")
    return render(request, "messaging/my_phone.html", {"form": form})
