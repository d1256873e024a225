"""From profiles to proposals: score the eligible pairs, assign optimally, explain each pair.

These are the functions the Django layer and the command line call (``brobygger match
mentors --municipality CODE --json`` prints ``Proposal.as_dict("volunteer_id",
"person_id")``). Inputs are sorted by id first, so the same people in any order give the same
proposals; proposals come best first, ties by id.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import numpy as np

from . import batch, geo, scoring
from .assignment import assign, assign_within
from .profiles import Activity, Mentee, Mentor, Organisation
from .scoring import Reason, Score
from .text import similarity_matrix


@dataclass(frozen=True, slots=True)
class Proposal:
    left_id: int
    right_id: int
    score: float
    reasons: tuple[Reason, ...]

    def as_dict(self, left: str = "left_id", right: str = "right_id") -> dict[str, Any]:
        return {
            left: self.left_id,
            right: self.right_id,
            "score": round(self.score, 4),
            "reasons": [reason.as_dict() for reason in self.reasons],
        }


_T = TypeVar("_T", Mentor, Mentee, Organisation, Activity)


def _by_id(items: Iterable[_T]) -> list[_T]:
    return sorted(items, key=lambda item: item.id)


def _ranked(proposals: Iterable[Proposal]) -> list[Proposal]:
    return sorted(proposals, key=lambda p: (-p.score, p.left_id, p.right_id))


def _km(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _explained(
    chosen: Iterable[int],
    explain: Callable[[int], Score | None],
    ids: Callable[[int], tuple[int, int]],
) -> list[Proposal]:
    """Proposals for the chosen edges, with the reasons of the pure scoring functions."""
    proposals = []
    for edge in chosen:
        score = explain(edge)
        if score is None or score.value <= 0:  # the batch scoring never lets such a pair in
            raise RuntimeError(f"pair {ids(edge)} was assigned but is not eligible")
        proposals.append(Proposal(*ids(edge), score.value, score.reasons))
    return _ranked(proposals)


# (a) mentor ↔ person


def _mentor_batch(
    mentors: Iterable[Mentor],
    mentees: Iterable[Mentee],
    today: date,
    exclude: Collection[tuple[int, int]] = (),
) -> tuple[list[Mentor], list[Mentee], np.ndarray, batch.Edges]:
    usable = _by_id(m for m in mentors if scoring.mentor_block(m, today) is None)
    waiting = _by_id(mentees)
    text = similarity_matrix([m.text for m in usable], [p.text for p in waiting])
    edges = batch.mentor_edges(usable, waiting, today, text)
    if exclude:
        # Pairs a coordinator declined are not edges at all, so the optimum is taken over
        # the rest (dropping them after the assignment would leave slots unused).
        declined = set(exclude)
        keep = np.array(
            [
                (usable[i].id, waiting[j].id) not in declined
                for i, j in zip(edges.rows.tolist(), edges.cols.tolist(), strict=True)
            ],
            dtype=bool,
        ).reshape(-1)
        edges = batch.Edges(edges.rows[keep], edges.cols[keep], edges.score[keep], edges.km[keep])
    return usable, waiting, text, edges


def _explain_mentor(
    usable: list[Mentor], waiting: list[Mentee], today: date, text: np.ndarray, edges: batch.Edges
) -> Callable[[int], Score | None]:
    def explain(edge: int) -> Score | None:
        i, j = int(edges.rows[edge]), int(edges.cols[edge])
        return scoring.score_mentor(
            usable[i],
            waiting[j],
            today=today,
            text_similarity=float(text[i, j]),
            distance_km=_km(edges.km[edge]),
        )

    return explain


def propose_mentors(
    mentors: Iterable[Mentor],
    mentees: Iterable[Mentee],
    today: date,
    exclude: Collection[tuple[int, int]] = (),
) -> list[Proposal]:
    """The best set of mentorships: each volunteer within her free slots, each person one.

    Maximises the total score over eligible pairs only; a volunteer whose record check has
    expired on ``today``, or who lacks training, is never in a proposal, nor is a (mentor id,
    mentee id) pair in ``exclude`` (declined by the coordinator).
    """
    usable, waiting, text, edges = _mentor_batch(mentors, mentees, today, exclude)
    chosen = assign(
        edges.rows, edges.cols, edges.score, [m.capacity for m in usable], np.ones(len(waiting))
    )
    return _explained(
        chosen,
        _explain_mentor(usable, waiting, today, text, edges),
        lambda e: (usable[edges.rows[e]].id, waiting[edges.cols[e]].id),
    )


def rank_mentors(
    mentee: Mentee, mentors: Iterable[Mentor], today: date, limit: int = 5
) -> list[Proposal]:
    """The best eligible volunteers for one person, ignoring everybody else (a shortlist)."""
    usable, waiting, text, edges = _mentor_batch(mentors, [mentee], today)
    best = np.lexsort((edges.rows, -edges.score))[:limit]
    return _explained(
        best.tolist(),
        _explain_mentor(usable, waiting, today, text, edges),
        lambda e: (usable[edges.rows[e]].id, mentee.id),
    )


# (b) association ↔ association, (c) association ↔ company: a few hundred organisations, so
# the pure functions score every pair directly.


def _scored(
    pairs: Iterable[tuple[int, int]], score: Callable[[int, int], Score | None]
) -> tuple[list[tuple[int, int]], list[Score]]:
    edges, scores = [], []
    for i, j in pairs:
        result = score(i, j)
        if result is not None:
            edges.append((i, j))
            scores.append(result)
    return edges, scores


def propose_association_pairs(organisations: Iterable[Organisation]) -> list[Proposal]:
    """Associations to introduce to each other: each pair once, left id < right id.

    Each association takes part in at most ``capacity`` proposed cooperations.
    """
    group = _by_id(o for o in organisations if o.is_association)
    text = similarity_matrix([a.text_offered for a in group], [a.text_needed for a in group])
    km = geo.distance_matrix([a.location for a in group], [a.location for a in group])
    edges, scores = _scored(
        ((i, j) for i in range(len(group)) for j in range(i + 1, len(group))),
        lambda i, j: scoring.score_association_pair(
            group[i],
            group[j],
            text_a_to_b=float(text[i, j]),
            text_b_to_a=float(text[j, i]),
            distance_km=_km(km[i, j]),
        ),
    )
    chosen = assign_within(
        [i for i, _ in edges],
        [j for _, j in edges],
        [score.value for score in scores],
        [a.capacity for a in group],
    )
    return _explained(
        chosen, scores.__getitem__, lambda e: (group[edges[e][0]].id, group[edges[e][1]].id)
    )


def propose_csr(organisations: Iterable[Organisation]) -> list[Proposal]:
    """Companies whose competences cover associations' needs (left association, right company)."""
    everybody = _by_id(organisations)
    associations = [o for o in everybody if o.is_association]
    companies = [o for o in everybody if o.is_company]
    text = similarity_matrix(
        [a.text_needed for a in associations], [c.text_offered for c in companies]
    )
    km = geo.distance_matrix([a.location for a in associations], [c.location for c in companies])
    edges, scores = _scored(
        ((i, j) for i in range(len(associations)) for j in range(len(companies))),
        lambda i, j: scoring.score_csr(
            associations[i],
            companies[j],
            text_similarity=float(text[i, j]),
            distance_km=_km(km[i, j]),
        ),
    )
    chosen = assign(
        [i for i, _ in edges],
        [j for _, j in edges],
        [score.value for score in scores],
        [a.capacity for a in associations],
        [c.capacity for c in companies],
    )
    return _explained(
        chosen,
        scores.__getitem__,
        lambda e: (associations[edges[e][0]].id, companies[edges[e][1]].id),
    )


# (d) person ↔ association activity


def propose_activities(
    people: Iterable[Mentee], activities: Iterable[Activity], per_person: int = 1
) -> list[Proposal]:
    """Activities for people (left person, right activity), within the free places."""
    persons = _by_id(people)
    offers = _by_id(activities)
    text = similarity_matrix([p.text for p in persons], [a.text for a in offers])
    edges = batch.activity_edges(persons, offers, text)
    chosen = assign(
        edges.rows,
        edges.cols,
        edges.score,
        np.full(len(persons), per_person),
        [a.places for a in offers],
    )

    def explain(e: int) -> Score | None:
        i, j = int(edges.rows[e]), int(edges.cols[e])
        return scoring.score_activity(
            persons[i], offers[j], text_similarity=float(text[i, j]), distance_km=_km(edges.km[e])
        )

    return _explained(
        chosen, explain, lambda e: (persons[edges.rows[e]].id, offers[edges.cols[e]].id)
    )


def total(proposals: Sequence[Proposal]) -> float:
    """The summed score, what the assignment maximises."""
    return sum(p.score for p in proposals)
