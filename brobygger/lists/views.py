"""The bulk actions of the people list (a confirmation that states the count, then the
work) and the saved lists ("Mine lister")."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.core.forms import Form, apply_errors
from brobygger.people.filters import PersonFilters

from . import selectors, services
from .forms import ACTION_FORMS, ACTIONS, NEEDS_USER, RenameForm, SavedListForm
from .selectors import Selection, SelectionTooLarge


def _action_form(request: AuthedRequest, action: str, data: QueryDict | None) -> Form:
    form_class = ACTION_FORMS[action]
    if action in NEEDS_USER:
        return form_class(data, user=request.user, prefix="do")
    return form_class(data, prefix="do")


def _chosen_ids(request: AuthedRequest) -> list[int]:
    """The ids the form chose, or all that the list's filters find."""
    if request.POST.get("all_matching"):
        filters = PersonFilters.from_query(QueryDict(request.POST.get("filter", "")[:2_000]))
        return selectors.matching_ids(user=request.user, filters=filters)
    return selectors.parse_ids(request.POST.getlist("person_ids"))


@permission_required(Permission.VIEW_PEOPLE)
@require_POST
def bulk(request: AuthedRequest) -> HttpResponse:
    """First the confirmation (the count, those she may not see, the action's choices);
    with ``confirmed`` and a valid form, the work, then back to the people list."""
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        messages.error(request, _("Choose an action."))
        return redirect("people:list")
    permission = Permission.VIEW_PEOPLE if action == "export" else Permission.CHANGE_PEOPLE
    ids = _chosen_ids(request)
    context: dict[str, Any] = {"action": action, "action_label": ACTIONS[action], "ids": ids}
    try:
        selection = selectors.selection_of(user=request.user, ids=ids, permission=permission)
    except SelectionTooLarge as too_large:
        context["too_many"] = too_large.count
        context["most"] = settings.BULK_MAX_SELECTION
        return render(request, "lists/bulk_confirm.html", context, status=400)
    context["selection"] = selection
    confirmed = request.POST.get("confirmed") == "1"
    form = _action_form(request, action, request.POST if confirmed else None)
    context["form"] = form
    if not selection.people:
        return render(request, "lists/bulk_confirm.html", context)
    if confirmed and form.is_valid():
        try:
            return _do(request, action, selection, form)
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied:
            form.add_error(None, _("You may not do this for all of those chosen."))
    return render(request, "lists/bulk_confirm.html", context, status=400 if form.errors else 200)


def _do(request: AuthedRequest, action: str, selection: Selection, form: Form) -> HttpResponse:
    data = form.cleaned_data
    user = request.user
    if action == "export":
        content = services.bulk_export(actor=user, selection=selection, fmt=data["fmt"])
        kind = (
            "text/csv; charset=utf-8"
            if data["fmt"] == "csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response = HttpResponse(content, content_type=kind)
        response["Content-Disposition"] = f'attachment; filename="personer.{data["fmt"]}"'
        return response
    if action == "assign":
        result = services.bulk_assign(
            actor=user, selection=selection, caseworker=data["caseworker"]
        )
    elif action == "status":
        result = services.bulk_status(
            actor=user, selection=selection, to_status=data["to_status"], note=data["note"]
        )
    elif action == "session":
        result = services.bulk_invite(
            actor=user,
            selection=selection,
            session=data["session"],
            channel=data["channel"],
            template=data["template"],
        )
    else:
        body = (data["body"] or "").strip()
        result = services.bulk_text(
            actor=user,
            selection=selection,
            template=data["template"] if not body else None,
            body=body or None,
        )
    messages.success(
        request,
        ngettext("Done for %(count)s person.", "Done for %(count)s people.", result.done)
        % {"count": result.done},
    )
    if result.unchanged:
        messages.warning(
            request,
            ngettext(
                "%(count)s was left as before: %(reasons)s",
                "%(count)s were left as before: %(reasons)s",
                len(result.unchanged),
            )
            % {
                "count": len(result.unchanged),
                "reasons": "; ".join(
                    f"{person}: {reason}" for person, reason in result.unchanged[:20]
                ),
            },
        )
    if result.hidden:
        messages.info(request, _hidden_text(result.hidden))
    return redirect("people:list")


def _hidden_text(count: int) -> str:
    return ngettext(
        "%(count)s of those chosen you cannot see; nothing happened to them.",
        "%(count)s of those chosen you cannot see; nothing happened to them.",
        count,
    ) % {"count": count}


# Saved lists.


@permission_required(Permission.VIEW_PEOPLE)
def list_mine(request: AuthedRequest) -> HttpResponse:
    return render(request, "lists/mine.html", {"rows": selectors.list_rows(user=request.user)})


@permission_required(Permission.VIEW_PEOPLE)
def list_create(request: AuthedRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    filters = PersonFilters.from_query(source)
    form = SavedListForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.saved_list_create(
                actor=request.user,
                municipality=form.cleaned_data["municipality"],
                name=form.cleaned_data["name"],
                filters=filters,
                shared=form.cleaned_data["shared"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The list %(name)s is saved.") % {"name": saved.name})
            return redirect("lists:detail", list_id=saved.pk)
    return render(
        request,
        "lists/list_form.html",
        {"form": form, "filters": filters, "hidden": filters.as_query()},
        status=400 if form.errors else 200,
    )


@permission_required(Permission.VIEW_PEOPLE)
def list_detail(request: AuthedRequest, list_id: int) -> HttpResponse:
    saved = selectors.saved_list_get(user=request.user, pk=list_id)
    access_record(user=request.user, action=AccessAction.VIEW, obj=saved)
    error = ""
    count = None
    open_url = ""
    try:
        filters = selectors.list_filters(saved)
    except ValidationError as problem:
        error = " ".join(problem.messages)
    else:
        count = selectors.list_count(user=request.user, filters=filters)
        open_url = f"{reverse('people:list')}?{urlencode(filters.as_query())}"
    series = selectors.list_series(saved=saved)
    return render(
        request,
        "lists/detail.html",
        {
            "saved": saved,
            "count": count,
            "error": error,
            "open_url": open_url,
            "series": series,
            "chart": _sparkline(series),
            "is_owner": saved.owner_id == request.user.pk,
            "may_delete": services.may_delete(request.user, saved),
            "form": RenameForm(initial={"name": saved.name, "shared": saved.shared}),
        },
    )


@permission_required(Permission.VIEW_PEOPLE)
def list_open(request: AuthedRequest, list_id: int) -> HttpResponse:
    """The people list with the saved list's filters."""
    saved = selectors.saved_list_get(user=request.user, pk=list_id)
    try:
        filters = selectors.list_filters(saved)
    except ValidationError:
        return redirect("lists:detail", list_id=saved.pk)
    return redirect(f"{reverse('people:list')}?{urlencode(filters.as_query())}")


@permission_required(Permission.VIEW_PEOPLE)
def list_update(request: AuthedRequest, list_id: int) -> HttpResponse:
    saved = selectors.saved_list_get(user=request.user, pk=list_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if saved.owner_id != request.user.pk:
        raise Http404
    form = RenameForm(request.POST)
    if form.is_valid():
        try:
            services.saved_list_update(
                actor=request.user,
                saved=saved,
                name=form.cleaned_data["name"],
                shared=form.cleaned_data["shared"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("lists:detail", list_id=saved.pk)
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("lists:detail", list_id=saved.pk)


@permission_required(Permission.VIEW_PEOPLE)
def list_delete(request: AuthedRequest, list_id: int) -> HttpResponse:
    saved = selectors.saved_list_get(user=request.user, pk=list_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not services.may_delete(request.user, saved):
        raise Http404
    name = saved.name
    services.saved_list_delete(actor=request.user, saved=saved)
    messages.success(request, _("The list %(name)s is deleted.") % {"name": name})
    return redirect("lists:mine")


SPARK_WIDTH, SPARK_HEIGHT = 240, 48


def _sparkline(series: list[Any]) -> dict[str, object] | None:
    """The points of a small line of the daily counts (SVG coordinates)."""
    if len(series) < 2:
        return None
    counts = [cast(int, snapshot.count) for snapshot in series]
    top = max(counts) or 1
    step = SPARK_WIDTH / (len(counts) - 1)
    points = " ".join(
        f"{index * step:.1f},{SPARK_HEIGHT - 4 - (count / top) * (SPARK_HEIGHT - 8):.1f}"
        for index, count in enumerate(counts)
    )
    return {"points": points, "width": SPARK_WIDTH, "height": SPARK_HEIGHT}
