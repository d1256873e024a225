"""The quarterly status report ("statusskema", seed 004: "Kommunerne indrapporterer status ca
hver tredje måned"), for one municipality or for the partnership with its municipalities.

Every figure is grouped by municipality in the database and the partnership's figures are the
sums, so the four municipalities always add up to the partnership. The JSON it returns is the
one ``brobygger report quarterly --format json`` writes; its schema is ``SCHEMA`` below and in
``docs/quarterly-report.md``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, cast

from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from brobygger.interventions.models import Completion, InterventionType, Outcome, OutcomeKind
from brobygger.interventions.selectors import enrolments_for_aggregates
from brobygger.measures.criteria import (
    OUTCOME_COLUMNS,
    any_in,
    compute_by_municipality,
    count_where,
    facts_for_aggregates,
    registered_by,
    registered_in,
    targets_for,
)
from brobygger.measures.disclosure import Viewer
from brobygger.measures.effectiveness import compare
from brobygger.measures.periods import Period, Quarter
from brobygger.partnerships.models import Municipality, Partnership
from brobygger.people.models import PipelineStatus, StatusEvent
from brobygger.people.selectors import people_for_aggregates
from brobygger.targetgroups.choosing import Chosen

from .disclosure import publish

SCHEMA = "https://brobygger.dk/schemas/quarterly-report/1"

Figures = dict[str, Any]


def quarterly_report(
    *,
    partnership: Partnership,
    quarter: Quarter,
    municipality: Municipality | None = None,
    texts: Iterable[Mapping[str, Any]] = (),
    whole_project: bool = False,
    viewer: Viewer | None = None,
    definition: Chosen | None = None,
) -> dict[str, Any]:
    """The report as plain data (JSON-ready). ``municipality`` narrows it to one member; the
    partnership's report has each municipality's figures under ``municipalities``. With
    ``whole_project`` (the grant status report) every figure runs from the project's start
    to the end of the quarter. With a ``viewer``, the figures are those she may see: small
    numbers hidden where she may not see the people (``reports.disclosure``). With a
    ``definition`` (``targetgroups.choosing``), only the people it takes are counted, and
    the report says which (``target_group``; null: everyone)."""
    members = list(partnership.municipalities.order_by("name"))
    if municipality is not None and municipality not in members:
        raise ValueError(f"{municipality} is not a member of {partnership}")
    # A municipality's report hides the same cells as the partnership's: computed with all
    # members unless the viewer sees its exact figures anyway.
    exact = viewer is None or (municipality is not None and viewer.knows(municipality.pk))
    scope = [municipality] if municipality and exact else members
    to_date = project_to_date(partnership, quarter)
    period = to_date if whole_project else quarter.period
    where = definition.where if definition is not None else None
    per, total = figures_for(
        partnership, [m.pk for m in scope], period, to_date, viewer=viewer, where=where
    )
    report: dict[str, Any] = {
        "$schema": SCHEMA,
        "quarter": str(quarter),
        "period": _period(period),
        "criteria_period": _period(to_date),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "partnership": {
            "id": partnership.pk,
            "name": partnership.name,
            "journal_number": partnership.journal_number,
        },
        "scope": (
            {"kind": "municipality", "code": municipality.code, "name": municipality.name}
            if municipality
            else {"kind": "partnership"}
        ),
        "target_group": definition.as_dict() if definition is not None else None,
        "figures": per[municipality.pk] if municipality else total,
        "texts": list(texts),
    }
    if municipality is None:
        report["municipalities"] = [
            {"code": m.code, "name": m.name, "figures": per[m.pk]} for m in members
        ]
    return report


def _period(period: Period) -> dict[str, str]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


def project_to_date(partnership: Partnership, quarter: Quarter) -> Period:
    """The criteria are the project's goals: counted from its start to the quarter's end."""
    end = quarter.period.end
    return Period(min(partnership.starts_on, end), end)


def figures_for(
    partnership: Partnership,
    ids: list[int],
    period: Period,
    to_date: Period,
    *,
    viewer: Viewer | None = None,
    where: Q | None = None,
) -> tuple[dict[int, Figures], Figures]:
    """The figures of each municipality and of all of them together: the pipeline, methods,
    interventions and outcomes of ``period``, and the criteria both project to date
    (``to_date``) and for ``period`` alone."""
    targets = targets_for(partnership)
    statuses = _by_municipality(_status_at_end(ids, period.end, where))
    intake = _by_municipality(_intake(ids, period, where))
    interventions = _by_municipality(_interventions(ids, period, where))
    outcomes = _by_municipality(_outcomes(ids, period, where))
    methods = compare(municipality_ids=ids, period=period, where=where)
    criteria_to_date = compute_by_municipality(
        municipality_ids=ids, period=to_date, targets=targets, where=where
    )
    criteria_period = (
        criteria_to_date
        if period == to_date
        else compute_by_municipality(
            municipality_ids=ids, period=period, targets=targets, where=where
        )
    )

    catalogue = list(InterventionType.objects.order_by("category", "position", "name"))

    def scope(municipality_id: int | None) -> Figures:
        def of(breakdown: Any) -> Any:
            """The municipality's part of a breakdown, or its total."""
            if municipality_id is None:
                return breakdown.total
            return breakdown.by_municipality[municipality_id]

        def pick(counts: dict[int | None, Counter[Any]]) -> Counter[Any]:
            return counts.get(municipality_id) or Counter()

        status = pick(statuses)
        intake_counts = pick(intake)
        outcome_counts = pick(outcomes)
        types = pick(interventions)
        return {
            "people": {
                "status_at_end": {s.value: status[s.value] for s in PipelineStatus},
                "total_at_end": sum(status.values()),
                "identified_in_period": intake_counts["identified"],
                "contacted_in_period": intake_counts["contacted"],
            },
            "methods": of(methods).as_dict(),
            "interventions": [
                {
                    "type": kind.name,
                    "category": kind.category,
                    "started": types[(kind.pk, "started")],
                    "ongoing_at_end": types[(kind.pk, "ongoing")],
                    "completed": types[(kind.pk, "completed")],
                    "dropped_out": types[(kind.pk, "dropped_out")],
                }
                for kind in catalogue
                if any(types[(kind.pk, part)] for part in _ENROLMENT_PARTS) or kind.is_active
            ],
            "outcomes": {kind.value: outcome_counts[kind.value] for kind in OutcomeKind},
            "criteria": _criteria(of(criteria_to_date)),
            "criteria_period": _criteria(of(criteria_period)),
        }

    per, total = {pk: scope(pk) for pk in ids}, scope(None)
    if viewer is not None and not viewer.knows_all(ids):
        publish(
            per=per,
            total=total,
            viewer=viewer,
            methods=methods,
            criteria_to_date=criteria_to_date,
            criteria_period=criteria_period,
        )
    return per, total


def _by_municipality(counts: Mapping[tuple[int, Any], int]) -> dict[int | None, Counter[Any]]:
    """Counts keyed by municipality and figure, as each municipality's figures and (under
    None) the partnership's sums."""
    split: dict[int | None, Counter[Any]] = {None: Counter()}
    for (pk, key), n in counts.items():
        split.setdefault(pk, Counter())[key] += n
        split[None][key] += n
    return split


def _criteria(results: Iterable[Any]) -> list[dict[str, object]]:
    return [{**r.as_dict(), "title": str(r.criterion.title)} for r in results]


def _status_at_end(ids: list[int], end: date, where: Q | None) -> dict[tuple[int, str], int]:
    """People by their status on the last day of the period (their latest status event on or
    before it), not by today's status, so an old quarter's report stays as it was. Her row of
    the fact table holds her latest step; only when it came after the period is the latest
    before it looked up."""
    latest = (
        StatusEvent.objects.filter(person=OuterRef("person_id"), occurred_on__lte=end)
        .order_by("-occurred_on", "-id")
        .values("to_status")[:1]
    )
    identified = Value(PipelineStatus.IDENTIFIED.value)
    status_at_end = Case(
        When(status_on__isnull=True, then=identified),
        When(status_on__lte=end, then=F("status_to")),
        default=Coalesce(Subquery(latest), identified),
    )
    rows = (
        facts_for_aggregates(municipality_ids=ids, where=where)
        .filter(registered_by(Period(end, end), "registered_at"), merged=False)
        .annotate(status_at_end=status_at_end)
        .order_by()
        .values("municipality_id", "status_at_end")
        .annotate(n=Count("pk"))
        .values_list("municipality_id", "status_at_end", "n")
    )
    return {(pk, status): n for pk, status, n in rows}


def _intake(ids: list[int], period: Period, where: Q | None) -> dict[tuple[int, str], int]:
    """People identified in the period, and people contacted for the first time in it."""
    facts = facts_for_aggregates(municipality_ids=ids, where=where).filter(merged=False)
    first_contact = Q(first_contacted_on__gte=period.start, first_contacted_on__lte=period.end)
    rows = (
        facts.order_by()
        .values("municipality_id")
        .annotate(
            identified=Count(
                "pk",
                filter=registered_in(period, "registered_at")
                & ~Q(status=PipelineStatus.NOT_IN_TARGET_GROUP),
            ),
            contacted=Count("pk", filter=first_contact),
        )
    )
    counts: dict[tuple[int, str], int] = {}
    for row in rows:
        for figure in ("identified", "contacted"):
            if row[figure]:
                counts[(row["municipality_id"], figure)] = row[figure]
    return counts


_ENROLMENT_PARTS = ("started", "ongoing", "completed", "dropped_out")


def _of_people(where: Q | None, ids: list[int]) -> Q:
    """A filter on records of a person: those of the people ``where`` takes (all: None)."""
    if where is None:
        return Q()
    return Q(person__in=people_for_aggregates(municipality_ids=ids, where=where).values("pk"))


def _interventions(
    ids: list[int], period: Period, where: Q | None
) -> dict[tuple[int, tuple[int, str]], int]:
    """Enrolments by type: started in the period, still running at its end, and completed or
    dropped out of in it. An enrolment spanning two quarters is "started" in the first and
    "ongoing" at the end of each quarter it is still running."""
    ended_in = Q(ended_on__gte=period.start, ended_on__lte=period.end)
    rows = (
        enrolments_for_aggregates(municipality_ids=ids)
        .filter(_of_people(where, ids), started_on__lte=period.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
        .order_by()
        .values(municipality_id=F("person__municipality_id"), kind=F("intervention_type_id"))
        .annotate(
            started=Count("pk", filter=Q(started_on__gte=period.start)),
            ongoing=Count("pk", filter=Q(ended_on__isnull=True) | Q(ended_on__gt=period.end)),
            completed=Count("pk", filter=ended_in & Q(completion=Completion.COMPLETED)),
            dropped_out=Count("pk", filter=ended_in & Q(completion=Completion.DROPPED_OUT)),
        )
    )
    counts: dict[tuple[int, tuple[int, str]], int] = {}
    for row in rows:
        figures = cast("dict[str, int]", row)
        for part in _ENROLMENT_PARTS:
            counts[(figures["municipality_id"], (figures["kind"], part))] = figures[part]
    return counts


def _outcomes(ids: list[int], period: Period, where: Q | None) -> dict[tuple[int, str], int]:
    """People with an ordinary job (or education) started in the period, each counted once
    however many jobs she started (from the first and last start on her row of the fact
    table)."""
    facts = facts_for_aggregates(municipality_ids=ids, where=where)
    conditions = {
        kind.value: any_in(
            f"{prefix}_first_on",
            f"{prefix}_last_on",
            Outcome.objects.filter(
                kind=kind, started_on__gte=period.start, started_on__lte=period.end
            ),
            period,
        )
        for kind, prefix in OUTCOME_COLUMNS.items()
    }
    counted = count_where(facts, conditions)
    return {(pk, kind): n for kind, per in counted.items() for pk, n in per.items()}
