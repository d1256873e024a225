from __future__ import annotations

import base64
import io
from datetime import timedelta

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.core.forms import apply_errors
from brobygger.core.http import safe_next
from brobygger.core.pdf import pdf_response, render_pdf
from brobygger.people.selectors import person_get, person_list
from brobygger.people.views import render_activity

from . import selectors, services
from .forms import (
    ActivityDoneForm,
    ActivityForm,
    ContactAttemptCorrectionForm,
    ContactAttemptForm,
    DropInForm,
    LetterForm,
    LocationForm,
    MethodForm,
    PublicFormTextForm,
)
from .models import ActivityStatus, OutreachActivity, OutreachMethod, PublicFormText


@permission_required(Permission.CHANGE_PEOPLE)
def contact_attempt_create(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, pk=person_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ContactAttemptForm(request.POST)
    if form.is_valid():
        try:
            attempt = services.contact_attempt_record(
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
            services.contact_attempt_correct(
                actor=request.user, attempt=attempt, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The contact attempt was corrected."))
            return redirect(person_url)
    context = {"attempt": attempt, "person": attempt.person, "form": form}
    return render(request, "outreach/attempt_form.html", context)


@permission_required(Permission.CHANGE_PEOPLE)
@require_POST
def contact_attempt_remove(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    attempt = selectors.own_contact_attempt_get(user=request.user, pk=attempt_id)
    person_id = attempt.person_id
    services.contact_attempt_remove(actor=request.user, attempt=attempt)
    messages.success(request, _("The contact attempt was removed."))
    return redirect("people:detail", person_id=person_id)


@permission_required(Permission.MANAGE_OUTREACH)
def activity_list(request: AuthedRequest) -> HttpResponse:
    """The plan: activities week by week, from four weeks back to eight weeks ahead."""
    status = request.GET.get("status", "")
    today = timezone.localdate()
    activities = selectors.activity_list(
        user=request.user,
        status=status,
        date_from=today - timedelta(weeks=4),
        date_to=today + timedelta(weeks=8),
    )
    context = {
        "weeks": selectors.activities_by_week(activities),
        "status": status,
        "statuses": ActivityStatus.choices,
        "done_form": ActivityDoneForm(),
        "today": today,
    }
    template = "outreach/activity_list.html"
    if request.htmx:
        template += "#plan"
    return render(request, template, context)


@permission_required(Permission.MANAGE_OUTREACH)
def activity_create(request: AuthedRequest) -> HttpResponse:
    return _activity_form(request, None)


@permission_required(Permission.MANAGE_OUTREACH)
def activity_update(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=activity_id)
    return _activity_form(request, activity)


def _activity_form(request: AuthedRequest, activity: OutreachActivity | None) -> HttpResponse:
    form = ActivityForm(request.POST or None, instance=activity, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.activity_save(
                actor=request.user,
                municipality=activity.municipality if activity else data["municipality"],
                values={field: data[field] for field in services.ACTIVITY_FIELDS},
                activity=activity,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(title)s is saved.") % {"title": saved.title})
            return redirect("outreach:activity-list")
    return render(request, "outreach/activity_form.html", {"form": form, "activity": activity})


@permission_required(Permission.MANAGE_OUTREACH)
def activity_done(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=activity_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ActivityDoneForm(request.POST)
    if form.is_valid():
        try:
            services.activity_mark_done(actor=request.user, activity=activity, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
    activity = selectors.activity_get(user=request.user, pk=activity_id)
    if request.htmx:
        return render(
            request,
            "outreach/activity_list.html#activity",
            {"activity": activity, "done_form": form, "today": timezone.localdate()},
        )
    if form.errors:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("outreach:activity-list")


@permission_required(Permission.MANAGE_OUTREACH)
def activity_campaign(request: AuthedRequest, activity_id: int) -> HttpResponse:
    """Switch the campaign link on (creating its code the first time) or off."""
    activity = selectors.activity_get(user=request.user, pk=activity_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.POST.get("active") == "1":
        services.campaign_enable(actor=request.user, activity=activity)
        messages.success(request, _("The campaign link is on."))
    else:
        services.campaign_disable(actor=request.user, activity=activity)
        messages.success(request, _("The campaign link is off."))
    return redirect("outreach:activity-update", activity_id=activity.pk)


def campaign_url(request: AuthedRequest, activity: OutreachActivity) -> str:
    return request.build_absolute_uri(
        reverse("public:campaign", kwargs={"code": activity.campaign_code})
    )


@permission_required(Permission.MANAGE_OUTREACH)
def activity_qr(request: AuthedRequest, activity_id: int, kind: str) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=activity_id)
    if not activity.campaign_code or kind not in {"png", "svg"}:
        raise Http404
    code = segno.make(campaign_url(request, activity), error="m")
    buffer = io.BytesIO()
    if kind == "png":
        code.save(buffer, kind="png", scale=12, border=4)
        content_type = "image/png"
    else:
        code.save(buffer, kind="svg", scale=12, border=4, xmldecl=False)
        content_type = "image/svg+xml"
    response = HttpResponse(buffer.getvalue(), content_type=content_type)
    filename = f"brobygger-{activity.campaign_code}.{kind}"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@permission_required(Permission.MANAGE_OUTREACH)
def activity_poster(request: AuthedRequest, activity_id: int) -> HttpResponse:
    """A poster (A4) or flyer (A5) as PDF: the invitation in Danish and English, the QR
    code and the short link. ``?size=a5`` gives the flyer."""
    activity = selectors.activity_get(user=request.user, pk=activity_id)
    if not activity.campaign_code:
        raise Http404
    size = "A5" if request.GET.get("size") == "a5" else "A4"
    url = campaign_url(request, activity)
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=10, border=4, xmldecl=False)
    qr = "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
    texts = {t.language: t for t in PublicFormText.objects.filter(language__in=["da", "en"])}
    municipality = activity.municipality.name
    context = {
        "activity": activity,
        "url": url,
        "qr": qr,
        "size": size,
        "intro_da": texts["da"].intro.replace("{municipality}", municipality),
        "texts": texts,
    }
    content = render_pdf("outreach/poster.html", context, request)
    return pdf_response(content, f"plakat-{activity.campaign_code}-{size.lower()}.pdf")


@permission_required(Permission.MANAGE_CONFIGURATION)
def form_texts(request: AuthedRequest) -> HttpResponse:
    return render(request, "outreach/form_texts.html", {"texts": PublicFormText.objects.all()})


@permission_required(Permission.MANAGE_CONFIGURATION)
def form_text_edit(request: AuthedRequest, language: str) -> HttpResponse:
    texts = PublicFormText.objects.filter(language=language).first()
    if texts is None:
        raise Http404
    form = PublicFormTextForm(request.POST or None, instance=texts)
    if request.method == "POST" and form.is_valid():
        services.public_form_text_save(actor=request.user, texts=texts, values=form.cleaned_data)
        messages.success(request, _("The texts are saved."))
        return redirect("outreach:form-texts")
    return render(request, "outreach/form_text_edit.html", {"form": form, "texts": texts})


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
    people = list(person_list(user=request.user).filter(pk__in=ids))
    if len(people) != len(set(ids)):
        raise Http404
    content = services.invitation_letters(
        actor=request.user, template=form.cleaned_data["template"], people=people
    )
    return pdf_response(content, f"breve-{timezone.localdate():%Y-%m-%d}.pdf")


@permission_required(Permission.MANAGE_OUTREACH)
def location_list(request: AuthedRequest) -> HttpResponse:
    locations = selectors.location_list(user=request.user)
    return render(request, "outreach/location_list.html", {"locations": locations})


@permission_required(Permission.MANAGE_OUTREACH)
def location_create(request: AuthedRequest) -> HttpResponse:
    form = LocationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        location = services.location_save(
            actor=request.user, municipality=data["municipality"], values=data
        )
        return redirect("outreach:location-detail", location_id=location.pk)
    return render(request, "outreach/location_form.html", {"form": form})


@permission_required(Permission.MANAGE_OUTREACH)
def location_detail(request: AuthedRequest, location_id: int) -> HttpResponse:
    """A local-presence location and its drop-in visits; record a visit here."""
    location = selectors.location_get(user=request.user, pk=location_id)
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
                services.drop_in_record(
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
                return redirect("outreach:location-detail", location_id=location.pk)
    visits = selectors.location_visits(user=request.user, location=location)
    return render(
        request,
        "outreach/location_detail.html",
        {"location": location, "form": form, "visits": visits},
    )


@permission_required(Permission.MANAGE_CONFIGURATION)
def method_list(request: AuthedRequest) -> HttpResponse:
    methods = OutreachMethod.objects.annotate(people=Count("sources")).order_by(
        "category", "position", "name"
    )
    return render(request, "outreach/method_list.html", {"methods": methods})


@permission_required(Permission.MANAGE_CONFIGURATION)
def method_edit(request: AuthedRequest, method_id: int | None = None) -> HttpResponse:
    method = None
    if method_id is not None:
        method = OutreachMethod.objects.filter(pk=method_id).first()
        if method is None:
            raise Http404
    form = MethodForm(request.POST or None, instance=method)
    if request.method == "POST" and form.is_valid():
        services.method_save(actor=request.user, values=form.cleaned_data, method=method)
        messages.success(request, _("The method is saved."))
        return redirect("outreach:method-list")
    return render(request, "outreach/method_form.html", {"form": form, "method": method})
