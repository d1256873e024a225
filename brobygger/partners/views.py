"""Partners, volunteers and mentoring: the municipality as match maker (seeds 001, 002)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.accounts.selectors import municipalities_where
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.core.forms import apply_errors
from brobygger.core.inputs import from_cleaned_data
from brobygger.partnerships.models import Municipality
from brobygger.people.selectors import person_get

from . import selectors, services
from . import volunteer_care as care
from .forms import (
    ContactPersonForm,
    MentorshipQuickEndForm,
    OrganisationForm,
    ReferralForm,
    ReferralStatusForm,
    VisitForm,
    VolunteerForm,
)
from .matching import (
    MentorProposal,
    PartnerProposal,
    blocking_reason,
    explain,
    mentor_proposals,
    pair_score,
    reason_names,
)
from .matching import partner_proposals as partner_matches_for
from .models import (
    MentorshipEndReason,
    MentorshipStatus,
    OrganisationKind,
    Relationship,
    VolunteerStatus,
)


@permission_required(Permission.MANAGE_PARTNERS)
def organisation_list(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    relationship = request.GET.get("relationship", "")
    organisations = selectors.organisation_list(
        user=request.user,
        query=query,
        kind=kind if kind in OrganisationKind.values else "",
        relationship=relationship if relationship in Relationship.values else "",
    )
    context = {
        "organisations": organisations[:500],
        "query": query,
        "kind": kind,
        "relationship": relationship,
        "kinds": OrganisationKind.choices,
        "relationships": Relationship.choices,
        "pending": sum(len(group) for group in selectors.pending_signups(user=request.user)),
    }
    return render(request, "partners/organisation_list.html", context)


@permission_required(Permission.MANAGE_PARTNERS)
def organisation_edit(request: AuthedRequest, organisation_id: int | None = None) -> HttpResponse:
    organisation = (
        selectors.organisation_get(user=request.user, pk=organisation_id)
        if organisation_id is not None
        else None
    )
    form = OrganisationForm(request.POST or None, instance=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.organisation_save(
                actor=request.user,
                data=from_cleaned_data(services.OrganisationData, form.cleaned_data),
                municipality=form.cleaned_data["municipality"],
                organisation=organisation,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": saved.name})
            return redirect("partners:organisation", organisation_id=saved.pk)
    context = {"form": form, "organisation": organisation}
    return render(request, "partners/organisation_form.html", context)


@permission_required(Permission.MANAGE_PARTNERS)
def organisation_detail(request: AuthedRequest, organisation_id: int) -> HttpResponse:
    """A partner: what they do, offer and need, contact persons, and the visit log with the
    questions to ask (seed 002)."""
    organisation = selectors.organisation_get(user=request.user, pk=organisation_id)
    visit_form = VisitForm(initial={"visited_on": timezone.localdate()}, prefix="visit")
    contact_form = ContactPersonForm(prefix="contact")
    status = 200
    if request.method == "POST":
        kind = request.POST.get("form")
        try:
            if kind == "visit":
                visit_form = VisitForm(request.POST, prefix="visit")
                if visit_form.is_valid():
                    services.visit_record(
                        actor=request.user,
                        organisation=organisation,
                        data=from_cleaned_data(services.VisitData, visit_form.cleaned_data),
                    )
                    messages.success(request, _("The visit is saved."))
                    return redirect("partners:organisation", organisation_id=organisation.pk)
            elif kind == "contact":
                contact_form = ContactPersonForm(request.POST, prefix="contact")
                if contact_form.is_valid():
                    services.contact_person_save(
                        actor=request.user,
                        organisation=organisation,
                        data=from_cleaned_data(
                            services.ContactPersonData, contact_form.cleaned_data
                        ),
                    )
                    messages.success(request, _("The contact person is saved."))
                    return redirect("partners:organisation", organisation_id=organisation.pk)
        except ValidationError as error:
            apply_errors(visit_form if kind == "visit" else contact_form, error)
        status = 400
    else:
        access_record(user=request.user, action=AccessAction.VIEW, obj=organisation)
    context = {
        "organisation": organisation,
        "contacts": organisation.contacts.all(),
        "visits": organisation.visits.select_related("visited_by"),
        "offers": organisation.offers.all(),
        "needs": organisation.needs.all(),
        "visit_form": visit_form,
        "contact_form": contact_form,
    }
    return render(request, "partners/organisation_detail.html", context, status=status)


@permission_required(Permission.MANAGE_VOLUNTEERS)
def volunteer_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status", VolunteerStatus.ACTIVE)
    volunteers = list(
        selectors.volunteer_list(
            user=request.user, status=status if status in VolunteerStatus.values else ""
        )[:1000]
    )
    today = timezone.localdate()
    rows = [{"volunteer": v, "blocked": blocking_reason(v, today=today)} for v in volunteers]
    context = {
        "rows": rows,
        "status": status,
        "statuses": VolunteerStatus.choices,
        "blocked_count": sum(1 for row in rows if row["blocked"]),
    }
    return render(request, "partners/volunteer_list.html", context)


@permission_required(Permission.MANAGE_VOLUNTEERS)
def volunteer_edit(request: AuthedRequest, volunteer_id: int | None = None) -> HttpResponse:
    volunteer = (
        selectors.volunteer_get(user=request.user, pk=volunteer_id)
        if volunteer_id is not None
        else None
    )
    if volunteer is not None and request.method == "GET":
        access_record(user=request.user, action=AccessAction.VIEW, obj=volunteer)
    form = VolunteerForm(request.POST or None, instance=volunteer, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.volunteer_save(
                actor=request.user,
                data=from_cleaned_data(services.VolunteerData, form.cleaned_data),
                municipality=form.cleaned_data["municipality"],
                volunteer=volunteer,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": saved})
            return redirect("partners:volunteer-list")
    context: dict[str, Any] = {
        "form": form,
        "volunteer": volunteer,
        "blocked": blocking_reason(volunteer, today=timezone.localdate()) if volunteer else "",
        "mentorships": volunteer.mentorships.select_related("referral") if volunteer else [],
    }
    return render(request, "partners/volunteer_form.html", context)


@permission_required(Permission.CHANGE_PEOPLE)
def referral_create(request: AuthedRequest, person_id: int) -> HttpResponse:
    """A caseworker refers a citizen to the volunteer coordinator for a mentor."""
    person = person_get(user=request.user, pk=person_id)
    form = ReferralForm(
        request.POST or None,
        initial={"languages": person.languages, "postal_code": person.postal_code},
        municipality_id=person.municipality_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_create(
                actor=request.user,
                person=person,
                data=from_cleaned_data(services.ReferralData, form.cleaned_data),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The referral is sent."))
            return redirect("people:detail", person_id=person.pk)
    elif request.method == "GET":
        access_record(user=request.user, action=AccessAction.VIEW, obj=person)
    return render(request, "partners/referral_form.html", {"form": form, "person": person})


@permission_required(Permission.MANAGE_VOLUNTEERS)
def referral_withdraw(request: AuthedRequest, referral_id: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    referral = selectors.referral_get(user=request.user, pk=referral_id)
    services.referral_withdraw(actor=request.user, referral=referral)
    messages.success(request, _("The referral is withdrawn."))
    return redirect("partners:mentoring")


def _mentoring_municipality(request: AuthedRequest) -> Municipality | None:
    municipalities = municipalities_where(request.user, Permission.MANAGE_VOLUNTEERS)
    chosen = request.GET.get("municipality") or request.POST.get("municipality")
    if chosen and chosen.isdigit():
        found = municipalities.filter(pk=int(chosen)).first()
        if found is None:
            raise Http404
        return found
    return municipalities.first()


@permission_required(Permission.MANAGE_VOLUNTEERS)
def mentoring(request: AuthedRequest) -> HttpResponse:
    """The volunteer coordinator's page: citizens waiting for a mentor, the proposals with
    their score and reasons, and the mentorships under way."""
    municipality = _mentoring_municipality(request)
    if municipality is None:
        raise Http404
    today = timezone.localdate()
    waiting = list(
        selectors.waiting_referrals(user=request.user, municipality_id=municipality.pk)
        .prefetch_related("topics")
        .order_by("created_at", "pk")
    )
    proposals: list[MentorProposal] = []
    names = reason_names()
    if request.GET.get("propose"):
        volunteers = selectors.available_mentors(user=request.user, municipality_id=municipality.pk)
        proposals = mentor_proposals(
            volunteers=volunteers,
            referrals=waiting,
            today=today,
            declined=selectors.declined_pairs(municipality_id=municipality.pk),
        )
        access_record(
            user=request.user,
            action=AccessAction.SEARCH,
            municipality_id=municipality.pk,
            search_criterion="mentor proposals",
            row_count=len(proposals),
        )
    context = {
        "municipality": municipality,
        "municipalities": municipalities_where(request.user, Permission.MANAGE_VOLUNTEERS),
        "waiting": waiting,
        "proposals": [
            {"proposal": p, "reasons": [explain(r, names) for r in p.reasons]} for p in proposals
        ],
        "proposed": bool(request.GET.get("propose")),
        "mentorships": selectors.mentorship_list(user=request.user, active_on=today).filter(
            volunteer__municipality=municipality
        ),
        "today": today,
        "end_reasons": MentorshipEndReason.choices,
    }
    return render(request, "partners/mentoring.html", context)


@permission_required(Permission.MANAGE_VOLUNTEERS)
def proposal_decide(request: AuthedRequest) -> HttpResponse:
    """Accept a proposal (a mentorship starts) or decline it (never proposed again)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    volunteer_id, referral_id = request.POST.get("volunteer", ""), request.POST.get("referral", "")
    if not volunteer_id.isdigit() or not referral_id.isdigit():
        raise Http404
    volunteer = selectors.volunteer_get(user=request.user, pk=int(volunteer_id))
    referral = selectors.referral_get(user=request.user, pk=int(referral_id))
    back = f"{reverse('partners:mentoring')}?municipality={volunteer.municipality_id}&propose=1"
    try:
        if request.POST.get("decision") == "accept":
            pair = pair_score(volunteer=volunteer, referral=referral, today=timezone.localdate())
            if pair is None:
                raise services.MatchRefused(_("The pair is no longer a possible match."))
            services.mentorship_start(
                actor=request.user,
                volunteer=volunteer,
                referral=referral,
                score=pair.score,
                reasons=pair.reasons,
            )
            messages.success(
                request,
                _("%(volunteer)s is now mentor for %(person)s.")
                % {"volunteer": volunteer, "person": referral.first_name},
            )
        else:
            services.proposal_decline(actor=request.user, volunteer=volunteer, referral=referral)
            messages.info(request, _("The proposal is declined and will not come again."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(back)


@permission_required(Permission.MANAGE_VOLUNTEERS)
def mentorship_end(request: AuthedRequest, mentorship_id: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    mentorship = selectors.mentorship_get(user=request.user, pk=mentorship_id)
    form = MentorshipQuickEndForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose the reason."))
        if mentorship.status != MentorshipStatus.ACTIVE:
            # Its reason is changed on the mentorship's own page, not ended twice here.
            raise ValidationError(_("The mentorship has already ended."))
        care.mentorship_close(
            actor=request.user,
            mentorship=mentorship,
            data=care.MentorshipEndData(
                ended_on=timezone.localdate(), reason=form.cleaned_data["reason"]
            ),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The mentorship has ended."))
    return redirect(
        f"{reverse('partners:mentoring')}?municipality={mentorship.volunteer.municipality_id}"
    )


@permission_required(Permission.MANAGE_VOLUNTEERS)
def referral_overview(request: AuthedRequest) -> HttpResponse:
    """The volunteer coordinator's overview: the referrals of a municipality under way, to a
    mentor or a partner, each with the form for its answer, and the declines and ends
    counted by reason."""
    municipality = _mentoring_municipality(request)
    if municipality is None:
        raise Http404
    open_referrals, counts = selectors.referral_overview(
        user=request.user, municipality_id=municipality.pk
    )
    context = {
        "municipality": municipality,
        "municipalities": municipalities_where(request.user, Permission.MANAGE_VOLUNTEERS),
        "referrals": open_referrals,
        "counts": counts,
        "form": ReferralStatusForm(initial={"occurred_on": timezone.localdate()}),
    }
    return render(request, "partners/referral_overview.html", context)


@permission_required(Permission.MANAGE_VOLUNTEERS)
def referral_status(request: AuthedRequest, referral_id: int) -> HttpResponse:
    """Record a referral's answer or next step (the service checks who may)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    referral = selectors.referral_get(user=request.user, pk=referral_id)
    form = ReferralStatusForm(request.POST)
    back = f"{reverse('partners:referrals')}?municipality={referral.person.municipality_id}"
    try:
        if not form.is_valid():
            raise ValidationError(
                [
                    f"{form.fields[name].label}: {' '.join(str(m) for m in e)}"
                    for name, e in form.errors.items()
                ]
            )
        services.referral_status_set(
            actor=request.user,
            referral=referral,
            data=from_cleaned_data(services.ReferralStatusData, form.cleaned_data),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s's referral is now: %(status)s.")
            % {"name": referral.first_name, "status": referral.get_status_display().lower()},
        )
    return redirect(back)


@permission_required(Permission.MANAGE_PARTNERS)
def partner_matches(request: AuthedRequest) -> HttpResponse:
    """Which associations could help each other, and which company could give an
    association what it needs (seed 002: the municipality as match maker, CSR)."""
    organisations = (
        selectors.organisation_list(user=request.user)
        .exclude(relationship__in=[Relationship.ENDED])
        .prefetch_related("offers", "needs")
    )
    pairs, csr = partner_matches_for(organisations)
    names = reason_names()

    def rows(proposals: list[PartnerProposal]) -> list[dict[str, Any]]:
        return [
            {"proposal": p, "reasons": [explain(r, names) for r in p.reasons]} for p in proposals
        ]

    context = {"pairs": rows(pairs), "csr": rows(csr)}
    return render(request, "partners/partner_matches.html", context)
