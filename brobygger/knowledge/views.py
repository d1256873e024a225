"""The knowledge pages: the methods library and success stories (the survey's pages are in
``survey_views``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, has_permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.accounts.selectors import partnership_get
from brobygger.core.forms import apply_errors
from brobygger.core.inputs import from_cleaned_data

from . import selectors, services
from .figures import method_figures_rendered
from .forms import (
    LibraryFilterForm,
    MethodEntryForm,
    SuccessStoryForm,
)
from .models import LibraryCategory, MethodEntry, SuccessStory


@permission_required(Permission.VIEW_PARTNERSHIP)
def home(request: AuthedRequest) -> HttpResponse:
    """The libraries of the user's partnerships, the latest stories, surveys to answer."""
    user = request.user
    partnerships = list(selectors.library_partnerships(user=user))
    sizes = selectors.library_sizes(partnerships=partnerships)
    libraries = [{"partnership": p, "count": sizes[p.pk]} for p in partnerships]
    context = {
        "libraries": libraries,
        "stories": list(selectors.story_list(user=user)[:5]),
        "to_answer": selectors.surveys_to_answer(user=user),
        "may_write_story": has_permission(user, Permission.SHARE_KNOWLEDGE),
        "may_see_surveys": selectors.survey_list(user=user).exists()
        or selectors.may_run_surveys(user),
    }
    return render(request, "knowledge/home.html", context)


# The methods library -----------------------------------------------------------------------


@permission_required(Permission.VIEW_PARTNERSHIP)
def library(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_get(user=request.user, pk=partnership_id)
    form = LibraryFilterForm(request.GET or None)
    category = tag = ""
    if form.is_valid():
        category = form.cleaned_data["category"]
        tag = form.cleaned_data["tag"].strip()
    entries = selectors.method_entry_list(
        user=request.user, partnership=partnership, category=category, tag=tag
    )
    labels = dict(LibraryCategory.choices)
    groups: dict[str, list[MethodEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.category, []).append(entry)
    context = {
        "partnership": partnership,
        "form": form,
        "groups": [(labels.get(key, key), groups[key]) for key in labels if key in groups],
        "may_create": selectors.may_share_in_partnership(request.user, partnership),
    }
    return render(request, "knowledge/library.html", context)


@permission_required(Permission.VIEW_PARTNERSHIP)
def entry_detail(request: AuthedRequest, partnership_id: int, entry_id: int) -> HttpResponse:
    partnership, entry = selectors.method_entry_get(
        user=request.user, partnership_id=partnership_id, entry_id=entry_id
    )
    figures = None
    if entry.outreach_method is not None and selectors.may_see_method_figures(request.user):
        figures = method_figures_rendered(
            request, partnership=partnership, method=entry.outreach_method
        )
    adaptation = selectors.method_entry_adaptation(partnership=partnership, entry=entry)
    may_share = selectors.may_share_in_partnership(request.user, partnership)
    context = {
        "partnership": partnership,
        "entry": entry,
        "figures": figures,
        "adaptation": adaptation,
        "may_edit": selectors.may_edit_entry(request.user, partnership, entry),
        "may_adapt": entry.is_shared and adaptation is None and may_share,
    }
    return render(request, "knowledge/entry_detail.html", context)


@permission_required(Permission.SHARE_KNOWLEDGE)
def entry_create(request: AuthedRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_get(user=request.user, pk=partnership_id)
    if not selectors.may_share_in_partnership(request.user, partnership):
        raise Http404
    form = MethodEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.method_entry_create(
                actor=request.user,
                partnership=partnership,
                data=from_cleaned_data(services.MethodEntryData, form.cleaned_data),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(title)s is saved.") % {"title": entry.title})
            return redirect(
                "knowledge:entry-detail", partnership_id=partnership.pk, entry_id=entry.pk
            )
    context = {
        "title": _("New idea in the library"),
        "form": form,
        "cancel_url": _library_url(partnership.pk),
        "partnership": partnership,
    }
    return render(request, "knowledge/entry_form.html", context)


@permission_required(Permission.VIEW_PARTNERSHIP)
def entry_update(request: AuthedRequest, partnership_id: int, entry_id: int) -> HttpResponse:
    partnership, entry = selectors.method_entry_get(
        user=request.user, partnership_id=partnership_id, entry_id=entry_id
    )
    if not selectors.may_edit_entry(request.user, partnership, entry):
        raise Http404
    form = MethodEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.method_entry_update(
                actor=request.user,
                partnership=partnership,
                entry=entry,
                data=from_cleaned_data(services.MethodEntryData, form.cleaned_data),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(title)s is saved.") % {"title": entry.title})
            return redirect(
                "knowledge:entry-detail", partnership_id=partnership.pk, entry_id=entry.pk
            )
    context = {
        "title": entry.title,
        "form": form,
        "cancel_url": _entry_url(partnership.pk, entry.pk),
        "partnership": partnership,
        "shared_note": entry.is_shared,
    }
    return render(request, "knowledge/entry_form.html", context)


@permission_required(Permission.SHARE_KNOWLEDGE)
def entry_adapt(request: AuthedRequest, partnership_id: int, entry_id: int) -> HttpResponse:
    """Copy a shared entry into the partnership's library, then edit the copy."""
    partnership, entry = selectors.method_entry_get(
        user=request.user, partnership_id=partnership_id, entry_id=entry_id
    )
    if not entry.is_shared or not selectors.may_share_in_partnership(request.user, partnership):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    copy = services.method_entry_adapt(actor=request.user, partnership=partnership, entry=entry)
    messages.success(
        request, _("%(title)s is now in the partnership's own library.") % {"title": copy.title}
    )
    return redirect("knowledge:entry-update", partnership_id=partnership.pk, entry_id=copy.pk)


def _library_url(partnership_id: int) -> str:
    return reverse("knowledge:library", kwargs={"partnership_id": partnership_id})


def _entry_url(partnership_id: int, entry_id: int) -> str:
    return reverse(
        "knowledge:entry-detail", kwargs={"partnership_id": partnership_id, "entry_id": entry_id}
    )


# Success stories ---------------------------------------------------------------------------


@permission_required(Permission.VIEW_PARTNERSHIP)
def story_list(request: AuthedRequest) -> HttpResponse:
    stories = selectors.story_list(user=request.user)
    page = Paginator(stories, 20).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "stories": page.object_list,
        "may_write": has_permission(request.user, Permission.SHARE_KNOWLEDGE),
    }
    return render(request, "knowledge/story_list.html", context)


@permission_required(Permission.VIEW_PARTNERSHIP)
def story_detail(request: AuthedRequest, story_id: int) -> HttpResponse:
    story = selectors.story_get(user=request.user, pk=story_id)
    context = {
        "story": story,
        "may_edit": selectors.may_write_story(request.user, story.municipality_id),
    }
    return render(request, "knowledge/story_detail.html", context)


@permission_required(Permission.SHARE_KNOWLEDGE)
def story_create(request: AuthedRequest) -> HttpResponse:
    return _story_form(request, None)


@permission_required(Permission.SHARE_KNOWLEDGE)
def story_update(request: AuthedRequest, story_id: int) -> HttpResponse:
    story = selectors.story_get(user=request.user, pk=story_id)
    if not selectors.may_write_story(request.user, story.municipality_id):
        raise Http404
    return _story_form(request, story)


def _story_form(request: AuthedRequest, story: SuccessStory | None) -> HttpResponse:
    form = SuccessStoryForm(request.POST or None, instance=story, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = from_cleaned_data(services.SuccessStoryData, form.cleaned_data)
        try:
            if story is None:
                saved = services.success_story_create(
                    actor=request.user, municipality=form.cleaned_data["municipality"], data=data
                )
            else:
                saved = services.success_story_update(actor=request.user, story=story, data=data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(title)s is saved.") % {"title": saved.title})
            return redirect("knowledge:story-detail", story_id=saved.pk)
    cancel_url = (
        reverse("knowledge:story-detail", kwargs={"story_id": story.pk})
        if story
        else reverse("knowledge:story-list")
    )
    context = {
        "title": story.title if story else _("New success story"),
        "intro": _(
            "Tell the story without names, addresses or details that point to one person. "
            "It is shared with the partnership only when you publish it, and you can publish "
            "it only with the citizen's consent recorded."
        ),
        "form": form,
        "cancel_url": cancel_url,
    }
    return render(request, "knowledge/form_page.html", context)


# Attitude surveys --------------------------------------------------------------------------
