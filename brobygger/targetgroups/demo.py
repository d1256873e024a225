"""Demo data for target groups: the two definitions of seed 004's partnership (everyone
spouse-supported from the start; STAR's narrowing from half-way through the project), and the
target-group fields of the demo's people, spread by their record number (not the random
stream, so the rest of the demo stays as it was)."""

from __future__ import annotations

from django.db.models.functions import Mod

from brobygger.demo.generator import DemoContext, step
from brobygger.people.models import IntegrationPeriod, Person

from .models import TargetGroupDefinition

ALL_SPOUSE_SUPPORTED = "Alle ægtefælleforsørgede"
STAR_NARROWING = (
    "STAR's præcisering: integrationsperiode afsluttet og ikke kendt i kommunens systemer"
)
STAR_RULE = [
    {"field": "integration_period", "operator": "eq", "value": IntegrationPeriod.COMPLETED.value},
    {"field": "known_in_municipal_systems", "operator": "eq", "value": False},
]

# Tenths of the demo's people by integration period, and sevenths by "known in the
# municipality's systems" (7 and 10 share no factor, so the two spread independently).
PERIODS = {
    IntegrationPeriod.COMPLETED: range(0, 6),
    IntegrationPeriod.IN_PROGRAMME: range(6, 8),
    IntegrationPeriod.ENDING: range(8, 9),
    IntegrationPeriod.NOT_COVERED: range(9, 10),
}
KNOWN = {False: range(0, 4), True: range(4, 6), None: range(6, 7)}


@step(95)
def target_groups(context: DemoContext) -> None:
    partnership = context.partnership
    if partnership is None:
        return
    demo = Person.objects.filter(is_demo=True, municipality__in=context.municipalities)
    for period, tenths in PERIODS.items():
        demo.annotate(tenth=Mod("pk", 10)).filter(tenth__in=list(tenths)).update(
            integration_period=period.value
        )
    for known, sevenths in KNOWN.items():
        demo.annotate(seventh=Mod("pk", 7)).filter(seventh__in=list(sevenths)).update(
            known_in_municipal_systems=known
        )
    halfway = partnership.starts_on + (partnership.ends_on - partnership.starts_on) / 2
    TargetGroupDefinition.objects.bulk_create(
        [
            TargetGroupDefinition(
                partnership=partnership,
                name=ALL_SPOUSE_SUPPORTED,
                valid_from=partnership.starts_on,
                rule=[],
            ),
            TargetGroupDefinition(
                partnership=partnership,
                name=STAR_NARROWING,
                valid_from=min(halfway, context.today),
                rule=STAR_RULE,
            ),
        ]
    )
    context.counts["target_group_definitions"] = 2
