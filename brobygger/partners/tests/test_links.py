"""Free text that names a partner, matched to partner records (``partners/links.py``): the
normalised name, the municipality first and then its partnership, an ambiguous name left
alone, the report of what is left, and the data migration that runs it."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from brobygger.core.tests.moves import migrate_to
from brobygger.interventions.models import Enrolment
from brobygger.interventions.tests.factories import EnrolmentFactory
from brobygger.outreach.models import OutreachActivity
from brobygger.outreach.tests.factories import OutreachActivityFactory
from brobygger.partners.links import links_match, live_index, live_text_fields, name_key
from brobygger.partners.models import Organisation
from brobygger.partners.tests.factories import OrganisationFactory
from brobygger.partnerships.models import Municipality
from brobygger.people.models import PersonSource
from brobygger.people.tests.factories import PersonFactory, PersonSourceFactory
from brobygger.testing import Cast


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Netto A/S", "netto"),
        ("  NETTO   aps. ", "netto"),
        ("Via Moskeforeningen", "moskeforeningen"),
        ("Bager Hansen I/S", "bager hansen"),
        ("Røde Kors, lokalafdeling", "røde kors lokalafdeling"),
        ("Sprogcenter Midt", "sprogcenter midt"),
        ("AS", "as"),
        ("—", ""),
    ],
)
def test_name_key_ignores_case_spaces_punctuation_via_and_company_forms(text: str, key: str):
    assert name_key(text) == key


@pytest.mark.django_db
def test_a_text_matches_its_municipality_then_its_partnership_never_two(cast: Cast) -> None:
    outside = Municipality.objects.exclude(partnerships=cast.partnership).first()
    assert outside is not None
    own = OrganisationFactory(municipality=cast.viborg, name="Netto Viborg A/S")
    OrganisationFactory(municipality=cast.hedensted, name="Netto Viborg")
    neighbour = OrganisationFactory(municipality=cast.hedensted, name="Sprogcenter Midt")
    OrganisationFactory(municipality=cast.viborg, name="Bydelsmødrene")
    OrganisationFactory(municipality=cast.viborg, name="bydelsmødrene ")
    OrganisationFactory(municipality=outside, name="Far Away ApS")

    index = live_index()

    assert index.match("netto viborg", cast.viborg.pk) == own.pk
    assert index.match("Sprogcenter Midt", cast.viborg.pk) == neighbour.pk
    assert index.match("Bydelsmødrene", cast.viborg.pk) is None  # two of that name
    assert index.match("Far Away", cast.viborg.pk) is None  # not in the partnership
    assert index.match("", cast.viborg.pk) is None


@pytest.mark.django_db
def test_matching_links_rows_clears_their_text_and_reports_the_rest(cast: Cast) -> None:
    netto = OrganisationFactory(municipality=cast.viborg, name="Netto", company=True)
    mosque = OrganisationFactory(municipality=cast.viborg, name="Moskeforeningen")
    activity = OutreachActivityFactory(municipality=cast.viborg, partner_note="NETTO A/S")
    unknown = OutreachActivityFactory(municipality=cast.viborg, partner_note="Hanne fra kirken")
    person = PersonFactory(municipality=cast.viborg)
    at_netto = EnrolmentFactory(person=person, provider_note="Netto ApS")
    elsewhere = EnrolmentFactory(person=person, provider_note="Bager Jensen")
    source = PersonSourceFactory(person=person, note="via Moskeforeningen")

    linked = links_match(live_index(), live_text_fields())

    assert linked == {"activity": 1, "enrolment": 1, "source": 1}
    activity.refresh_from_db()
    at_netto.refresh_from_db()
    source.refresh_from_db()
    assert (activity.partner, activity.partner_note) == (netto, "")
    assert (at_netto.provider, at_netto.provider_note) == (netto, "")
    # A source's note says more than the partner: it stays.
    assert (source.partner, source.note) == (mosque, "via Moskeforeningen")
    assert OutreachActivity.objects.get(pk=unknown.pk).partner is None
    assert Enrolment.objects.get(pk=elsewhere.pk).provider_note == "Bager Jensen"

    out = StringIO()
    call_command("partner_links_report", "--json", "--municipality", cast.viborg.code, stdout=out)
    assert json.loads(out.getvalue()) == [
        {"municipality": "Viborg", "field": "activity", "text": "Hanne fra kirken", "count": 1},
        {"municipality": "Viborg", "field": "enrolment", "text": "Bager Jensen", "count": 1},
    ]

    OrganisationFactory(municipality=cast.viborg, name="Bager Jensen")
    out = StringIO()
    call_command("partner_links_report", "--match", stdout=out, stderr=StringIO())
    assert "Bager Jensen" not in out.getvalue()
    assert "Hanne fra kirken" in out.getvalue()
    assert Enrolment.objects.get(pk=elsewhere.pk).provider.name == "Bager Jensen"


BEFORE = [
    ("partners", "0006_capacity_building"),
    ("outreach", "0015_municipality_profile"),
    ("people", "0014_person_name_latin"),
    ("interventions", "0009_criterion_target_moves_to_measures"),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_links_the_old_free_text_and_going_back_restores_it() -> None:
    try:
        old = migrate_to(BEFORE)
        viborg = old.get_model("partnerships", "Municipality").objects.get(name="Viborg")
        old.get_model("partners", "Organisation").objects.create(
            municipality=viborg, name="Boligselskabet Viborg", kind="housing_association"
        )
        Activity = old.get_model("outreach", "OutreachActivity")
        method = old.get_model("outreach", "OutreachMethod").objects.first()
        for text in ("boligselskabet viborg", "Naboen Fatima"):
            Activity.objects.create(
                municipality=viborg,
                method=method,
                title=text,
                planned_on="2026-11-02",
                partner=text,
            )

        migrate_to()

        matched = OutreachActivity.objects.get(title="boligselskabet viborg")
        assert matched.partner == Organisation.objects.get(name="Boligselskabet Viborg")
        assert matched.partner_note == ""
        other = OutreachActivity.objects.get(title="Naboen Fatima")
        assert (other.partner, other.partner_note) == (None, "Naboen Fatima")
        assert not PersonSource.objects.filter(partner__isnull=False).exists()

        old = migrate_to(BEFORE)
        Activity = old.get_model("outreach", "OutreachActivity")
        assert sorted(Activity.objects.values_list("partner", flat=True)) == [
            "Boligselskabet Viborg",
            "Naboen Fatima",
        ]
    finally:
        migrate_to()


@pytest.mark.django_db
def test_the_unmatched_names_page_shows_only_the_users_municipalities(cast: Cast, client) -> None:
    OutreachActivityFactory(municipality=cast.viborg, partner_note="Kirkens Korshær Viborg")
    OutreachActivityFactory(municipality=cast.hedensted, partner_note="Hedensted Hjælper")
    client.force_login(cast.lene)

    page = client.get("/partners/unmatched-names/").content.decode()

    assert "Kirkens Korshær Viborg" in page
    assert "Hedensted Hjælper" not in page
