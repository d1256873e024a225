"""Data protection pages: a person's access request and erasure, the requests answered, the
register of processing activities, retention rules and the purge record."""

from __future__ import annotations

import json
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, has_permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.core.inputs import from_cleaned_data
from brobygger.core.pdf import pdf_response, render_pdf
from brobygger.outreach.models import OutreachActivity
from brobygger.outreach.selectors import profile_for
from brobygger.partnerships.models import Municipality
from brobygger.people.models import Person

from . import selectors, services
from .access_request import access_report, access_report_json
from .forms import ErasureForm, RequestForm, RetentionRuleForm
from .models import PurgeTrigger
from .notice import privacy_notice
from .purge import periods_for, purge_run
from .register import processing_register


def _count_rows(
    counts: dict[str, dict[str, int]], names: dict[str, str]
) -> list[tuple[str, str, int]]:
    """(place, kind, count) for every non-zero count of a purge run."""
    return [
        (names.get(code, code) if code else _("The whole installation"), kind, count)
        for code, kinds in sorted(counts.items(), key=lambda item: names.get(item[0], ""))
        for kind, count in kinds.items()
        if count
    ]


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@permission_required(Permission.VIEW_PRIVACY_RECORDS)
def home(request: AuthedRequest) -> HttpResponse:
    requests = list(selectors.request_list(user=request.user)[:100])
    context = {
        "requests": [(r, selectors.answered_late(r)) for r in requests],
        "deadline_days": selectors.ANSWER_DEADLINE_DAYS,
        "can_manage": has_permission(request.user, Permission.MANAGE_CONFIGURATION),
        "can_view_access_log": has_permission(request.user, Permission.VIEW_ACCESS_LOG),
    }
    return render(request, "privacy/home.html", context)


@permission_required(Permission.ANSWER_DATA_SUBJECT_REQUESTS)
def person_requests(request: AuthedRequest, person_id: int) -> HttpResponse:
    """Answer one person's request: the access export (PDF, JSON), or erasure."""
    person = selectors.request_person_get(user=request.user, pk=person_id)
    request_form = RequestForm(prefix="access")
    erasure_form = ErasureForm(prefix="erase")
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in {"pdf", "json"}:
            request_form = RequestForm(request.POST, prefix="access")
            if request_form.is_valid():
                return _access_export(
                    request, person, action, request_form.cleaned_data["received_on"]
                )
        elif action == "erase":
            erasure_form = ErasureForm(request.POST, prefix="erase")
            if erasure_form.is_valid():
                services.person_erase(
                    actor=request.user,
                    person=person,
                    received_on=erasure_form.cleaned_data["received_on"],
                    purpose="privacy:erase",
                )
                messages.success(
                    request,
                    _("Person number %(id)s is erased. The anonymous counts are kept.")
                    % {"id": person.pk},
                )
                return redirect("privacy:home")
    report = access_report(person)
    context = {
        "person": person,
        "report": report,
        "request_form": request_form,
        "erasure_form": erasure_form,
    }
    return render(request, "privacy/person_requests.html", context)


def _access_export(
    request: AuthedRequest, person: Person, file_format: str, received_on: date
) -> HttpResponse:
    filename = f"indsigt-{person.pk}-{timezone.localdate():%Y%m%d}"
    if file_format == "json":
        report = access_report(person)
        services.access_request_record(
            actor=request.user, report=report, received_on=received_on, file_format="json"
        )
        body = json.dumps(access_report_json(report), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return _no_store(response)
    # The letter to the person is in Danish, whatever language the caseworker reads.
    with translation.override("da"):
        report = access_report(person)
        services.access_request_record(
            actor=request.user, report=report, received_on=received_on, file_format="pdf"
        )
        content = render_pdf("privacy/access_request_pdf.html", {"report": report}, request)
        response = pdf_response(content, f"{filename}.pdf")
    return _no_store(response)


@permission_required(Permission.VIEW_PRIVACY_RECORDS)
def register(request: AuthedRequest) -> HttpResponse:
    municipalities = selectors.register_municipalities(user=request.user)
    context = {"register": processing_register(municipalities=municipalities)}
    return render(request, "privacy/register.html", context)


@permission_required(Permission.VIEW_PRIVACY_RECORDS)
def register_export(request: AuthedRequest, fmt: str) -> HttpResponse:
    municipalities = selectors.register_municipalities(user=request.user)
    filename = f"fortegnelse-{timezone.localdate():%Y%m%d}"
    if fmt == "json":
        body = json.dumps(
            processing_register(municipalities=municipalities), ensure_ascii=False, indent=2
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return response
    if fmt == "pdf":
        with translation.override("da"):
            context = {"register": processing_register(municipalities=municipalities)}
            content = render_pdf("privacy/register_pdf.html", context, request)
        return pdf_response(content, f"{filename}.pdf")
    raise Http404


@permission_required(Permission.MANAGE_CONFIGURATION)
def retention(request: AuthedRequest) -> HttpResponse:
    """Every municipality's rule, and the dry run: what the purge would remove today."""
    preview = None
    if request.method == "POST":
        dry_run = request.POST.get("action") != "purge"
        preview = purge_run(trigger=PurgeTrigger.PAGE, actor=request.user, dry_run=dry_run)
        if not dry_run:
            messages.success(request, _("The purge has run: %(n)s records.") % {"n": preview.total})
            return redirect("privacy:purges")
    municipalities = list(Municipality.objects.order_by("name"))
    names = {m.code: m.name for m in municipalities}
    periods = periods_for(municipalities)
    context = {
        "rules": [(m, periods[m.pk]) for m in municipalities],
        "preview": preview,
        "preview_rows": _count_rows(preview.counts, names) if preview else [],
    }
    return render(request, "privacy/retention.html", context)


@permission_required(Permission.MANAGE_CONFIGURATION)
def retention_edit(request: AuthedRequest, code: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, code=code)
    rule = getattr(municipality, "retention_rule", None)
    form = RetentionRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        services.retention_rule_save(
            actor=request.user,
            municipality=municipality,
            data=from_cleaned_data(services.RetentionRuleData, form.cleaned_data),
        )
        messages.success(request, _("The retention rule is saved."))
        return redirect("privacy:retention")
    return render(
        request, "privacy/retention_edit.html", {"form": form, "municipality": municipality}
    )


@permission_required(Permission.MANAGE_CONFIGURATION)
def purges(request: AuthedRequest) -> HttpResponse:
    names = dict(Municipality.objects.values_list("code", "name"))
    runs = [(run, _count_rows(run.counts, names)) for run in selectors.purge_run_list()[:50]]
    return render(request, "privacy/purges.html", {"runs": runs})


def notice(request: HttpRequest, code: str) -> HttpResponse:
    """The public privacy notice (art. 13) of the municipality behind a campaign link: no
    login. In English when asked for (``?lang=en``), else in Danish."""
    activity = (
        OutreachActivity.objects.select_related("municipality")
        .filter(campaign_code=code, campaign_active=True)
        .first()
    )
    if activity is None:
        raise Http404
    language = "en" if request.GET.get("lang") == "en" else "da"
    with translation.override(language):
        response = render(
            request,
            "privacy/notice.html",
            {
                "notice": privacy_notice(activity.municipality),
                "municipality": activity.municipality,
                "profile": profile_for(activity.municipality),
                "language": language,
                "code": code,
                "back": reverse("public:campaign", kwargs={"code": code}),
                "texts": {"title": _("How we handle your information")},
                "languages": [
                    {"code": "da", "native_name": "Dansk", "direction": "ltr"},
                    {"code": "en", "native_name": "English", "direction": "ltr"},
                ],
            },
        )
    response["Content-Language"] = language
    return response
