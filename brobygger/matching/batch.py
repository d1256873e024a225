"""Every pair of two lists scored at once, with the formulas of ``scoring.py`` on arrays.

A municipality has up to a thousand volunteers and five thousand waiting people: five million
pairs, too many for one Python call each. The hard constraints are decided on the whole grid
with cheap array operations (set overlaps as products of 0/1 incidence matrices, distances
through one product of unit vectors); the score is then computed for the eligible pairs only.
The sums are taken in the order ``scoring`` adds its reasons, so a pair's value here equals
its ``Score.value`` (the tests hold the two together); ``propose`` asks ``scoring`` only for
the reasons of the pairs it keeps.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from . import geo, scoring
from .profiles import Activity, Location, Mentee, Mentor


@dataclass(frozen=True, slots=True)
class Edges:
    """The eligible pairs of a left × right grid: indices, score, km (NaN where unknown)."""

    rows: np.ndarray
    cols: np.ndarray
    score: np.ndarray
    km: np.ndarray


def overlap(
    left: Sequence[frozenset[str]],
    right: Sequence[frozenset[str]],
    drop: frozenset[str] = frozenset(),
) -> np.ndarray:
    """How many elements each left set shares with each right set (without ``drop``)."""
    vocab = {key: i for i, key in enumerate(sorted(set().union(*left, *right) - drop))}

    def incidence(sets: Sequence[frozenset[str]]) -> np.ndarray:
        matrix = np.zeros((len(sets), len(vocab)), dtype=np.float32)
        for row, keys in enumerate(sets):
            matrix[row, [vocab[k] for k in keys if k in vocab]] = 1.0
        return matrix

    overlap: np.ndarray = incidence(left) @ incidence(right).T
    return overlap


def _codes(values: Iterable[str | None], table: dict[str, int]) -> np.ndarray:
    """Small integer codes for string values; -1 for None (no wish, no restriction)."""
    return np.array(
        [-1 if v is None else table.setdefault(v, len(table)) for v in values], dtype=np.int64
    ).reshape(-1)


def _languages(
    left: Sequence[frozenset[str]], right: Sequence[frozenset[str]]
) -> tuple[np.ndarray, np.ndarray]:
    """(any shared language, shares a language other than Danish) for the grid."""
    other = overlap(left, right, drop=frozenset({scoring.DANISH})) > 0
    left_da = np.array([scoring.DANISH in s for s in left], dtype=bool)
    right_da = np.array([scoring.DANISH in s for s in right], dtype=bool)
    return other | (left_da[:, None] & right_da[None, :]), other


def _within_reach(
    left: Sequence[Location | None],
    right: Sequence[Location | None],
    left_limit: np.ndarray,
    right_limit: np.ndarray,
    candidates: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Candidate pairs no farther apart than the lower of both limits (unknown places pass).

    Returns rows, cols, km and the limit of each such pair. The grid is compared in squared
    chords (no trigonometry on five million pairs) with a hair of slack; the survivors get
    their km and the exact test that ``scoring`` applies.
    """

    def reach(km: np.ndarray) -> np.ndarray:
        angle = np.minimum(km, np.pi * geo.EARTH_RADIUS_KM) / (2 * geo.EARTH_RADIUS_KM)
        squared: np.ndarray = np.square(2.0 * np.sin(angle)) * (1 + 1e-9) + 1e-15
        return squared

    a, b = geo.unit_vectors(left), geo.unit_vectors(right)
    squared = 2.0 - 2.0 * (a @ b.T)
    too_far = squared > np.minimum(reach(left_limit)[:, None], reach(right_limit)[None, :])
    rows, cols = np.nonzero(candidates & ~too_far)
    km = geo.chord_km(squared[rows, cols])
    limit = np.minimum(left_limit[rows], right_limit[cols])
    exact = ~(km > limit)  # NaN (unknown) is not too far
    return rows[exact], cols[exact], km[exact], limit[exact]


def _coverage(shared: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(wanted > 0, shared.astype(np.float64) / wanted, 0.0)


def _nearness(km: np.ndarray, limit: np.ndarray) -> np.ndarray:
    """``scoring.nearness`` on arrays; 0 where the distance is unknown (NaN)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        value: np.ndarray = np.fmax(1.0 - km / limit, 0.0)  # fmax: NaN gives 0
    zero = limit <= 0
    value[zero] = np.where(km[zero] <= 0, 1.0, 0.0)  # a 0 km limit: only the same place
    return value


def mentor_edges(
    mentors: Sequence[Mentor], mentees: Sequence[Mentee], today: date, text: np.ndarray
) -> Edges:
    """``scoring.score_mentor`` for every eligible mentor × mentee; ``text``: similarities."""
    w = scoring.MENTOR_WEIGHTS
    usable = np.array([scoring.mentor_block(m, today) is None for m in mentors], dtype=bool)
    shared, other = _languages([m.languages for m in mentors], [p.languages for p in mentees])
    genders: dict[str, int] = {}
    mentor_gender = _codes((m.gender for m in mentors), genders)[:, None]
    wish = _codes((p.wants_mentor_gender for p in mentees), genders)[None, :]
    mentee_gender = _codes((p.gender for p in mentees), genders)[None, :]
    restriction = _codes((m.mentee_gender for m in mentors), genders)[:, None]
    candidates = (
        usable[:, None]
        & shared
        & ((wish < 0) | (wish == mentor_gender))
        & ((restriction < 0) | (restriction == mentee_gender))
    )
    mentor_limit = np.array([m.max_distance_km for m in mentors], dtype=np.float64)
    mentee_limit = np.array(
        [np.inf if p.max_distance_km is None else p.max_distance_km for p in mentees],
        dtype=np.float64,
    )
    rows, cols, km, limit = _within_reach(
        [m.location for m in mentors],
        [p.location for p in mentees],
        mentor_limit,
        mentee_limit,
        candidates,
    )

    interests = overlap([m.interests for m in mentors], [p.interests for p in mentees])
    wanted = np.array([len(p.interests) for p in mentees], dtype=np.float64)
    days = np.array(
        [(today - p.waiting_since).days if p.waiting_since else 0 for p in mentees],
        dtype=np.float64,
    )
    waiting = np.clip(days, 0, scoring.WAITING_FULL_DAYS) / scoring.WAITING_FULL_DAYS
    score = (
        w.language * np.where(other[rows, cols], 1.0, scoring.DANISH_ONLY)
        + w.interests * _coverage(interests[rows, cols], wanted[cols])
        + w.distance * _nearness(km, limit)
        + w.text * text[rows, cols]
        + w.waiting * waiting[cols]
    )
    return Edges(rows, cols, score, km)


def activity_edges(
    people: Sequence[Mentee], activities: Sequence[Activity], text: np.ndarray
) -> Edges:
    """``scoring.score_activity`` for every eligible person × activity."""
    w = scoring.ACTIVITY_WEIGHTS
    shared, other = _languages([p.languages for p in people], [a.languages for a in activities])
    genders: dict[str, int] = {}
    gender = _codes((p.gender for p in people), genders)[:, None]
    target = _codes((a.target_gender for a in activities), genders)[None, :]
    places = np.array([a.places > 0 for a in activities], dtype=bool)[None, :]
    candidates = places & shared & ((target < 0) | (target == gender))
    rows, cols, km, limit = _within_reach(
        [p.location for p in people],
        [a.location for a in activities],
        np.array([scoring.activity_limit_km(p) for p in people], dtype=np.float64),
        np.full(len(activities), np.inf),
        candidates,
    )

    topics = overlap([p.interests for p in people], [a.topics for a in activities])
    wanted = np.array([len(p.interests) for p in people], dtype=np.float64)
    score = (
        w.topics * _coverage(topics[rows, cols], wanted[rows])
        + w.language * np.where(other[rows, cols], 1.0, scoring.DANISH_ONLY)
        + w.distance * _nearness(km, limit)
        + w.text * text[rows, cols]
    )
    return Edges(rows, cols, score, km)
