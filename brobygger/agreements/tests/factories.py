"""Partners and agreements for the tests: written through the services (as users do) by the
functions, straight to the database by the factories."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import factory
from django.utils import timezone

from brobygger.accounts.models import User
from brobygger.accounts.tests.factories import UserFactory
from brobygger.agreements import services
from brobygger.agreements.models import (
    Agreement,
    AgreementStatus,
    CalendarToken,
    Party,
    StatusMeeting,
    calendar_token_hash,
)
from brobygger.partners.models import Organisation
from brobygger.partners.tests.factories import OrganisationFactory
from brobygger.partnerships.models import Municipality
from brobygger.partnerships.tests.factories import municipality

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


class AgreementFactory(factory.django.DjangoModelFactory):
    """A draft agreement of Viborg for 2027 without parties (``parties=[...]`` for some:
    organisations, or a number of new associations); ``active=True`` or ``ended=True``."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    municipality = factory.LazyFunction(municipality)
    title = factory.Sequence(lambda n: f"Lektiehjælp {n:03d}")
    purpose = "Flere børn får hjælp til lektierne."
    what = "Lektiecafé"
    meeting_every_months = 3
    first_meeting_on = FIRST
    meeting_place = "Beboerhuset"
    starts_on = START
    ends_on = END

    @factory.post_generation
    def parties(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create or not extracted:
            return
        organisations = (
            OrganisationFactory.create_batch(extracted, municipality=self.municipality)
            if isinstance(extracted, int)
            else extracted
        )
        for position, organisation in enumerate(organisations):
            PartyFactory(agreement=self, organisation=organisation, position=position)

    class Params:
        active = factory.Trait(status=AgreementStatus.ACTIVE)
        # A CSR cooperation: who drives it, where and how much (each party's gain on its row).
        csr = factory.Trait(
            is_csr=True,
            progress_responsible="Hodan Ali, Kvindernes Netværk",
            where="Virksomhedens kantine",
            how_much="To medarbejdere, fire timer om måneden",
        )
        # Ran through 2025, before the suite's today.
        ended = factory.Trait(
            status=AgreementStatus.ENDED,
            starts_on=date(2025, 1, 6),
            ends_on=date(2025, 12, 31),
            first_meeting_on=date(2025, 3, 3),
        )


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    agreement = factory.SubFactory(AgreementFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, municipality=factory.SelfAttribute("..agreement.municipality")
    )
    resources = "Frivillige og lokaler"

    class Params:
        signed = factory.Trait(
            signatory_name="Hodan Ali", signatory_role="Formand", signed_on=date(2026, 12, 1)
        )
        gaining = factory.Trait(gains="Erfaring med regnskab og et netværk")


class StatusMeetingFactory(factory.django.DjangoModelFactory):
    """A status meeting to come; ``took_place=True`` for one held, with its minutes."""

    class Meta:
        model = StatusMeeting

    agreement = factory.SubFactory(AgreementFactory, active=True)
    date = factory.Sequence(lambda n: FIRST + timedelta(days=7 * n))
    time = time(16)
    place = "Beboerhuset"

    class Params:
        took_place = factory.Trait(
            held=True,
            how_is_it_going="Godt",
            positive_development="Flere børn kommer",
            next_goal="Flere frivillige",
            engagement="Alle parter møder op",
        )


class CalendarTokenFactory(factory.django.DjangoModelFactory):
    """A user's calendar address; its secret is ``token`` (a new one unless told)."""

    class Meta:
        model = CalendarToken

    user = factory.SubFactory(UserFactory, caseworker=True)
    token_hash = factory.LazyAttribute(lambda t: calendar_token_hash(t.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=365))

    class Params:
        token = factory.Sequence(lambda n: f"calendar-token-{n:04d}")
        expired = factory.Trait(
            expires_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
        )
