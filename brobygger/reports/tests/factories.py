"""Status reports and the versions of their texts."""

from __future__ import annotations

import factory
from django.utils import timezone

from brobygger.accounts.tests.factories import UserFactory
from brobygger.partnerships.tests.factories import PartnershipFactory, municipality
from brobygger.reports.models import (
    ApprovalStatus,
    QuarterlyApproval,
    ReportKind,
    ReportText,
    StatusReport,
)


class StatusReportFactory(factory.django.DjangoModelFactory):
    """Viborg's quarterly report for the suite's quarter (2026Q4); ``partnership_wide=True``
    for the partnership's own quarterly report, ``grant=True`` for its grant report."""

    class Meta:
        model = StatusReport

    partnership = factory.SubFactory(PartnershipFactory)
    municipality = factory.LazyFunction(municipality)
    kind = ReportKind.QUARTERLY
    quarter = "2026Q4"
    created_by = factory.SubFactory(UserFactory, municipal_lead=True)

    class Params:
        partnership_wide = factory.Trait(municipality=None)
        grant = factory.Trait(kind=ReportKind.GRANT, municipality=None)


class ReportTextFactory(factory.django.DjangoModelFactory):
    """The first version of the status section (``version=2`` and so on for later ones)."""

    class Meta:
        model = ReportText

    report = factory.SubFactory(StatusReportFactory)
    section = "status"
    version = 1
    text = "Vi har holdt fire informationsmøder i kvartalet."
    saved_by = factory.SelfAttribute("report.created_by")

    class Params:
        challenges = factory.Trait(section="challenges", text="Få frivillige i december.")


class QuarterlyApprovalFactory(factory.django.DjangoModelFactory):
    """Viborg's quarter as its lead submitted it (figures frozen as a small report);
    ``approved=True`` or ``returned=True`` for the coordinator's decision."""

    class Meta:
        model = QuarterlyApproval

    partnership = factory.SubFactory(PartnershipFactory)
    municipality = factory.LazyFunction(municipality)
    quarter = "2026Q4"
    status = ApprovalStatus.SUBMITTED
    figures = factory.LazyFunction(lambda: {"quarter": "2026Q4", "figures": {}})
    published = factory.SelfAttribute("figures")
    submitted_at = factory.LazyFunction(timezone.now)
    submitted_by = factory.SubFactory(UserFactory, municipal_lead=True)

    class Params:
        approved = factory.Trait(
            status=ApprovalStatus.APPROVED, decided_at=factory.LazyFunction(timezone.now)
        )
        returned = factory.Trait(
            status=ApprovalStatus.RETURNED,
            decided_at=factory.LazyFunction(timezone.now),
            comment="Tallene for kontaktforsøg mangler.",
        )
