from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from brobygger.outreach.models import ActivityStatus, OutreachActivity, OutreachMethod
from brobygger.people.models import Person, PersonSource
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)  # a Monday, week 48


def _method(name: str = "Opslag i opgange og vaskekældre") -> OutreachMethod:
    return OutreachMethod.objects.get(name=name)


def _activity(cast: Cast, **fields: object) -> OutreachActivity:
    values: dict[str, object] = {
        "municipality": cast.viborg,
        "method": _method(),
        "title": "Plakater i vaskekældre",
        "planned_on": TODAY,
        **fields,
    }
    return OutreachActivity.objects.create(**values)


@time_machine.travel(TODAY)
def test_plan_activity_with_place_date_hours_cost_and_partner(client: Client, cast: Cast):
    client.force_login(cast.alice)

    response = client.post(
        reverse("outreach:activity-create"),
        {
            "method": _method("Præsentation i kvindeklub eller kvindecafé").pk,
            "title": "Oplæg i kvindeklubben",
            "place": "Ellekærets beboerhus",
            "planned_on": "26.11.2026",
            "responsible": cast.alice.pk,
            "new_partner_name": "Boligselskabet Viborg",
            "new_partner_kind": "housing_association",
            "hours": "3,5",
            "cost": "250,00",
        },
    )

    assert response.status_code == 302
    activity = OutreachActivity.objects.select_related("partner").get()
    assert (activity.municipality, activity.status, str(activity.hours)) == (
        cast.viborg,
        ActivityStatus.PLANNED,
        "3.5",
    )
    assert activity.partner is not None
    assert (activity.partner.name, activity.partner.kind, activity.partner.municipality) == (
        "Boligselskabet Viborg",
        "housing_association",
        cast.viborg,
    )


@time_machine.travel(TODAY)
def test_activity_partner_chosen_or_new_never_a_duplicate(client: Client, cast: Cast):
    from brobygger.partners.models import Organisation
    from brobygger.partners.tests.factories import OrganisationFactory

    existing = OrganisationFactory(municipality=cast.viborg, name="Boligselskabet Viborg A/S")
    elsewhere = OrganisationFactory(municipality=cast.hedensted, name="Hedensted Boligselskab")
    client.force_login(cast.alice)
    form = {
        "method": _method("Præsentation i kvindeklub eller kvindecafé").pk,
        "title": "Oplæg i kvindeklubben",
        "planned_on": "26.11.2026",
    }

    duplicate = client.post(
        reverse("outreach:activity-create"),
        {**form, "new_partner_name": "boligselskabet  viborg", "new_partner_kind": "other"},
    )
    other_municipality = client.post(
        reverse("outreach:activity-create"), {**form, "partner": elsewhere.pk}
    )
    both = client.post(
        reverse("outreach:activity-create"),
        {**form, "partner": existing.pk, "new_partner_name": "Ny", "new_partner_kind": "other"},
    )
    assert "Boligselskabet Viborg A/S er allerede en partner" in duplicate.content.decode()
    assert other_municipality.context["form"].errors["partner"]
    assert both.context["form"].errors["new_partner_name"]
    assert not OutreachActivity.objects.exists()
    assert Organisation.objects.count() == 2

    chosen = client.post(reverse("outreach:activity-create"), {**form, "partner": existing.pk})
    assert chosen.status_code == 302
    assert OutreachActivity.objects.get().partner == existing


@time_machine.travel(TODAY)
def test_plan_view_groups_by_week_and_marks_done_in_place(client: Client, cast: Cast):
    this_week = _activity(cast)
    _activity(cast, title="Stand på biblioteket", planned_on=TODAY + timedelta(days=7))
    _activity(cast, title="Far in the past", planned_on=TODAY - timedelta(weeks=10))
    client.force_login(cast.alice)

    plan = client.get(reverse("outreach:activity-list"))
    assert list(plan.context["weeks"]) == [(2026, 48), (2026, 49)]

    done = client.post(
        reverse("outreach:activity-done", kwargs={"activity_id": this_week.pk}),
        {"hours": "2", "cost": "120"},
        HTTP_HX_REQUEST="true",
    )
    this_week.refresh_from_db()
    assert (this_week.status, this_week.done_on, str(this_week.hours)) == ("done", TODAY, "2.0")
    assert "Udført" in done.content.decode()


@time_machine.travel(TODAY)
@pytest.mark.parametrize(
    "data",
    [{"hours": "-1"}, {"cost": "-5"}, {"done_on": "24.11.2026"}, {"done_on": "31.02.2026"}],
)
def test_bad_done_input_is_refused_and_nothing_saved(
    client: Client, cast: Cast, data: dict[str, str]
) -> None:
    activity = _activity(cast)
    client.force_login(cast.alice)

    client.post(
        reverse("outreach:activity-done", kwargs={"activity_id": activity.pk}),
        data,
        HTTP_HX_REQUEST="true",
    )

    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PLANNED


def test_registration_is_attributed_to_the_activity(client: Client, cast: Cast) -> None:
    activity = _activity(cast, planned_on=timezone.localdate())
    client.force_login(cast.alice)

    client.post(reverse("people:register"), {"first_name": "Malee", "activity": activity.pk})

    source = PersonSource.objects.get()
    assert (source.activity, source.method) == (activity, activity.method)
    plan = client.get(reverse("outreach:activity-list"))
    found = [a.people_found for week in plan.context["weeks"].values() for a in week]
    assert found == [1]


def test_another_municipalitys_activity_cannot_be_chosen(client: Client, cast: Cast) -> None:
    theirs = _activity(cast, municipality=cast.hedensted, planned_on=timezone.localdate())
    client.force_login(cast.alice)

    response = client.post(
        reverse("people:register"), {"first_name": "Malee", "activity": theirs.pk}
    )

    assert response.context["form"].errors["activity"]
    assert not Person.objects.exists()


@pytest.mark.parametrize("name", ["kim", "eva", "ada", "bob"])
def test_roles_without_outreach_cannot_see_the_plan(client: Client, cast: Cast, name: str):
    client.force_login(getattr(cast, name))

    assert client.get(reverse("outreach:activity-list")).status_code == 404


def test_administrator_edits_the_method_catalogue(client: Client, cast: Cast) -> None:
    client.force_login(cast.ada)

    created = client.post(
        reverse("outreach:method-create"),
        {
            "name": "Facebook-gruppe for thailandske kvinder",
            "category": "pr",
            "is_active": "on",
            "position": "9",
        },
    )
    method = OutreachMethod.objects.get(name="Facebook-gruppe for thailandske kvinder")
    client.post(
        reverse("outreach:method-update", kwargs={"method_id": method.pk}),
        {
            "name": method.name,
            "category": "pr",
            "position": "9",  # is_active off
        },
    )

    assert created.status_code == 302
    method.refresh_from_db()
    assert not method.is_active
    assert client.get(reverse("outreach:method-list")).status_code == 200


def test_caseworkers_cannot_edit_the_catalogue(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)

    assert client.get(reverse("outreach:method-list")).status_code == 404
