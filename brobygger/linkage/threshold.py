"""Explaining the thresholds: how an import's scored pairs spread over the match probability,
and what the model expects at each threshold.

Splink's match probability is the model's own estimate that a pair is one person. Summed over
the pairs it gives the expected numbers a lead chooses ``LINKAGE_MATCH_THRESHOLD`` and the
review band by:

* false matches at a threshold t: the sum of (1 − p) over the pairs with p ≥ t;
* missed matches: the sum of p over the pairs below t (down to ``FLOOR``: the pairs below it
  are not kept, so what they would add is not counted).

An import keeps only the histogram (``histogram``): per bin of 0.01 the number of pairs and
their summed probability, which gives both sums exactly at every threshold on a bin edge. It
holds no pair and no person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

BINS = 100
# Pairs scored below this are not kept for the chart: there are millions of them.
FLOOR = 0.01
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99)


def histogram(linkage: Any, *, dataset: str | None = None) -> dict[str, Any]:
    """The pairs scored at or above ``FLOOR`` (with a record of ``dataset`` when given), per
    bin of 0.01: ``{"floor": ..., "bins": [[count, summed probability], ...]}``. Run after
    ``linkage.predict(threshold=FLOOR)``."""
    pairs = linkage._oriented(FLOOR)
    where = " WHERE left_dataset = $dataset OR right_dataset = $dataset" if dataset else ""
    rows = linkage.con.execute(
        f"SELECT least(CAST(floor(match_probability * {BINS}) AS INTEGER), {BINS - 1}) AS bin,"  # nosec B608  # SQL_NAMES
        f" count(*), sum(match_probability) FROM ({pairs}){where} GROUP BY 1",
        {"dataset": dataset} if dataset else None,
    ).fetchall()
    bins = [[0, 0.0] for _ in range(BINS)]
    for index, count, total in rows:
        bins[int(index)] = [int(count), round(float(total), 6)]
    return {"floor": FLOOR, "bins": bins}


@dataclass(frozen=True)
class Expected:
    threshold: float
    pairs_above: int
    false_matches: float
    missed_matches: float
    current_match: bool = False
    current_review: bool = False


def _bin(threshold: float) -> int:
    return min(BINS, max(0, round(threshold * BINS)))


def expected(
    scores: dict[str, Any], thresholds: Sequence[float], *, match: float, review: float
) -> list[Expected]:
    """The expected false and missed matches at each threshold (and at the two set ones)."""
    bins = scores["bins"]
    found = []
    for threshold in sorted({*thresholds, match, review}):
        edge = _bin(threshold)
        above, below = bins[edge:], bins[:edge]
        found.append(
            Expected(
                threshold=threshold,
                pairs_above=sum(count for count, _p in above),
                false_matches=sum(count - total for count, total in above),
                missed_matches=sum(total for _c, total in below),
                current_match=threshold == match,
                current_review=threshold == review,
            )
        )
    return found


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    start: float
    count: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    match_x: float
    review_x: float
    floor_x: float
    axis_y: float
    ticks: list[tuple[float, str]]


WIDTH, HEIGHT, MARGIN, AXIS = 640, 220, 8, 24


def chart(scores: dict[str, Any], *, match: float, review: float) -> Chart:
    """A bar per bin, its height the logarithm of its count (a few pairs near 1 would vanish
    beside thousands near the floor), with the thresholds as lines; the page's table says
    the same in numbers."""
    import math

    plot = WIDTH - 2 * MARGIN
    top = HEIGHT - AXIS
    counts = [count for count, _p in scores["bins"]]
    tallest = math.log10(1 + max(counts, default=0)) or 1.0
    step = plot / BINS
    bars = []
    for index, count in enumerate(counts):
        if not count:
            continue
        height = (top - MARGIN) * math.log10(1 + count) / tallest
        bars.append(
            Bar(
                x=round(MARGIN + index * step, 2),
                y=round(top - height, 2),
                width=round(max(step - 1, 1), 2),
                height=round(height, 2),
                start=index / BINS,
                count=count,
            )
        )

    def at(probability: float) -> float:
        return round(MARGIN + probability * plot, 2)

    return Chart(
        width=WIDTH,
        height=HEIGHT,
        bars=bars,
        match_x=at(match),
        review_x=at(review),
        floor_x=at(scores.get("floor", FLOOR)),
        axis_y=top,
        ticks=[(at(value / 10), f"{value / 10:.1f}") for value in range(0, 11, 2)],
    )
