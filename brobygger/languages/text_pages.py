"""The administrators' pages of a text kept per language (``LanguageText``): the list of every
language with its text's state, and the edit page of one language's text. The apps that keep
such texts (invitation letters, the printed plan) give their form, their read and their
service; the pages are the same."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from brobygger.accounts.http import AuthedRequest
from brobygger.accounts.models import User
from brobygger.core.forms import apply_errors

from .models import Language, LanguageText
from .selectors import language_get, language_list


def text_rows(texts: Iterable[LanguageText]) -> list[tuple[Language, LanguageText | None]]:
    """Every language (in use or not) with its text, or None where it has none."""
    by_language = {text.language_id: text for text in texts}  # type: ignore[attr-defined]
    return [
        (language, by_language.get(language.pk)) for language in language_list(active_only=False)
    ]


@dataclass(frozen=True)
class TextEditPage:
    """One app's text per language: the page title, the list page's URL name, how to read a
    language's text, the form for it, and the service that saves it."""

    title: StrOrPromise
    list_url: str
    text_of: Callable[[Language], LanguageText | None]
    form_for: Callable[[Any, LanguageText | None], BaseForm]
    save: Callable[[User, Language, BaseForm], object]


def text_edit(request: AuthedRequest, page: TextEditPage, language: str) -> HttpResponse:
    found = language_get(language)
    if found is None:
        raise Http404
    text = page.text_of(found)
    form = page.form_for(request.POST if request.method == "POST" else None, text)
    if request.method == "POST" and form.is_valid():
        try:
            page.save(request.user, found, form)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The texts are saved."))
            return redirect(page.list_url)
    context = {"form": form, "language": found, "text": text, "page": page}
    return render(request, "languages/text_edit.html", context, status=400 if form.errors else 200)
