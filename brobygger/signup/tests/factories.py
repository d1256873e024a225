"""Public sign-ups: the consent as given, beside the partner or volunteer waiting for review."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import factory

from brobygger.partners.tests.factories import OrganisationFactory, VolunteerFactory
from brobygger.signup.models import Signup, SignupKind


class SignupFactory(factory.django.DjangoModelFactory):
    """A volunteer's sign-up waiting for review; ``association=True`` or ``company=True`` for
    a partner's."""

    class Meta:
        model = Signup

    kind = SignupKind.VOLUNTEER
    volunteer = factory.SubFactory(VolunteerFactory, pending=True)
    organisation = None
    language = "da"
    consent_text = "Jeg giver samtykke til, at kommunen gemmer mine oplysninger."
    consent_given_at = datetime(2026, 11, 20, 19, 30, tzinfo=ZoneInfo("Europe/Copenhagen"))
    answers = factory.LazyFunction(dict)

    class Params:
        association = factory.Trait(
            kind=SignupKind.ASSOCIATION,
            volunteer=None,
            organisation=factory.SubFactory(OrganisationFactory, pending=True),
            answers=factory.LazyFunction(lambda: {"wish": "Hjælp til regnskabet"}),
        )
        company = factory.Trait(
            kind=SignupKind.COMPANY,
            volunteer=None,
            organisation=factory.SubFactory(OrganisationFactory, pending=True, company=True),
            answers=factory.LazyFunction(lambda: {"core_competences": "Regnskab"}),
        )
