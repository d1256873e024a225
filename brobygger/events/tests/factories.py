"""Events, partners and participants for the tests, in Viborg unless told otherwise: through
the services (as users do) by the functions, straight to the database by the factories."""

from __future__ import annotations

from datetime import date, datetime
from itertools import count
from typing import Any

import factory
from django.utils import timezone

from brobygger.accounts.models import User
from brobygger.events import services
from brobygger.events.models import (
    Event,
    EventStatus,
    FollowUp,
    Participant,
    ScheduledMeeting,
    Side,
    Wish,
)
from brobygger.partners.models import Organisation
from brobygger.partners.tests.factories import OrganisationFactory, cvr
from brobygger.partnerships.models import Municipality
from brobygger.partnerships.tests.factories import municipality

_numbers = count(1)


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


class EventFactory(factory.django.DjangoModelFactory):
    """An event being planned; ``scheduled=True`` once its schedule is made, ``held=True``
    after the day."""

    class Meta:
        model = Event

    municipality = factory.LazyFunction(municipality)
    title = factory.Sequence(lambda n: f"Foreninger møder virksomheder {n:03d}")
    held_on = date(2026, 12, 3)
    place = "Viborg Rådhus"
    rounds = 4
    tables = 6

    class Params:
        scheduled = factory.Trait(
            status=EventStatus.SCHEDULED,
            scheduled_at=factory.LazyFunction(timezone.now),
        )
        held = factory.Trait(
            status=EventStatus.HELD,
            held_on=date(2026, 11, 5),
            scheduled_at=factory.LazyFunction(
                lambda: datetime(2026, 10, 20, 12, tzinfo=timezone.get_default_timezone())
            ),
        )


class ParticipantFactory(factory.django.DjangoModelFactory):
    """An association taking part; ``company=True`` for a company."""

    class Meta:
        model = Participant

    event = factory.SubFactory(EventFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, municipality=factory.SelfAttribute("..event.municipality")
    )
    side = Side.ASSOCIATION
    contact_name = "Hodan Ali"

    class Params:
        company = factory.Trait(
            side=Side.COMPANY,
            organisation=factory.SubFactory(
                OrganisationFactory,
                company=True,
                municipality=factory.SelfAttribute("..event.municipality"),
            ),
        )


class WishFactory(factory.django.DjangoModelFactory):
    """An association wishes to meet a company of the same event."""

    class Meta:
        model = Wish

    event = factory.SubFactory(EventFactory)
    from_participant = factory.SubFactory(
        ParticipantFactory, event=factory.SelfAttribute("..event")
    )
    to_participant = factory.SubFactory(
        ParticipantFactory, company=True, event=factory.SelfAttribute("..event")
    )


class ScheduledMeetingFactory(factory.django.DjangoModelFactory):
    """A meeting of the schedule: round 1 at table 1 unless told."""

    class Meta:
        model = ScheduledMeeting

    event = factory.SubFactory(EventFactory, scheduled=True)
    round = 1
    table = factory.Sequence(lambda n: n + 1)
    association = factory.SubFactory(ParticipantFactory, event=factory.SelfAttribute("..event"))
    company = factory.SubFactory(
        ParticipantFactory, company=True, event=factory.SelfAttribute("..event")
    )

    class Params:
        mutual = factory.Trait(association_wished=True, company_wished=True)


class FollowUpFactory(factory.django.DjangoModelFactory):
    """After a held event: both sides want to go on (``ends=True``: the company does not)."""

    class Meta:
        model = FollowUp

    event = factory.SubFactory(EventFactory, held=True)
    association = factory.SubFactory(ParticipantFactory, event=factory.SelfAttribute("..event"))
    company = factory.SubFactory(
        ParticipantFactory, company=True, event=factory.SelfAttribute("..event")
    )
    association_continues = True
    company_continues = True
    note = "Mødes igen i januar"

    class Params:
        ends = factory.Trait(company_continues=False)
