"""The method page's people of a period and what happened to them, for the sections beside
its method table (``channels``, ``adjusted``): the same definitions as ``effectiveness``
(people identified in the period, not merged, in the target group; the method of her first
source; contacted, in an intervention or in a job or education by the period's end)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from brobygger.interventions.models import Enrolment, Outcome
from brobygger.people.models import Person, PersonSource, PipelineStatus, StatusEvent
from brobygger.people.selectors import people_for_aggregates

from .criteria import CONTACT_REACHED, having, registered_in
from .effectiveness import NO_METHOD
from .periods import Period


def first_method() -> Coalesce:
    """The method of her earliest source; ``NO_METHOD`` when none is recorded."""
    earliest = (
        PersonSource.objects.filter(person=OuterRef("pk"))
        .order_by("created_at", "id")
        .values("method")[:1]
    )
    return Coalesce(Subquery(earliest), NO_METHOD, output_field=models.IntegerField())


@dataclass(frozen=True)
class Reached:
    """Who had got where by the end of the period (conditions on people)."""

    contacted: Q
    enrolled: Q
    moved_on: Q  # started an intervention or a job or education


def reached_by(period: Period, ids: Sequence[int]) -> Reached:
    status = having(
        StatusEvent.objects.filter(to_status__in=CONTACT_REACHED, occurred_on__lte=period.end),
        ids,
    )
    enrolled = having(Enrolment.objects.filter(started_on__lte=period.end), ids)
    outcome = having(Outcome.objects.filter(started_on__lte=period.end), ids)
    return Reached(
        contacted=status | enrolled | outcome, enrolled=enrolled, moved_on=enrolled | outcome
    )


def intake(ids: Sequence[int], period: Period) -> models.QuerySet[Person]:
    """The people of these municipalities identified in the period (for counts only)."""
    return (
        people_for_aggregates(municipality_ids=ids)
        .filter(registered_in(period), merged_into__isnull=True)
        .exclude(status=PipelineStatus.NOT_IN_TARGET_GROUP)
        .order_by()
    )
