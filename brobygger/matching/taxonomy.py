"""The shared competence and need vocabulary: stable keys, labels, Danish keywords.

Organisation terms come from seed 002 (what one association has and another lacks:
"regnskab, projektledelse, supervision, rekruttering af frivillige, samarbejde med lokale
boligforeninger, udvikling af frivillige trænere og ledere") plus the areas companies offer in
CSR cooperation. Person terms describe what a mentor can help with, what a person wants
help with, and what an association's activity is about. Profiles store keys; free text is
compared separately (``text.py``), and ``detect`` proposes keys from a Danish text so a form
can pre-tick them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .text import analyse

Group = Literal["organisation", "person"]


@dataclass(frozen=True, slots=True)
class Term:
    key: str
    group: Group
    da: str
    en: str
    keywords: tuple[str, ...] = ()


TERMS: tuple[Term, ...] = (
    # Organisations: competences offered and needs (seed 002).
    Term(
        "accounting",
        "organisation",
        "Regnskab og bogføring",
        "Accounting and bookkeeping",
        ("regnskab", "bogføring", "bogholderi", "revision", "budget", "kasserer"),
    ),
    Term(
        "project_management",
        "organisation",
        "Projektledelse",
        "Project management",
        ("projektledelse", "projektleder", "projektstyring", "planlægning"),
    ),
    Term(
        "supervision",
        "organisation",
        "Supervision",
        "Supervision",
        ("supervision", "sparring", "faglighed"),
    ),
    Term(
        "volunteer_recruitment",
        "organisation",
        "Rekruttering af frivillige",
        "Recruiting volunteers",
        ("rekruttering", "rekruttere", "hverve", "frivilligrekruttering"),
    ),
    Term(
        "communication",
        "organisation",
        "Kommunikation og PR",
        "Communication and PR",
        ("kommunikation", "presse", "nyhedsbrev", "medier", "facebook", "hjemmeside"),
    ),
    Term(
        "fundraising",
        "organisation",
        "Fondssøgning",
        "Fundraising",
        ("fondssøgning", "fundraising", "fonde", "ansøgning", "puljer", "sponsor"),
    ),
    Term(
        "housing_cooperation",
        "organisation",
        "Samarbejde med boligforeninger",
        "Cooperation with housing associations",
        ("boligforening", "boligsocial", "boligområde", "beboere", "afdelingsbestyrelse"),
    ),
    Term(
        "coach_training",
        "organisation",
        "Uddannelse af trænere og ledere",
        "Training of coaches and leaders",
        ("træner", "trænere", "trænerkursus", "lederuddannelse"),
    ),
    Term(
        "it",
        "organisation",
        "IT og digitalisering",
        "IT and digital tools",
        ("it", "computer", "digital", "digitalisering", "medlemssystem", "software"),
    ),
    Term(
        "legal",
        "organisation",
        "Jura og vedtægter",
        "Legal matters and statutes",
        ("jura", "juridisk", "vedtægter", "kontrakt", "gdpr", "persondata"),
    ),
    Term(
        "board_work",
        "organisation",
        "Bestyrelsesarbejde",
        "Board work",
        ("bestyrelse", "generalforsamling", "foreningsdrift", "vedtægt"),
    ),
    Term("premises", "organisation", "Lokaler", "Premises", ("lokaler", "lokale", "mødelokale")),
    Term(
        "target_group_access",
        "organisation",
        "Adgang til målgruppen",
        "Access to the target group",
        ("målgruppe", "målgruppen", "netværk"),
    ),
    Term(
        "internships",
        "organisation",
        "Praktikpladser og job",
        "Internships and jobs",
        ("praktik", "praktikplads", "løntilskud", "job", "ansættelse"),
    ),
    # Persons: what a mentor helps with, what a person wants, what an activity is about.
    Term(
        "job_search",
        "person",
        "Jobsøgning og CV",
        "Job search and CV",
        ("jobsøgning", "cv", "ansøgning", "jobsamtale", "job"),
    ),
    Term(
        "danish_practice",
        "person",
        "Dansk sprogtræning",
        "Practising Danish",
        ("dansk", "sprog", "sprogtræning", "samtale", "læse"),
    ),
    Term(
        "education_guidance",
        "person",
        "Uddannelsesvejledning",
        "Education guidance",
        ("uddannelse", "vejledning", "kursus", "skole", "studie"),
    ),
    Term(
        "household_economy",
        "person",
        "Privatøkonomi og budget",
        "Household budget",
        ("økonomi", "budget", "regninger", "skat", "privatøkonomi"),
    ),
    Term(
        "digital_self_service",
        "person",
        "MitID, e-Boks og digital post",
        "MitID, e-Boks and digital post",
        ("mitid", "e-boks", "eboks", "borger.dk", "digital"),
    ),
    Term(
        "children_school",
        "person",
        "Børn, skole og forældresamarbejde",
        "Children, school and parents' cooperation",
        ("børn", "skole", "forældre", "aula", "lektier", "daginstitution"),
    ),
    Term(
        "health",
        "person",
        "Sundhed og trivsel",
        "Health and well-being",
        ("sundhed", "læge", "trivsel", "motion", "kost"),
    ),
    Term(
        "sport",
        "person",
        "Idræt og motion",
        "Sport and exercise",
        ("idræt", "sport", "motion", "svømning", "fodbold", "gymnastik", "løb"),
    ),
    Term("cycling", "person", "Cykling", "Cycling", ("cykel", "cykling", "cykle")),
    Term(
        "cooking",
        "person",
        "Madlavning og fællesspisning",
        "Cooking and shared meals",
        ("mad", "madlavning", "fællesspisning", "køkken", "bage"),
    ),
    Term(
        "crafts",
        "person",
        "Håndarbejde og kreative fag",
        "Crafts",
        ("håndarbejde", "syning", "strikning", "kreativ", "sy"),
    ),
    Term(
        "network",
        "person",
        "Netværk og fællesskab",
        "Network and community",
        ("netværk", "fællesskab", "venner", "ensomhed", "socialt"),
    ),
    Term(
        "volunteering",
        "person",
        "Frivilligt arbejde",
        "Volunteering",
        ("frivillig", "frivilligt", "foreningsliv"),
    ),
    Term(
        "entrepreneurship",
        "person",
        "Egen virksomhed",
        "Starting a business",
        ("iværksætter", "virksomhed", "cvr", "selvstændig"),
    ),
)

BY_KEY: dict[str, Term] = {term.key: term for term in TERMS}


def keys(group: Group) -> frozenset[str]:
    """The keys of one group, e.g. to validate a form's choices."""
    return frozenset(term.key for term in TERMS if term.group == group)


def _stemmed_keywords() -> dict[str, frozenset[str]]:
    return {
        term.key: frozenset(stem for word in term.keywords for stem in analyse(word))
        for term in TERMS
    }


_KEYWORDS = _stemmed_keywords()


def detect(text: str, group: Group | None = None) -> frozenset[str]:
    """Keys whose Danish keywords occur in ``text``, inflections included.

    A suggestion for a form ("vi mangler en kasserer og hjælp til regnskaberne" ticks
    accounting); matching itself compares the ticked keys and the text separately.
    """
    words = set(analyse(text))
    return frozenset(
        term.key
        for term in TERMS
        if (group is None or term.group == group) and words & _KEYWORDS[term.key]
    )
