"""Pages of a person's contact: log a try to reach her (from her page), correct or remove one's
own, invitation letters for the people ticked, and a location's drop-in visits.

Their paths stay under ``/outreach/`` where they began (``contact_urls``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.core.forms import apply_errors
from brobygger.core.http import safe_next
from brobygger.core.pdf import pdf_response
from brobygger.outreach.selectors import location_get

from . import contacts, selectors
from .forms import ContactAttemptCorrectionForm, ContactAttemptForm, DropInForm, LetterForm
from .selectors import person_get, person_list
from .views import render_activity


@permission_required(Permission.CHANGE_PEOPLE)
def contact_attempt_create(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, pk=person_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ContactAttemptForm(request.POST)
    if form.is_valid():
        try:
            attempt = contacts.contact_attempt_record(
                actor=request.user,
                person=person,
                channel=form.cleaned_data["channel"],
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                follow_up_on=form.cleaned_data["follow_up_on"],
                next_action=form.cleaned_data["next_action"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            form = ContactAttemptForm(initial={"channel": attempt.channel})
            messages.success(request, _("The contact attempt was logged."))
    return render_activity(request, person, attempt_form=form)


@permission_required(Permission.CHANGE_PEOPLE)
def contact_attempt_edit(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    """Correct or remove a contact attempt one logged oneself (a wrong click)."""
    attempt = selectors.own_contact_attempt_get(user=request.user, pk=attempt_id)
    person_url = reverse("people:detail", kwargs={"person_id": attempt.person_id})
    form = ContactAttemptCorrectionForm(
        request.POST or None,
        initial={"channel": attempt.channel, "outcome": attempt.outcome, "note": attempt.note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            contacts.contact_attempt_correct(
                actor=request.user, attempt=attempt, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The contact attempt was corrected."))
            return redirect(person_url)
    context = {"attempt": attempt, "person": attempt.person, "form": form}
    return render(request, "people/attempt_form.html", context)


@permission_required(Permission.CHANGE_PEOPLE)
@require_POST
def contact_attempt_remove(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    attempt = selectors.own_contact_attempt_get(user=request.user, pk=attempt_id)
    person_id = attempt.person_id
    contacts.contact_attempt_remove(actor=request.user, attempt=attempt)
    messages.success(request, _("The contact attempt was removed."))
    return redirect("people:detail", person_id=person_id)


@permission_required(Permission.CHANGE_PEOPLE)
def letters_create(request: AuthedRequest) -> HttpResponse:
    """Invitation letters as one PDF for the people ticked (or the one person on her page)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = LetterForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a letter and at least one person."))
        # Back to the page the letters were asked from: a path on this site, nothing else.
        return redirect(safe_next(request) or reverse("people:list"))
    ids = form.cleaned_data["person_ids"]
    people = list(
        person_list(user=request.user).filter(pk__in=ids).select_related("preferred_language")
    )
    if len(people) != len(set(ids)):
        raise Http404
    letters = contacts.invitation_letters(
        actor=request.user, template=form.cleaned_data["template"], people=people
    )
    if letters.in_danish_only:
        # Shown on her page or the list when the caseworker comes back to it.
        messages.warning(
            request,
            ngettext(
                "%(n)s letter is in Danish only: the letter has no text in her language.",
                "%(n)s letters are in Danish only: the letter has no text in their languages.",
                letters.in_danish_only,
            )
            % {"n": letters.in_danish_only},
        )
    return pdf_response(letters.pdf, f"breve-{timezone.localdate():%Y-%m-%d}.pdf")


@permission_required(Permission.MANAGE_OUTREACH)
def location_detail(request: AuthedRequest, location_id: int) -> HttpResponse:
    """A local-presence location and its drop-in visits; record a visit here."""
    location = location_get(user=request.user, pk=location_id)
    form = DropInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = None
        if data["person_number"]:
            person = person_list(user=request.user).filter(pk=data["person_number"]).first()
            if person is None:
                form.add_error("person_number", _("No person in your municipality has it."))
        if not form.errors:
            try:
                contacts.drop_in_record(
                    actor=request.user,
                    location=location,
                    person=person,
                    occurred_on=data["occurred_on"] or timezone.localdate(),
                    anonymous_count=data["anonymous_count"] or 0,
                    topic=data["topic"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The visit is recorded."))
                return redirect("contact:location-detail", location_id=location.pk)
    visits = selectors.location_visits(user=request.user, location=location)
    return render(
        request,
        "people/location_detail.html",
        {"location": location, "form": form, "visits": visits},
    )
