"""The edit-conflict page (optimistic locking, ``brobygger.core.concurrency``): showing the
stored record is a read, so it is written to the access log."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.http import HttpResponse
from django.shortcuts import render

from brobygger.accounts.http import AuthedRequest
from brobygger.core.concurrency import ConflictRow, EditConflict, conflict_rows, last_change

from .models import AccessAction
from .services import access_record


def conflict_response(
    request: AuthedRequest,
    *,
    conflict: EditConflict,
    form: forms.BaseForm,
    record_url: str,
    edit_url: str,
    extra_rows: Sequence[ConflictRow] = (),
) -> HttpResponse:
    """The conflict page (409): nothing was saved; her values beside the stored ones, the
    differing fields marked; start again from the stored values (``edit_url``) or go back to
    the record (``record_url``). Showing the stored values is a read, so it is logged."""
    stored = conflict.stored
    rows = [*conflict_rows(form, stored), *extra_rows]
    actor, when = last_change(stored)
    access_record(user=request.user, action=AccessAction.VIEW, obj=stored)
    page = {
        "record": stored,
        "rows": rows,
        "differing": sum(row.differs for row in rows),
        "last_actor": actor,
        "last_changed_at": when,
        "record_url": record_url,
        "edit_url": edit_url,
    }
    return render(request, "core/edit_conflict.html", page, status=409)
