"""Issue 17, point 6: an agreement names who is responsible for progress, where and how much;
a CSR agreement names what each party gains; every status meeting has the standing item on
engagement."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.agreements.models import Agreement, StatusMeeting
from brobygger.partners.models import Organisation
from brobygger.testing import Cast

from .factories import AgreementFactory, PartyFactory, StatusMeetingFactory, organisation
from .test_views import _post_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


@pytest.fixture
def partners(cast: Cast) -> list[Organisation]:
    return [organisation(cast.viborg, "Kvindernes Netværk"), organisation(cast.viborg, "Revisor")]


def test_a_csr_agreement_keeps_responsibility_where_how_much_and_gains(
    client: Client, cast: Cast, partners: list[Organisation]
) -> None:
    client.force_login(cast.alice)
    data = _post_data(
        partners,
        where="Virksomhedens kantine",
        how_much="Fire timer om måneden",
        progress_responsible="Hodan Ali",
        is_csr="on",
        **{"party-0-gains": "Hjælp til regnskabet", "party-1-gains": "Medarbejderudvikling"},
    )
    response = client.post(reverse("agreements:create"), data)
    assert response.status_code == 302
    saved = Agreement.objects.get()
    assert (saved.where, saved.how_much, saved.progress_responsible, saved.is_csr) == (
        "Virksomhedens kantine",
        "Fire timer om måneden",
        "Hodan Ali",
        True,
    )
    assert [p.gains for p in saved.parties.all()] == [
        "Hjælp til regnskabet",
        "Medarbejderudvikling",
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Responsible for progress" in page and "Medarbejderudvikling" in page


def test_the_gains_show_only_on_a_csr_agreement(client: Client, cast: Cast) -> None:
    plain = AgreementFactory()
    PartyFactory(agreement=plain, gaining=True)
    csr = AgreementFactory(csr=True)
    PartyFactory(agreement=csr, gaining=True)
    client.force_login(cast.alice)
    plain_page = client.get(reverse("agreements:detail", args=[plain.pk])).content.decode()
    csr_page = client.get(reverse("agreements:detail", args=[csr.pk])).content.decode()
    assert "Erfaring med regnskab" not in plain_page
    assert "Erfaring med regnskab" in csr_page and "Virksomhedens kantine" in csr_page


def test_a_status_meeting_has_the_standing_item_on_engagement(client: Client, cast: Cast) -> None:
    meeting = StatusMeetingFactory(date=date(2026, 11, 2))
    client.force_login(cast.alice)
    url = reverse("agreements:meeting", kwargs={"meeting_id": meeting.pk})
    agenda = client.get(url).content.decode().split('data-testid="agenda"')[1]
    assert "How engaged are the parties and the volunteers, and what keeps it up?" in agenda
    response = client.post(
        url, {"date": "02.11.2026", "engagement": "Alle kommer hver gang", "held": "on"}
    )
    assert response.status_code == 302
    assert StatusMeeting.objects.get().engagement == "Alle kommer hver gang"
