"""The adjusted method comparison: a planted method effect hidden behind the municipalities'
base rates is recovered; too few people, separation and non-convergence are flagged, never an
error; multi-touch credit; and the people as the model sees them, from the database."""

from __future__ import annotations

import math
import random
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from brobygger.interventions.models import Enrolment, InterventionType
from brobygger.measures.adjusted import (
    Fit,
    Person,
    age_band,
    compare_methods,
    fit,
    people_of,
    touches,
)
from brobygger.measures.effectiveness import NO_METHOD
from brobygger.measures.periods import Period
from brobygger.measures.services import refresh_facts
from brobygger.outreach.models import OutreachMethod
from brobygger.people.models import Person as PersonRecord
from brobygger.people.models import PersonSource, StatusEvent
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
X, Y = 10, 20
# Municipality A reaches nearly everybody, B few; A uses X mostly and B uses Y mostly; Y
# itself is better than X by one unit on the logit scale.
BASE = {1: 1.5, 2: -1.5}
EFFECT = {X: 0.0, Y: 1.0}


def _expit(value: float) -> float:
    return 1 / (1 + math.exp(-value))


def _planted(seed: int, per_municipality: int = 1000) -> list[Person]:
    rng = random.Random(seed)
    people = []
    for municipality, usual in ((1, X), (2, Y)):
        for _i in range(per_municipality):
            method = usual if rng.random() < 0.85 else ({X, Y} - {usual}).pop()
            chance = _expit(BASE[municipality] + EFFECT[method])
            people.append(
                Person(
                    method=method,
                    municipality=municipality,
                    origin=rng.choice(["SY", "TH", "SO"]),
                    age=rng.choice(["<30", "30-39", "40-49"]),
                    quarter=rng.choice(["2026Q1", "2026Q2"]),
                    contacted=rng.random() < chance,
                    intervention=False,
                )
            )
    return people


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_planted_effect_is_recovered_where_the_raw_rates_are_confounded(seed: int) -> None:
    people = _planted(seed)
    model = fit(people, lambda p: p.contacted)
    assert model.status == Fit.FITTED
    x, y = model.estimates[X], model.estimates[Y]
    # Raw: X looks better, because it is used where people are easy to reach.
    assert x.raw is not None and y.raw is not None and x.raw > y.raw + 0.15
    # The truth: everybody's chance with the method set to X, and to Y.
    truth = {
        m: sum(_expit(BASE[p.municipality] + EFFECT[m]) for p in people) / len(people)
        for m in (X, Y)
    }
    for method, estimate in ((X, x), (Y, y)):
        assert estimate.adjusted is not None and estimate.low is not None
        assert estimate.high is not None
        assert estimate.low <= truth[method] <= estimate.high
        assert estimate.low < estimate.adjusted < estimate.high
    assert y.adjusted > x.adjusted  # type: ignore[operator]


def _person(method: int, contacted: bool, municipality: int = 1) -> Person:
    return Person(method, municipality, "SY", "<30", "2026Q1", contacted, False)


def test_a_method_with_too_few_people_or_events_gets_no_estimate() -> None:
    people = [_person(X, i % 2 == 0) for i in range(60)]
    people += [_person(Y, i % 3 == 0) for i in range(60)]
    people += [_person(30, i % 2 == 0) for i in range(20)]  # 20 people: too few
    people += [_person(40, i < 3) for i in range(40)]  # 3 contacted: too few
    model = fit(people, lambda p: p.contacted)
    assert model.status == Fit.FITTED
    assert model.estimates[30].too_few and model.estimates[30].adjusted is None
    assert model.estimates[40].too_few and model.estimates[40].adjusted is None
    assert not model.estimates[X].too_few and model.estimates[X].adjusted is not None
    assert model.people == 120  # the flagged methods' people are left out of the fit


def test_fewer_than_two_methods_with_enough_people_fits_nothing() -> None:
    people = [_person(X, i % 2 == 0) for i in range(60)] + [_person(Y, True) for _i in range(3)]
    model = fit(people, lambda p: p.contacted)
    assert model.status == Fit.TOO_FEW_METHODS
    assert all(e.adjusted is None for e in model.estimates.values())
    assert fit([], lambda p: p.contacted).status == Fit.TOO_FEW_METHODS


def test_a_perfectly_separated_group_is_flagged_not_an_error() -> None:
    # Everybody in municipality 2 was contacted: its coefficient runs off to infinity.
    people = [_person(X, i % 2 == 0, 1) for i in range(60)]
    people += [_person(Y, i % 3 == 0, 1) for i in range(60)]
    people += [_person(X if i % 2 else Y, True, 2) for i in range(60)]
    model = fit(people, lambda p: p.contacted)
    assert model.status in {Fit.SEPARATED, Fit.NOT_CONVERGED}
    assert all(e.adjusted is None for e in model.estimates.values())
    assert model.estimates[X].people == 90  # the raw figures stay


def test_full_and_fractional_credit_for_every_method_that_met_her() -> None:
    people = [
        Person(X, 1, "SY", "<30", "2026Q1", True, False, frozenset({X, Y})),
        Person(Y, 1, "SY", "<30", "2026Q1", False, False, frozenset({Y})),
        Person(NO_METHOD, 1, "SY", "<30", "2026Q1", True, False, frozenset()),
    ]
    found = touches(people)
    assert (found[X].first, found[X].touched, found[X].touched_contacted) == (1, 1, 1)
    assert (found[Y].first, found[Y].touched, found[Y].touched_contacted) == (1, 2, 1)
    assert found[X].fractional == 0.5 and found[X].fractional_contacted == 0.5
    assert found[Y].fractional == 1.5 and found[Y].fractional_contacted == 0.5
    assert found[NO_METHOD].touched == 1 and found[NO_METHOD].fractional == 1.0
    # The shares of each person add up to the people.
    assert sum(t.fractional for t in found.values()) == pytest.approx(len(people))


def test_age_band() -> None:
    on = date(2026, 9, 30)
    assert age_band(None, on) == "unknown"
    assert age_band(date(1996, 10, 1), on) == "<30"  # 29 the day before her birthday
    assert age_band(date(1996, 9, 30), on) == "30-39"
    assert age_band(date(1976, 1, 1), on) == "50+"


@pytest.mark.django_db
def test_the_people_as_the_model_sees_them(cast: Cast) -> None:
    lists, posters = OutreachMethod.objects.order_by("category", "position")[:2]
    period = Period(date(2026, 7, 1), date(2026, 9, 30))

    def person(created: date, *methods: OutreachMethod, **fields: object) -> PersonRecord:
        found = PersonFactory(municipality=cast.viborg, **fields)
        PersonRecord.objects.filter(pk=found.pk).update(
            created_at=datetime(created.year, created.month, created.day, 10, tzinfo=COPENHAGEN)
        )
        refresh_facts([found.pk])  # the update went behind the services' back
        for method in methods:
            PersonSource.objects.create(person=found, method=method)
        return found

    a = person(
        date(2026, 7, 2), lists, posters, birth_date=date(1990, 1, 1), country_of_origin="th"
    )
    StatusEvent.objects.create(
        person=a, from_status="identified", to_status="contacted", occurred_on=date(2026, 7, 9)
    )
    b = person(date(2026, 8, 20), posters)
    Enrolment.objects.create(
        person=b,
        intervention_type=InterventionType.objects.get(name="Virksomhedspraktik"),
        started_on=date(2026, 9, 1),
    )
    person(date(2026, 9, 3), country_of_origin="")
    person(date(2026, 10, 3), lists)  # after the period: not hers
    found = sorted(people_of(municipality_ids=[cast.viborg.pk], period=period), key=str)
    assert len(found) == 3
    by_method = {p.method: p for p in found}
    first = by_method[lists.pk]
    assert first.touched == frozenset({lists.pk, posters.pk})
    assert (first.origin, first.age, first.quarter) == ("TH", "30-39", "2026Q3")
    assert first.contacted and not first.intervention
    second = by_method[posters.pk]
    assert second.contacted and second.intervention  # an intervention is a contact too
    nobody = by_method[NO_METHOD]
    assert nobody.origin == "unknown" and not nobody.contacted and nobody.touched == frozenset()
    result = compare_methods(found)
    assert result.contacted.status == Fit.TOO_FEW_METHODS
    assert result.touches[posters.pk].touched == 2
    assert result.touches[posters.pk].fractional == 1.5


def test_both_outcomes_at_once() -> None:
    result = compare_methods(_planted(4, per_municipality=200))
    assert result.contacted.status == Fit.FITTED
    # Nobody started an intervention: a single outcome for all is no comparison.
    assert result.intervention.status == Fit.TOO_FEW_METHODS
    assert set(result.touches) == {X, Y}


def test_the_fit_equals_statsmodels_glm() -> None:
    """The sparse Newton-Raphson fit gives statsmodels' binomial GLM's coefficients and
    covariance on the same grouped data."""
    import numpy as np
    from statsmodels.genmod.families import Binomial
    from statsmodels.genmod.generalized_linear_model import GLM

    from brobygger.measures.adjusted import _Design, _glm

    rng = random.Random(5)
    groups: dict[tuple[int, int, str, str, str], list[int]] = {}
    for _i in range(3000):
        key = (rng.choice([X, Y, 30]), rng.choice([1, 2, 3]), rng.choice("AB"), "<30", "2026Q1")
        line = groups.setdefault(key, [0, 0])
        line[0] += 1
        line[1] += rng.random() < _expit(0.3 * key[1] - 0.5 + (key[0] == Y))
    keys = list(groups)
    trials = np.array([groups[k][0] for k in keys], dtype=float)
    events = np.array([groups[k][1] for k in keys], dtype=float)
    design = _Design(keys)
    fitted = _glm(design.matrix, events, trials)
    assert fitted is not None
    params, covariance, converged = fitted
    assert converged
    reference = GLM(
        np.column_stack([events, trials - events]), design.matrix.toarray(), family=Binomial()
    ).fit()
    assert params == pytest.approx(np.asarray(reference.params), abs=1e-7)
    assert covariance == pytest.approx(np.asarray(reference.cov_params()), abs=1e-7)


def test_a_national_sized_comparison_fits_in_seconds() -> None:
    """98 municipalities, 25 methods, 40,000 people, nearly each a group of her own."""
    import time

    rng = random.Random(6)
    people = [
        Person(
            method=rng.randrange(25),
            municipality=(municipality := rng.randrange(98)),
            origin=rng.choice(["SY", "TH", "SO", "ER", "AF", "IQ"]),
            age=rng.choice(["<30", "30-39", "40-49", "50+"]),
            quarter=f"2026Q{rng.randrange(1, 5)}",
            contacted=rng.random() < _expit(-0.5 + (municipality % 7 - 3) * 0.2),
            intervention=rng.random() < 0.2,
        )
        for _i in range(40_000)
    ]
    started = time.process_time()
    result = compare_methods(people)
    assert result.contacted.status == Fit.FITTED
    assert result.intervention.status == Fit.FITTED
    # CPU seconds: 3 s wall for the whole test on this (busy) machine, data included.
    assert time.process_time() - started < 10
