"""Case notes, tasks and conversations of people of Viborg (the factories' default)."""

from __future__ import annotations

from datetime import date

import factory
from django.utils import timezone

from brobygger.accounts.tests.factories import UserFactory
from brobygger.cases.link_models import ReferralLink, ReminderSchedule
from brobygger.cases.link_services import token_hash
from brobygger.cases.models import (
    CaseNote,
    CaseNoteRevision,
    Conversation,
    ConversationKind,
    DigestPreference,
    GoalStatus,
    PlanGoal,
    PlanWording,
    Task,
    TaskSource,
)
from brobygger.core.crypto import encrypt
from brobygger.languages.tests.factories import LanguageFactory
from brobygger.outreach.models import OutreachMethod
from brobygger.partners.tests.factories import OrganisationFactory
from brobygger.partnerships.tests.factories import municipality
from brobygger.people.tests.factories import PersonFactory


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    person = factory.SubFactory(PersonFactory)
    concerns_on = date(2026, 11, 20)
    text = factory.Sequence(lambda n: f"Talte med hende om praktik, samtale {n}.")
    author = factory.SubFactory(UserFactory)

    class Params:
        sensitive_health = factory.Trait(sensitive=True, category="health")


class CaseNoteRevisionFactory(factory.django.DjangoModelFactory):
    """An earlier version of a note (the correction service makes them)."""

    class Meta:
        model = CaseNoteRevision

    note = factory.SubFactory(CaseNoteFactory)
    concerns_on = date(2026, 11, 19)
    text = "Den første udgave af notatet."
    replaced_by = factory.SubFactory(UserFactory)


class DigestPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DigestPreference

    user = factory.SubFactory(UserFactory)
    daily_digest = True


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    municipality = factory.LazyFunction(lambda: municipality("791"))
    title = factory.Sequence(lambda n: f"Ring tilbage {n}")
    assignee = factory.SubFactory(UserFactory)
    due_on = date(2026, 11, 25)

    class Params:
        # A next step in her plan: a task about the goal's person.
        plan_step = factory.Trait(
            goal=factory.SubFactory("brobygger.cases.tests.factories.PlanGoalFactory"),
            person=factory.SelfAttribute("goal.person"),
            source=TaskSource.PLAN_STEP,
        )


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    person = factory.SubFactory(PersonFactory)
    kind = ConversationKind.FIRST
    held_on = date(2026, 11, 20)
    participants = "Hun og sagsbehandleren"


class PlanGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanGoal

    person = factory.SubFactory(PersonFactory)
    text = factory.Sequence(lambda n: f"Begynde på sprogskole, mål {n}")
    target_on = date(2027, 3, 1)

    class Params:
        reached = factory.Trait(status=GoalStatus.REACHED, closed_on=date(2026, 11, 20))
        in_arabic = factory.Trait(text_in_her_language="أن أبدأ في مدرسة اللغة")


class PlanWordingFactory(factory.django.DjangoModelFactory):
    """A language's plan headings beyond the seeded ones."""

    class Meta:
        model = PlanWording
        django_get_or_create = ("language",)

    language = factory.SubFactory(LanguageFactory, left_to_right=True)
    heading = "Plan"
    intro = "The plan we made together."
    goals_heading = "Goals"
    by_label = "by"
    steps_heading = "Next steps"
    support_heading = "What helps"
    mentor_label = "Mentor"
    contact_heading = "Contact"


class ReferralLinkFactory(factory.django.DjangoModelFactory):
    """A referral link of Viborg's health visitors, in use, owned by a caseworker there; its
    secret is ``link.token`` (set by the factory, as the service would hand it out)."""

    class Meta:
        model = ReferralLink
        skip_postgeneration_save = True

    municipality = factory.LazyFunction(municipality)
    label = factory.Sequence(lambda n: f"Sundhedsplejen {n:03d}")
    department = "Sundhedsplejen"
    method = factory.LazyFunction(
        lambda: OutreachMethod.objects.get(name="Sundhedspleje eller daginstitution (kommunal)")
    )
    owner = factory.SubFactory(
        UserFactory, caseworker=True, municipality=factory.SelfAttribute("..municipality")
    )
    token = factory.Sequence(lambda n: f"link-token-{n:06d}")
    token_hash = factory.LazyAttribute(lambda link: token_hash(link.token))
    token_ciphertext = factory.LazyAttribute(lambda link: encrypt(link.token))
    contact_within_days = 5

    class Params:
        revoked = factory.Trait(revoked_at=factory.LazyFunction(timezone.now))
        expired = factory.Trait(expires_on=date(2026, 11, 1))
        # A partner's link (a neighbourhood mothers' association), reminded each quarter.
        partner = factory.Trait(
            department="",
            organisation=factory.SubFactory(
                OrganisationFactory,
                name="Bydelsmødrene",
                municipality=factory.SelfAttribute("..municipality"),
            ),
            referrer_email="bydelsmoedre@example.invalid",
            reminder_schedule=ReminderSchedule.QUARTERLY,
        )
        monthly = factory.Trait(
            referrer_email="sundhedsplejen@example.invalid",
            reminder_schedule=ReminderSchedule.MONTHLY,
        )

    @classmethod
    def _create(
        cls, model_class: type[ReferralLink], *args: object, **kwargs: object
    ) -> ReferralLink:
        token = kwargs.pop("token")
        link = super()._create(model_class, *args, **kwargs)
        link.token = token  # type: ignore[attr-defined]
        return link
