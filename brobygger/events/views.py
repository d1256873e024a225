"""Matchmaking events (speed dating between associations and companies, seed 002): plan,
collect wishes, make and print the schedule, and follow up on who wants to continue.

Every page looks the event up through the selectors before anything else, so another
municipality's event is a 404 for GET and POST alike."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.core.forms import apply_errors
from brobygger.core.inputs import from_cleaned_data
from brobygger.core.pdf import pdf_response, render_pdf
from brobygger.partners.models import OrganisationKind

from . import schedules, selectors, services
from .forms import EventForm, FollowUpForm, ParticipantAddForm, ParticipantForm
from .models import SIDE_OF_KIND, Event, EventStatus, ScheduledMeeting, Side


def _schedule_removed(request: AuthedRequest) -> None:
    """Say so whenever a change removed a stored schedule (a schedule always matches the
    participants, wishes and tables it was made from; see the services)."""
    messages.warning(
        request, _("The schedule was removed because the event changed. Make it again.")
    )


def agreement_draft_url(meeting: ScheduledMeeting) -> str:
    """Where to draft a cooperation agreement between the pair, with both parties filled in."""
    try:
        base = reverse("agreements:create")
    except NoReverseMatch:  # the agreements app may not be installed yet
        base = "/agreements/new/"
    query = urlencode(
        {"left": meeting.association.organisation_id, "right": meeting.company.organisation_id}
    )
    return f"{base}?{query}"


@permission_required(Permission.MANAGE_PARTNERS)
def event_list(request: AuthedRequest) -> HttpResponse:
    events = selectors.event_list(user=request.user)[:200]
    return render(request, "events/event_list.html", {"events": events})


@permission_required(Permission.MANAGE_PARTNERS)
def event_edit(request: AuthedRequest, event_id: int | None = None) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=event_id) if event_id is not None else None
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved, dropped = services.event_save(
                actor=request.user,
                data=from_cleaned_data(services.EventData, form.cleaned_data),
                municipality=form.cleaned_data["municipality"],
                event=event,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(title)s is saved.") % {"title": saved.title})
            if dropped:
                _schedule_removed(request)
            return redirect("events:detail", event_id=saved.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@permission_required(Permission.MANAGE_PARTNERS)
def event_detail(request: AuthedRequest, event_id: int) -> HttpResponse:
    """The event at a glance, with the steps: participants, wishes, schedule, follow-up."""
    event = selectors.event_get(user=request.user, pk=event_id)
    participants = selectors.participant_list(event=event)
    associations = sum(1 for p in participants if p.side == Side.ASSOCIATION)
    context = {
        "event": event,
        "associations": associations,
        "companies": len(participants) - associations,
        "wishes": selectors.wish_count(event=event),
        "problems": schedules.capacity_problems(
            event=event, associations=associations, companies=len(participants) - associations
        ),
    }
    return render(request, "events/event_detail.html", context)


@permission_required(Permission.MANAGE_PARTNERS)
def participants(request: AuthedRequest, event_id: int) -> HttpResponse:
    """Who takes part: add partners of the municipality (filtered by kind), remove them."""
    event = selectors.event_get(user=request.user, pk=event_id)
    kind = request.GET.get("kind", "")
    kind = kind if kind in SIDE_OF_KIND else ""
    candidates = selectors.candidate_organisations(user=request.user, event=event, kind=kind)
    form = ParticipantAddForm(request.POST or None, candidates=candidates)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                added, dropped = services.participants_add(
                    actor=request.user,
                    event=event,
                    organisations=form.cleaned_data["organisations"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    (_("%(name)s added.") % {"name": added[0]})
                    if len(added) == 1
                    else (_("%(count)s partners added.") % {"count": len(added)}),
                )
                if dropped:
                    _schedule_removed(request)
                url = reverse("events:participants", kwargs={"event_id": event.pk})
                return redirect(f"{url}?{urlencode({'kind': kind})}" if kind else url)
        status = 400
    context = {
        "event": event,
        "participants": selectors.participant_list(event=event),
        "form": form,
        "kind": kind,
        "kinds": [
            (value, label) for value, label in OrganisationKind.choices if value in SIDE_OF_KIND
        ],
    }
    return render(request, "events/participants.html", context, status=status)


@permission_required(Permission.MANAGE_PARTNERS)
def participant_detail(request: AuthedRequest, event_id: int, participant_id: int) -> HttpResponse:
    """One participant: who comes, and whom they want to meet on the other side."""
    event = selectors.event_get(user=request.user, pk=event_id)
    participant = selectors.participant_get(user=request.user, event=event, pk=participant_id)
    other_side = Side.COMPANY if participant.side == Side.ASSOCIATION else Side.ASSOCIATION
    others = (
        event.participants.filter(side=other_side)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    pairs = selectors.wish_pairs(event=event)
    wished_by = {source for source, target in pairs if target == participant.pk}
    wants = [target for source, target in pairs if source == participant.pk]
    form = ParticipantForm(
        request.POST or None,
        initial={"contact_name": participant.contact_name, "wants": wants},
        others=others,
        wished_by=wished_by,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                dropped = services.participant_save(
                    actor=request.user,
                    participant=participant,
                    contact_name=form.cleaned_data["contact_name"],
                    targets=form.cleaned_data["wants"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("%(name)s is saved.") % {"name": participant})
                if dropped:
                    _schedule_removed(request)
                return redirect("events:wishes", event_id=event.pk)
        status = 400
    context = {"event": event, "participant": participant, "form": form}
    return render(request, "events/participant_detail.html", context, status=status)


@permission_required(Permission.MANAGE_PARTNERS)
def participant_remove(request: AuthedRequest, event_id: int, participant_id: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=event_id)
    participant = selectors.participant_get(user=request.user, event=event, pk=participant_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        dropped = services.participant_remove(actor=request.user, participant=participant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s no longer takes part.") % {"name": participant})
        if dropped:
            _schedule_removed(request)
    return redirect("events:participants", event_id=event.pk)


@permission_required(Permission.MANAGE_PARTNERS)
def wishes(request: AuthedRequest, event_id: int) -> HttpResponse:
    """Whom each participant wants to meet, and who wants to meet them."""
    event = selectors.event_get(user=request.user, pk=event_id)
    rows = selectors.wish_overview(event=event)
    context = {
        "event": event,
        "associations": [row for row in rows if row.participant.side == Side.ASSOCIATION],
        "companies": [row for row in rows if row.participant.side == Side.COMPANY],
    }
    return render(request, "events/wishes.html", context)


def _statistics(event: Event) -> dict[str, object]:
    """The stored statistics with the shares the page shows."""
    stats = dict(event.statistics)
    if not stats:
        return {}
    total, met, bound = stats["wishes_total"], stats["wishes_met"], stats["wishes_met_bound"]
    stats["share_met"] = round(100 * met / total) if total else 100
    stats["share_of_bound"] = round(100 * met / bound) if bound else 100
    return stats


@permission_required(Permission.MANAGE_PARTNERS)
def schedule(request: AuthedRequest, event_id: int) -> HttpResponse:
    """The schedule, round by round; POST makes it (again) from the current wishes."""
    event = selectors.event_get(user=request.user, pk=event_id)
    if request.method == "POST":
        try:
            event = services.schedule_make(actor=request.user, event=event)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            stats = event.statistics
            messages.success(
                request,
                _(
                    "The schedule is made: %(met)s of %(total)s wishes met "
                    "(no schedule can meet more than %(bound)s)."
                )
                % {
                    "met": stats["wishes_met"],
                    "total": stats["wishes_total"],
                    "bound": stats["wishes_met_bound"],
                },
            )
        return redirect("events:schedule", event_id=event.pk)
    context = {
        "event": event,
        "schedule": selectors.schedule_view(event=event),
        "statistics": _statistics(event),
    }
    return render(request, "events/schedule.html", context)


@permission_required(Permission.MANAGE_PARTNERS)
def schedule_pdf(request: AuthedRequest, event_id: int) -> HttpResponse:
    """The printout: the overview of every round, then one programme page per participant."""
    event = selectors.event_get(user=request.user, pk=event_id)
    view = selectors.schedule_view(event=event)
    if view.is_empty:
        messages.error(request, _("There is no schedule to print yet."))
        return redirect("events:schedule", event_id=event.pk)
    access_record(
        user=request.user,
        action=AccessAction.EXPORT,
        obj=event,
        row_count=view.meeting_count,
    )
    content = render_pdf("events/schedule_pdf.html", {"event": event, "schedule": view}, request)
    return pdf_response(content, f"speed-dating-{event.pk}.pdf")


@permission_required(Permission.MANAGE_PARTNERS)
def event_held(request: AuthedRequest, event_id: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=event_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.event_mark_held(actor=request.user, event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("events:schedule", event_id=event.pk)
    messages.success(request, _("The event is marked as held. Record who wants to continue."))
    return redirect("events:follow-ups", event_id=event.pk)


@permission_required(Permission.MANAGE_PARTNERS)
def follow_ups(request: AuthedRequest, event_id: int) -> HttpResponse:
    """Every pair that met, and whether they want to continue; pairs where both do get a
    link to draft a cooperation agreement."""
    event = selectors.event_get(user=request.user, pk=event_id)
    rows = [
        {
            "row": row,
            "agreement_url": agreement_draft_url(row.meeting) if row.both_continue else "",
        }
        for row in selectors.follow_up_rows(event=event)
    ]
    context = {
        "event": event,
        "rows": rows,
        "continuing": sum(1 for row in rows if row["agreement_url"]),
    }
    return render(request, "events/follow_ups.html", context)


@permission_required(Permission.MANAGE_PARTNERS)
def follow_up(request: AuthedRequest, event_id: int, scheduled_meeting_id: int) -> HttpResponse:
    """After the event: does each side of this pair want to continue?"""
    event = selectors.event_get(user=request.user, pk=event_id)
    meeting = selectors.meeting_get(user=request.user, event=event, pk=scheduled_meeting_id)
    existing = selectors.follow_up_for(meeting=meeting)
    form = FollowUpForm(
        request.POST or None,
        instance=existing,
        association=meeting.association.organisation.name,
        company=meeting.company.organisation.name,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.follow_up_record(
                    actor=request.user,
                    meeting=meeting,
                    data=from_cleaned_data(services.FollowUpData, form.cleaned_data),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The follow-up is saved."))
                if saved.both_continue:
                    return redirect(
                        "events:follow-up", event_id=event.pk, scheduled_meeting_id=meeting.pk
                    )
                return redirect("events:follow-ups", event_id=event.pk)
        status = 400
    context = {
        "event": event,
        "meeting": meeting,
        "form": form,
        "may_record": event.status == EventStatus.HELD,
        "agreement_url": (
            agreement_draft_url(meeting) if existing and existing.both_continue else ""
        ),
    }
    return render(request, "events/follow_up.html", context, status=status)
