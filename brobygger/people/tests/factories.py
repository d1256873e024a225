from __future__ import annotations

from datetime import date, timedelta

import factory

from brobygger.core.crypto import encrypt
from brobygger.outreach.models import OutreachMethod
from brobygger.partnerships.models import Municipality
from brobygger.people.cpr import cpr_lookup_hash
from brobygger.people.models import (
    ConsentMethod,
    Gender,
    LegalBasis,
    Person,
    PersonNameKey,
    PersonSource,
    PipelineStatus,
    StatusEvent,
)
from brobygger.people.names import name_keys


def _cpr(birth_date: date, serial: int) -> str:
    """A synthetic CPR number for ``birth_date`` (the checksum is not checked, FACTS F2)."""
    return f"{birth_date:%d%m%y}{serial % 10_000:04d}"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="791"))
    first_name = factory.Iterator(["Fatima", "Malee", "Hodan", "Ayşe", "Zainab", "Semhar"])
    last_name = factory.Iterator(["Al-Hassan", "Srisuk", "Warsame", "Yılmaz", "Rahimi"])
    gender = Gender.FEMALE
    country_of_origin = "SY"
    status = PipelineStatus.IDENTIFIED

    @factory.post_generation
    def name_keys(self, create: bool, extracted: object, **kwargs: object) -> None:
        """Build the search keys, as the registration service does."""
        if create:
            PersonNameKey.objects.bulk_create(
                [
                    PersonNameKey(person=self, key=key)
                    for key in name_keys(self.first_name, self.last_name, self.name_variants)
                ],
                ignore_conflicts=True,
            )

    class Params:
        serial = factory.Sequence(int)
        contacted = factory.Trait(status=PipelineStatus.CONTACTED)
        in_intervention = factory.Trait(status=PipelineStatus.IN_INTERVENTION)
        in_job = factory.Trait(status=PipelineStatus.ORDINARY_JOB)
        declined = factory.Trait(status=PipelineStatus.DECLINED)
        # A caseworker of her municipality has her in the caseload.
        assigned = factory.Trait(
            assigned_caseworker=factory.SubFactory(
                "brobygger.accounts.tests.factories.UserFactory",
                caseworker=True,
                municipality=factory.SelfAttribute("..municipality"),
            )
        )
        # A follow-up that fell due three days before the suite's today.
        follow_up_due = factory.Trait(
            follow_up_on=date(2026, 11, 20), next_action="Ring om praktikpladsen"
        )
        with_cpr = factory.Trait(
            birth_date=factory.LazyAttribute(
                lambda p: date(1985, 1, 1) + timedelta(days=37 * p.serial % 3650)
            ),
            cpr_ciphertext=factory.LazyAttribute(lambda p: encrypt(_cpr(p.birth_date, p.serial))),
            cpr_hash=factory.LazyAttribute(lambda p: cpr_lookup_hash(_cpr(p.birth_date, p.serial))),
        )
        consented = factory.Trait(
            legal_basis=LegalBasis.CONSENT,
            consent_given_on=date(2026, 9, 1),
            consent_method=ConsentMethod.WRITTEN,
            consent_language="arabisk",
            consent_scope="Kontakt og forløb",
        )
        merged = factory.Trait(
            merged_into=factory.SubFactory(
                "brobygger.people.tests.factories.PersonFactory",
                municipality=factory.SelfAttribute("..municipality"),
            )
        )


class PersonSourceFactory(factory.django.DjangoModelFactory):
    """How she was found: an outreach method of the seeded catalogue."""

    class Meta:
        model = PersonSource

    person = factory.SubFactory(PersonFactory)
    method = factory.LazyFunction(lambda: OutreachMethod.objects.order_by("pk").first())
    note = "Mødt i vaskekælderen"


class StatusEventFactory(factory.django.DjangoModelFactory):
    """A step of her pipeline: identified → contacted (the person keeps her own status)."""

    class Meta:
        model = StatusEvent

    person = factory.SubFactory(PersonFactory, contacted=True)
    from_status = PipelineStatus.IDENTIFIED
    to_status = factory.SelfAttribute("person.status")
    occurred_on = date(2026, 10, 1)
