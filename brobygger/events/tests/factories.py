"""Events, partners and participants for the tests, in Viborg unless told otherwise."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from brobygger.accounts.models import User
from brobygger.events import services
from brobygger.events.models import Event, Participant
from brobygger.partners.models import Organisation
from brobygger.partnerships.models import Municipality

# Valid CVR numbers (weights 2, 7, 6, 5, 4, 3, 2, 1; the sum is divisible by 11).
_numbers = count(1)


def cvr(seed: int) -> str:
    value = 1_000_000 + seed * 7
    while True:
        digits = [int(d) for d in f"{value:07d}"]
        check = (
            11 - sum(w * d for w, d in zip((2, 7, 6, 5, 4, 3, 2), digits, strict=True)) % 11
        ) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)
        value += 1


def organisation(
    municipality: Municipality, kind: str = "association", name: str = "", **fields: Any
) -> Organisation:
    number = next(_numbers)
    return Organisation.objects.create(
        municipality=municipality,
        name=name or f"{kind.title()} {number:03d}",
        kind=kind,
        cvr=cvr(number) if kind == "company" else "",
        **fields,
    )


def event(actor: User, municipality: Municipality, **values: Any) -> Event:
    fields = {
        "title": "Foreninger møder virksomheder",
        "held_on": date(2026, 11, 5),
        "rounds": 4,
        "tables": 6,
        **values,
    }
    saved, _dropped = services.event_save(
        actor=actor, municipality=municipality, data=services.EventData(**fields)
    )
    return saved


def participants(
    actor: User, event: Event, associations: int, companies: int
) -> tuple[list[Participant], list[Participant]]:
    """Add new partners to ``event``: ``associations`` associations and ``companies``
    companies of its municipality. Returns both sides, each in the order added."""
    municipality = event.municipality
    added, _dropped = services.participants_add(
        actor=actor,
        event=event,
        organisations=[organisation(municipality) for _ in range(associations)]
        + [organisation(municipality, "company") for _ in range(companies)],
    )
    return (
        [p for p in added if p.side == "association"],
        [p for p in added if p.side == "company"],
    )
