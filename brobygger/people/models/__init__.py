"""The person and her case: who she is (``person``) and each contact with her (``contact``)."""

from .contact import (
    REACHED_OUTCOMES,
    ContactAttempt,
    ContactChannel,
    ContactOutcome,
    DropInVisit,
)
from .person import (
    PIPELINE_ORDER,
    ConsentMethod,
    DanishExam,
    DanishProgramme,
    Gender,
    IntegrationPeriod,
    LegalBasis,
    Person,
    PersonMerge,
    PersonNameKey,
    PersonQuerySet,
    PersonSource,
    PipelineStatus,
    StatusEvent,
)

__all__ = [
    "PIPELINE_ORDER",
    "REACHED_OUTCOMES",
    "ConsentMethod",
    "ContactAttempt",
    "ContactChannel",
    "ContactOutcome",
    "DanishExam",
    "DanishProgramme",
    "DropInVisit",
    "Gender",
    "IntegrationPeriod",
    "LegalBasis",
    "Person",
    "PersonMerge",
    "PersonNameKey",
    "PersonQuerySet",
    "PersonSource",
    "PipelineStatus",
    "StatusEvent",
]
