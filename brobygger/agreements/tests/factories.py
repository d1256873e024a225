"""Partners and agreements for the tests, written through the services (as users do)."""

from __future__ import annotations

from datetime import date
from typing import Any

from brobygger.accounts.models import User
from brobygger.agreements import services
from brobygger.agreements.models import Agreement
from brobygger.partners.models import Organisation
from brobygger.partnerships.models import Municipality

START, END, FIRST = date(2027, 1, 4), date(2027, 12, 31), date(2027, 3, 1)


def organisation(municipality: Municipality, name: str, **fields: Any) -> Organisation:
    return Organisation.objects.create(
        municipality=municipality, name=name, kind=fields.pop("kind", "association"), **fields
    )


def agreement_values(**changes: Any) -> services.AgreementData:
    values: dict[str, Any] = {
        "title": "Lektiehjælp i Ellekær",
        "municipality_is_party": False,
        "purpose": "Flere børn får hjælp til lektierne.",
        "what": "Lektiecafé",
        "when": "Tirsdage 16-18",
        "how_often": "Hver uge",
        "how_long": "To timer",
        "how": "Frivillige fra foreningen hjælper",
        "meeting_every_months": 3,
        "first_meeting_on": FIRST,
        "meeting_place": "Beboerhuset",
        "challenges": "Tages op på statusmødet",
        "too_few_volunteers": "Caféen holdes hver anden uge",
        "starts_on": START,
        "ends_on": END,
    }
    return services.AgreementData(**{**values, **changes})


def agreement(
    actor: User,
    parties: list[Organisation],
    *,
    activate: bool = False,
    **changes: Any,
) -> Agreement:
    municipality = parties[0].municipality if parties else changes.pop("municipality")
    saved = services.agreement_save(
        actor=actor,
        municipality=municipality,
        data=agreement_values(**changes),
        parties=[
            services.PartyValues(organisation=o, resources=f"{o.name} giver") for o in parties
        ],
    )
    if activate:
        services.agreement_activate(actor=actor, agreement=saved)
    return saved
