"""The statements of the staff attitude survey, from seed 001's three archetypes.

Seed 001 ("Jobcentrenes samarbejde med frivillige", CABI 2011) describes the enthusiastic, the
expectant and the sceptical job-centre employee and suggests an exercise: pick the three
statements you agree with most and the three you agree with least, and place yourself on the
scale from sceptical to enthusiastic. The statements below are the seed's own points, in the
users' Danish. They are listed mixed, so that no archetype is read as a block."""

from __future__ import annotations

from .models import Archetype

# How many statements an answer picks on each side (the seed's exercise: three).
PICKS_PER_SIDE = 3

SEED_001_STATEMENTS: tuple[tuple[str, Archetype], ...] = (
    (
        "Det frivillige område rummer drivkræfter, som hverken en offentlig eller en privat "
        "virksomhed kan rumme.",
        Archetype.ENTHUSIASTIC,
    ),
    (
        "Det er for usikkert og risikabelt at lade frivillige være mentor eller kontaktperson "
        "for borgere med svære sociale problemer.",
        Archetype.SCEPTICAL,
    ),
    (
        "Det frivillige foreningsliv kan være meget værdifuldt for borgere, der er isolerede "
        "og ensomme.",
        Archetype.EXPECTANT,
    ),
    (
        "Ledige, der er i praktik hos frivillige organisationer, opbygger selvværd, sociale "
        "kompetencer og netværk og kommer tættere på arbejdsmarkedet.",
        Archetype.ENTHUSIASTIC,
    ),
    (
        "Med den totale produktionsplanlægning i jobcentret er der ikke plads til den usikre "
        "arbejdskraft, som frivillige er.",
        Archetype.SCEPTICAL,
    ),
    (
        "Den frivillige har en styrke i ikke at være myndighed: der er ikke et magtforhold "
        "mellem den frivillige og borgeren.",
        Archetype.EXPECTANT,
    ),
    (
        "Det er let at skaffe motiverede og kvalificerede frivillige mentorer.",
        Archetype.ENTHUSIASTIC,
    ),
    (
        "Frivillige kan hurtigt blive advokater for borgerne og dermed kommunens modstandere.",
        Archetype.SCEPTICAL,
    ),
    (
        "Samarbejdet med frivillige bør ligge ved siden af jobcentret, så det ikke hægtes op "
        "på de klassiske drifts- og myndighedsopgaver.",
        Archetype.EXPECTANT,
    ),
)
