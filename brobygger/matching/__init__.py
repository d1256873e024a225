"""Matching (issue 6): pure scoring functions plus an optimal assignment, no database.

(a) volunteer mentor ↔ person, (b) association ↔ association, (c) association ↔ company,
(d) person ↔ association activity. Every proposal carries its score and its reasons. The
Django layer builds the ``profiles`` from its models and words the reasons.
"""

from .profiles import Activity, Mentee, Mentor, Organisation, OrganisationKind
from .propose import (
    Proposal,
    propose_activities,
    propose_association_pairs,
    propose_csr,
    propose_mentors,
    rank_mentors,
)
from .scoring import Reason, Score

__all__ = [
    "Activity",
    "Mentee",
    "Mentor",
    "Organisation",
    "OrganisationKind",
    "Proposal",
    "Reason",
    "Score",
    "propose_activities",
    "propose_association_pairs",
    "propose_csr",
    "propose_mentors",
    "rank_mentors",
]
