"""The person page a caseworker reads every day (issue 14, point 4): words, not codes."""

from __future__ import annotations

import html as html_module
import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from time_machine import TimeMachineFixture

from brobygger.outreach.models import OutreachMethod
from brobygger.partners import services as partner_services
from brobygger.people.merging import person_merge
from brobygger.people.models import Person
from brobygger.people.services import person_register, person_status_change, person_update
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import SUITE_TODAY, Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


def _registered(cast: Cast, first_name: str = "Malee", **fields: object) -> Person:
    return person_register(
        actor=cast.alice,
        municipality=cast.viborg,
        first_name=first_name,
        last_name="Srisuk",
        method=OutreachMethod.objects.get(name="Bydelsmødre"),
        **fields,  # type: ignore[arg-type]
    )


def _page(client: Client, cast: Cast, person: Person) -> str:
    client.force_login(cast.alice)
    response = client.get(reverse("people:detail", kwargs={"person_id": person.pk}))
    assert response.status_code == 200
    return response.content.decode()


def _history(html: str) -> str:
    return html[html.index('data-testid="change-history"') :]


def _text(html: str) -> str:
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_change_history_speaks_in_labels_and_formatted_values(client: Client, cast: Cast) -> None:
    person = _registered(cast)
    person_update(
        actor=cast.alice,
        person=person,
        changes={
            "birth_date": date(1984, 3, 5),
            "gender": "female",
            "known_in_municipal_systems": True,
            "assigned_caseworker": cast.lene,
            "country_of_origin": "TH",
            "phone": "+4522334455",
        },
        version=person.version,
    )

    history = _text(_history(_page(client, cast, person)))

    assert "Registered by Alice 23.11.2026" in history
    assert "Date of birth — 05.03.1984" in history
    assert "Gender Not stated Woman" in history
    assert "Known in the municipality's systems — Yes" in history
    assert "Caseworker Alice Lene" in history
    assert "Country of origin — Thailand" in history
    assert "Phone number — 22 33 44 55" in history


def test_change_history_hides_internal_fields(client: Client, cast: Cast) -> None:
    person = _registered(cast)
    person_update(
        actor=cast.alice, person=person, changes={"city": "Viborg"}, version=person.version
    )

    history = _history(_page(client, cast, person))

    for technical in (
        "version",
        "is_demo",
        "is demo",
        "None",
        "interventions.Enrolment",
        "people.StatusEvent",
        "merged into",
        "created_by",
        "Created by",
        "ID",
    ):
        assert technical not in history
    # The registration is one line, not every field of the new record.
    rows = history.count("<tr>")
    assert rows == 3  # the header, the registration, the city


def test_auditlog_no_longer_records_relations_or_bookkeeping(cast: Cast) -> None:
    from auditlog.models import LogEntry

    person = _registered(cast)

    created = LogEntry.objects.get_for_object(person).get()
    assert "enrolments" not in created.changes_dict
    assert "version" not in created.changes_dict
    assert "is_demo" not in created.changes_dict
    assert created.changes_dict["first_name"] == ["None", "Malee"]


def test_summary_names_countries_and_languages_and_formats_the_phone(
    client: Client, cast: Cast
) -> None:
    person = PersonFactory(
        municipality=cast.viborg,
        country_of_origin="SY",
        languages="ar, English, thai, klingonsk",
        phone="+4522334455",
        birth_date=date(1984, 3, 5),
        consent_given_on=date(2026, 11, 2),
    )
    abroad = PersonFactory(municipality=cast.viborg, phone="+46701234567")

    html = _text(_page(client, cast, person))

    assert "Country of origin Syria" in html
    assert "Languages Arabic, English, Thai, klingonsk" in html
    assert "Phone number 22 33 44 55" in html
    assert "+4522334455" not in html
    assert "Consent given on 02.11.2026" in html
    assert "2026-11-02" not in html
    assert html.count("05.03.1984") == 1  # the birth date, once
    assert "+46 70 123 45 67" in _text(_page(client, cast, abroad))


def test_summary_in_danish_uses_danish_names(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg, country_of_origin="SY", languages="ar, so")
    client.cookies["brobygger_language"] = "da"

    html = _text(_page(client, cast, person))

    assert "Syrien" in html
    assert "arabisk, somali" in html


def test_active_mentor_and_open_referral_are_on_her_page(client: Client, cast: Cast) -> None:
    mentee = PersonFactory(municipality=cast.viborg, first_name="Amina")
    waiting = PersonFactory(municipality=cast.viborg, first_name="Hodan")
    volunteer = partner_services.volunteer_save(
        actor=cast.bob,
        municipality=cast.viborg,
        data=partner_services.VolunteerData(
            first_name="Birthe",
            last_name="Holm",
            gender="female",
            languages="da, ar",
            max_mentees=2,
            trained_on=date(2026, 1, 10),
            record_check_on=date(2026, 1, 5),
        ),
    )
    referral = partner_services.referral_create(
        actor=cast.alice,
        person=mentee,
        data=partner_services.ReferralData(languages="ar", postal_code="8800"),
    )
    partner_services.mentorship_start(
        actor=cast.bob, volunteer=volunteer, referral=referral, today=date(2026, 11, 20)
    )
    partner_services.referral_create(
        actor=cast.alice,
        person=waiting,
        data=partner_services.ReferralData(languages="so", postal_code="8800"),
    )

    mentee_page = _text(_page(client, cast, mentee))
    waiting_page = _text(_page(client, cast, waiting))

    assert "Mentor: Birthe Holm" in mentee_page and "Started 20.11.2026" in mentee_page
    assert "Referred to a mentor: Started" in mentee_page
    assert "20.11.2026: Started" in mentee_page
    assert "Referred to a mentor: Sent" in waiting_page and "23.11.2026: Sent" in waiting_page
    assert "Birthe Holm" not in waiting_page


def test_charlie_gets_404_and_sees_no_mentor(client: Client, cast: Cast) -> None:
    person = PersonFactory(municipality=cast.viborg)
    client.force_login(cast.charlie)

    response = client.get(reverse("people:detail", kwargs={"person_id": person.pk}))

    assert response.status_code == 404


def test_timeline_has_real_times_newest_first(
    client: Client, cast: Cast, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(SUITE_TODAY.replace(hour=9, minute=15), tick=False)
    person = _registered(cast)
    time_machine.move_to(SUITE_TODAY.replace(hour=14, minute=40), tick=False)
    person_status_change(actor=cast.alice, person=person, to_status="contacted")
    time_machine.move_to(SUITE_TODAY.replace(hour=15, minute=5), tick=False)
    # Recorded today, happened three days ago: only the day is known.
    person_status_change(
        actor=cast.alice,
        person=person,
        to_status="first_conversation",
        occurred_on=timezone.localdate() - timedelta(days=3),
    )
    client.force_login(cast.alice)

    response = client.get(reverse("people:detail", kwargs={"person_id": person.pk}))

    timeline = response.context["timeline"]
    assert [entry.title for entry in timeline] == [
        "Status: Contacted",
        "Status: Identified",
        "Found through: Neighbourhood mothers",
        "Status: First conversation held",
    ]
    html = response.content.decode()
    listed = _text(html[html.index('data-testid="timeline"') :])
    assert "23.11.2026 14:40 · Status: Contacted" in listed
    assert "23.11.2026 09:15 · Status: Identified" in listed
    assert "20.11.2026 · Status: First conversation held" in listed
    assert "12:00" not in listed


def test_no_doubled_identified_after_a_merge(client: Client, cast: Cast) -> None:
    kept = _registered(cast, "Fatima")
    other = _registered(cast, "Fatma")
    person_merge(actor=cast.alice, survivor=kept, merged=other)
    client.force_login(cast.alice)

    response = client.get(reverse("people:detail", kwargs={"person_id": kept.pk}))

    titles = [entry.title for entry in response.context["timeline"]]
    assert titles.count("Status: Identified") == 1
    assert titles.count("Found through: Neighbourhood mothers") == 2  # both findings are kept


def test_person_page_queries_do_not_grow_with_her_history(
    client: Client, cast: Cast, django_assert_max_num_queries
) -> None:
    person = _registered(cast)
    for city in ("Viborg", "Skive", "Karup", "Bjerringbro", "Stoholm"):
        person.refresh_from_db()
        person_update(
            actor=cast.alice,
            person=person,
            changes={"city": city, "assigned_caseworker": cast.lene},
            version=person.version,
        )
    client.force_login(cast.alice)
    url = reverse("people:detail", kwargs={"person_id": person.pk})
    client.get(url)

    with django_assert_max_num_queries(30) as captured:
        client.get(url)
    baseline = len(captured)
    for city in ("Tjele", "Rødkærsbro", "Løgstrup"):
        person.refresh_from_db()
        person_update(
            actor=cast.alice,
            person=person,
            changes={"city": city, "assigned_caseworker": cast.alice},
            version=person.version,
        )
    with django_assert_max_num_queries(baseline):
        client.get(url)


def test_cards_of_apps_above_people_show_on_her_page_when_they_have_something(
    client: Client, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mentor card comes from partners through ``people.panels``; a card whose context is
    None is left out."""
    from brobygger.people import panels

    person = _registered(cast)
    assert 'data-testid="person-mentoring"' in _page(client, cast, person)

    silent = panels.PersonPanel("partners/person_mentoring.html", lambda user, person: None)
    monkeypatch.setattr(panels, "_PANELS", [silent])
    assert 'data-testid="person-mentoring"' not in _page(client, cast, person)
