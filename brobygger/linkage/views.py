"""The import wizard (upload → columns → preview → progress → result), the review queue,
and the trained model of an import."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.core.forms import apply_errors
from brobygger.people.cpr import cpr_masked
from brobygger.people.models import Person
from brobygger.people.selectors import person_sources

from . import imports, review, selectors, threshold, wizard
from .fields import FIELDS
from .forms import DecisionForm, MappingForm, UploadForm
from .models import CandidateStatus, ImportBatch, ImportStatus
from .reading import ListFileError, MalformedRow

PREVIEW_ROWS = 20


@permission_required(Permission.IMPORT_LISTS)
def batch_list(request: AuthedRequest) -> HttpResponse:
    batches = Paginator(selectors.batch_list(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    batches.object_list = [imports.import_interrupted_check(batch) for batch in batches]
    context = {
        "page": batches,
        # the pairs the review queue shows when the button opens it
        "to_review": selectors.candidate_list(user=request.user).count(),
        "merges": selectors.merge_list(user=request.user).filter(undone_at__isnull=True)[:10],
    }
    return render(request, "linkage/batch_list.html", context)


@permission_required(Permission.IMPORT_LISTS)
def upload(request: AuthedRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = wizard.import_begin(
                actor=request.user,
                municipality_id=data["municipality"].pk,
                upload=data["file"],
                source=data["source"],
                name=data["new_source_name"],
                method=data["method"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("linkage:map", batch_id=batch.pk)
    return render(request, "linkage/upload.html", {"form": form})


def _uploaded(request: AuthedRequest, batch_id: int) -> ImportBatch | HttpResponse:
    batch = selectors.batch_get(user=request.user, pk=batch_id)
    if batch.status != ImportStatus.UPLOADED:
        return redirect("linkage:detail", batch_id=batch.pk)
    return batch


@permission_required(Permission.IMPORT_LISTS)
def map_columns(request: AuthedRequest, batch_id: int) -> HttpResponse:
    batch = _uploaded(request, batch_id)
    if isinstance(batch, HttpResponse):
        return batch
    try:
        list_file = wizard.batch_list_file(batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("linkage:upload")
    form = MappingForm(request.POST or None, batch=batch, headers=list_file.headers)
    if request.method == "POST" and form.is_valid():
        try:
            wizard.import_map(
                actor=request.user,
                batch=batch,
                mapping=form.mapping(),
                encoding=form.cleaned_data.get("encoding", ""),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("linkage:preview", batch_id=batch.pk)
    sample = []
    try:
        for _number, row in list_file.rows_and_malformed():
            if isinstance(row, MalformedRow):
                continue  # the preview names it; the columns are seen in the others
            sample.append([row[header] for header in list_file.headers])
            if len(sample) == 5:
                break
    except ListFileError as error:
        form.add_error(None, str(error))
    columns = [
        (form[f"column_{index}"], [row[index] for row in sample])
        for index in range(len(list_file.headers))
    ]
    context = {"batch": batch, "form": form, "columns": columns}
    return render(request, "linkage/map.html", context)


@permission_required(Permission.IMPORT_LISTS)
def preview(request: AuthedRequest, batch_id: int) -> HttpResponse:
    batch = _uploaded(request, batch_id)
    if isinstance(batch, HttpResponse):
        return batch
    try:
        result = imports.preview(wizard.batch_list_file(batch), batch.mapping, sample=PREVIEW_ROWS)
    except (ValidationError, ListFileError) as error:
        message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        return render(request, "linkage/preview.html", {"batch": batch, "error": message})
    if request.method == "POST":
        try:
            wizard.import_start(actor=request.user, batch=batch, rows=result.rows)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("linkage:detail", batch_id=batch.pk)
    fields = [
        field for field in FIELDS if field in set(batch.mapping.values()) and field != "full_name"
    ]
    if "full_name" in batch.mapping.values():
        fields = ["first_name", "last_name", *fields]
    rows = [
        {
            "row": sample["row"],
            "problems": sample["problems"],
            "cells": [_shown(field, sample["values"].get(field, "")) for field in fields],
        }
        for sample in result.sample
    ]
    context = {
        "batch": batch,
        "result": result,
        "rows": rows,
        "labels": [FIELDS[field] for field in fields],
    }
    return render(request, "linkage/preview.html", context)


def _shown(field: str, value: str) -> object:
    """A checked value as the preview shows it: dates as dates, CPR masked."""
    if field == "cpr" and value:
        return cpr_masked(value)
    if field == "birth_date" and value:
        return date.fromisoformat(value)
    return value


@permission_required(Permission.IMPORT_LISTS)
def detail(request: AuthedRequest, batch_id: int) -> HttpResponse:
    batch = imports.import_interrupted_check(selectors.batch_get(user=request.user, pk=batch_id))
    template = "linkage/batch_detail.html"
    if request.htmx:
        template += "#status"
    context: dict[str, Any] = {"batch": batch}
    if batch.status == ImportStatus.DONE:
        context |= {
            "rows": selectors.batch_row_count(batch=batch),
            "outcomes": selectors.batch_outcome_rows(user=request.user, batch=batch),
            "rejected": selectors.batch_rejected_rows(batch=batch)[:500],
            "to_review": selectors.candidate_list(user=request.user, batch_id=batch.pk).count(),
        }
    return render(request, template, context)


@permission_required(Permission.IMPORT_LISTS)
def cancel(request: AuthedRequest, batch_id: int) -> HttpResponse:
    batch = selectors.batch_get(user=request.user, pk=batch_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        wizard.import_cancel(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.info(request, _("The import stops; nothing of it is saved."))
    return redirect("linkage:detail", batch_id=batch.pk)


@permission_required(Permission.IMPORT_LISTS)
def restart(request: AuthedRequest, batch_id: int) -> HttpResponse:
    """Start a failed import again (e.g. one interrupted by a stopped worker) from its file."""
    batch = selectors.batch_get(user=request.user, pk=batch_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    batch = imports.import_interrupted_check(batch)
    try:
        wizard.import_start(actor=request.user, batch=batch, rows=batch.rows_total)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("linkage:detail", batch_id=batch.pk)


@permission_required(Permission.IMPORT_LISTS)
def model(request: AuthedRequest, batch_id: int) -> HttpResponse:
    """The trained model: per field and level, m, u and the weight a pair gets."""
    batch = selectors.batch_get(user=request.user, pk=batch_id)
    comparisons = []
    for comparison in (batch.model or {}).get("comparisons", []):
        levels = []
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            weight = math.log2(m / u) if m and u else None
            levels.append({"label": _(level["label_for_charts"]), "m": m, "u": u, "weight": weight})
        comparisons.append(
            {"title": _(comparison.get("comparison_description", "")), "levels": levels}
        )
    prior = (batch.model or {}).get("probability_two_random_records_match")
    context = {
        "batch": batch,
        "comparisons": comparisons,
        "prior": prior,
        "learning": _learning(batch.learning),
        "match_threshold": settings.LINKAGE_MATCH_THRESHOLD,
        "review_threshold": settings.LINKAGE_REVIEW_THRESHOLD,
    }
    if batch.scores:
        context["chart"] = threshold.chart(
            batch.scores,
            match=settings.LINKAGE_MATCH_THRESHOLD,
            review=settings.LINKAGE_REVIEW_THRESHOLD,
        )
        context["expected"] = threshold.expected(
            batch.scores,
            threshold.THRESHOLDS,
            match=settings.LINKAGE_MATCH_THRESHOLD,
            review=settings.LINKAGE_REVIEW_THRESHOLD,
        )
    return render(request, "linkage/model.html", context)


def _learning(learned: dict[str, Any] | None) -> dict[str, Any] | None:
    """What the reviewers' labels changed, with the labels of the page's language."""
    if not learned:
        return None
    changes = [
        {**change, "title": _(change["title"]), "level": _(change["level"])}
        for change in learned.get("changes", [])
    ]
    return {**learned, "changes": changes}


@permission_required(Permission.VIEW_PEOPLE)
def review_queue(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in CandidateStatus.values:
        status = ""
    batch_id = request.GET.get("batch", "")
    batch_id = batch_id if batch_id.isdigit() else ""
    candidates = selectors.candidate_list(
        user=request.user, status=status, batch_id=int(batch_id) if batch_id else None
    )
    page = Paginator(candidates, 25).get_page(request.GET.get("page"))
    # the next page keeps the filters
    query = urlencode(
        {name: value for name, value in [("status", status), ("batch", batch_id)] if value}
    )
    context = {
        "page": page,
        "status": status,
        "statuses": CandidateStatus.choices,
        "batch_id": batch_id,
        "extra_query": f"{query}&" if query else "",
    }
    return render(request, "linkage/review_queue.html", context)


EVIDENCE_ROWS: list[tuple[str, Any, Any]] = [
    ("fn", gettext_lazy("First name"), lambda p: p.first_name),
    ("ln", gettext_lazy("Last name"), lambda p: p.last_name),
    ("dob", gettext_lazy("Date of birth"), lambda p: p.birth_date),
    ("cpr", gettext_lazy("CPR number"), lambda p: p.cpr_masked),
    (
        "household",
        gettext_lazy("Phone, e-mail and address"),
        lambda p: ", ".join(
            str(part)
            for part in (p.phone, p.email, p.street, p.floor_door, p.postal_code, p.city)
            if part
        ),
    ),
]


# A field's match weight (log2 of the Bayes factor the model gives its level) in the words a
# caseworker weighs evidence in; the number itself means nothing to her.
WEIGHT_WORDS = (
    (4.0, gettext_lazy("speaks strongly for the same person")),
    (1.0, gettext_lazy("speaks for the same person")),
    (-1.0, gettext_lazy("says little either way")),
    (-4.0, gettext_lazy("speaks against")),
)


def weight_in_words(weight: float | None) -> str:
    if not weight:
        return ""
    for floor, words in WEIGHT_WORDS:
        if weight >= floor:
            return str(words)
    return str(gettext_lazy("speaks strongly against"))


@permission_required(Permission.VIEW_PEOPLE)
def review_pair(request: AuthedRequest, candidate_id: int) -> HttpResponse:
    """Two records side by side with the evidence per field; decide or undo."""
    candidate = selectors.candidate_get(user=request.user, pk=candidate_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("undo"):
            try:
                review.candidate_undo(actor=request.user, candidate=candidate)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The decision is undone; both records are back."))
            return redirect("linkage:review-pair", candidate_id=candidate.pk)
        if form.is_valid():
            try:
                review.candidate_decide(
                    actor=request.user,
                    candidate=candidate,
                    decision=form.cleaned_data["decision"],
                    keep=form.cleaned_data.get("keep") or "a",
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Saved: %(decision)s.") % {"decision": candidate.get_status_display()},
                )
                following = selectors.candidate_list(
                    user=request.user, status=CandidateStatus.OPEN
                ).first()
                if following:
                    return redirect("linkage:review-pair", candidate_id=following.pk)
                return redirect("linkage:review")
    a, b = _fresh(candidate.person_a), _fresh(candidate.person_b)
    for person in (a, b):
        access_record(user=request.user, action=AccessAction.VIEW, obj=person)
    rows = []
    for key, label, value in EVIDENCE_ROWS:
        evidence = candidate.evidence.get(key, ["", 0])
        rows.append(
            {
                "label": label,
                "a": value(a),
                "b": value(b),
                "evidence": _(evidence[0]) if evidence[0] else "",
                "weight": evidence[1],
                "weight_words": weight_in_words(evidence[1]),
            }
        )
    context = {
        "candidate": candidate,
        "a": a,
        "b": b,
        "rows": rows,
        "sources_a": person_sources(user=request.user, person=a),
        "sources_b": person_sources(user=request.user, person=b),
        "form": form,
    }
    return render(request, "linkage/review_pair.html", context)


def _fresh(person: Person) -> Person:
    person.refresh_from_db()
    return person
