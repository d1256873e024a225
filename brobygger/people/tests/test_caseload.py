from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


@time_machine.travel(TODAY)
def test_caseload_lists_what_needs_doing(
    client: Client, cast: Cast, django_assert_max_num_queries
) -> None:
    overdue = PersonFactory(
        municipality=cast.viborg,
        assigned_caseworker=cast.alice,
        follow_up_on=TODAY - timedelta(days=2),
        next_action="Ring igen",
    )
    soon = PersonFactory(
        municipality=cast.viborg,
        assigned_caseworker=cast.alice,
        follow_up_on=TODAY + timedelta(days=3),
    )
    PersonFactory(
        municipality=cast.viborg,
        assigned_caseworker=cast.alice,
        follow_up_on=TODAY + timedelta(days=30),
    )
    inform = PersonFactory(municipality=cast.viborg, inform_due_on=TODAY + timedelta(days=5))
    PersonFactory(
        municipality=cast.viborg,
        inform_due_on=TODAY - timedelta(days=5),
        informed_on=TODAY - timedelta(days=9),
        assigned_caseworker=cast.alice,
    )
    PersonFactory(municipality=cast.hedensted, inform_due_on=TODAY)  # not Alice's to see
    client.force_login(cast.alice)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("people:caseload"))

    work = response.context["caseload"]
    assert work.overdue == [overdue]
    assert work.coming_up == [soon]
    assert work.inform_due == [inform]
    assert inform in work.unassigned
    assert work.total == 4
    assert "Ring igen" in response.content.decode()


def test_registering_makes_you_the_caseworker(client: Client, cast: Cast) -> None:
    from brobygger.outreach.models import OutreachMethod
    from brobygger.people.models import Person

    client.force_login(cast.alice)
    client.post(
        reverse("people:register"),
        {
            "first_name": "Malee",
            "method": OutreachMethod.objects.first().pk,  # type: ignore[union-attr]
        },
    )

    assert Person.objects.get().assigned_caseworker == cast.alice
