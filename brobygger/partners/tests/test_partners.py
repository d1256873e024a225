"""Partners, volunteers and mentoring: bad input, access, capacity and the record check."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from brobygger.partners import services
from brobygger.partners.matching import blocking_reason, mentor_proposals
from brobygger.partners.models import (
    Competence,
    DeclinedMatch,
    Mentorship,
    Organisation,
    Referral,
    ReferralStatus,
    Volunteer,
)
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

from .pairs import club_and_company

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]

TODAY = date(2026, 11, 23)


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


def _volunteer(cast: Cast, name: str = "Birthe", **fields: object) -> Volunteer:
    values: dict[str, Any] = {
        "first_name": name,
        "gender": "female",
        "languages": "da, ar",
        "max_mentees": 1,
        "trained_on": date(2026, 1, 10),
        "record_check_on": date(2026, 1, 5),
        **fields,
    }
    return services.volunteer_save(
        actor=cast.bob, municipality=cast.viborg, data=services.VolunteerData(**values)
    )


def _referral(cast: Cast, first_name: str = "Amina", languages: str = "ar") -> Referral:
    person = PersonFactory(municipality=cast.viborg, first_name=first_name, gender="female")
    return services.referral_create(
        actor=cast.alice,
        person=person,
        data=services.ReferralData(languages=languages, postal_code="8800"),
    )


def test_cvr_is_checked(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    url = reverse("partners:organisation-create")
    base = {"name": "Netto Viborg", "kind": "company", "relationship": "prospect"}
    for value in ("12345678", "1234567", "abcdefgh"):
        response = client.post(
            url, {**base, "cvr": value, "internship_places": 0, "mentor_slots": 0}
        )
        assert response.status_code == 200
        assert "not a valid CVR number" in response.content.decode()
    response = client.post(url, {**base, "cvr": "", "internship_places": 0, "mentor_slots": 0})
    assert "A company needs its CVR number." in response.content.decode()
    assert not Organisation.objects.exists()
    # 13585628 has a correct check digit (weights 2, 7, 6, 5, 4, 3, 2, 1; sum divisible by 11).
    response = client.post(
        url, {**base, "cvr": "DK 13 58 56 28", "internship_places": 2, "mentor_slots": 0}
    )
    assert response.status_code == 302
    assert Organisation.objects.get().cvr == "13585628"


@pytest.mark.parametrize("slots", ["0", "500", "-1"])
def test_mentee_slots_must_be_sensible(client: Client, cast: Cast, slots: str) -> None:
    client.force_login(cast.bob)
    response = client.post(
        reverse("partners:volunteer-create"),
        {"first_name": "Birthe", "languages": "da", "max_mentees": slots, "max_distance_km": 10,
         "status": "active"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "max_mentees_error" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_a_volunteer_is_never_overfilled(cast: Cast) -> None:
    volunteer = _volunteer(cast)
    first, second = _referral(cast), _referral(cast, "Hodan")
    services.mentorship_start(actor=cast.bob, volunteer=volunteer, referral=first, today=TODAY)
    # A second coordinator, whose page still showed the free place, accepts at the same time.
    stale = Volunteer.objects.get(pk=volunteer.pk)
    stale.active_mentees = 0
    with pytest.raises(services.MatchRefused, match="no free mentee slot"):
        services.mentorship_start(actor=cast.lene, volunteer=stale, referral=second, today=TODAY)
    assert Mentorship.objects.count() == 1
    assert Referral.objects.get(pk=second.pk).status == ReferralStatus.WAITING
    # And below the services, the database itself refuses.
    with pytest.raises(IntegrityError), transaction.atomic():
        Volunteer.objects.filter(pk=volunteer.pk).update(active_mentees=2)


def test_one_mentor_per_citizen(cast: Cast) -> None:
    a, b = _volunteer(cast, "Birthe"), _volunteer(cast, "Karen")
    referral = _referral(cast)
    services.mentorship_start(actor=cast.bob, volunteer=a, referral=referral, today=TODAY)
    stale = Referral.objects.get(pk=referral.pk)
    stale.status = ReferralStatus.WAITING
    with pytest.raises(services.MatchRefused):
        services.mentorship_start(actor=cast.bob, volunteer=b, referral=stale, today=TODAY)
    assert Volunteer.objects.get(pk=b.pk).active_mentees == 0  # the slot went back


def test_expired_record_check_or_no_training_blocks(cast: Cast) -> None:
    expired = _volunteer(cast, "Expired", record_check_on=date(2024, 11, 1))
    untrained = _volunteer(cast, "Untrained", trained_on=None)
    unchecked = _volunteer(cast, "Unchecked", record_check_on=None)
    ready = _volunteer(cast, "Ready")
    assert "expired on 01.11.2026" in blocking_reason(expired, today=TODAY)
    assert blocking_reason(untrained, today=TODAY) == "Mentor training is missing."
    assert blocking_reason(unchecked, today=TODAY)
    assert blocking_reason(ready, today=TODAY) == ""
    referrals = [_referral(cast, f"Person{i}") for i in range(4)]
    proposals = mentor_proposals(
        volunteers=[expired, untrained, unchecked, ready], referrals=referrals, today=TODAY
    )
    assert {p.volunteer.pk for p in proposals} == {ready.pk}
    with pytest.raises(services.MatchRefused, match="expired"):
        services.mentorship_start(
            actor=cast.bob, volunteer=expired, referral=referrals[0], today=TODAY
        )


def test_refer_propose_accept_decline(client: Client, cast: Cast) -> None:
    job_search = Competence.objects.get(key="job_search")
    birthe = _volunteer(cast, "Birthe", max_mentees=2)
    birthe.skills.set([job_search])
    _volunteer(cast, "Somali only", languages="so")
    person = PersonFactory(municipality=cast.viborg, first_name="Amina", languages="ar")
    client.force_login(cast.alice)
    response = client.post(
        reverse("partners:refer", kwargs={"person_id": person.pk}),
        {"languages": "ar, da", "postal_code": "8800", "topics": [job_search.pk],
         "wants_woman_mentor": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    again = client.post(
        reverse("partners:refer", kwargs={"person_id": person.pk}), {"languages": "ar"}
    )
    assert "already waiting for a mentor" in again.content.decode()

    client.force_login(cast.bob)
    page = client.get(reverse("partners:mentoring"), {"propose": "1"}).content.decode()
    assert "Birthe" in page and "Amina" in page
    assert "Both speak" in page and "Common interests: Jobsøgning og CV" in page
    assert "Somali only" not in page.split('data-testid="proposals"')[1]
    referral = Referral.objects.get()
    decide = reverse("partners:proposal-decide")
    client.post(decide, {"volunteer": birthe.pk, "referral": referral.pk, "decision": "accept"})
    mentorship = Mentorship.objects.get()
    assert mentorship.score and mentorship.reasons
    assert Referral.objects.get().status == ReferralStatus.MATCHED
    # The volunteer coordinator works from the referral, never the person's record.
    assert client.get(reverse("people:detail", kwargs={"person_id": person.pk})).status_code == 404

    other = _referral(cast, "Hodan", languages="ar")
    client.post(decide, {"volunteer": birthe.pk, "referral": other.pk, "decision": "decline"})
    assert DeclinedMatch.objects.filter(volunteer=birthe, referral=other).exists()
    page = client.get(reverse("partners:mentoring"), {"propose": "1"}).content.decode()
    assert "Hodan" not in page.split('data-testid="proposals"')[1]


def test_partner_matches_explain_themselves(client: Client, cast: Cast) -> None:
    club, _company = club_and_company(cast)
    assert club.needs.get() == Competence.objects.get(key="accounting")
    client.force_login(cast.alice)
    page = client.get(reverse("partners:matches")).content.decode()
    csr = page.split('data-testid="csr"')[1]
    assert "Somalisk Kvindeforening" in csr and "Revisorhuset" in csr
    assert "Regnskab og bogføring" in csr


def test_match_command_prints_json(cast: Cast) -> None:
    volunteer = _volunteer(cast)
    referral = _referral(cast)
    out = StringIO()
    call_command(
        "match", "mentors", "--municipality", "791", "--json", "--date", "2026-11-23", stdout=out
    )
    rows = json.loads(out.getvalue())
    assert rows == [
        {
            "volunteer_id": volunteer.pk,
            "person_id": referral.person_id,
            "score": rows[0]["score"],
            "reasons": rows[0]["reasons"],
        }
    ]
    assert rows[0]["score"] > 0 and rows[0]["reasons"][0]["code"] == "shared_language"


def test_other_municipality_cannot_accept(cast: Cast) -> None:
    volunteer = _volunteer(cast)
    referral = _referral(cast)
    with pytest.raises(Exception) as refused:
        services.mentorship_start(
            actor=cast.charlie, volunteer=volunteer, referral=referral, today=TODAY
        )
    assert not isinstance(refused.value, ValidationError)
    assert not Mentorship.objects.exists()


def test_postal_areas_load_and_refuse_bad_rows(tmp_path: object) -> None:
    from pathlib import Path

    from django.core.management import CommandError

    from brobygger.partners.models import PostalArea

    folder = Path(str(tmp_path))
    good = folder / "postnumre.csv"
    good.write_text("nr;navn;visueltcenter_x;visueltcenter_y\n8800;Viborg;9,40;56,45\n")
    call_command("postal-areas", str(good), stdout=StringIO())
    area = PostalArea.objects.get(code="8800")
    assert (area.name, area.latitude, area.longitude) == ("Viborg", 56.45, 9.40)
    bad = folder / "bad.csv"
    bad.write_text("nr,navn,lat,lon\n8830,Tjele,56.5,9.6\n99,X,56,9\n")
    with pytest.raises(CommandError, match="row 3, column nr"):
        call_command("postal-areas", str(bad), stdout=StringIO())
    assert not PostalArea.objects.filter(code="8830").exists()  # nothing half-loaded
