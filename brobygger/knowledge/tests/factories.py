"""The methods library, success stories and the attitude survey, in Viborg unless told."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory

from brobygger.accounts.tests.factories import UserFactory
from brobygger.knowledge.models import (
    ConsentMethod,
    ConsentScope,
    LibraryCategory,
    MethodEntry,
    PickKind,
    StoryStatus,
    SuccessStory,
    Survey,
    SurveyParticipation,
    SurveyPick,
    SurveyResponse,
    SurveyStatement,
)
from brobygger.knowledge.statements import SEED_001_STATEMENTS
from brobygger.partnerships.tests.factories import PartnershipFactory, municipality


class MethodEntryFactory(factory.django.DjangoModelFactory):
    """An idea of one partnership's library; ``shared=True`` for the shared catalogue,
    ``adapted=True`` for the partnership's adaptation of a shared entry."""

    class Meta:
        model = MethodEntry

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Madklub {n:03d}")
    category = LibraryCategory.OUTREACH
    tags = "kvinder, mad"
    summary = "Hver tirsdag laver vi mad sammen."
    steps = "Find et køkken\nInviter naboerne"
    pros = "Let at gå til"
    cons = "Kræver frivillige"
    created_by = factory.SubFactory(UserFactory, caseworker=True)

    class Params:
        shared = factory.Trait(partnership=None, created_by=None)
        adapted = factory.Trait(
            based_on=factory.SubFactory(
                "brobygger.knowledge.tests.factories.MethodEntryFactory", shared=True
            )
        )


class SuccessStoryFactory(factory.django.DjangoModelFactory):
    """A draft, read in its municipality; ``published=True`` with the citizen's consent to
    share it with the partnership."""

    class Meta:
        model = SuccessStory

    municipality = factory.LazyFunction(municipality)
    title = factory.Sequence(lambda n: f"Fra praktik til job {n:03d}")
    text = "Hun startede i praktik i en børnehave og har nu fast job."
    created_by = factory.SubFactory(UserFactory, caseworker=True)

    class Params:
        published = factory.Trait(
            status=StoryStatus.PUBLISHED,
            published_on=date(2026, 11, 2),
            consent_given_on=date(2026, 10, 20),
            consent_method=ConsentMethod.WRITTEN,
            consent_scope=ConsentScope.PARTNERSHIP,
        )


class SurveyFactory(factory.django.DjangoModelFactory):
    """An attitude survey open around the suite's today, with seed 001's statements (as the
    service copies them); ``closed=True`` for one that closed, ``upcoming=True`` for one to
    come."""

    class Meta:
        model = Survey
        skip_postgeneration_save = True

    municipality = factory.LazyFunction(municipality)
    title = factory.Sequence(lambda n: f"Holdninger til frivillige {n:03d}")
    opens_on = date(2026, 11, 1)
    closes_on = date(2026, 12, 15)
    created_by = factory.SubFactory(UserFactory, municipal_lead=True)

    @factory.post_generation
    def statements(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted is not False:
            SurveyStatement.objects.bulk_create(
                SurveyStatement(survey=self, text=text, archetype=archetype, position=position)
                for position, (text, archetype) in enumerate(SEED_001_STATEMENTS, start=1)
            )

    class Params:
        closed = factory.Trait(opens_on=date(2026, 9, 1), closes_on=date(2026, 10, 1))
        upcoming = factory.Trait(opens_on=date(2027, 1, 4), closes_on=date(2027, 1, 29))


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    """An anonymous answer that picks the survey's first statement as most agreed and its
    last as least agreed."""

    class Meta:
        model = SurveyResponse
        skip_postgeneration_save = True

    survey = factory.SubFactory(SurveyFactory)
    self_placement = 5

    @factory.post_generation
    def picks(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        statements = list(self.survey.statements.all()) if create else []
        if statements and extracted is not False:
            SurveyPick.objects.create(response=self, statement=statements[0], kind=PickKind.MOST)
            SurveyPick.objects.create(response=self, statement=statements[-1], kind=PickKind.LEAST)

    class Params:
        sceptical = factory.Trait(self_placement=1)


class SurveyParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyParticipation

    survey = factory.SubFactory(SurveyFactory)
    user = factory.SubFactory(
        UserFactory, caseworker=True, municipality=factory.SelfAttribute("..survey.municipality")
    )
    answered_on = date(2026, 11, 16)
