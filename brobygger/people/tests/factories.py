from __future__ import annotations

import factory

from brobygger.partnerships.models import Municipality
from brobygger.people.models import Gender, Person, PipelineStatus


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="791"))
    first_name = factory.Iterator(["Fatima", "Malee", "Hodan", "Ayşe", "Zainab", "Semhar"])
    last_name = factory.Iterator(["Al-Hassan", "Srisuk", "Warsame", "Yılmaz", "Rahimi"])
    gender = Gender.FEMALE
    country_of_origin = "SY"
    status = PipelineStatus.IDENTIFIED

    class Params:
        contacted = factory.Trait(status=PipelineStatus.CONTACTED)
        in_intervention = factory.Trait(status=PipelineStatus.IN_INTERVENTION)
