"""Pure scoring of one pair: a score in [0, 1] with its reasons, or None when ineligible.

Every score is a weighted sum of components in [0, 1]; the weights of a kind add up to 1, so
the score is in [0, 1] and each reason's ``contribution`` is its share (the contributions of
a score add up to its value). The weights and thresholds below are the only tuning knobs:

mentor ↔ person      language .30 · interests .25 · distance .20 · text .15 · waiting .10
association pair     needs covered .55 · text .20 · distance .15 · target group .10
association ↔ company needs covered .55 · text .20 · distance .15 · company's needs .10
person ↔ activity    topics .35 · language .30 · distance .20 · text .15

Hard constraints (the pair is never proposed, ``*_block`` says why): a mentor without free
slots, without training, or whose record check (børneattest/straffeattest) is missing or
expired on ``today``; no shared language; beyond either side's travel distance; a gender wish
not met; an organisation without capacity; associations or companies with nothing to give
each other. An unknown location blocks nothing and earns no distance credit.

Reasons carry a stable ``code`` and plain ``params``; the Django layer words them in Danish or
English. ``REASON_TEXTS`` are English defaults for logs and the command line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import geo
from .profiles import Activity, Mentee, Mentor, Organisation


@dataclass(frozen=True, slots=True)
class MentorWeights:
    language: float = 0.30
    interests: float = 0.25
    distance: float = 0.20
    text: float = 0.15
    waiting: float = 0.10


@dataclass(frozen=True, slots=True)
class OrganisationWeights:
    needs: float = 0.55
    text: float = 0.20
    distance: float = 0.15
    other: float = 0.10  # shared target group (association pair) or company's needs (CSR)


@dataclass(frozen=True, slots=True)
class ActivityWeights:
    topics: float = 0.35
    language: float = 0.30
    distance: float = 0.20
    text: float = 0.15


MENTOR_WEIGHTS = MentorWeights()
ORGANISATION_WEIGHTS = OrganisationWeights()
ACTIVITY_WEIGHTS = ActivityWeights()

DANISH = "da"
# Sharing only Danish is enough to meet, but a mentor who speaks her first language can
# explain letters from the municipality: half the language credit without it.
DANISH_ONLY = 0.5
# Who waited half a year gets the full waiting credit, so long waiters go first.
WAITING_FULL_DAYS = 180
# Organisations rarely have a travel limit: proximity fades out linearly over this distance.
ORGANISATION_DISTANCE_KM = 25.0
# How far a person travels to an activity when she has not said.
ACTIVITY_DISTANCE_KM = 15.0
# Organisations without a taxonomy key in common qualify on their texts from this similarity.
TEXT_ONLY_MIN = 0.2

REASON_TEXTS: Mapping[str, str] = {
    "shared_language": "Both speak {languages}",
    "shared_interests": "Common interests: {interests}",
    "shared_topics": "The activity is about {topics}",
    "nearby": "{km} km apart",
    "similar_text": "Their descriptions are alike (similarity {similarity})",
    "waiting_time": "Has waited {days} days",
    "covers_need": "Organisation {giver} can help organisation {receiver} with {competences}",
    "shared_target_group": "Both work with {target_groups}",
}


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    contribution: float
    params: Mapping[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        """English default wording (the Django layer has its own, translated)."""
        params = {
            k: ", ".join(map(str, v)) if isinstance(v, list) else v for k, v in self.params.items()
        }
        return REASON_TEXTS.get(self.code, self.code).format(**params)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "contribution": round(self.contribution, 4),
            "params": dict(self.params),
        }


@dataclass(frozen=True, slots=True)
class Score:
    value: float
    reasons: tuple[Reason, ...]


def _score(*reasons: Reason | None) -> Score:
    kept = tuple(r for r in reasons if r is not None and r.contribution > 0)
    return Score(sum(r.contribution for r in kept), kept)


def _reason(code: str, weight: float, value: float, **params: Any) -> Reason | None:
    return Reason(code, weight * value, params) if value > 0 else None


# Components, shared with the vectorised scoring in ``batch.py``.


def language_value(shares_other_than_danish: bool) -> float:
    return 1.0 if shares_other_than_danish else DANISH_ONLY


def coverage(shared: int, wanted: int) -> float:
    """The share of what one side wants that the other side has."""
    return shared / wanted if wanted else 0.0


def nearness(km: float, limit: float) -> float:
    """1 at the same place, 0 at ``limit`` km and beyond."""
    if limit <= 0:
        return 1.0 if km <= 0 else 0.0
    return max(0.0, 1.0 - km / limit)


def waiting_value(days: int) -> float:
    return min(max(days, 0), WAITING_FULL_DAYS) / WAITING_FULL_DAYS


def _km(a: Any, b: Any, distance_km: float | None) -> float | None:
    return distance_km if distance_km is not None else geo.distance_km(a.location, b.location)


# Mentor ↔ person


def mentor_block(mentor: Mentor, today: date) -> str | None:
    """Why this volunteer cannot be proposed to anybody today, or None."""
    if mentor.capacity <= 0:
        return "no_capacity"
    if not mentor.trained:
        return "not_trained"
    if mentor.record_check_valid_until is None:
        return "record_check_missing"
    if mentor.record_check_valid_until < today:
        return "record_check_expired"
    return None


def mentor_limit_km(mentor: Mentor, mentee: Mentee) -> float:
    """The shorter of the two travel distances."""
    if mentee.max_distance_km is None:
        return mentor.max_distance_km
    return min(mentor.max_distance_km, mentee.max_distance_km)


def mentor_pair_block(
    mentor: Mentor, mentee: Mentee, today: date, distance_km: float | None = None
) -> str | None:
    """Why this volunteer cannot be this person's mentor, or None."""
    if blocked := mentor_block(mentor, today):
        return blocked
    if not mentor.languages & mentee.languages:
        return "no_shared_language"
    if mentee.wants_mentor_gender is not None and mentor.gender != mentee.wants_mentor_gender:
        return "mentor_gender_wish"
    if mentor.mentee_gender is not None and mentee.gender != mentor.mentee_gender:
        return "mentee_gender_restriction"
    km = _km(mentor, mentee, distance_km)
    if km is not None and km > mentor_limit_km(mentor, mentee):
        return "too_far"
    return None


def score_mentor(
    mentor: Mentor,
    mentee: Mentee,
    *,
    today: date,
    text_similarity: float = 0.0,
    distance_km: float | None = None,
) -> Score | None:
    """How well a volunteer suits a person as mentor; None when a hard constraint fails."""
    if mentor_pair_block(mentor, mentee, today, distance_km):
        return None
    w = MENTOR_WEIGHTS
    languages = mentor.languages & mentee.languages
    interests = mentor.interests & mentee.interests
    km = _km(mentor, mentee, distance_km)
    days = (today - mentee.waiting_since).days if mentee.waiting_since else 0
    return _score(
        _reason(
            "shared_language",
            w.language,
            language_value(bool(languages - {DANISH})),
            languages=sorted(languages),
        ),
        _reason(
            "shared_interests",
            w.interests,
            coverage(len(interests), len(mentee.interests)),
            interests=sorted(interests),
        ),
        None
        if km is None
        else _reason(
            "nearby", w.distance, nearness(km, mentor_limit_km(mentor, mentee)), km=round(km, 1)
        ),
        _reason("similar_text", w.text, text_similarity, similarity=round(text_similarity, 2)),
        _reason("waiting_time", w.waiting, waiting_value(days), days=days),
    )


# Association ↔ association, association ↔ company


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _covers(giver: Organisation, receiver: Organisation, weight: float) -> Reason | None:
    competences = giver.offers & receiver.needs
    return _reason(
        "covers_need",
        weight,
        coverage(len(competences), len(receiver.needs)),
        giver=giver.id,
        receiver=receiver.id,
        competences=sorted(competences),
    )


def association_pair_block(a: Organisation, b: Organisation, best_text: float) -> str | None:
    """Why two associations should not be introduced to each other, or None."""
    if a.id == b.id:
        return "same_organisation"
    if not (a.is_association and b.is_association):
        return "not_an_association"
    if a.capacity <= 0 or b.capacity <= 0:
        return "no_capacity"
    if not (a.offers & b.needs or b.offers & a.needs) and best_text < TEXT_ONLY_MIN:
        return "nothing_to_offer"
    return None


def score_association_pair(
    a: Organisation,
    b: Organisation,
    *,
    text_a_to_b: float = 0.0,
    text_b_to_a: float = 0.0,
    distance_km: float | None = None,
) -> Score | None:
    """One association that has a competence with one that lacks it (seed 002).

    Symmetric: the needs component is the mean coverage of both sides' needs, so a mutual
    exchange scores higher than a one-way favour. ``text_a_to_b`` compares what a offers in
    words with what b needs.
    """
    best_text = max(text_a_to_b, text_b_to_a)
    if association_pair_block(a, b, best_text):
        return None
    w = ORGANISATION_WEIGHTS
    giver, receiver = (a, b) if text_a_to_b >= text_b_to_a else (b, a)
    km = _km(a, b, distance_km)
    return _score(
        _covers(a, b, w.needs / 2),
        _covers(b, a, w.needs / 2),
        _reason(
            "similar_text",
            w.text,
            best_text,
            giver=giver.id,
            receiver=receiver.id,
            similarity=round(best_text, 2),
        ),
        None
        if km is None
        else _reason("nearby", w.distance, nearness(km, ORGANISATION_DISTANCE_KM), km=round(km, 1)),
        _reason(
            "shared_target_group",
            w.other,
            _jaccard(a.target_groups, b.target_groups),
            target_groups=sorted(a.target_groups & b.target_groups),
        ),
    )


def csr_block(association: Organisation, company: Organisation, text: float) -> str | None:
    """Why a company should not be proposed to an association for CSR, or None."""
    if not association.is_association:
        return "not_an_association"
    if not company.is_company:
        return "not_a_company"
    if association.capacity <= 0 or company.capacity <= 0:
        return "no_capacity"
    if not company.offers & association.needs and text < TEXT_ONLY_MIN:
        return "nothing_to_offer"
    return None


def score_csr(
    association: Organisation,
    company: Organisation,
    *,
    text_similarity: float = 0.0,
    distance_km: float | None = None,
) -> Score | None:
    """A company whose core competence covers an association's need (CSR, seed 002).

    ``text_similarity`` compares what the company offers in words with what the association
    needs. What the association gives back (recruits, access to the target group) counts
    too, but less.
    """
    if csr_block(association, company, text_similarity):
        return None
    w = ORGANISATION_WEIGHTS
    km = _km(association, company, distance_km)
    return _score(
        _covers(company, association, w.needs),
        _reason(
            "similar_text",
            w.text,
            text_similarity,
            giver=company.id,
            receiver=association.id,
            similarity=round(text_similarity, 2),
        ),
        None
        if km is None
        else _reason("nearby", w.distance, nearness(km, ORGANISATION_DISTANCE_KM), km=round(km, 1)),
        _covers(association, company, w.other),
    )


# Person ↔ association activity


def activity_limit_km(person: Mentee) -> float:
    return ACTIVITY_DISTANCE_KM if person.max_distance_km is None else person.max_distance_km


def activity_block(
    person: Mentee, activity: Activity, distance_km: float | None = None
) -> str | None:
    """Why a person should not be proposed for an activity, or None."""
    if activity.places <= 0:
        return "no_capacity"
    if not person.languages & activity.languages:
        return "no_shared_language"
    if activity.target_gender is not None and person.gender != activity.target_gender:
        return "target_gender"
    km = _km(person, activity, distance_km)
    if km is not None and km > activity_limit_km(person):
        return "too_far"
    return None


def score_activity(
    person: Mentee,
    activity: Activity,
    *,
    text_similarity: float = 0.0,
    distance_km: float | None = None,
) -> Score | None:
    """How well an association's activity suits a person; None when she cannot take part."""
    if activity_block(person, activity, distance_km):
        return None
    w = ACTIVITY_WEIGHTS
    languages = person.languages & activity.languages
    topics = person.interests & activity.topics
    km = _km(person, activity, distance_km)
    return _score(
        _reason(
            "shared_topics",
            w.topics,
            coverage(len(topics), len(person.interests)),
            topics=sorted(topics),
        ),
        _reason(
            "shared_language",
            w.language,
            language_value(bool(languages - {DANISH})),
            languages=sorted(languages),
        ),
        None
        if km is None
        else _reason(
            "nearby", w.distance, nearness(km, activity_limit_km(person)), km=round(km, 1)
        ),
        _reason("similar_text", w.text, text_similarity, similarity=round(text_similarity, 2)),
    )
