"""The method page's sections on contact channels, people gone quiet and the adjusted method
comparison, as a viewer may see them: every count goes through one ``Sheet`` per table group
with the sums it makes (``disclosure``), so small numbers are hidden from a viewer without
person access in the municipalities shown, and no hidden one can be worked out from the
totals on the same table."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.utils.functional import Promise

from brobygger.interventions.models import Enrolment, Outcome
from brobygger.people.models import ContactAttempt, PersonSource, StatusEvent
from brobygger.people.selectors import people_for_aggregates

from .adjusted import (
    Adjusted,
    Estimate,
    Fit,
    Model,
    compare_methods,
    min_events,
    min_people,
    people_of,
)
from .channels import (
    ChannelReach,
    GoneQuiet,
    QuietRow,
    Reach,
    bands,
    channel_reach,
    gone_quiet,
    method_order,
)
from .disclosure import ShownEffectiveness, ShownShare, Viewer, tie
from .periods import Period
from .suppression import Cell, Sheet


def _share(sheet: Sheet, count: int, of: int, *, known: bool) -> tuple[int, int]:
    """A count and its denominator on the sheet, tied through the people it leaves out."""
    whole = sheet.add(of, known=known)
    part = sheet.add(count, known=known)
    tie(sheet, part, whole, known=known)
    return part, whole


# Contact channels --------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownChannel:
    key: str
    label: str | Promise
    attempts: Cell
    per_attempt: ShownShare
    people: Cell
    per_person: ShownShare


@dataclass(frozen=True)
class ShownBreakdown:
    """One line of a channel's breakdown (a language, a time of day): a share per channel."""

    key: str
    label: str | Promise
    shares: list[ShownShare]


@dataclass(frozen=True)
class ShownChannels:
    channels: list[ShownChannel]
    total: ShownChannel
    languages: list[ShownBreakdown]  # reach per person
    bands: list[ShownBreakdown]  # reach per attempt


def shown_channels(reach: ChannelReach, known: bool, viewer: Viewer) -> ShownChannels:
    """The channels' reach: per channel (attempts add up to all channels; people do not, as
    one person may be tried by several), per language (people add up to the channel's) and
    per time of day (attempts add up to the channel's)."""
    sheet = viewer.sheet()

    def add(r: Reach) -> tuple[tuple[int, int], tuple[int, int]]:
        return (
            _share(sheet, r.reached_attempts, r.attempts, known=known),
            _share(sheet, r.reached_people, r.people, known=known),
        )

    rows = [add(row.reach) for row in reach.rows]
    total = add(reach.total)
    for measure in (0, 1):  # attempts made, attempts that reached her
        sheet.line([attempt[1 - measure] for attempt, _people in rows], total[0][1 - measure])
    languages = []
    bands_of = []
    for row, (attempt, people) in zip(reach.rows, rows, strict=True):
        per_language = [
            _share(sheet, r.reached_people, r.people, known=known)
            for r in (row.by_language.get(pk, Reach()) for pk, _label in reach.languages)
        ]
        per_band = [
            _share(sheet, r.reached_attempts, r.attempts, known=known)
            for r in (row.by_band.get(band, Reach()) for band, _label in bands())
        ]
        for parts, whole in ((per_language, people), (per_band, attempt)):
            sheet.line([count for count, _of in parts], whole[0])
            sheet.line([of for _count, of in parts], whole[1])
        languages.append(per_language)
        bands_of.append(per_band)
    cells = sheet.protect()

    def share(pair: tuple[int, int]) -> ShownShare:
        return ShownShare(cells[pair[0]], cells[pair[1]])

    def channel(key: str, label: str | Promise, pairs: tuple[Any, Any]) -> ShownChannel:
        attempt, people = pairs
        return ShownChannel(
            key, label, cells[attempt[1]], share(attempt), cells[people[1]], share(people)
        )

    return ShownChannels(
        channels=[channel(r.key, r.label, p) for r, p in zip(reach.rows, rows, strict=True)],
        total=channel("all", "", total),
        languages=[
            ShownBreakdown(str(pk), label, [share(per[i]) for per in languages])
            for i, (pk, label) in enumerate(reach.languages)
        ],
        bands=[
            ShownBreakdown(str(band), label, [share(per[i]) for per in bands_of])
            for i, (band, label) in enumerate(bands())
        ],
    )


# Gone quiet --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownQuiet:
    key: str
    label: str | Promise
    tried: Cell
    no_answer: ShownShare
    silent: ShownShare


@dataclass(frozen=True)
class ShownGoneQuiet:
    attempts: int
    days: int
    methods: list[ShownQuiet]
    total: ShownQuiet
    channels: list[ShownQuiet]


def shown_gone_quiet(quiet: GoneQuiet, known: bool, viewer: Viewer) -> ShownGoneQuiet:
    """Per method (each person once: the methods add up to all methods) and per channel."""
    sheet = viewer.sheet()

    def add(row: QuietRow) -> tuple[int, int, int]:
        tried = sheet.add(row.tried, known=known)
        no_answer = sheet.add(row.no_answer, known=known)
        silent = sheet.add(row.silent, known=known)
        tie(sheet, no_answer, tried, known=known)
        tie(sheet, silent, tried, known=known)
        return tried, no_answer, silent

    methods = [add(row) for row in quiet.methods]
    total = add(quiet.total)
    for measure in range(3):
        sheet.line([row[measure] for row in methods], total[measure])
    channels = [add(row) for row in quiet.channels]
    cells = sheet.protect()

    def shown(row: QuietRow, at: tuple[int, int, int]) -> ShownQuiet:
        tried = cells[at[0]]
        return ShownQuiet(
            row.key,
            row.label,
            tried,
            ShownShare(cells[at[1]], tried),
            ShownShare(cells[at[2]], tried),
        )

    return ShownGoneQuiet(
        attempts=quiet.attempts,
        days=quiet.days,
        methods=[shown(r, at) for r, at in zip(quiet.methods, methods, strict=True)],
        total=shown(quiet.total, total),
        channels=[shown(r, at) for r, at in zip(quiet.channels, channels, strict=True)],
    )


# The adjusted comparison -------------------------------------------------------------------


@dataclass(frozen=True)
class ShownEstimate:
    """A method's adjusted rate; None when the model gave none or the method has too few."""

    estimate: Estimate | None
    fitted: bool

    @property
    def too_few(self) -> bool:
        return self.estimate is None or self.estimate.too_few

    @property
    def shown(self) -> Estimate | None:
        return self.estimate if self.fitted and not self.too_few else None


@dataclass(frozen=True)
class ShownAdjusted:
    key: str
    label: str | Promise
    contacted: ShownShare
    contacted_adjusted: ShownEstimate
    intervention: ShownShare
    intervention_adjusted: ShownEstimate
    touched: Cell
    touched_contacted: ShownShare
    fractional: float | None  # None when the count of people it met is hidden
    fractional_rate: float | None


@dataclass(frozen=True)
class ShownComparison:
    rows: list[ShownAdjusted]
    contacted: Fit
    intervention: Fit


def shown_adjusted(
    adjusted: Adjusted, figures: ShownEffectiveness, known: bool, viewer: Viewer
) -> ShownComparison:
    """Each method's raw rates (the method table's cells, hidden as there) beside its adjusted
    rates, and the people any source of it met (one person may count for several methods, so
    these add up to nothing)."""
    raw = {row.key: row for row in figures.methods}
    sheet = viewer.sheet()
    order = method_order(adjusted.touches)
    at = {
        pk: _share(
            sheet, adjusted.touches[pk].touched_contacted, adjusted.touches[pk].touched, known=known
        )
        for pk, _key, _label in order
    }
    cells = sheet.protect()
    zero = ShownShare(Cell(0), Cell(0))
    rows = []
    for pk, key, label in order:
        touch = adjusted.touches[pk]
        first = raw.get(key)
        touched = ShownShare(cells[at[pk][0]], cells[at[pk][1]])
        visible = not touched.of.suppressed and touch.fractional > 0
        rows.append(
            ShownAdjusted(
                key=key,
                label=label,
                contacted=first.contacted if first else zero,
                contacted_adjusted=_estimate(adjusted.contacted, pk),
                intervention=first.intervention if first else zero,
                intervention_adjusted=_estimate(adjusted.intervention, pk),
                touched=touched.of,
                touched_contacted=touched,
                fractional=touch.fractional if visible else None,
                fractional_rate=touch.fractional_contacted / touch.fractional if visible else None,
            )
        )
    return ShownComparison(rows, adjusted.contacted.status, adjusted.intervention.status)


def _estimate(model: Model, method: int) -> ShownEstimate:
    return ShownEstimate(model.estimates.get(method), model.status == Fit.FITTED)


# The page ------------------------------------------------------------------------------------


def cache_seconds() -> int:
    return int(getattr(settings, "BROBYGGER_METHOD_SECTIONS_CACHE_SECONDS", 600))


@dataclass(frozen=True)
class Figures:
    reach: ChannelReach
    quiet: GoneQuiet
    adjusted: Adjusted


def _stamp(ids: Sequence[int]) -> list[object]:
    """What the figures are computed from, in brief: the people of these municipalities (their
    number and latest change) and the newest record of each kind they are counted from. A
    record added anywhere, or a person changed here, makes new figures; a record corrected in
    place shows when the cache expires."""
    people = people_for_aggregates(municipality_ids=ids).aggregate(
        n=Count("pk"), changed=Max("updated_at")
    )
    newest = [
        model.objects.aggregate(newest=Max("pk"))["newest"]
        for model in (PersonSource, StatusEvent, Enrolment, Outcome, ContactAttempt)
    ]
    return [people["n"], people["changed"], *newest]


def figures_of(
    *, municipality_ids: Sequence[int], period: Period, where: Q | None = None
) -> Figures:
    """The sections' figures for these municipalities and the period, computed (and the model
    fitted) when the page first asks for them and kept in Django's cache
    (``BROBYGGER_METHOD_SECTIONS_CACHE_SECONDS``, 10 minutes) until the data change: only
    aggregates are kept, never a person. ``where`` (a target-group definition's filter)
    narrows the people first, and is part of the cache's key."""
    ids = sorted(set(municipality_ids))
    scope = [ids, period.start, period.end, str(where), min_people(), min_events(), *_stamp(ids)]
    key = "measures:sections:" + hashlib.sha256(repr(scope).encode()).hexdigest()
    found = cache.get(key)
    if isinstance(found, Figures):
        return found
    figures = Figures(
        reach=channel_reach(municipality_ids=ids, period=period, where=where),
        quiet=gone_quiet(municipality_ids=ids, period=period, where=where),
        adjusted=compare_methods(people_of(municipality_ids=ids, period=period, where=where)),
    )
    cache.set(key, figures, cache_seconds())
    return figures


def method_sections(
    *,
    viewer: Viewer,
    municipality_ids: Sequence[int],
    period: Period,
    figures: ShownEffectiveness,
    where: Q | None = None,
) -> dict[str, object]:
    """The three sections' context for the method page, for these municipalities (the chosen
    one or the whole partnership) and the period, under the page's target-group definition
    (``where``); ``figures`` is the method table as shown."""
    known = viewer.knows_all(municipality_ids)
    found = figures_of(municipality_ids=municipality_ids, period=period, where=where)
    return {
        "channels": shown_channels(found.reach, known, viewer),
        "quiet": shown_gone_quiet(found.quiet, known, viewer),
        "adjusted": shown_adjusted(found.adjusted, figures, known, viewer),
        "adjusted_limits": {"people": min_people(), "events": min_events()},
    }
