"""Cooperation agreements and status meetings (seed 002): write, print for signatures, meet,
and subscribe to one's meetings in a calendar."""

from __future__ import annotations

from itertools import chain
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.audit.conflicts import conflict_response
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.core.concurrency import ConflictRow, EditConflict, display_value
from brobygger.core.forms import apply_errors
from brobygger.core.ics import feed_sources
from brobygger.core.inputs import from_cleaned_data
from brobygger.core.pdf import pdf_response, render_pdf
from brobygger.partners import selectors as partner_selectors
from brobygger.partners.matching import competence_names, explain, partner_proposals
from brobygger.partners.models import Organisation

from . import selectors, services
from .calendar import meeting_feed
from .forms import AgreementForm, StatusMeetingForm, party_formset
from .models import AGENDA, Agreement, AgreementStatus, CalendarToken, Party


@permission_required(Permission.MANAGE_PARTNERS)
def agreement_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in AgreementStatus.values else ""
    context = {
        "agreements": selectors.agreement_list(user=request.user, status=status)[:500],
        "status": status,
        "statuses": AgreementStatus.choices,
        "due": selectors.meetings_due(user=request.user, today=timezone.localdate()),
        "today": timezone.localdate(),
    }
    return render(request, "agreements/agreement_list.html", context)


def _organisation_from_query(request: AuthedRequest, name: str) -> Organisation | None:
    value = request.GET.get(name, "")
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return partner_selectors.organisation_get(user=request.user, pk=int(value))


def _purpose_from_match(left: Organisation, right: Organisation) -> str:
    """The reasons the match page gave for the pair, as a first draft of the purpose."""
    pairs, csr = partner_proposals([left, right])
    names = competence_names()
    reasons = [explain(reason, names) for proposal in pairs + csr for reason in proposal.reasons]
    intro = _("%(left)s and %(right)s help each other.") % {"left": left, "right": right}
    return "\n".join([intro, *reasons])


def _match_initial(
    left: Organisation | None, right: Organisation | None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A draft from an accepted match: the two partners, a title and a purpose."""
    chosen = [o for o in (left, right) if o is not None]
    initial: dict[str, Any] = {}
    if chosen:
        initial["municipality"] = chosen[0].municipality_id
    if left is not None and right is not None:
        initial["title"] = _("Cooperation between %(left)s and %(right)s") % {
            "left": left,
            "right": right,
        }
        initial["purpose"] = _purpose_from_match(left, right)
        # Two partners are the parties; the municipality facilitates.
        initial["municipality_is_party"] = False
    return initial, [{"organisation": o.pk} for o in chosen]


def _party_initial(agreement: Agreement) -> list[dict[str, Any]]:
    return [
        {
            "organisation": party.organisation_id,
            "resources": party.resources,
            "signatory_name": party.signatory_name,
            "signatory_role": party.signatory_role,
            "signed_on": party.signed_on,
            "gains": party.gains,
        }
        for party in selectors.agreement_parties(agreement=agreement)
    ]


def _agreement_form_page(request: AuthedRequest, agreement: Agreement | None) -> HttpResponse:
    initial: dict[str, Any] = {}
    party_initial: list[dict[str, Any]] = []
    if agreement is not None:
        party_initial = _party_initial(agreement)
    elif request.method == "GET":
        left = _organisation_from_query(request, "left")
        right = _organisation_from_query(request, "right")
        initial, party_initial = _match_initial(left, right)
    data = request.POST if request.method == "POST" else None
    form = AgreementForm(data, instance=agreement, initial=initial, user=request.user)
    organisations = selectors.party_choices(
        user=request.user, municipality_id=agreement.municipality_id if agreement else None
    )
    parties = party_formset(data, organisations=organisations, initial=party_initial)
    # ``&``, not ``and``: validate both, so every error shows at once.
    if request.method == "POST" and form.is_valid() & parties.is_valid():
        try:
            saved = services.agreement_save(
                actor=request.user,
                data=from_cleaned_data(services.AgreementData, form.cleaned_data),
                parties=parties.parties(),
                municipality=form.cleaned_data["municipality"],
                agreement=agreement,
                version=form.edited_version if agreement else None,
            )
        except EditConflict as conflict:
            return _agreement_conflict(request, conflict, form=form, parties=parties.parties())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(title)s is saved.") % {"title": saved.title})
            return redirect("agreements:detail", agreement_id=saved.pk)
    context = {"form": form, "parties": parties, "agreement": agreement}
    status = 400 if request.method == "POST" else 200
    return render(request, "agreements/agreement_form.html", context, status=status)


def _agreement_conflict(
    request: AuthedRequest,
    conflict: EditConflict,
    *,
    form: AgreementForm,
    parties: list[services.PartyValues],
) -> HttpResponse:
    """Someone saved the agreement after this form was opened: the conflict page, with the
    parties compared row by row below the agreement's own fields."""
    stored = conflict.stored
    assert isinstance(stored, Agreement)  # nosec B101  # narrows a type for mypy
    saved_parties = selectors.agreement_parties(agreement=stored)
    rows = [
        ConflictRow(
            label=_("Party %(number)s") % {"number": number},
            attempted=_party_text(parties[number - 1] if number <= len(parties) else None),
            stored=_party_text(saved_parties[number - 1] if number <= len(saved_parties) else None),
        )
        for number in range(1, max(len(parties), len(saved_parties)) + 1)
    ]
    return conflict_response(
        request,
        conflict=conflict,
        form=form,
        record_url=reverse("agreements:detail", kwargs={"agreement_id": stored.pk}),
        edit_url=reverse("agreements:update", kwargs={"agreement_id": stored.pk}),
        extra_rows=rows,
    )


def _party_text(party: services.PartyValues | Party | None) -> str:
    """A party as lines of text: the partner, its resources, who signs and when."""
    if party is None:
        return ""
    signatory = ", ".join(filter(None, [party.signatory_name, party.signatory_role]))
    signed_on = display_value(party.signed_on)
    lines = [
        str(party.organisation),
        party.resources,
        _("Signs: %(signatory)s") % {"signatory": signatory} if signatory else "",
        _("Signed on %(date)s") % {"date": signed_on} if signed_on else "",
        _("Gains: %(gains)s") % {"gains": party.gains} if party.gains else "",
    ]
    return "\n".join(line for line in lines if line)


@permission_required(Permission.MANAGE_PARTNERS)
def agreement_create(request: AuthedRequest) -> HttpResponse:
    """A new agreement; ``?left=<id>&right=<id>`` drafts it from a match of two partners."""
    return _agreement_form_page(request, None)


@permission_required(Permission.MANAGE_PARTNERS)
def agreement_update(request: AuthedRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.agreement_get(user=request.user, pk=agreement_id)
    if agreement.status == AgreementStatus.ENDED:
        messages.error(request, _("An agreement that has ended cannot be changed."))
        return redirect("agreements:detail", agreement_id=agreement.pk)
    return _agreement_form_page(request, agreement)


@permission_required(Permission.MANAGE_PARTNERS)
def agreement_detail(request: AuthedRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.agreement_get(user=request.user, pk=agreement_id)
    access_record(user=request.user, action=AccessAction.VIEW, obj=agreement)
    context = {
        "agreement": agreement,
        "parties": selectors.agreement_parties(agreement=agreement),
        "meetings": agreement.meetings.all(),
        "today": timezone.localdate(),
    }
    return render(request, "agreements/agreement_detail.html", context)


@permission_required(Permission.MANAGE_PARTNERS)
def agreement_status(request: AuthedRequest, agreement_id: int) -> HttpResponse:
    """Activate a draft (its status meetings are planned) or end an active agreement."""
    agreement = selectors.agreement_get(user=request.user, pk=agreement_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        if request.POST.get("status") == AgreementStatus.ACTIVE:
            services.agreement_activate(actor=request.user, agreement=agreement)
            messages.success(
                request, _("The agreement is active; its status meetings are planned.")
            )
        elif request.POST.get("status") == AgreementStatus.ENDED:
            services.agreement_end(actor=request.user, agreement=agreement)
            messages.success(request, _("The agreement has ended."))
        else:
            messages.error(request, _("Choose to activate or to end the agreement."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("agreements:detail", agreement_id=agreement.pk)


@permission_required(Permission.MANAGE_PARTNERS)
def agreement_pdf(request: AuthedRequest, agreement_id: int) -> HttpResponse:
    """The agreement to print and sign: every item of seed 002's list, a line per party."""
    agreement = selectors.agreement_get(user=request.user, pk=agreement_id)
    parties = selectors.agreement_parties(agreement=agreement)
    access_record(
        user=request.user, action=AccessAction.EXPORT, obj=agreement, row_count=len(parties)
    )
    content = render_pdf(
        "agreements/agreement_pdf.html",
        {"agreement": agreement, "parties": parties},
        request,
    )
    return pdf_response(content, f"samarbejdsaftale-{agreement.pk}.pdf")


@permission_required(Permission.MANAGE_PARTNERS)
def meeting_detail(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    """A status meeting: the fixed agenda with a field for the minutes of each item."""
    meeting = selectors.meeting_get(user=request.user, pk=meeting_id)
    form = StatusMeetingForm(request.POST or None, instance=meeting)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.status_meeting_save(
                    actor=request.user,
                    meeting=meeting,
                    data=from_cleaned_data(services.StatusMeetingData, form.cleaned_data),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The status meeting is saved."))
                return redirect("agreements:meeting", meeting_id=meeting.pk)
        status = 400
    else:
        access_record(user=request.user, action=AccessAction.VIEW, obj=meeting)
    context = {
        "meeting": meeting,
        "agreement": meeting.agreement,
        "form": form,
        "agenda_fields": [form[name] for name, _question in AGENDA],
    }
    return render(request, "agreements/meeting_detail.html", context, status=status)


@permission_required(Permission.MANAGE_PARTNERS)
def meeting_cancel(request: AuthedRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, pk=meeting_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    agreement_id = meeting.agreement_id
    try:
        services.status_meeting_cancel(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("agreements:meeting", meeting_id=meeting.pk)
    messages.success(request, _("The status meeting is cancelled."))
    return redirect("agreements:detail", agreement_id=agreement_id)


@permission_required(Permission.MANAGE_PARTNERS)
def calendar_subscribe(request: AuthedRequest) -> HttpResponse:
    """The user's calendar address: when it was made and until when it works. POST makes one
    (or a new one, retiring the old) and shows it this once: only its hash is stored."""
    feed_url = ""
    token: CalendarToken | None
    if request.method == "POST":
        token, secret = services.calendar_token_create(actor=request.user)
        feed_url = request.build_absolute_uri(reverse("agreements:calendar-feed", args=[secret]))
        messages.success(request, _("Your calendar address is ready."))
    else:
        token = selectors.calendar_token_of(user=request.user)
    context = {"token": token, "feed_url": feed_url, "now": timezone.now()}
    return render(request, "agreements/calendar.html", context)


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The ICS feed of one user's status meetings. No login (calendar apps cannot log in):
    the secret token names the user, and the access policy is asked again for her now, so a
    changed role or municipality shows at the next refresh. An unknown token or a deactivated
    user is a 404."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    found = selectors.calendar_token_find(token=token)
    if found is None:
        raise Http404
    services.calendar_token_touch(found)
    today = timezone.localdate()
    text = meeting_feed(
        meetings=selectors.calendar_meetings(user=found.user, today=today),
        stamp=timezone.now(),
        link=lambda meeting: request.build_absolute_uri(
            reverse("agreements:meeting", args=[meeting.pk])
        ),
        # The other apps' events (sessions), each asked for this user (core.ics).
        more=chain.from_iterable(
            source(found.user, today, request.build_absolute_uri) for source in feed_sources()
        ),
    )
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="brobygger-statusmoeder.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
