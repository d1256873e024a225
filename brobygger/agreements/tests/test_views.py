"""The agreement pages: write from a match, bad input with its message, print, meet; Charlie
(Hedensted) gets 404 for everything of Viborg."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from brobygger.agreements.models import Agreement, AgreementStatus, Party, StatusMeeting
from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.partners.models import Organisation
from brobygger.partners.tests.pairs import club_and_company
from brobygger.testing import Cast

from .factories import agreement, organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


@pytest.fixture
def partners(cast: Cast) -> list[Organisation]:
    return [
        organisation(cast.viborg, "Kvindernes Netværk"),
        organisation(cast.viborg, "Viborg Idrætsforening"),
    ]


def _management(total: int, initial: int = 0) -> dict[str, Any]:
    return {
        "party-TOTAL_FORMS": str(total),
        "party-INITIAL_FORMS": str(initial),
        "party-MIN_NUM_FORMS": "0",
        "party-MAX_NUM_FORMS": "20",
    }


def _post_data(parties: list[Organisation], **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Lektiehjælp i Ellekær",
        "purpose": "Flere børn får hjælp til lektierne.",
        "what": "Lektiecafé",
        "when": "Tirsdage 16-18",
        "how_often": "Hver uge",
        "how_long": "To timer",
        "how": "Frivillige hjælper",
        "meeting_every_months": "3",
        "first_meeting_on": "01.03.2027",
        "meeting_place": "Beboerhuset",
        "challenges": "Tages op på statusmødet",
        "too_few_volunteers": "Caféen holdes hver anden uge",
        "starts_on": "04.01.2027",
        "ends_on": "31.12.2027",
        **_management(3),
    }
    for number, party in enumerate(parties):
        data[f"party-{number}-organisation"] = str(party.pk)
        data[f"party-{number}-resources"] = f"{party.name} giver lokaler"
    data.update(changes)
    return data


def test_write_an_agreement(client: Client, cast: Cast, partners: list[Organisation]) -> None:
    client.force_login(cast.alice)

    response = client.post(reverse("agreements:create"), _post_data(partners))

    saved = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:detail", kwargs={"agreement_id": saved.pk})
    assert saved.municipality == cast.viborg
    assert [p.resources for p in saved.parties.all()] == [
        "Kvindernes Netværk giver lokaler",
        "Viborg Idrætsforening giver lokaler",
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Kvindernes Netværk giver lokaler" in page
    assert "The meetings are planned when the agreement is activated." in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"party-0-organisation": "", "party-0-resources": "", "party-1-organisation": "",
          "party-1-resources": ""}, "An agreement needs at least two parties."),
        ({"party-1-organisation": "", "party-1-resources": ""},
         "An agreement needs at least two parties."),
        ({"meeting_every_months": "0"}, "Status meetings are held every 1 to 12 months."),
        ({"meeting_every_months": "-1"}, "Status meetings are held every 1 to 12 months."),
        ({"meeting_every_months": "13"}, "Status meetings are held every 1 to 12 months."),
        ({"ends_on": "01.01.2027"}, "The agreement must end after it starts."),
        ({"party-1-organisation": ""}, "Choose the partner, or empty the row."),
        ({"title": ""}, "This field is required."),
    ],
    ids=["no parties", "one party", "frequency 0", "negative", "13", "ends first",
         "row without partner", "no title"],
)  # fmt: skip
def test_bad_input_is_refused_with_a_message(
    client: Client, cast: Cast, partners: list[Organisation], changes: dict[str, str], message: str
) -> None:
    client.force_login(cast.alice)

    response = client.post(reverse("agreements:create"), _post_data(partners, **changes))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Agreement.objects.exists() and not Party.objects.exists()


def test_the_municipality_counts_as_a_party(
    client: Client, cast: Cast, partners: list[Organisation]
) -> None:
    client.force_login(cast.alice)
    data = _post_data(partners[:1], municipality_is_party="on", municipality_resources="Lokaler")

    response = client.post(reverse("agreements:create"), data)

    assert response.status_code == 302
    assert Agreement.objects.get().municipality_is_party


def test_a_party_of_another_municipality_is_not_offered(
    client: Client, cast: Cast, partners: list[Organisation]
) -> None:
    elsewhere = organisation(cast.hedensted, "Hedensted Boldklub")
    client.force_login(cast.alice)
    data = _post_data(partners[:1])
    data["party-1-organisation"] = str(elsewhere.pk)

    response = client.post(reverse("agreements:create"), data)

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Agreement.objects.exists()


def test_draft_from_a_match(client: Client, cast: Cast) -> None:
    club, company = club_and_company(cast)
    client.force_login(cast.alice)
    matches = client.get(reverse("partners:matches")).content.decode()
    link = f"{reverse('agreements:create')}?left={company.pk}&amp;right={club.pk}"
    if link not in matches:  # the proposal may name the pair either way round
        link = f"{reverse('agreements:create')}?left={club.pk}&amp;right={company.pk}"
    assert link in matches

    page = client.get(link.replace("&amp;", "&"))

    form = page.context["form"]
    assert "Revisorhuset" in form.initial["title"] and "Somalisk" in form.initial["title"]
    assert "Regnskab og bogføring" in form.initial["purpose"]  # the match's reason
    parties = page.context["parties"]
    assert {f.initial.get("organisation") for f in parties.forms} >= {club.pk, company.pk}
    html = page.content.decode()
    assert f'<option value="{club.pk}" selected>' in html
    assert f'<option value="{company.pk}" selected>' in html


def test_organisation_page_offers_an_agreement(
    client: Client, cast: Cast, partners: list[Organisation]
) -> None:
    saved = agreement(cast.alice, partners)
    client.force_login(cast.alice)

    page = client.get(
        reverse("partners:organisation", kwargs={"organisation_id": partners[0].pk})
    ).content.decode()

    assert f"{reverse('agreements:create')}?left={partners[0].pk}" in page
    assert reverse("agreements:detail", kwargs={"agreement_id": saved.pk}) in page


def test_a_match_with_a_partner_of_another_municipality_is_404(
    client: Client, cast: Cast, partners: list[Organisation]
) -> None:
    elsewhere = organisation(cast.hedensted, "Hedensted Boldklub")
    client.force_login(cast.alice)

    response = client.get(
        reverse("agreements:create"), {"left": partners[0].pk, "right": elsewhere.pk}
    )

    assert response.status_code == 404


def test_activate_then_end(client: Client, cast: Cast, partners: list[Organisation]) -> None:
    saved = agreement(cast.alice, partners)
    client.force_login(cast.bob)  # the volunteer coordinator manages partners too
    url = reverse("agreements:status", kwargs={"agreement_id": saved.pk})

    client.post(url, {"status": "active"})

    saved.refresh_from_db()
    assert saved.status == AgreementStatus.ACTIVE and saved.meetings.count() == 4
    client.post(url, {"status": "ended"})
    saved.refresh_from_db()
    assert saved.status == AgreementStatus.ENDED
    response = client.get(reverse("agreements:update", kwargs={"agreement_id": saved.pk}))
    assert response.status_code == 302


def test_edit_keeps_the_parties(client: Client, cast: Cast, partners: list[Organisation]) -> None:
    saved = agreement(cast.alice, partners)
    client.force_login(cast.lene)
    url = reverse("agreements:update", kwargs={"agreement_id": saved.pk})
    page = client.get(url)
    assert page.status_code == 200
    data = _post_data(
        partners, title="Lektiecaféen", version=str(saved.version), **_management(3, initial=2)
    )

    response = client.post(url, data)

    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.title == "Lektiecaféen" and saved.parties.count() == 2


def test_pdf_for_signatures(client: Client, cast: Cast, partners: list[Organisation]) -> None:
    saved = agreement(cast.alice, partners, municipality_is_party=True)
    client.force_login(cast.alice)

    response = client.get(reverse("agreements:pdf", kwargs={"agreement_id": saved.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessLogEntry.objects.filter(
        user=cast.alice, action=AccessAction.EXPORT, object_id=str(saved.pk)
    ).exists()


def test_pdf_contents_in_seed_002s_order(
    client: Client, cast: Cast, partners: list[Organisation]
) -> None:
    """The PDF's HTML: every item of seed 002's list in its order, and a signature per party."""
    saved = agreement(cast.alice, partners, municipality_is_party=True)
    with translation.override("en"):  # whatever language an earlier test left active
        html = render_to_string(
            "agreements/agreement_pdf.html",
            {"agreement": Agreement.objects.get(pk=saved.pk), "parties": list(saved.parties.all())},
        )
    headings = [
        "1. Parties", "2. Purpose", "3. What", "4. When", "5. How often", "6. How long",
        "7. How", "8. The resources", "9. Status meetings", "10. How challenges",
        "11. If there are not enough volunteers", "12. Period", "13. Signatures",
    ]  # fmt: skip
    positions = [html.index(heading) for heading in headings]
    assert positions == sorted(positions)
    signatures = html.split('data-testid="signatures"')[1]
    assert signatures.count('class="signature"') == 3  # two partners and the municipality


def test_meeting_minutes_and_held(client: Client, cast: Cast, partners: list[Organisation]) -> None:
    saved = agreement(
        cast.alice,
        partners,
        activate=True,
        starts_on=date(2026, 1, 5),
        ends_on=date(2026, 12, 31),
        first_meeting_on=date(2026, 3, 2),
    )
    meeting = saved.meetings.first()
    assert meeting is not None
    client.force_login(cast.alice)
    url = reverse("agreements:meeting", kwargs={"meeting_id": meeting.pk})
    page = client.get(url).content.decode()
    agenda = page.split('data-testid="agenda"')[1]
    for question in (
        "How is the cooperation going?",
        "What positive development has there been?",
        "Which challenges have the parties met, and how can they be solved?",
        "What is the next goal of the cooperation?",
        "How many citizens are interested in the activity, compared with the volunteers?",
    ):
        assert question in agenda

    response = client.post(
        url,
        {
            "date": "02.03.2026",
            "time": "14:00",
            "place": "Beboerhuset",
            "participants": "Formændene",
            "how_is_it_going": "Godt",
            "next_goal": "Ti deltagere",
            "held": "on",
        },
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (
        meeting.held and meeting.how_is_it_going == "Godt" and meeting.next_goal == "Ti deltagere"
    )


def test_home_reminds_of_meetings_due(
    client: Client, cast: Cast, partners: list[Organisation]
) -> None:
    today = timezone.localdate()
    saved = agreement(
        cast.alice,
        partners,
        activate=True,
        title="Madklubben",
        starts_on=date(today.year - 1, 1, 1),
        ends_on=date(today.year + 1, 12, 31),
        first_meeting_on=date(today.year - 1, 2, 1),
    )
    saved.meetings.all().delete()
    overdue, soon, later, held = StatusMeeting.objects.bulk_create(
        StatusMeeting(agreement=saved, date=today + timedelta(days=days), held=days == -20)
        for days in (-3, 10, 40, -20)
    )

    client.force_login(cast.alice)
    panel = client.get(reverse("start:home")).content.decode().split('data-testid="meetings-due"')
    assert len(panel) == 2
    for meeting in (overdue, soon):
        assert reverse("agreements:meeting", kwargs={"meeting_id": meeting.pk}) in panel[1]
    for meeting in (later, held):
        assert reverse("agreements:meeting", kwargs={"meeting_id": meeting.pk}) not in panel[1]
    assert "overdue" in panel[1]

    client.force_login(cast.charlie)
    assert 'data-testid="meetings-due"' not in client.get(reverse("start:home")).content.decode()


def test_charlie_gets_404(client: Client, cast: Cast, partners: list[Organisation]) -> None:
    saved = agreement(cast.alice, partners, activate=True)
    meeting = saved.meetings.first()
    assert meeting is not None
    client.force_login(cast.charlie)

    for url in (
        reverse("agreements:detail", kwargs={"agreement_id": saved.pk}),
        reverse("agreements:update", kwargs={"agreement_id": saved.pk}),
        reverse("agreements:pdf", kwargs={"agreement_id": saved.pk}),
        reverse("agreements:meeting", kwargs={"meeting_id": meeting.pk}),
    ):
        assert client.get(url).status_code == 404, url
    for url, data in (
        (reverse("agreements:status", kwargs={"agreement_id": saved.pk}), {"status": "ended"}),
        (reverse("agreements:meeting-cancel", kwargs={"meeting_id": meeting.pk}), {}),
        (reverse("agreements:meeting", kwargs={"meeting_id": meeting.pk}), {"held": "on"}),
    ):
        assert client.post(url, data).status_code == 404, url
    assert client.get(reverse("agreements:create"), {"left": partners[0].pk}).status_code == 404
    assert "Lektiehjælp" not in client.get(reverse("agreements:list")).content.decode()
    saved.refresh_from_db()
    assert saved.status == AgreementStatus.ACTIVE and saved.meetings.count() == 4


@pytest.mark.parametrize("name", ["eva", "ada"])
def test_roles_without_partners_get_404(client: Client, cast: Cast, name: str) -> None:
    client.force_login(getattr(cast, name))

    assert client.get(reverse("agreements:list")).status_code == 404
    assert client.get(reverse("agreements:calendar")).status_code == 404


def test_the_coordinator_sees_every_member_municipality(
    client: Client, cast: Cast, partners: list[Organisation]
) -> None:
    viborg = agreement(cast.alice, partners, title="I Viborg")
    hedensted = agreement(
        cast.charlie,
        [organisation(cast.hedensted, "A"), organisation(cast.hedensted, "B")],
        title="I Hedensted",
    )
    client.force_login(cast.kim)

    page = client.get(reverse("agreements:list")).content.decode()

    assert viborg.title in page and hedensted.title in page


def test_a_new_frequency_on_the_page_reschedules_the_meetings(
    client: Client, cast: Cast, partners: list[Organisation], time_machine: Any
) -> None:
    time_machine.move_to(datetime(2027, 1, 10, 12, 0, tzinfo=UTC), tick=False)
    saved = agreement(cast.alice, partners, activate=True)
    assert saved.meetings.count() == 4
    client.force_login(cast.alice)
    data = _post_data(
        partners, meeting_every_months="6", version=str(saved.version), **_management(3, initial=2)
    )

    response = client.post(reverse("agreements:update", kwargs={"agreement_id": saved.pk}), data)

    assert response.status_code == 302
    assert list(saved.meetings.values_list("date", flat=True)) == [
        date(2027, 3, 1),
        date(2027, 9, 1),
    ]


def test_list_and_feed_do_not_query_per_agreement(
    client: Client, cast: Cast, partners: list[Organisation]
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from brobygger.agreements import services

    client.force_login(cast.alice)
    _record, token = services.calendar_token_create(actor=cast.alice)
    feed = reverse("agreements:calendar-feed", args=[token])

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    agreement(cast.alice, partners, activate=True, title="Første")
    client.get(feed)  # the first fetch also notes when the address was last used
    one = queries(reverse("agreements:list")), queries(feed)
    for number in range(4):
        agreement(cast.alice, partners, activate=True, title=f"Aftale {number}")
    assert (queries(reverse("agreements:list")), queries(feed)) == one
