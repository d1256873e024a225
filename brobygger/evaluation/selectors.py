"""Reads for the evaluator's pseudonymised extract: which partnerships a user may export
(from the access policy, ``partnership_scope_for``: partnership memberships only) and whose
records the extract holds, and the user's own extracts. The extract's tables and their rows
are in ``extract``.
"""

from __future__ import annotations

from django.db import models
from django.shortcuts import get_object_or_404

from brobygger.accounts.access import (
    AnyUser,
    Permission,
    Scope,
    get_visible_or_404,
    partnership_scope_for,
)
from brobygger.partnerships.models import Municipality, Partnership
from brobygger.people.models import Person
from brobygger.people.selectors import people_for_aggregates

from .models import ExtractRun


def extract_partnership_ids(*, user: AnyUser) -> Scope:
    """The partnerships whose extract the user may download (an evaluator's own)."""
    return partnership_scope_for(user, Permission.EXPORT_PSEUDONYMISED)


def extract_partnership_get(*, user: AnyUser, pk: int) -> Partnership:
    """The partnership, if the user may download its extract; otherwise 404 (logged as a
    refused attempt when the partnership exists)."""
    scope = extract_partnership_ids(user=user)
    partnerships = Partnership.objects.filter(scope.q("pk")).prefetch_related(
        models.Prefetch("municipalities", queryset=Municipality.objects.order_by("code"))
    )
    return get_visible_or_404(partnerships, user=user, pk=pk)


def extract_people(
    *, partnership: Partnership, where: models.Q | None = None
) -> models.QuerySet[Person]:
    """Everyone of the partnership's municipalities except records merged into another (their
    events, enrolments and answers live on the record they were merged into) and erased people
    (erasure takes them out of every person-level extract; the reports still count them).
    ``where``: a target-group definition's filter (``targetgroups``)."""
    ids = [municipality.pk for municipality in partnership.municipalities.all()]
    return people_for_aggregates(municipality_ids=ids, where=where).filter(
        merged_into__isnull=True, erased_at__isnull=True
    )


def extract_runs_of(*, user: AnyUser, partnership: Partnership) -> models.QuerySet[ExtractRun]:
    """The extracts the user asked for of the partnership, newest first. An extract is its
    requester's alone: another evaluator of the partnership asks for her own."""
    return ExtractRun.objects.filter(partnership=partnership, requested_by_id=user.pk)


def extract_run_get(*, user: AnyUser, partnership: Partnership, pk: int) -> ExtractRun:
    """One of the user's extracts of the partnership (already checked), or 404."""
    return get_object_or_404(extract_runs_of(user=user, partnership=partnership), pk=pk)
