"""The referral link's pages: staff list, make, print and revoke links; the public form
behind a link (no login) where a colleague or a partner hands a woman over."""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.accounts.selectors import municipalities_where
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.core import ratelimit
from brobygger.core.forms import apply_errors
from brobygger.core.inputs import from_cleaned_data
from brobygger.languages.models import DANISH
from brobygger.languages.selectors import language_list
from brobygger.partners.models import Organisation, Review

from . import link_selectors, link_services
from .link_forms import LinkForm, LinkReferralForm
from .selectors import assignable_users

SUBMISSIONS_PER_MINUTE = 10


def _link_form(request: AuthedRequest) -> LinkForm:
    municipalities = municipalities_where(request.user, Permission.CHANGE_PEOPLE)
    owners = assignable_users(municipality_id=0).none()
    for municipality in municipalities:
        owners = owners | assignable_users(municipality_id=municipality.pk)
    return LinkForm(
        request.POST or None,
        user=request.user,
        owners=owners.distinct(),
        organisations=Organisation.objects.filter(
            Q(municipality__in=municipalities), review=Review.APPROVED
        ),
        initial={"owner": request.user.pk, "contact_within_days": 5},
    )


@permission_required(Permission.CHANGE_PEOPLE)
def link_list(request: AuthedRequest) -> HttpResponse:
    """The municipality's referral links (in use first), and the form for a new one."""
    form = _link_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            link, _token = link_services.link_create(
                actor=request.user,
                municipality=form.cleaned_data["municipality"],
                data=from_cleaned_data(link_services.LinkData, form.cleaned_data),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The link is made. Print it or send it."))
            return redirect("cases:link", link_id=link.pk)
    links = list(link_selectors.link_list(user=request.user)[:500])
    context = {"links": links, "form": form, "today": timezone.localdate()}
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/links/list.html", context, status=status)


@permission_required(Permission.CHANGE_PEOPLE)
def link_detail(request: AuthedRequest, link_id: int) -> HttpResponse:
    """One link to print or send: its address and QR code, and whom its people count for."""
    link = link_selectors.link_get(user=request.user, pk=link_id)
    access_record(user=request.user, action=AccessAction.VIEW, obj=link)
    url = request.build_absolute_uri(link_services.link_path(link))
    context = {
        "link": link,
        "url": url,
        "qr_svg": segno.make(url, error="m").svg_inline(scale=6, border=2),
        "usable": link.usable_on(timezone.localdate()),
    }
    return render(request, "cases/links/detail.html", context)


@permission_required(Permission.CHANGE_PEOPLE)
def link_revoke(request: AuthedRequest, link_id: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    link = link_selectors.link_get(user=request.user, pk=link_id)
    link_services.link_revoke(actor=request.user, link=link)
    messages.success(request, _("The link is revoked: it no longer works."))
    return redirect("cases:link-list")


def _interface_language(request: HttpRequest) -> str:
    """The language asked for (``lang``) if the interface speaks it; else Danish."""
    code = request.POST.get("lang") or request.GET.get("lang") or DANISH
    return code if code in {c for c, _name in settings.LANGUAGES} else DANISH


@never_cache
@csrf_protect
def referral_form(request: HttpRequest, token: str) -> HttpResponse:
    """The public form behind a referral link. A revoked, expired or unknown link gets the
    same neutral page and status; a bot that fills the honeypot is thanked and nothing is
    stored; the referrer gets a receipt with nothing of the woman, and nothing to read back."""
    code = _interface_language(request)
    with translation.override(code):
        return _referral_form(request, token, code)


def _referral_form(request: HttpRequest, token: str, code: str) -> HttpResponse:
    interface = {c for c, _name in settings.LANGUAGES}
    context: dict[str, Any] = {
        "language": code,
        "languages": [lang for lang in language_list() if lang.code in interface],
        "texts": {"title": _("Refer a woman to the municipality")},
    }
    link = link_services.link_usable(token)
    if link is None:
        return render(request, "cases/links/unavailable.html", context, status=404)
    context.update(link=link, municipality=link.municipality)
    form = LinkReferralForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not ratelimit.allow_client(request, "referral-link", limit=SUBMISSIONS_PER_MINUTE):
            context.update(form=form, too_many=True)
            return render(request, "cases/links/form.html", context, status=429)
        if form.is_bot():
            return render(request, "cases/links/received.html", context)
        if form.is_valid():
            try:
                link_services.link_referral_submit(
                    link=link,
                    data=from_cleaned_data(
                        link_services.LinkReferral, form.cleaned_data, fill_defaults=True
                    ),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return render(request, "cases/links/received.html", context)
        status = 400
    context["form"] = form
    return render(request, "cases/links/form.html", context, status=status)
