from __future__ import annotations

import factory

from brobygger.partnerships.models import Municipality
from brobygger.people.models import Gender, Person, PersonNameKey, PipelineStatus
from brobygger.people.names import name_keys


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
        contacted = factory.Trait(status=PipelineStatus.CONTACTED)
        in_intervention = factory.Trait(status=PipelineStatus.IN_INTERVENTION)
