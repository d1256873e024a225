"""The retention purge: what each municipality's rules say must go, and removing it.

``purge_plan`` finds, per municipality, the people whose retention period has passed (never
contacted: counted from identification; everyone else: from the last activity in the record)
and the imported list rows whose values are due; and, for the whole installation, the access
log entries, failed-login records and expired sessions older than their period. ``purge_run``
erases exactly that and records the counts (never the contents) in a ``PurgeRun``; with
``dry_run`` it only counts. `brobygger purge [--dry-run]` and the scheduled run call it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import Exists, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from brobygger.accounts.models import User
from brobygger.audit.models import AccessLogEntry
from brobygger.linkage.models import ImportRow
from brobygger.partnerships.models import Municipality
from brobygger.people.models import PIPELINE_ORDER, Person, PipelineStatus, StatusEvent

from .models import (
    DEFAULT_AFTER_LAST_ACTIVITY_MONTHS,
    DEFAULT_IMPORT_ROW_DAYS,
    DEFAULT_NEVER_CONTACTED_MONTHS,
    PurgeRun,
    PurgeTrigger,
    RetentionRule,
)
from .records import person_relations
from .selectors import municipalities_in_use, people_for_retention
from .services import person_erase

# Reached at some point: the statuses from "contacted" to the outcomes.
REACHED = PIPELINE_ORDER[
    PIPELINE_ORDER.index(PipelineStatus.CONTACTED) : PIPELINE_ORDER.index(
        PipelineStatus.ACTIVE_CITIZEN
    )
    + 1
]
# The field that dates a row of her record, by preference.
ACTIVITY_FIELDS = ("updated_at", "occurred_at", "recorded_at", "created_at")
INSTALLATION = ""  # the key of counts that belong to no one municipality


@dataclass(frozen=True)
class Periods:
    never_contacted_months: int = DEFAULT_NEVER_CONTACTED_MONTHS
    after_last_activity_months: int = DEFAULT_AFTER_LAST_ACTIVITY_MONTHS
    import_row_days: int = DEFAULT_IMPORT_ROW_DAYS


@dataclass
class Plan:
    """What is due, as querysets (nothing is read until counted or purged)."""

    now: datetime
    people_never_contacted: dict[str, models.QuerySet[Person]] = field(default_factory=dict)
    people_inactive: dict[str, models.QuerySet[Person]] = field(default_factory=dict)
    import_rows: dict[str, models.QuerySet[ImportRow]] = field(default_factory=dict)
    installation: dict[str, models.QuerySet[Any]] = field(default_factory=dict)

    def counts(self) -> dict[str, dict[str, int]]:
        result: dict[str, dict[str, int]] = {}
        for kind in ("people_never_contacted", "people_inactive", "import_rows"):
            for code, queryset in getattr(self, kind).items():
                result.setdefault(code, {})[kind] = queryset.count()
        result[INSTALLATION] = {kind: qs.count() for kind, qs in self.installation.items()}
        return result


def periods_for(municipalities: list[Municipality]) -> dict[int, Periods]:
    """Each municipality's periods (its rule, or the defaults), read in one query."""
    rules = {
        rule.municipality_id: Periods(
            rule.never_contacted_months, rule.after_last_activity_months, rule.import_row_days
        )
        for rule in RetentionRule.objects.filter(municipality__in=municipalities)
    }
    return {m.pk: rules.get(m.pk, Periods()) for m in municipalities}


def last_activity() -> Greatest:
    """The newest date in the record: the person's own change, and every row of her record."""
    dates: list[Any] = [models.F("updated_at")]
    for relation in person_relations():
        model = relation.related_model
        names = {f.name for f in model._meta.concrete_fields}
        field_name = next((name for name in ACTIVITY_FIELDS if name in names), None)
        if field_name is None:
            continue
        newest = (
            model._default_manager.filter(**{relation.field.name: OuterRef("pk")})
            .order_by()
            .values(relation.field.name)
            .annotate(newest=Max(field_name))
            .values("newest")
        )
        # SQLite's MAX() of several values is NULL when one is: fall back on the person's own.
        dates.append(Coalesce(Subquery(newest), models.F("updated_at")))
    return Greatest(*dates)


def purge_plan(*, now: datetime | None = None, municipality: Municipality | None = None) -> Plan:
    now = now or timezone.now()
    plan = Plan(now=now)
    municipalities = [municipality] if municipality else municipalities_in_use()
    ever_reached = Exists(StatusEvent.objects.filter(person=OuterRef("pk"), to_status__in=REACHED))
    all_periods = periods_for(municipalities)
    for place in municipalities:
        periods = all_periods[place.pk]
        people = people_for_retention(place)
        never_reached = people.exclude(status__in=REACHED).exclude(ever_reached)
        plan.people_never_contacted[place.code] = never_reached.filter(
            created_at__lt=now - relativedelta(months=periods.never_contacted_months)
        )
        plan.people_inactive[place.code] = (
            people.exclude(pk__in=never_reached.values("pk"))
            .alias(last_activity=last_activity())
            .filter(
                last_activity__lt=now - relativedelta(months=periods.after_last_activity_months)
            )
        )
        plan.import_rows[place.code] = ImportRow.objects.filter(
            batch__municipality=place,
            batch__created_at__lt=now - timedelta(days=periods.import_row_days),
        ).exclude(values={}, cpr_ciphertext="", problems=[])
    if municipality is None:
        log_cutoff = now - timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
        plan.installation = {
            "access_log_entries": AccessLogEntry.objects.filter(occurred_at__lt=log_cutoff),
            "failed_logins": AccessAttempt.objects.filter(attempt_time__lt=log_cutoff),
            "login_failure_log": AccessFailureLog.objects.filter(attempt_time__lt=log_cutoff),
            "expired_sessions": Session.objects.filter(expire_date__lt=now),
        }
    return plan


def purge_run(
    *,
    trigger: str = PurgeTrigger.COMMAND,
    actor: User | None = None,
    dry_run: bool = False,
    municipality: Municipality | None = None,
    now: datetime | None = None,
) -> PurgeRun:
    """Count, and unless ``dry_run`` remove, what the retention rules say is due."""
    plan = purge_plan(now=now, municipality=municipality)
    run = PurgeRun.objects.create(
        trigger=trigger, actor=actor, dry_run=dry_run, counts=plan.counts()
    )
    if not dry_run:
        _execute(plan)
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at"])
    return run


def _execute(plan: Plan) -> None:
    for kind in ("people_never_contacted", "people_inactive"):
        for queryset in getattr(plan, kind).values():
            for person in list(queryset.order_by("pk")):
                # One transaction per person: a run that stops half-way leaves whole people.
                person_erase(actor=None, person=person, purpose=f"retention:{kind}")
    for rows in plan.import_rows.values():
        with transaction.atomic():
            rows.update(values={}, cpr_ciphertext="", problems=[])
    installation = plan.installation
    if installation:
        AccessLogEntry.objects.purge_before(
            plan.now - timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
        )
        for kind in ("failed_logins", "login_failure_log", "expired_sessions"):
            installation[kind].delete()
