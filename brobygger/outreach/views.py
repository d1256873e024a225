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

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.core.forms import apply_errors
from brobygger.core.inputs import from_cleaned_data
from brobygger.core.pdf import pdf_response, render_pdf
from brobygger.languages.models import CODE_PATTERN, DANISH, Language
from brobygger.languages.selectors import language_get, language_list, language_or_danish
from brobygger.partnerships.models import Municipality

from . import selectors, services
from .forms import (
    ActivityDoneForm,
    ActivityForm,
    LetterTemplateForm,
    LocationForm,
    MethodForm,
    PosterForm,
    ProfileForm,
    PublicFormTextForm,
)
from .models import (
    ActivityStatus,
    LetterTemplate,
    OutreachActivity,
    OutreachMethod,
    PublicFormText,
)


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
        try:
            saved = services.activity_save(
                actor=request.user,
                data=from_cleaned_data(services.ActivityData, form.cleaned_data),
                municipality=form.cleaned_data["municipality"],
                activity=activity,
                new_partner=form.new_partner(),
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


DEFAULT_POSTER_LANGUAGES = ("da", "en")


def _qr_data_url(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=10, border=4, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@permission_required(Permission.MANAGE_OUTREACH)
def activity_poster(request: AuthedRequest, activity_id: int) -> HttpResponse:
    """A poster (A4) or flyer (A5) as PDF: the invitation in one to four languages
    (``?lang=ar&lang=da``; Danish and English when none is given), one QR code and the short
    link. ``?size=a5`` gives the flyer."""
    activity = selectors.activity_get(user=request.user, pk=activity_id)
    if not activity.campaign_code:
        raise Http404
    # Only what can be a language code reaches the query (never a NUL byte, say).
    codes = [c for c in request.GET.getlist("lang") if CODE_PATTERN.fullmatch(c)] or list(
        DEFAULT_POSTER_LANGUAGES
    )
    form = PosterForm(
        {
            "languages": language_list().filter(code__in=codes).values_list("pk", flat=True),
            "size": request.GET.get("size") or "a4",
        }
    )
    if not form.is_valid():
        return render(
            request,
            "outreach/poster_form.html",
            {
                "activity": activity,
                "form": form,
                "texts": selectors.texts_by_language(),
                "chosen": codes,
            },
            status=400,
        )
    order = {code: index for index, code in enumerate(codes)}
    languages = sorted(form.cleaned_data["languages"], key=lambda lang: order.get(lang.code, 99))
    size = form.cleaned_data["size"].upper()
    url = campaign_url(request, activity)
    municipality = activity.municipality.official_name
    profile = selectors.profile_for(activity.municipality)
    sections = []
    for language in languages:
        found = selectors.public_form_text(language)
        text = found.text
        sections.append(
            {
                "language": text.language,
                "title": text.poster_title or text.title,
                "intro": text.intro.replace("{municipality}", municipality),
                "call": text.poster_text,
            }
        )
    context = {
        "activity": activity,
        "url": url,
        "qr": _qr_data_url(url),
        "size": size,
        "sections": sections,
        "logo": profile.logo_data_url,
    }
    content = render_pdf("outreach/poster.html", context, request)
    return pdf_response(content, f"plakat-{activity.campaign_code}-{size.lower()}.pdf")


@permission_required(Permission.MANAGE_OUTREACH)
def activity_posters(request: AuthedRequest, activity_id: int) -> HttpResponse:
    """Choose the languages of a poster or flyer (the PDF itself is ``activity_poster``)."""
    activity = selectors.activity_get(user=request.user, pk=activity_id)
    if not activity.campaign_code:
        raise Http404
    return render(
        request,
        "outreach/poster_form.html",
        {
            "activity": activity,
            "form": PosterForm(),
            "texts": selectors.texts_by_language(),
            "chosen": DEFAULT_POSTER_LANGUAGES,
        },
    )


@permission_required(Permission.MANAGE_CONFIGURATION)
def form_texts(request: AuthedRequest) -> HttpResponse:
    """Every language with its texts and their review; a missing text falls back to Danish."""
    return render(request, "outreach/form_texts.html", {"rows": selectors.texts_by_language()})


def _language(code: str) -> Language:
    language = language_get(code)
    if language is None:
        raise Http404
    return language


@permission_required(Permission.MANAGE_CONFIGURATION)
def form_text_edit(request: AuthedRequest, language: str) -> HttpResponse:
    """A language's public form texts; for a language without them, a new set that starts
    from the Danish texts."""
    lang = _language(language)
    texts = PublicFormText.objects.filter(language=lang).first()
    form = PublicFormTextForm(request.POST or None, instance=texts)
    if texts is None:
        danish = selectors.public_form_text(language_or_danish(DANISH)).text
        form.initial = {name: getattr(danish, name) for name in form.fields}
    if request.method == "POST" and form.is_valid():
        services.public_form_text_save(
            actor=request.user,
            texts=texts,
            language=lang,
            data=from_cleaned_data(services.PublicFormTextData, form.cleaned_data),
        )
        messages.success(request, _("The texts are saved."))
        return redirect("outreach:form-texts")
    return render(
        request,
        "outreach/form_text_edit.html",
        {"form": form, "texts": texts, "language": lang},
    )


@permission_required(Permission.MANAGE_CONFIGURATION)
def form_text_approve(request: AuthedRequest, language: str) -> HttpResponse:
    """A translator has checked the language's public form texts: mark them approved."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    texts = PublicFormText.objects.filter(language=_language(language)).first()
    if texts is None:
        raise Http404
    services.text_approve(actor=request.user, text=texts)
    messages.success(request, _("The texts are approved."))
    return redirect("outreach:form-texts")


@permission_required(Permission.MANAGE_CONFIGURATION)
def letter_edit(
    request: AuthedRequest, language: str, letter_id: int | None = None
) -> HttpResponse:
    """A letter in a language: change it, or write a new one (``?from=<id>`` starts from
    another language's version of the same letter)."""
    lang = _language(language)
    letter = None
    initial: dict[str, object] = {}
    if letter_id is not None:
        letter = LetterTemplate.objects.filter(pk=letter_id, language=lang).first()
        if letter is None:
            raise Http404
    elif (source := request.GET.get("from", "")).isdigit():
        original = LetterTemplate.objects.filter(pk=int(source)).first()
        if original is not None:
            initial = {"name": original.name, "subject": original.subject, "body": original.body}
    form = LetterTemplateForm(request.POST or None, instance=letter, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_template_save(
                actor=request.user,
                letter=letter,
                language=lang,
                data=from_cleaned_data(services.LetterTemplateData, form.cleaned_data),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The letter is saved."))
            return redirect("outreach:form-texts")
    return render(
        request,
        "outreach/letter_edit.html",
        {"form": form, "letter": letter, "language": lang},
    )


@permission_required(Permission.MANAGE_CONFIGURATION)
def letter_approve(request: AuthedRequest, language: str, letter_id: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    letter = LetterTemplate.objects.filter(pk=letter_id, language=_language(language)).first()
    if letter is None:
        raise Http404
    services.text_approve(actor=request.user, text=letter)
    messages.success(request, _("The letter is approved."))
    return redirect("outreach:form-texts")


@permission_required(Permission.MANAGE_CONFIGURATION)
def profiles(request: AuthedRequest) -> HttpResponse:
    """The municipalities' public profiles (logo, accessibility statement, privacy contacts)."""
    return render(
        request,
        "outreach/profile_list.html",
        {"municipalities": selectors.profile_municipalities()},
    )


@permission_required(Permission.MANAGE_CONFIGURATION)
def profile_edit(request: AuthedRequest, scope: str) -> HttpResponse:
    municipality = Municipality.objects.filter(code=scope).first()
    if municipality is None:
        raise Http404
    profile = selectors.profile_for(municipality)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_save(
                actor=request.user,
                profile=profile,
                data=from_cleaned_data(services.ProfileData, form.cleaned_data),
                logo=form.cleaned_data["logo_upload"],
                remove_logo=form.cleaned_data["remove_logo"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect("outreach:profiles")
    return render(request, "outreach/profile_form.html", {"form": form, "profile": profile})


@permission_required(Permission.MANAGE_OUTREACH)
def location_list(request: AuthedRequest) -> HttpResponse:
    locations = selectors.location_list(user=request.user)
    return render(request, "outreach/location_list.html", {"locations": locations})


@permission_required(Permission.MANAGE_OUTREACH)
def location_create(request: AuthedRequest) -> HttpResponse:
    form = LocationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        location = services.location_save(
            actor=request.user,
            data=from_cleaned_data(services.LocationData, form.cleaned_data),
            municipality=form.cleaned_data["municipality"],
        )
        return redirect("contact:location-detail", location_id=location.pk)
    return render(request, "outreach/location_form.html", {"form": form})


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
        services.method_save(
            actor=request.user,
            data=from_cleaned_data(services.MethodData, form.cleaned_data),
            method=method,
        )
        messages.success(request, _("The method is saved."))
        return redirect("outreach:method-list")
    return render(request, "outreach/method_form.html", {"form": form, "method": method})
