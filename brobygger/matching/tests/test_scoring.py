"""The pure scoring functions: hard constraints, reasons, symmetry, and the vectorised twin."""

from __future__ import annotations

import dataclasses
import random
from datetime import timedelta

import numpy as np
import pytest

from brobygger.matching import Activity, Mentee, Mentor, Organisation, batch, scoring
from brobygger.matching.text import similarity_matrix

from . import factories
from .factories import TODAY

HERE = (55.676, 12.568)
NEAR = (55.680, 12.570)  # about 0.5 km away
FAR = (55.776, 12.568)  # about 11 km away

MENTOR = Mentor(
    id=1,
    languages=frozenset({"da", "ar"}),
    interests=frozenset({"cycling", "job_search"}),
    location=HERE,
    max_distance_km=5,
    capacity=2,
    record_check_valid_until=TODAY + timedelta(days=30),
    trained=True,
    gender="female",
)
MENTEE = Mentee(
    id=2,
    languages=frozenset({"ar"}),
    interests=frozenset({"cycling", "cooking"}),
    location=NEAR,
    gender="female",
    waiting_since=TODAY - timedelta(days=90),
)


def _consistent(score: scoring.Score) -> None:
    assert 0 < score.value <= 1
    assert score.value == pytest.approx(sum(r.contribution for r in score.reasons))
    assert all(r.contribution > 0 for r in score.reasons)
    assert all(r.code in scoring.REASON_TEXTS for r in score.reasons)
    assert all(r.describe() for r in score.reasons)


def test_weights_add_up_to_one():
    for weights in [scoring.MENTOR_WEIGHTS, scoring.ORGANISATION_WEIGHTS, scoring.ACTIVITY_WEIGHTS]:
        assert sum(dataclasses.astuple(weights)) == pytest.approx(1.0)


def test_a_good_pair_and_its_reasons():
    score = scoring.score_mentor(MENTOR, MENTEE, today=TODAY, text_similarity=0.4)
    assert score is not None
    _consistent(score)
    reasons = {r.code: r for r in score.reasons}
    assert reasons["shared_language"].params == {"languages": ["ar"]}
    assert reasons["shared_language"].contribution == pytest.approx(0.30)
    assert reasons["shared_interests"].params == {"interests": ["cycling"]}
    assert reasons["shared_interests"].contribution == pytest.approx(0.25 / 2)
    assert reasons["nearby"].params["km"] == pytest.approx(0.5, abs=0.1)
    assert reasons["similar_text"].contribution == pytest.approx(0.15 * 0.4)
    assert reasons["waiting_time"].params == {"days": 90}
    assert reasons["waiting_time"].contribution == pytest.approx(0.10 * 0.5)
    assert reasons["shared_language"].describe() == "Both speak ar"


def test_sharing_only_danish_earns_half_the_language_credit():
    danish = dataclasses.replace(MENTEE, languages=frozenset({"da"}))
    score = scoring.score_mentor(MENTOR, danish, today=TODAY)
    assert score is not None
    language = next(r for r in score.reasons if r.code == "shared_language")
    assert language.contribution == pytest.approx(0.30 * scoring.DANISH_ONLY)


@pytest.mark.parametrize(
    ("mentor", "mentee", "code"),
    [
        (dict(record_check_valid_until=TODAY - timedelta(days=1)), {}, "record_check_expired"),
        (dict(record_check_valid_until=None), {}, "record_check_missing"),
        (dict(trained=False), {}, "not_trained"),
        (dict(capacity=0), {}, "no_capacity"),
        ({}, dict(languages=frozenset({"so"})), "no_shared_language"),
        ({}, dict(location=FAR), "too_far"),
        ({}, dict(max_distance_km=0.2), "too_far"),
        (dict(gender="male"), dict(wants_mentor_gender="female"), "mentor_gender_wish"),
        (dict(mentee_gender="female"), dict(gender="male"), "mentee_gender_restriction"),
    ],
)
def test_hard_constraints(mentor, mentee, code):
    a = dataclasses.replace(MENTOR, **mentor)
    b = dataclasses.replace(MENTEE, **mentee)
    assert scoring.mentor_pair_block(a, b, TODAY) == code
    assert scoring.score_mentor(a, b, today=TODAY) is None


def test_the_record_check_is_valid_on_its_last_day():
    last_day = dataclasses.replace(MENTOR, record_check_valid_until=TODAY)
    assert scoring.score_mentor(last_day, MENTEE, today=TODAY) is not None
    assert scoring.score_mentor(last_day, MENTEE, today=TODAY + timedelta(days=1)) is None


def test_an_unknown_location_blocks_nothing_and_earns_nothing():
    nowhere = dataclasses.replace(MENTEE, location=None)
    score = scoring.score_mentor(MENTOR, nowhere, today=TODAY)
    assert score is not None
    assert "nearby" not in {r.code for r in score.reasons}


def test_random_pairs_score_consistently():
    rng = random.Random(3)
    for k in range(2000):
        score = scoring.score_mentor(
            factories.mentor(rng, k),
            factories.mentee(rng, k),
            today=TODAY,
            text_similarity=rng.choice([0.0, rng.random()]),
        )
        if score is not None:
            _consistent(score)


def test_the_vectorised_scores_equal_the_pure_ones():
    rng = random.Random(4)
    for _ in range(20):
        mentors = [factories.mentor(rng, i) for i in range(15)]
        mentees = [factories.mentee(rng, 100 + j) for j in range(25)]
        text = similarity_matrix([m.text for m in mentors], [p.text for p in mentees])
        edges = batch.mentor_edges(mentors, mentees, TODAY, text)
        found = {
            (int(i), int(j)): float(s)
            for i, j, s in zip(edges.rows, edges.cols, edges.score, strict=True)
        }
        for i, m in enumerate(mentors):
            for j, p in enumerate(mentees):
                pure = scoring.score_mentor(m, p, today=TODAY, text_similarity=float(text[i, j]))
                assert (pure is None) == ((i, j) not in found)
                if pure is not None:
                    assert found[i, j] == pytest.approx(pure.value, abs=1e-6)

        activities = [factories.activity(rng, 200 + j) for j in range(8)]
        text = similarity_matrix([p.text for p in mentees], [a.text for a in activities])
        edges = batch.activity_edges(mentees, activities, text)
        found = {
            (int(i), int(j)): float(s)
            for i, j, s in zip(edges.rows, edges.cols, edges.score, strict=True)
        }
        for i, p in enumerate(mentees):
            for j, a in enumerate(activities):
                pure = scoring.score_activity(p, a, text_similarity=float(text[i, j]))
                assert (pure is None) == ((i, j) not in found)
                if pure is not None:
                    _consistent(pure)
                    assert found[i, j] == pytest.approx(pure.value, abs=1e-6)


def test_the_grid_distance_agrees_with_haversine():
    rng = random.Random(5)
    points = [factories.place(rng, 30) for _ in range(40)]
    grid = batch.geo.distance_matrix(points, points)
    for i, a in enumerate(points):
        for j, b in enumerate(points):
            km = batch.geo.distance_km(a, b)
            if km is None:
                assert np.isnan(grid[i, j])
            else:
                assert grid[i, j] == pytest.approx(km, abs=1e-3)  # a metre


ASSOCIATION = Organisation(
    id=10,
    kind="association",
    offers=frozenset({"accounting", "housing_cooperation"}),
    needs=frozenset({"fundraising"}),
    target_groups=frozenset({"women"}),
    location=HERE,
)
MINORITY = Organisation(
    id=11,
    kind="ethnic_minority_association",
    offers=frozenset({"target_group_access"}),
    needs=frozenset({"accounting", "board_work"}),
    target_groups=frozenset({"women", "children"}),
    location=NEAR,
)
COMPANY = Organisation(
    id=20,
    kind="company",
    offers=frozenset({"accounting", "it"}),
    needs=frozenset({"target_group_access"}),
    location=FAR,
)


def test_an_association_with_a_competence_meets_one_that_lacks_it():
    score = scoring.score_association_pair(ASSOCIATION, MINORITY)
    assert score is not None
    _consistent(score)
    covers = [r for r in score.reasons if r.code == "covers_need"]
    assert covers == [
        scoring.Reason(
            "covers_need",
            0.55 / 2 * 0.5,
            {"giver": 10, "receiver": 11, "competences": ["accounting"]},
        )
    ]
    assert {r.code for r in score.reasons} >= {"nearby", "shared_target_group"}


def test_association_pairs_are_symmetric_and_never_with_themselves():
    rng = random.Random(6)
    for k in range(500):
        a = factories.organisation(rng, 2 * k, "association")
        b = factories.organisation(rng, 2 * k + 1, "association")
        ab, ba = rng.random(), rng.random()
        one = scoring.score_association_pair(a, b, text_a_to_b=ab, text_b_to_a=ba)
        two = scoring.score_association_pair(b, a, text_a_to_b=ba, text_b_to_a=ab)
        assert (one is None) == (two is None)
        if one is not None and two is not None:
            _consistent(one)
            assert one.value == pytest.approx(two.value)
        assert scoring.score_association_pair(a, a) is None
    assert scoring.association_pair_block(ASSOCIATION, COMPANY, 0) == "not_an_association"


def test_nothing_to_give_is_no_match():
    plain = dataclasses.replace(MINORITY, needs=frozenset({"legal"}), offers=frozenset())
    assert scoring.association_pair_block(ASSOCIATION, plain, 0.0) == "nothing_to_offer"
    assert scoring.score_association_pair(ASSOCIATION, plain, text_a_to_b=0.5) is not None


def test_a_company_covers_an_associations_need():
    score = scoring.score_csr(MINORITY, COMPANY, text_similarity=0.3)
    assert score is not None
    _consistent(score)
    codes = [r.code for r in score.reasons]
    assert codes.count("covers_need") == 2  # the company's competence and what it gets back
    assert scoring.score_csr(COMPANY, MINORITY) is None
    assert scoring.csr_block(MINORITY, dataclasses.replace(COMPANY, capacity=0), 0) == "no_capacity"


def test_activities():
    walk = Activity(
        id=30,
        organisation_id=11,
        languages=frozenset({"ar", "da"}),
        topics=frozenset({"cycling", "sport"}),
        location=NEAR,
        places=5,
        target_gender="female",
    )
    score = scoring.score_activity(MENTEE, walk)
    assert score is not None
    _consistent(score)
    assert next(r for r in score.reasons if r.code == "shared_topics").params == {
        "topics": ["cycling"]
    }
    assert (
        scoring.activity_block(dataclasses.replace(MENTEE, gender="male"), walk) == "target_gender"
    )
    assert scoring.activity_block(MENTEE, dataclasses.replace(walk, places=0)) == "no_capacity"
    assert scoring.activity_block(MENTEE, dataclasses.replace(walk, location=FAR)) is None
    assert (
        scoring.activity_block(
            dataclasses.replace(MENTEE, max_distance_km=5), dataclasses.replace(walk, location=FAR)
        )
        == "too_far"
    )
