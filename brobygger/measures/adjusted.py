"""A fairer comparison of outreach methods (issue 19, point 6): each method's rate adjusted for
who it happened to reach, beside the raw rate, and every method that met her beside the first.

A method's raw rate mixes its own effect with its people: a method used mostly where people
are easy to reach looks good whatever it does. The adjusted rate answers "what share would
have been contacted (or started an intervention) if everybody had been found by this method,
everything else about them as it was":

* **The model**: a logistic regression (a binomial GLM with the logit link) of the outcome
  on the method of first touch, the municipality, the country-of-origin group, the age band
  and the quarter she was identified in (main effects). People alike in these five are one
  group; the fit is Newton-Raphson on the sparse design (``_glm``), which gives statsmodels'
  GLM's estimates (a test holds them together) in about a second for the whole country,
  where statsmodels' dense solver took minutes.
* **The adjusted rate** (marginal standardisation): the model's prediction for every person
  of the comparison with her method set to this one, averaged; its 95 % interval by the delta
  method on the logit scale (so it stays inside 0–100 %).
* **Too few to say anything**: a method with fewer than ``BROBYGGER_ADJUSTED_MIN_PEOPLE``
  (30) people, or fewer than ``BROBYGGER_ADJUSTED_MIN_EVENTS`` (5) people with or without the
  outcome, has no estimate and is left out of the fit.
* **When the model cannot be trusted** (it does not converge, a group is perfectly separated,
  or the estimates run off), no adjusted figure is shown and the page says why: never an
  error page.
* **Country-of-origin group**: the country where at least ``MIN_PEOPLE`` people come from
  it, else "other"; "not recorded" when unknown. **Age band** at the period's end: under 30,
  30–39, 40–49, 50 or more, not recorded.
* **Every method that met her** (multi-touch): per method, the people with any source of it
  (``PersonSource``), and of them those contacted (full credit: each method gets the whole
  person); and the fractional credit, 1/k of a person to each of the k methods that met her.

People, outcomes and the period are those of the method page (``effectiveness``). This shows
association, not proof of effect: people differ in ways no register holds (how much they want
contact, their spouse), and those differences can still sit behind a method's figure.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

import numpy as np
from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, Q
from django.utils import timezone
from scipy import sparse
from scipy.special import expit
from threadpoolctl import threadpool_limits

from brobygger.people.models import PersonSource

from .effectiveness import Z_95, intake_facts, method_key, reached_by
from .periods import Period, Quarter

OTHER = "other"
UNKNOWN = "unknown"
AGE_BANDS = ((30, "<30"), (40, "30-39"), (50, "40-49"))
# A coefficient beyond this (on the logit scale) means a group all in or all out.
_RUNAWAY = 15.0
# A group predicted closer than this to 0 % or 100 % is all out or all in.
_EDGE = 1e-6
_MAX_ITERATIONS = 50
_TOLERANCE = 1e-8


def min_people() -> int:
    return int(getattr(settings, "BROBYGGER_ADJUSTED_MIN_PEOPLE", 30))


def min_events() -> int:
    return int(getattr(settings, "BROBYGGER_ADJUSTED_MIN_EVENTS", 5))


class Fit(StrEnum):
    FITTED = "fitted"
    TOO_FEW_METHODS = "too_few_methods"  # fewer than two methods with enough people
    NOT_CONVERGED = "not_converged"
    SEPARATED = "separated"


@dataclass(frozen=True)
class Person:
    """One person of the comparison, as the model sees her."""

    method: int
    municipality: int
    origin: str
    age: str
    quarter: str
    contacted: bool
    intervention: bool
    touched: frozenset[int] = frozenset()


# What counts as the outcome of a person, e.g. ``lambda p: p.contacted``.
OutcomeOf = Callable[[Person], bool]


@dataclass(frozen=True)
class Estimate:
    """A method's raw and adjusted rate of one outcome; ``adjusted`` None when too few."""

    people: int
    events: int
    adjusted: float | None = None
    low: float | None = None
    high: float | None = None

    @property
    def raw(self) -> float | None:
        return self.events / self.people if self.people else None

    @property
    def too_few(self) -> bool:
        return (
            self.people < min_people()
            or self.events < min_events()
            or self.people - self.events < min_events()
        )


@dataclass(frozen=True)
class Model:
    """The adjusted rates of one outcome for each method (by method id; ``NO_METHOD`` for
    people with no method recorded)."""

    status: Fit
    estimates: dict[int, Estimate]
    people: int = 0  # in the fit


@dataclass(frozen=True)
class Touch:
    """Every method that met her: full and fractional credit."""

    first: int = 0
    touched: int = 0
    touched_contacted: int = 0
    fractional: float = 0.0
    fractional_contacted: float = 0.0


@dataclass(frozen=True)
class Adjusted:
    contacted: Model
    intervention: Model
    touches: dict[int, Touch] = field(default_factory=dict)

    @property
    def methods(self) -> list[int]:
        return list(self.touches)


def compare_methods(people: Sequence[Person]) -> Adjusted:
    """The adjusted comparison for both outcomes, and the multi-touch credit."""
    return Adjusted(
        contacted=fit(people, lambda p: p.contacted),
        intervention=fit(people, lambda p: p.intervention),
        touches=touches(people),
    )


def fit(people: Sequence[Person], outcome: OutcomeOf) -> Model:
    """The model of one outcome (module docstring)."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for person in people:
        counts[person.method][0] += 1
        counts[person.method][1] += outcome(person)
    raw = {m: Estimate(people=n, events=k) for m, (n, k) in counts.items()}
    enough = {m for m, estimate in raw.items() if not estimate.too_few}
    if len(enough) < 2:
        return Model(Fit.TOO_FEW_METHODS, raw)
    kept = [p for p in people if p.method in enough]
    origins = _common([p.origin for p in kept], min_people())
    # One row per group of identical people: their number and how many had the outcome.
    groups: dict[tuple[int, int, str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for p in kept:
        origin = p.origin if p.origin in origins else OTHER
        line = groups[(p.method, p.municipality, origin, p.age, p.quarter)]
        line[0] += 1
        line[1] += outcome(p)
    keys = list(groups)
    trials = np.array([groups[k][0] for k in keys], dtype=float)
    events = np.array([groups[k][1] for k in keys], dtype=float)
    design = _Design(keys)
    try:
        with np.errstate(all="ignore"), threadpool_limits(1, user_api="blas"):
            result = _glm(design.matrix, events, trials)
    except (np.linalg.LinAlgError, ValueError):
        return Model(Fit.NOT_CONVERGED, raw)
    if result is None:
        return Model(Fit.SEPARATED, raw)
    params, covariance, converged = result
    if not converged:
        return Model(Fit.NOT_CONVERGED, raw)
    estimates = dict(raw)
    for method in enough:
        rate, low, high = _standardised(design, method, params, covariance, trials)
        estimates[method] = Estimate(raw[method].people, raw[method].events, rate, low, high)
    return Model(Fit.FITTED, estimates, people=len(kept))


def _common(values: Iterable[str], least: int) -> set[str]:
    return {value for value, n in Counter(values).items() if n >= least and value != UNKNOWN}


class _Design:
    """The model's design matrix over the groups, sparse (each row holds at most six ones): an
    intercept, then one column per level of each factor but its most common one (the
    reference)."""

    def __init__(self, keys: Sequence[tuple[int, int, str, str, str]]) -> None:
        columns: list[tuple[int, object]] = []
        for factor in range(5):
            levels = Counter(k[factor] for k in keys)
            if len(levels) < 2:
                continue  # one level only: nothing to adjust for
            reference = max(levels, key=lambda level: (levels[level], str(level)))
            columns += [(factor, level) for level in sorted(levels, key=str) if level != reference]
        position = {column: j + 1 for j, column in enumerate(columns)}
        self.method_columns = {
            level: position[(factor, level)] for factor, level in columns if factor == 0
        }
        rows, cols = [], []
        for i, key in enumerate(keys):
            rows.append(i)
            cols.append(0)
            for factor in range(5):
                j = position.get((factor, key[factor]))
                if j is not None:
                    rows.append(i)
                    cols.append(j)
        shape = (len(keys), 1 + len(columns))
        ones = np.ones(len(rows))
        self.matrix = sparse.csr_array((ones, (rows, cols)), shape=shape)
        # The same rows without their method: the start of every "as if found by" design.
        method_columns = set(self.method_columns.values())
        keep = np.array([c not in method_columns for c in cols])
        self.without_method = sparse.csr_array(
            (ones[keep], (np.array(rows)[keep], np.array(cols)[keep])), shape=shape
        )


def _glm(
    matrix: sparse.csr_array, events: np.ndarray, trials: np.ndarray
) -> tuple[np.ndarray, np.ndarray, bool] | None:
    """The binomial GLM (logit link) by Newton-Raphson, which for this model is the same as
    iteratively reweighted least squares (statsmodels' ``GLM(..., family=Binomial()).fit()``
    gives the same coefficients and covariance: a test holds them together), on the sparse
    design: at national scale nearly every person is a group of her own, and statsmodels'
    dense least squares took minutes where this takes well under a second.

    The coefficients, their covariance (the inverse of the information matrix) and whether it
    converged; None when a group is perfectly separated: coefficients or their errors that run
    off, or a group predicted all in or all out."""
    params = np.zeros(matrix.shape[1])
    overall = min(max(events.sum() / trials.sum(), 1e-6), 1 - 1e-6)
    params[0] = math.log(overall / (1 - overall))
    converged = False
    information = np.eye(matrix.shape[1])
    for _iteration in range(_MAX_ITERATIONS):
        predicted = expit(matrix @ params)
        weights = trials * predicted * (1 - predicted)
        score = matrix.T @ (events - trials * predicted)
        information = (matrix.T @ sparse.diags_array(weights) @ matrix).toarray()
        step = np.linalg.solve(information, score)
        params = params + step
        if not np.all(np.isfinite(params)) or np.abs(params).max() > _RUNAWAY:
            return None
        if np.abs(step).max() < _TOLERANCE:
            converged = True
            break
    predicted = expit(matrix @ params)
    weights = trials * predicted * (1 - predicted)
    information = (matrix.T @ sparse.diags_array(weights) @ matrix).toarray()
    covariance = np.linalg.inv(information)
    standard_errors = np.sqrt(np.clip(np.diag(covariance), 0, None))
    if (
        not np.all(np.isfinite(covariance))
        or standard_errors.max() > _RUNAWAY
        or predicted.min() < _EDGE
        or predicted.max() > 1 - _EDGE
    ):
        return None
    return params, covariance, converged


def _standardised(
    design: _Design,
    method: int,
    params: np.ndarray,
    covariance: np.ndarray,
    weights: np.ndarray,
) -> tuple[float, float, float]:
    """The predicted rate if everybody had been found by ``method``, with its 95 % interval
    (delta method, on the logit scale)."""
    column = design.method_columns.get(method)
    shift = params[column] if column is not None else 0.0
    predicted = expit(design.without_method @ params + shift)
    total = weights.sum()
    rate = float((weights * predicted).sum() / total)
    slope = weights * predicted * (1 - predicted) / total
    gradient = design.without_method.T @ slope
    if column is not None:
        gradient[column] += slope.sum()
    se = math.sqrt(max(float(gradient @ covariance @ gradient), 0.0))
    rate = min(max(rate, 1e-9), 1 - 1e-9)
    logit, se_logit = math.log(rate / (1 - rate)), se / (rate * (1 - rate))
    low = float(expit(logit - Z_95 * se_logit))
    high = float(expit(logit + Z_95 * se_logit))
    return rate, low, high


def touches(people: Sequence[Person]) -> dict[int, Touch]:
    """Per method: first touch, any touch (full credit) and 1/k credit, each with those
    contacted."""
    first: Counter[int] = Counter(p.method for p in people)
    touched: Counter[int] = Counter()
    touched_contacted: Counter[int] = Counter()
    fractional: defaultdict[int, float] = defaultdict(float)
    fractional_contacted: defaultdict[int, float] = defaultdict(float)
    for p in people:
        methods = p.touched or frozenset({p.method})
        share = 1.0 / len(methods)
        for method in methods:
            touched[method] += 1
            fractional[method] += share
            if p.contacted:
                touched_contacted[method] += 1
                fractional_contacted[method] += share
    return {
        method: Touch(
            first=first[method],
            touched=touched[method],
            touched_contacted=touched_contacted[method],
            fractional=fractional[method],
            fractional_contacted=fractional_contacted[method],
        )
        for method in set(first) | set(touched)
    }


# From the database -------------------------------------------------------------------------


def age_band(birth_date: date | None, on: date) -> str:
    if birth_date is None:
        return UNKNOWN
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    for limit, label in AGE_BANDS:
        if age < limit:
            return label
    return "50+"


def people_of(
    *, municipality_ids: Iterable[int], period: Period, where: Q | None = None
) -> list[Person]:
    """The method page's people of the period (``effectiveness.intake_facts``), as the model
    sees them: two queries. ``where`` (a target-group definition's filter) narrows them."""
    ids = sorted(set(municipality_ids))
    people = intake_facts(ids, period, where)
    reached = reached_by(period)
    rows = people.annotate(
        method_key=method_key(),
        contacted=ExpressionWrapper(reached.contacted, output_field=models.BooleanField()),
        enrolled=ExpressionWrapper(reached.enrolled, output_field=models.BooleanField()),
    ).values_list(
        "person_id",
        "municipality_id",
        "person__country_of_origin",
        "person__birth_date",
        "registered_at",
        "method_key",
        "contacted",
        "enrolled",
    )
    sources: defaultdict[int, set[int]] = defaultdict(set)
    for person_id, method_id in (
        PersonSource.objects.filter(person__in=people.values("person_id"))
        .order_by()
        .values_list("person_id", "method_id")
        .distinct()
    ):
        sources[person_id].add(method_id)
    return [
        Person(
            method=method,
            municipality=municipality,
            origin=origin.upper() if origin else UNKNOWN,
            age=age_band(birth, period.end),
            quarter=str(Quarter.of(timezone.localtime(created).date())),
            contacted=bool(contacted),
            intervention=bool(intervention),
            touched=frozenset(sources.get(pk, ())),
        )
        for pk, municipality, origin, birth, created, method, contacted, intervention in rows
    ]
