"""Enrolments in interventions, progression cards, outcomes and confidence measures; the
intervention catalogue and the progression dimensions are seeded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import factory

from brobygger.accounts.tests.factories import UserFactory
from brobygger.interventions.models import (
    Assessor,
    Completion,
    ConfidenceMeasure,
    Enrolment,
    InterventionType,
    Outcome,
    OutcomeKind,
    ProgressionAssessment,
    ProgressionDimension,
    ProgressionScore,
)
from brobygger.partners.tests.factories import OrganisationFactory
from brobygger.people.tests.factories import PersonFactory


def intervention_type(name: str = "Virksomhedspraktik") -> InterventionType:
    """An entry of the seeded catalogue, by its Danish name."""
    return InterventionType.objects.get(name=name)


class InterventionTypeFactory(factory.django.DjangoModelFactory):
    """A new entry of the catalogue (most tests use a seeded one: ``intervention_type()``)."""

    class Meta:
        model = InterventionType

    name = factory.Sequence(lambda n: f"Forløb {n:03d}")
    category = "employment"

    class Params:
        educational = factory.Trait(category="education", education=True)
        retired = factory.Trait(is_active=False)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """An ongoing internship of a person in intervention; ``completed=True`` or
    ``dropped_out=True`` for one that ended."""

    class Meta:
        model = Enrolment

    person = factory.SubFactory(PersonFactory, in_intervention=True)
    intervention_type = factory.LazyFunction(intervention_type)
    provider_note = "Netto Viborg"
    started_on = date(2026, 9, 1)
    recorded_by = factory.SubFactory(UserFactory, caseworker=True)

    class Params:
        completed = factory.Trait(
            completion=Completion.COMPLETED, ended_on=date(2026, 10, 30), result="Løntilskud"
        )
        dropped_out = factory.Trait(
            completion=Completion.DROPPED_OUT, ended_on=date(2026, 10, 2), result="Flyttede"
        )
        # Provided by a partner record (a company of her municipality).
        at_partner = factory.Trait(
            provider=factory.SubFactory(
                OrganisationFactory,
                company=True,
                municipality=factory.SelfAttribute("..person.municipality"),
            ),
            provider_note="",
        )


class OutcomeFactory(factory.django.DjangoModelFactory):
    """An ordinary job; ``education=True`` for an ordinary education."""

    class Meta:
        model = Outcome

    person = factory.SubFactory(PersonFactory, in_job=True)
    kind = OutcomeKind.ORDINARY_JOB
    started_on = date(2026, 11, 2)
    organisation = "Netto Viborg"
    weekly_hours = Decimal("25.0")

    class Params:
        education = factory.Trait(
            kind=OutcomeKind.ORDINARY_EDUCATION, organisation="Mercantec", weekly_hours=None
        )


class ConfidenceMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConfidenceMeasure

    person = factory.SubFactory(PersonFactory, contacted=True)
    measured_on = date(2026, 10, 1)
    score = 4

    class Params:
        raised = factory.Trait(measured_on=date(2026, 11, 15), score=8)


class ProgressionAssessmentFactory(factory.django.DjangoModelFactory):
    """A progression card filled in with the company mentor, a score on every active
    dimension (``scores=N`` for another score, ``scores=False`` for none)."""

    class Meta:
        model = ProgressionAssessment
        skip_postgeneration_save = True

    enrolment = factory.SubFactory(EnrolmentFactory)
    assessed_on = date(2026, 10, 15)
    assessor = Assessor.MENTOR
    assessor_name = "Butikschefen"

    @factory.post_generation
    def scores(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted is not False:
            ProgressionScore.objects.bulk_create(
                ProgressionScore(assessment=self, dimension=dimension, score=extracted or 3)
                for dimension in ProgressionDimension.objects.filter(is_active=True)
            )

    class Params:
        by_herself = factory.Trait(assessor=Assessor.PERSON, assessor_name="")


class ProgressionDimensionFactory(factory.django.DjangoModelFactory):
    """A new line of the progression card (the seeded ones serve most tests)."""

    class Meta:
        model = ProgressionDimension

    name = factory.Sequence(lambda n: f"Dimension {n:03d}")
    position = 99

    class Params:
        retired = factory.Trait(is_active=False)
