"""The solvers against exhaustive search, and the promises of their interface."""

from __future__ import annotations

import random

import pytest

from brobygger.matching.assignment import assign, assign_within

from .factories import best_total


def _instance(rng: random.Random, left_caps: tuple[int, int], right_caps: tuple[int, int]):
    n_left, n_right = rng.randint(1, 5), rng.randint(1, 6)
    edges = [
        (i, j, round(rng.random(), 3) if rng.random() < 0.9 else 0.0)
        for i in range(n_left)
        for j in range(n_right)
        if rng.random() < 0.6
    ]
    left = [rng.randint(*left_caps) for _ in range(n_left)]
    right = [rng.randint(*right_caps) for _ in range(n_right)]
    return edges, left, right


def _solve(edges, left, right, method="auto"):
    chosen = assign(
        [e[0] for e in edges], [e[1] for e in edges], [e[2] for e in edges], left, right, method
    )
    return [edges[k] for k in chosen]


def _check(picked, left, right):
    for i, cap in enumerate(left):
        assert sum(1 for e in picked if e[0] == i) <= cap
    for j, cap in enumerate(right):
        assert sum(1 for e in picked if e[1] == j) <= cap
    assert all(e[2] > 0 for e in picked)
    assert len({(e[0], e[1]) for e in picked}) == len(picked)


def _exhaustive(edges, left, right):
    capacity = {("L", i): c for i, c in enumerate(left)} | {
        ("R", j): c for j, c in enumerate(right)
    }
    return best_total([(("L", i), ("R", j), s) for i, j, s in edges], capacity)


@pytest.mark.parametrize("method", ["auto", "sparse", "dense"])
def test_one_sided_capacities_are_optimal(method):
    rng = random.Random(6)
    for _ in range(200):
        edges, left, right = _instance(rng, (0, 2), (1, 1))
        picked = _solve(edges, left, right, method)
        _check(picked, left, right)
        assert sum(e[2] for e in picked) == pytest.approx(_exhaustive(edges, left, right), abs=1e-9)


def test_capacity_one_on_the_left_is_solved_from_the_right():
    rng = random.Random(7)
    for _ in range(200):
        edges, left, right = _instance(rng, (0, 1), (1, 3))
        picked = _solve(edges, left, right)
        _check(picked, left, right)
        assert sum(e[2] for e in picked) == pytest.approx(_exhaustive(edges, left, right), abs=1e-9)


def test_capacities_on_both_sides_are_optimal():
    rng = random.Random(8)
    for _ in range(200):
        edges, left, right = _instance(rng, (1, 2), (1, 2))
        picked = _solve(edges, left, right)
        _check(picked, left, right)
        assert sum(e[2] for e in picked) == pytest.approx(_exhaustive(edges, left, right), abs=1e-9)


def test_pairs_within_one_set_are_optimal():
    rng = random.Random(9)
    for _ in range(200):
        n = rng.randint(2, 6)
        edges = [
            (i, j, round(rng.random(), 3))
            for i in range(n)
            for j in range(i + 1, n)
            if rng.random() < 0.6
        ]
        capacity = [rng.randint(0, 2) for _ in range(n)]
        chosen = assign_within(
            [e[0] for e in edges], [e[1] for e in edges], [e[2] for e in edges], capacity
        )
        picked = [edges[k] for k in chosen]
        for node, cap in enumerate(capacity):
            assert sum(1 for e in picked if node in e[:2]) <= cap
        expected = best_total(edges, dict(enumerate(capacity)))
        assert sum(e[2] for e in picked) == pytest.approx(expected, abs=1e-9)


def test_nothing_to_assign():
    assert assign([], [], [], [1], [1]) == []
    assert assign([0], [0], [0.0], [1], [1]) == []
    assert assign([0], [0], [0.5], [0], [1]) == []
    assert assign_within([], [], [], [1, 1]) == []


def test_a_slot_stays_free_rather_than_taking_nothing():
    # One mentor with three slots but only one eligible person: one proposal, not three.
    assert assign([0, 1], [0, 0], [0.9, 0.4], [3, 1], [1]) == [0]


def test_invalid_input_is_refused():
    with pytest.raises(ValueError, match="length"):
        assign([0, 1], [0], [0.5], [1, 1], [1])
    with pytest.raises(ValueError, match="twice"):
        assign([0, 0], [0, 0], [0.5, 0.6], [2], [1])
    with pytest.raises(ValueError, match="itself"):
        assign_within([0], [0], [0.5], [1])
    with pytest.raises(ValueError, match="twice"):
        assign_within([0, 1], [1, 0], [0.5, 0.6], [1, 1])
