"""Proposals end to end: optimal against exhaustive search over the pure scores, capacities
kept, blocked volunteers never proposed, reasons that explain the score, stable output."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import timedelta

import pytest

from brobygger.matching import (
    Mentee,
    Mentor,
    propose_activities,
    propose_association_pairs,
    propose_csr,
    propose_mentors,
    rank_mentors,
    scoring,
)
from brobygger.matching.propose import total
from brobygger.matching.text import similarity_matrix

from . import factories
from .factories import TODAY, best_total


def _mentor_case(rng: random.Random, n_mentors: int, n_mentees: int):
    mentors = [factories.mentor(rng, 1 + i) for i in range(n_mentors)]
    mentees = [factories.mentee(rng, 100 + j) for j in range(n_mentees)]
    return mentors, mentees


def _mentor_optimum(mentors, mentees) -> float:
    """The exhaustive optimum over the pairs the pure function accepts, with its scores."""
    usable = sorted(
        (m for m in mentors if scoring.mentor_block(m, TODAY) is None), key=lambda m: m.id
    )
    waiting = sorted(mentees, key=lambda p: p.id)
    text = similarity_matrix([m.text for m in usable], [p.text for p in waiting])
    edges = []
    for i, m in enumerate(usable):
        for j, p in enumerate(waiting):
            score = scoring.score_mentor(m, p, today=TODAY, text_similarity=float(text[i, j]))
            if score is not None:
                edges.append((("m", m.id), ("p", p.id), score.value))
    capacity = {("m", m.id): m.capacity for m in mentors} | {("p", p.id): 1 for p in mentees}
    return best_total(edges, capacity)


def _assert_explained(proposals) -> None:
    for proposal in proposals:
        assert proposal.score > 0
        assert proposal.reasons
        assert proposal.score == pytest.approx(sum(r.contribution for r in proposal.reasons))
    keys = [(-p.score, p.left_id, p.right_id) for p in proposals]
    assert keys == sorted(keys)


def test_mentor_proposals_are_optimal():
    rng = random.Random(11)
    for _ in range(200):
        mentors, mentees = _mentor_case(rng, rng.randint(1, 5), rng.randint(1, 6))
        proposals = propose_mentors(mentors, mentees, TODAY)
        _assert_explained(proposals)
        assert total(proposals) == pytest.approx(_mentor_optimum(mentors, mentees), abs=1e-6)


def test_capacities_hold_and_blocked_volunteers_are_never_proposed():
    rng = random.Random(12)
    blocked = 0
    for _ in range(100):
        mentors, mentees = _mentor_case(rng, rng.randint(1, 30), rng.randint(1, 60))
        blocked += sum(
            1 for m in mentors if scoring.mentor_block(m, TODAY) == "record_check_expired"
        )
        by_id = {m.id: m for m in mentors}
        proposals = propose_mentors(mentors, mentees, TODAY)
        per_mentor = Counter(p.left_id for p in proposals)
        assert all(n <= by_id[i].capacity for i, n in per_mentor.items())
        assert len({p.right_id for p in proposals}) == len(proposals)
        for i in per_mentor:
            mentor = by_id[i]
            assert mentor.trained
            assert mentor.record_check_valid_until is not None
            assert mentor.record_check_valid_until >= TODAY
        people = {p.id: p for p in mentees}
        for proposal in proposals:
            assert (
                scoring.mentor_pair_block(by_id[proposal.left_id], people[proposal.right_id], TODAY)
                is None
            )
            assert "shared_language" in {r.code for r in proposal.reasons}
    assert blocked > 100  # the cases do contain expired record checks


def test_a_record_check_that_expires_removes_the_volunteer():
    rng = random.Random(13)
    mentors, mentees = _mentor_case(rng, 20, 40)
    later = max(m.record_check_valid_until or TODAY for m in mentors)
    assert propose_mentors(mentors, mentees, later + timedelta(days=1)) == []


def test_proposals_do_not_depend_on_input_order():
    rng = random.Random(14)
    for _ in range(30):
        mentors, mentees = _mentor_case(rng, 12, 30)
        first = propose_mentors(mentors, mentees, TODAY)
        rng.shuffle(mentors)
        rng.shuffle(mentees)
        assert propose_mentors(mentors, mentees, TODAY) == first


def test_equal_scores_come_out_in_id_order():
    mentor = Mentor(
        id=7, languages=frozenset({"ar"}), capacity=3, record_check_valid_until=TODAY, trained=True
    )
    twins = [Mentee(id=i, languages=frozenset({"ar"})) for i in (5, 3, 4)]
    proposals = propose_mentors([mentor], twins, TODAY)
    assert [p.right_id for p in proposals] == [3, 4, 5]
    assert len({p.score for p in proposals}) == 1


def test_rank_mentors_is_a_shortlist():
    rng = random.Random(15)
    mentors, mentees = _mentor_case(rng, 40, 1)
    shortlist = rank_mentors(mentees[0], mentors, TODAY, limit=3)
    _assert_explained(shortlist)
    eligible = {m.id for m in mentors if scoring.mentor_pair_block(m, mentees[0], TODAY) is None}
    assert {p.left_id for p in shortlist} <= eligible
    assert len(shortlist) == min(3, len(eligible))


def test_cli_rows_are_json():
    rng = random.Random(16)
    mentors, mentees = _mentor_case(rng, 10, 20)
    rows = [
        p.as_dict("volunteer_id", "person_id") for p in propose_mentors(mentors, mentees, TODAY)
    ]
    assert rows
    decoded = json.loads(json.dumps(rows))
    assert set(decoded[0]) == {"volunteer_id", "person_id", "score", "reasons"}
    assert set(decoded[0]["reasons"][0]) == {"code", "contribution", "params"}


def test_association_pairs_are_optimal_once_and_never_with_themselves():
    rng = random.Random(17)
    for _ in range(150):
        kinds = ["association", "ethnic_minority_association", "company"]
        orgs = [factories.organisation(rng, i, rng.choice(kinds)) for i in range(rng.randint(2, 7))]
        proposals = propose_association_pairs(orgs)
        _assert_explained(proposals)
        by_id = {o.id: o for o in orgs}
        assert all(p.left_id < p.right_id for p in proposals)
        assert len({(p.left_id, p.right_id) for p in proposals}) == len(proposals)
        used = Counter([p.left_id for p in proposals] + [p.right_id for p in proposals])
        assert all(n <= by_id[i].capacity and by_id[i].is_association for i, n in used.items())

        group = sorted((o for o in orgs if o.is_association), key=lambda o: o.id)
        text = similarity_matrix([a.text_offered for a in group], [a.text_needed for a in group])
        edges = []
        for i, a in enumerate(group):
            for j in range(i + 1, len(group)):
                score = scoring.score_association_pair(
                    a, group[j], text_a_to_b=float(text[i, j]), text_b_to_a=float(text[j, i])
                )
                if score is not None:
                    edges.append((a.id, group[j].id, score.value))
        optimum = best_total(edges, {o.id: o.capacity for o in group})
        assert total(proposals) == pytest.approx(optimum, abs=1e-6)


def test_csr_proposals_are_optimal():
    rng = random.Random(18)
    for _ in range(150):
        associations = [
            factories.organisation(rng, i, "association") for i in range(rng.randint(1, 4))
        ]
        companies = [
            factories.organisation(rng, 50 + i, "company") for i in range(rng.randint(1, 4))
        ]
        proposals = propose_csr(companies + associations)
        _assert_explained(proposals)
        by_id = {o.id: o for o in associations + companies}
        assert all(
            by_id[p.left_id].is_association and by_id[p.right_id].is_company for p in proposals
        )
        used = Counter([p.left_id for p in proposals] + [p.right_id for p in proposals])
        assert all(n <= by_id[i].capacity for i, n in used.items())

        text = similarity_matrix(
            [a.text_needed for a in associations], [c.text_offered for c in companies]
        )
        edges = []
        for i, a in enumerate(associations):
            for j, c in enumerate(companies):
                score = scoring.score_csr(a, c, text_similarity=float(text[i, j]))
                if score is not None:
                    edges.append((a.id, c.id, score.value))
        optimum = best_total(edges, {o.id: o.capacity for o in by_id.values()})
        assert total(proposals) == pytest.approx(optimum, abs=1e-6)


@pytest.mark.parametrize("per_person", [1, 2])
def test_activity_proposals_are_optimal(per_person):
    rng = random.Random(19 + per_person)
    for _ in range(150):
        people = [factories.mentee(rng, i) for i in range(rng.randint(1, 6))]
        activities = [factories.activity(rng, 50 + j) for j in range(rng.randint(1, 4))]
        proposals = propose_activities(people, activities, per_person=per_person)
        _assert_explained(proposals)
        places = {a.id: a.places for a in activities}
        assert all(n <= places[j] for j, n in Counter(p.right_id for p in proposals).items())
        assert all(n <= per_person for n in Counter(p.left_id for p in proposals).values())

        text = similarity_matrix([p.text for p in people], [a.text for a in activities])
        edges = []
        for i, p in enumerate(people):
            for j, a in enumerate(activities):
                score = scoring.score_activity(p, a, text_similarity=float(text[i, j]))
                if score is not None:
                    edges.append((("p", p.id), ("a", a.id), score.value))
        capacity = {("p", p.id): per_person for p in people} | {
            ("a", a.id): a.places for a in activities
        }
        assert total(proposals) == pytest.approx(best_total(edges, capacity), abs=1e-6)


def test_empty_inputs():
    rng = random.Random(20)
    mentors, mentees = _mentor_case(rng, 3, 3)
    assert propose_mentors([], [], TODAY) == []
    assert propose_mentors(mentors, [], TODAY) == []
    assert propose_mentors([], mentees, TODAY) == []
    assert rank_mentors(mentees[0], [], TODAY) == []
    assert propose_association_pairs([]) == []
    assert propose_csr([]) == []
    assert propose_activities(mentees, []) == []


def test_declined_pairs_are_left_out_and_the_rest_stays_optimal() -> None:
    from datetime import date

    from brobygger.matching.profiles import Mentee, Mentor
    from brobygger.matching.propose import propose_mentors

    today = date(2026, 11, 23)
    mentors = [
        Mentor(id=1, languages=frozenset({"ar"}), trained=True, capacity=1,
               interests=frozenset({"job_search"}), record_check_valid_until=date(2027, 1, 1)),
        Mentor(id=2, languages=frozenset({"ar"}), trained=True, capacity=1,
               record_check_valid_until=date(2027, 1, 1)),
    ]  # fmt: skip
    mentees = [Mentee(id=10, languages=frozenset({"ar"}), interests=frozenset({"job_search"}))]
    assert {p.left_id for p in propose_mentors(mentors, mentees, today)} == {1}
    kept = propose_mentors(mentors, mentees, today, exclude={(1, 10)})
    assert [(p.left_id, p.right_id) for p in kept] == [(2, 10)]
    assert propose_mentors(mentors, mentees, today, exclude={(1, 10), (2, 10)}) == []
