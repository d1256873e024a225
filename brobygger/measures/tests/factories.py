"""Factories of measures: a partnership's own target for a criterion."""

from __future__ import annotations

from decimal import Decimal

import factory

from brobygger.measures.models import CriterionTarget
from brobygger.partnerships.tests.factories import PartnershipFactory


class CriterionTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriterionTarget

    partnership = factory.SubFactory(PartnershipFactory)
    key = "job"
    target = Decimal("0.30")
