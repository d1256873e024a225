"""The administration of the language catalogue: list, add, change, retire. The texts in
each language (form, consent, letters, posters) are kept on the texts page of outreach."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.core.inputs import from_cleaned_data

from . import services
from .forms import LanguageForm
from .models import DANISH, Language
from .selectors import language_get, language_list


@permission_required(Permission.MANAGE_CONFIGURATION)
def language_index(request: AuthedRequest) -> HttpResponse:
    languages = language_list(active_only=False)
    return render(request, "languages/language_list.html", {"languages": languages})


@permission_required(Permission.MANAGE_CONFIGURATION)
def language_create(request: AuthedRequest) -> HttpResponse:
    return _language_form(request, None)


@permission_required(Permission.MANAGE_CONFIGURATION)
def language_update(request: AuthedRequest, code: str) -> HttpResponse:
    return _language_form(request, _get(code))


def _get(code: str) -> Language:
    language = language_get(code)
    if language is None:
        raise Http404
    return language


def _language_form(request: AuthedRequest, language: Language | None) -> HttpResponse:
    form = LanguageForm(request.POST or None, instance=language)
    if request.method == "POST" and form.is_valid():
        saved = services.language_save(
            actor=request.user,
            data=from_cleaned_data(services.LanguageData, form.cleaned_data),
            language=language,
        )
        messages.success(request, _("%(language)s is saved.") % {"language": saved.name})
        return redirect("languages:list")
    return render(request, "languages/language_form.html", {"form": form, "language": language})


@permission_required(Permission.MANAGE_CONFIGURATION)
def language_retire(request: AuthedRequest, code: str) -> HttpResponse:
    """Take a language out of use, or back into use (``active=1``). Danish stays."""
    language = _get(code)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if language.code == DANISH:
        messages.error(request, _("Danish is always in use: texts fall back to it."))
        return redirect("languages:list")
    active = request.POST.get("active") == "1"
    services.language_retire(actor=request.user, language=language, active=active)
    if active:
        messages.success(request, _("%(language)s is in use again.") % {"language": language})
    else:
        messages.success(request, _("%(language)s is no longer in use.") % {"language": language})
    return redirect("languages:list")
