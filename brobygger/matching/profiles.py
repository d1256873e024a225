"""The inputs of matching: plain, frozen snapshots that the Django layer builds from models.

Nothing here touches the database, so the scoring and the assignment can be tested and
benchmarked on synthetic data, and a run sees one consistent picture of the municipality.
Languages are ISO 639-1 codes ("da", "ar", "so"); interests, competences, needs and topics are
keys of ``taxonomy.TERMS`` (unknown keys still match each other); locations are (latitude,
longitude), an address or the centroid of the postal code, or None when unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

Location = tuple[float, float]


class OrganisationKind(StrEnum):
    """The partner kinds of the domain model; all but companies count as associations here."""

    VOLUNTEER_ORGANISATION = "volunteer_organisation"
    ASSOCIATION = "association"
    ETHNIC_MINORITY_ASSOCIATION = "ethnic_minority_association"
    COMPANY = "company"
    EDUCATION_PROVIDER = "education_provider"
    HOUSING_ASSOCIATION = "housing_association"
    RELIGIOUS_COMMUNITY = "religious_community"
    PUBLIC_INSTITUTION = "public_institution"
    OTHER = "other"


ASSOCIATION_KINDS = frozenset(
    {
        OrganisationKind.VOLUNTEER_ORGANISATION,
        OrganisationKind.ASSOCIATION,
        OrganisationKind.ETHNIC_MINORITY_ASSOCIATION,
        OrganisationKind.HOUSING_ASSOCIATION,
        OrganisationKind.RELIGIOUS_COMMUNITY,
    }
)


@dataclass(frozen=True, slots=True)
class Mentor:
    """A volunteer who can take mentees.

    ``capacity`` is the number of free mentee slots now (max mentees minus current ones).
    ``mentee_gender`` set to "female" means she takes women only (seed 001: women reaching
    women, e.g. neighbourhood mothers).
    """

    id: int
    languages: frozenset[str]
    interests: frozenset[str] = frozenset()
    text: str = ""
    location: Location | None = None
    max_distance_km: float = 10.0
    capacity: int = 1
    record_check_valid_until: date | None = None
    trained: bool = False
    gender: str = ""
    mentee_gender: str | None = None


@dataclass(frozen=True, slots=True)
class Mentee:
    """A person in the target group waiting for a mentor (or looking for an activity).

    ``wants_mentor_gender`` is her own wish ("female": a woman mentor), a hard constraint.
    ``max_distance_km`` is how far she can travel, if she said so.
    """

    id: int
    languages: frozenset[str]
    interests: frozenset[str] = frozenset()
    text: str = ""
    location: Location | None = None
    max_distance_km: float | None = None
    gender: str = ""
    wants_mentor_gender: str | None = None
    waiting_since: date | None = None


@dataclass(frozen=True, slots=True)
class Organisation:
    """An association or company with what it offers, what it lacks, and room for partners.

    ``capacity`` is how many new cooperations it can take on now.
    """

    id: int
    kind: str
    offers: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    text_offered: str = ""
    text_needed: str = ""
    languages: frozenset[str] = frozenset({"da"})
    target_groups: frozenset[str] = frozenset()
    location: Location | None = None
    capacity: int = 1

    @property
    def is_association(self) -> bool:
        return self.kind in ASSOCIATION_KINDS

    @property
    def is_company(self) -> bool:
        return self.kind == OrganisationKind.COMPANY


@dataclass(frozen=True, slots=True)
class Activity:
    """An association's recurring activity (a women's group, a homework café, a walk club).

    ``places`` are the free places; ``target_gender`` restricts it, e.g. to women.
    """

    id: int
    organisation_id: int
    languages: frozenset[str]
    topics: frozenset[str] = frozenset()
    text: str = ""
    location: Location | None = None
    places: int = 1
    target_gender: str | None = None
