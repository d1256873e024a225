from __future__ import annotations

from django.db import models
from django.db.models import Prefetch

from brobygger.accounts.access import AnyUser, get_visible_or_404, partnership_ids_visible_to

from .models import Municipality, Partnership


def partnership_list(*, user: AnyUser) -> models.QuerySet[Partnership]:
    scope = partnership_ids_visible_to(user)
    partnerships = Partnership.objects.all()
    if not scope.everywhere:
        partnerships = partnerships.filter(scope.q("pk"))
    return partnerships.prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.order_by("name"))
    )


def partnership_get(*, user: AnyUser, pk: int) -> Partnership:
    return get_visible_or_404(partnership_list(user=user), user=user, pk=pk)


def municipality_people_counts(*, partnership: Partnership) -> dict[int, dict[str, int]]:
    """Aggregate counts per member municipality and status: figures, never people."""
    from brobygger.people.selectors import people_status_counts_by_municipality

    return people_status_counts_by_municipality(
        municipality_ids=[m.pk for m in partnership.municipalities.all()]
    )


def municipality_by_code(code: str) -> Municipality | None:
    return Municipality.objects.filter(code=code).first()
