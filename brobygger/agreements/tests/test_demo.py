"""The demo step: agreements only between existing demo partners, none without them."""

from __future__ import annotations

import random
from datetime import date

import pytest

from brobygger.agreements.demo import _delete_demo_agreements, agreements
from brobygger.agreements.models import Agreement, AgreementStatus
from brobygger.demo.generator import SCALES, DemoContext, cleanups_in_order, load_steps
from brobygger.partners.models import Organisation
from brobygger.testing import Cast

from .factories import organisation

pytestmark = pytest.mark.django_db


def _context(cast: Cast) -> DemoContext:
    return DemoContext(
        scale=SCALES["small"],
        seed=1,
        password="x",
        rng=random.Random(1),
        today=date(2026, 11, 23),
        municipalities=[cast.viborg, cast.hedensted],
    )


def test_nothing_without_demo_partners(cast: Cast) -> None:
    organisation(cast.viborg, "Ægte forening")  # not demo data: never used
    organisation(cast.viborg, "Ægte forening 2")
    context = _context(cast)

    agreements(context)

    assert not Agreement.objects.exists()
    assert context.counts["agreements"] == 0


def test_agreements_between_demo_partners(cast: Cast) -> None:
    for name in ("Kvindecaféen", "Idrætsforeningen", "Lektiecaféen"):
        organisation(cast.viborg, name, is_demo=True)
    context = _context(cast)

    agreements(context)

    active = Agreement.objects.get(status=AgreementStatus.ACTIVE)
    draft = Agreement.objects.get(status=AgreementStatus.DRAFT)
    assert active.municipality == draft.municipality == cast.viborg
    assert active.parties.count() == draft.parties.count() == 2
    held = active.meetings.filter(held=True)
    assert held.exists() and all(m.date < context.today and m.how_is_it_going for m in held)
    assert active.meetings.filter(held=False, date__gte=context.today).exists()
    assert not draft.meetings.exists()

    # The agreements go before anyone deletes the demo partners they hold on to.
    load_steps()
    order = cleanups_in_order()
    mine = order.index(_delete_demo_agreements)
    partners = [i for i, f in enumerate(order) if f.__module__.startswith("brobygger.partners")]
    assert partners and all(mine < i for i in partners)  # cleanups run in this order
    _delete_demo_agreements()
    assert not Agreement.objects.exists()
    Organisation.objects.filter(is_demo=True).delete()
