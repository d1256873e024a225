from __future__ import annotations

from datetime import date

import factory

from brobygger.people.models import IntegrationPeriod
from brobygger.targetgroups.models import Screening, ScreeningMark, TargetGroupDefinition

STAR_RULE = [
    {"field": "integration_period", "operator": "eq", "value": IntegrationPeriod.COMPLETED.value},
    {"field": "known_in_municipal_systems", "operator": "eq", "value": False},
]


class TargetGroupDefinitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroupDefinition

    partnership = factory.SubFactory("brobygger.partnerships.tests.factories.PartnershipFactory")
    name = factory.Sequence(lambda n: f"Målgruppe {n}")
    version = 1
    valid_from = date(2026, 1, 1)
    rule: list[dict[str, object]] = []

    class Params:
        # STAR's narrowing: integration period ended and not known in the municipal systems.
        star = factory.Trait(name="STAR's præcisering", valid_from=date(2026, 7, 1), rule=STAR_RULE)


class ScreeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Screening

    definition = factory.SubFactory(TargetGroupDefinitionFactory)
    screened_on = date(2026, 11, 23)


class ScreeningMarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScreeningMark

    screening = factory.SubFactory(ScreeningFactory)
    person = factory.SubFactory("brobygger.people.tests.factories.PersonFactory")
    inside = True
    was_inside = None
