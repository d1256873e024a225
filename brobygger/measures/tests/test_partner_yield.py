"""Which partners bring results (``measures/partner_yield.py``): the people reached through a
partner, in an intervention it provides, and in a job or education after it; exact counts
and the people for her municipality's staff, small numbers hidden for the coordinator."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.agreements.tests.factories import AgreementFactory
from brobygger.interventions.tests.factories import EnrolmentFactory, OutcomeFactory
from brobygger.measures.disclosure import Viewer
from brobygger.measures.partner_yield import partner_yield, shown
from brobygger.partners.models import Organisation
from brobygger.partners.tests.factories import OrganisationFactory
from brobygger.people.tests.factories import PersonFactory, PersonSourceFactory
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


def _partner_with_people(cast: Cast) -> tuple[Organisation, list[int]]:
    """Amina found through it (a job later), Beda in its internship with a job before it,
    Carla in its internship with a job after it, and Dina found elsewhere."""
    partner = OrganisationFactory(municipality=cast.viborg, name="Moskeforeningen")
    amina, beda, carla, dina = (
        PersonFactory(municipality=cast.viborg, first_name=name)
        for name in ("Amina", "Beda", "Carla", "Dina")
    )
    PersonSourceFactory(person=amina, partner=partner)
    PersonSourceFactory(person=dina)
    OutcomeFactory(person=amina, started_on=date(2026, 3, 1))
    for person, outcome_on in ((beda, date(2026, 8, 1)), (carla, date(2026, 10, 15))):
        EnrolmentFactory(
            person=person, provider=partner, provider_note="", started_on=date(2026, 9, 1)
        )
        OutcomeFactory(person=person, started_on=outcome_on)
    OutcomeFactory(person=dina)
    return partner, [amina.pk, beda.pk, carla.pk]


def test_reached_in_an_intervention_and_in_a_job_after_it(cast: Cast) -> None:
    partner, (amina, beda, carla) = _partner_with_people(cast)
    OrganisationFactory(municipality=cast.viborg, name="Nobody came")

    rows = partner_yield(municipality_ids=[cast.viborg.pk])

    assert [row.partner for row in rows] == [partner]
    (row,) = rows
    assert (row.reached, row.enrolled, row.outcome) == ({amina}, {beda, carla}, {amina, carla})
    assert (row.result.count, row.result.of) == (2, 3)
    exact = shown(rows, Viewer(frozenset({cast.viborg.pk})))[0]
    hidden = shown(rows, Viewer(frozenset()))[0]
    assert (str(exact.outcome), str(exact.through)) == ("2", "3")
    assert (str(hidden.outcome), str(hidden.through)) == ("<5", "<5")
    assert hidden.result.rate is None


def test_the_table_and_the_partner_page_show_what_each_role_may_see(
    client: Client, cast: Cast
) -> None:
    partner, _people = _partner_with_people(cast)
    agreement = AgreementFactory(municipality=cast.viborg, parties=[partner])
    table = reverse("measures:partner-table", kwargs={"partnership_id": cast.partnership.pk})
    results = reverse("measures:partner-results", kwargs={"organisation_id": partner.pk})

    client.force_login(cast.lene)
    page = client.get(results).content.decode()
    assert 'data-testid="partner-people"' in page
    assert "Carla" in page and "Dina" not in page
    assert str(agreement) in page
    assert "Moskeforeningen" in client.get(table).content.decode()

    client.force_login(cast.kim)
    coordinator = client.get(table).content.decode()
    assert "Moskeforeningen" in coordinator and "&lt;5" in coordinator
    page = client.get(results).content.decode()
    assert "Carla" not in page and "&lt;5" in page

    client.force_login(cast.charlie)
    assert client.get(results).status_code == 404
