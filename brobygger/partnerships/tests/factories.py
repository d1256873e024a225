"""Municipalities (seeded: the factory finds one by its code) and partnerships."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory

from brobygger.partnerships.models import Municipality, Partnership
from brobygger.testing import HEDENSTED, VIBORG


def municipality(code: str = VIBORG) -> Municipality:
    """One of the 98 seeded municipalities, by its code."""
    return Municipality.objects.get(code=code)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    """The seeded municipality with ``code`` (Viborg unless told), never a new one."""

    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = VIBORG

    class Params:
        hedensted = factory.Trait(code=HEDENSTED)


class PartnershipFactory(factory.django.DjangoModelFactory):
    """A partnership of Viborg and Hedensted (``municipalities=[...]`` for others) that runs
    through 2026 and 2027, around the suite's today."""

    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Partnerskab {n:03d}")
    starts_on = date(2026, 1, 1)
    ends_on = date(2027, 12, 31)
    coordinator_organisation = "Integrationsnet"
    evaluator_organisation = "LG Insight"

    @factory.post_generation
    def municipalities(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.municipalities.set(
                extracted
                if extracted is not None
                else Municipality.objects.filter(code__in=[VIBORG, HEDENSTED])
            )

    class Params:
        ended = factory.Trait(starts_on=date(2023, 1, 1), ends_on=date(2024, 12, 31))
        upcoming = factory.Trait(starts_on=date(2028, 1, 1), ends_on=date(2029, 12, 31))
