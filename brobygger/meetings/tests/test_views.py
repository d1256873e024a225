"""The session pages: permissions, the invitation round, replies, letters, the door page at
375 px, and the calendar."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.audit.models import AccessAction, AccessLogEntry
from brobygger.interventions.models import Enrolment
from brobygger.interventions.tests.factories import intervention_type
from brobygger.meetings.models import Attendance, Invitation, Reminder, Session
from brobygger.people.models import ContactAttempt
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

from .factories import TODAY, InvitationFactory, SessionFactory, language

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]


def _url(name: str, session: Session, **more: int) -> str:
    return reverse(f"meetings:{name}", kwargs={"session_id": session.pk, **more})


def test_create_a_session(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    assert client.get(reverse("meetings:create")).status_code == 200
    response = client.post(
        reverse("meetings:create"),
        {
            "kind": "information",
            "title": "Informationsmøde om job og uddannelse",
            "date": "30.11.2026",
            "starts_at": "10:00",
            "ends_at": "12:00",
            "place": "Beboerhuset",
            "address": "Ellekærvej 1, 8800 Viborg",
            "languages": [language("ar").pk, language("th").pk],
            "interpreter": "on",
            "interpreter_language": language("ar").pk,
            "capacity": "25",
            "intervention_type": intervention_type("Informationsmøde").pk,
            "notes": "",
        },
    )
    session = Session.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("detail", session)
    assert session.municipality == cast.viborg and session.created_by == cast.alice


def test_a_session_that_ends_before_it_starts_is_an_error(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    response = client.post(
        reverse("meetings:create"),
        {
            "kind": "network",
            "title": "Netværksmøde",
            "date": "30.11.2026",
            "starts_at": "12:00",
            "ends_at": "10:00",
            "place": "Biblioteket",
            "address": "Reberbanen 1, 8800 Viborg",
        },
    )
    assert response.status_code == 400
    assert not Session.objects.exists()


def test_list_upcoming_and_past(client: Client, cast: Cast) -> None:
    SessionFactory(title="Kommende møde", date=TODAY + timedelta(days=3))
    SessionFactory(title="Gammelt møde", date=TODAY - timedelta(days=3))
    SessionFactory(title="Hedensteds møde", in_hedensted=True, date=TODAY + timedelta(days=3))
    client.force_login(cast.alice)
    upcoming = client.get(reverse("meetings:list")).content.decode()
    past = client.get(reverse("meetings:list") + "?when=past").content.decode()
    assert "Kommende møde" in upcoming and "Gammelt møde" not in upcoming
    assert "Gammelt møde" in past and "Kommende møde" not in past
    assert "Hedensteds møde" not in upcoming


def test_other_municipality_and_staff_without_people_get_404(client: Client, cast: Cast) -> None:
    session = SessionFactory()
    for user in (cast.charlie, cast.bob, cast.kim):
        client.force_login(user)
        assert client.get(_url("detail", session)).status_code == 404, user
        assert client.get(_url("door", session)).status_code == 404, user


def test_a_person_of_another_municipality_cannot_be_marked(client: Client, cast: Cast) -> None:
    session = SessionFactory()
    stranger = PersonFactory(municipality=cast.hedensted)
    client.force_login(cast.alice)
    response = client.post(_url("door-toggle", session, person_id=stranger.pk))
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_detail_counts_and_next_steps(client: Client, cast: Cast) -> None:
    session = SessionFactory(capacity=2)
    yes = InvitationFactory(session=session, accepted=True, person__first_name="Malee")
    InvitationFactory(session=session, reply="no")
    InvitationFactory(session=session, accepted=True)
    InvitationFactory(session=session, accepted=True)
    person = yes.person
    person.follow_up_on = TODAY + timedelta(days=5)
    person.next_action = "Ring om praktik"
    person.save()
    client.force_login(cast.alice)

    page = client.get(_url("detail", session)).content.decode()

    assert re.search(r'data-testid="count-invited">4<', page)
    assert re.search(r'data-testid="count-accepted">3<', page)
    assert re.search(r'data-testid="count-attended">0<', page)
    assert 'data-testid="capacity-warning"' in page
    assert "Ring om praktik" in page
    assert "openstreetmap.org/search?query=" in page
    assert AccessLogEntry.objects.filter(
        user=cast.alice, action=AccessAction.VIEW, municipality_id=cast.viborg.pk, row_count=4
    ).exists()


def test_invite_from_a_search_and_from_posted_ids(client: Client, cast: Cast) -> None:
    session = SessionFactory(date=TODAY + timedelta(days=7), capacity=1)
    fatima = PersonFactory(first_name="Fatima", last_name="Rahimi")
    PersonFactory(first_name="Fatima", last_name="Said", municipality=cast.hedensted)
    client.force_login(cast.alice)

    page = client.get(_url("invite", session) + "?q=Fatima").content.decode()
    assert f'value="{fatima.pk}"' in page
    assert "Said" not in page

    response = client.post(_url("invite", session), {"person": [fatima.pk], "channel": "letter"})
    assert response.status_code == 302
    assert Invitation.objects.get().person == fatima

    # From a list: ids posted without a channel show the page with them ticked.
    others = [PersonFactory(first_name="Hodan"), PersonFactory(first_name="Semhar")]
    page = client.post(_url("invite", session), {"person": [p.pk for p in others]})
    assert page.status_code == 200
    assert (
        len(re.findall(r'name="person" value="\d+" id="person-\d+" checked', page.content.decode()))
        == 2
    )
    response = client.post(
        _url("invite", session),
        {"person": [p.pk for p in others], "channel": "letter"},
        follow=True,
    )
    assert Invitation.objects.count() == 3
    assert "2 flere er inviteret, end der er plads til." in response.content.decode()


def test_record_a_reply(client: Client, cast: Cast) -> None:
    invitation = InvitationFactory(session__date=TODAY + timedelta(days=2))
    client.force_login(cast.alice)
    url = _url("reply", invitation.session, person_id=invitation.person_id)
    assert client.post(url, {"reply": "yes"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.reply == "yes"
    client.force_login(cast.charlie)
    assert client.post(url, {"reply": "no"}).status_code == 404


def test_letters_in_her_language_then_danish(client: Client, cast: Cast) -> None:
    session = SessionFactory(date=TODAY + timedelta(days=2))
    arabic = InvitationFactory(session=session, language=language("ar"))
    InvitationFactory(session=session)
    client.force_login(cast.alice)

    one = client.post(_url("letter", session, person_id=arabic.person_id))
    assert one.status_code == 200 and one["Content-Type"] == "application/pdf"
    arabic.refresh_from_db()
    assert arabic.letter_printed_at is not None

    every = client.post(_url("letters", session))
    assert every.status_code == 200 and every.content.startswith(b"%PDF")
    assert not Invitation.objects.filter(letter_printed_at__isnull=True).exists()
    assert client.get(_url("letters", session)).status_code == 405


def test_letter_text_carries_the_details_in_both_languages(cast: Cast) -> None:
    from brobygger.meetings.letters import letter_for

    invitation = InvitationFactory(language=language("th"), person__first_name="Malee")
    letter = letter_for(invitation.session, invitation, reminder=False)
    assert [part.language.code for part in letter.parts] == ["th", "da"]
    thai, danish = (part.text for part in letter.parts)
    assert "23.11.2026" in thai and "10:00" in thai and "Beboerhuset i Ellekær" in thai
    assert "Kære Malee" in danish and "kl. 10:00–12:00" in danish


def test_reminder_letters_are_listed_and_marked(client: Client, cast: Cast) -> None:
    invitation = InvitationFactory(session__date=TODAY + timedelta(days=1), accepted=True)
    Reminder.objects.create(invitation=invitation, channel="letter", due_on=TODAY)
    client.force_login(cast.alice)
    page = client.get(_url("detail", invitation.session)).content.decode()
    assert 'data-testid="reminders"' in page
    response = client.post(_url("letters", invitation.session), {"reminders": "1"})
    assert response.status_code == 200
    assert Reminder.objects.get().done_at is not None


def test_door_page_fits_a_phone_and_a_thumb(client: Client, cast: Cast) -> None:
    session = SessionFactory()
    InvitationFactory(session=session, accepted=True, person__first_name="Zainab")
    client.force_login(cast.alice)
    page = client.get(_url("door", session)).content.decode()

    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "meetings/door.css" in page
    # One form per person: a button that works as a plain post and as htmx.
    assert page.count('data-testid="door-toggle"') == 1
    assert 'hx-post="' in page and 'method="post"' in page
    assert 'aria-pressed="false"' in page
    assert 'type="search"' in page


def test_door_css_makes_big_tap_targets() -> None:
    from django.contrib.staticfiles import finders

    css = Path(str(finders.find("meetings/door.css"))).read_text(encoding="utf-8")
    assert "min-height: 56px" in css and "width: 100%" in css


def test_one_tap_at_the_door_with_htmx_and_without(client: Client, cast: Cast) -> None:
    session = SessionFactory(intervention_type=intervention_type("Informationsmøde"))
    invitation = InvitationFactory(session=session, accepted=True)
    url = _url("door-toggle", session, person_id=invitation.person_id)
    client.force_login(cast.alice)

    row = client.post(url, headers={"HX-Request": "true"})
    assert row.status_code == 200
    assert 'aria-pressed="true"' in row.content.decode()
    assert "<html" not in row.content.decode()
    assert Enrolment.objects.filter(person=invitation.person).exists()
    assert ContactAttempt.objects.filter(person=invitation.person, channel="meeting").exists()

    # Without JavaScript: a form post and the page again.
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == _url("door", session)
    assert not Attendance.objects.exists()
    assert not Enrolment.objects.filter(person=invitation.person).exists()


def test_walk_ins_are_found_and_marked(client: Client, cast: Cast) -> None:
    session = SessionFactory()
    walk_in = PersonFactory(first_name="Semhar", last_name="Tesfay")
    PersonFactory(first_name="Semhar", last_name="Kidane", municipality=cast.hedensted)
    client.force_login(cast.alice)
    page = client.get(_url("door", session) + "?q=Semhar").content.decode()
    assert "Tesfay" in page and "Kidane" not in page
    client.post(_url("door-toggle", session, person_id=walk_in.pk))
    assert Attendance.objects.get().person == walk_in
    detail = client.get(_url("detail", session)).content.decode()
    assert "Tesfay" in detail


def test_door_refuses_a_session_not_yet_held(client: Client, cast: Cast) -> None:
    session = SessionFactory(date=TODAY + timedelta(days=1))
    invitation = InvitationFactory(session=session)
    client.force_login(cast.alice)
    page = client.get(_url("door", session)).content.decode()
    assert " disabled" in page
    response = client.post(
        _url("door-toggle", session, person_id=invitation.person_id),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Attendance.objects.exists()


def test_session_ics(client: Client, cast: Cast) -> None:
    session = SessionFactory(title="Virksomhedsbesøg hos Netto")
    client.force_login(cast.alice)
    response = client.get(_url("ics", session))
    text = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f"UID:session-{session.pk}@brobygger" in text
    # 10:00 Copenhagen time in November is 09:00 UTC; two hours.
    assert "DTSTART:20261123T090000Z" in text and "DURATION:PT120M" in text
    assert "SUMMARY:Virksomhedsbesøg hos Netto" in text


def test_sessions_are_in_the_staff_calendar_feed(client: Client, cast: Cast) -> None:
    from brobygger.agreements.services import calendar_token_create

    mine = SessionFactory(title="Viborgs møde")
    SessionFactory(title="Hedensteds møde", in_hedensted=True)
    cancelled = SessionFactory(title="Aflyst møde")
    Session.objects.filter(pk=cancelled.pk).update(cancelled_at=mine.created_at)
    _token, secret = calendar_token_create(actor=cast.alice)

    text = client.get(reverse("agreements:calendar-feed", args=[secret])).content.decode()

    assert f"UID:session-{mine.pk}@brobygger" in text
    assert "Hedensteds møde" not in text and "Aflyst møde" not in text
    client.force_login(cast.alice)
    page = client.get(reverse("agreements:calendar")).content.decode()
    assert 'data-testid="calendar-sessions"' in page


def test_administrator_edits_a_languages_invitation_text(client: Client, cast: Cast) -> None:
    from brobygger.languages.models import Language
    from brobygger.meetings.models import InvitationWording
    from brobygger.meetings.replies import reply_interpret

    amharic = Language.objects.create(
        code="am", name_da="Amharisk", name_en="Amharic", native_name="አማርኛ"
    )
    client.force_login(cast.ada)
    listing = client.get(reverse("meetings:wordings")).content.decode()
    assert "Amharisk" in listing
    assert listing.count("Skal tjekkes af en oversætter") >= 10  # the machine-drafted ones

    url = reverse("meetings:wording-edit", kwargs={"language": "am"})
    bad = client.post(
        url,
        {
            "heading": "ግብዣ",
            "body": "{name} {when}",
            "reminder_heading": "ማስታወሻ",
            "yes_words": "አዎ\nእሺ",
            "no_words": "አይ, አዎ",
        },
    )
    assert bad.status_code == 400
    content = bad.content.decode()
    assert "{when}" in content
    # A NUL byte in a word is refused at the field (PostgreSQL's JSON refuses it: a 500 once).
    nul = client.post(
        url,
        {
            "heading": "ግብዣ",
            "body": "{name}",
            "reminder_heading": "ማስታወሻ",
            "yes_words": "አዎ\x00",
            "no_words": "አይ",
        },
    )
    assert nul.status_code == 400
    assert not InvitationWording.objects.filter(language=amharic).exists()
    response = client.post(
        url,
        {
            "heading": "ግብዣ",
            "body": "{name}: {title} {date} {start}–{end}, {place}, {address}",
            "reminder_heading": "ማስታወሻ",
            "yes_words": "አዎ\nእሺ",
            "no_words": "አይ",
        },
    )
    assert response.status_code == 302
    assert reply_interpret("እሺ", amharic) == "yes"
    assert reply_interpret("አይ", amharic) == "no"

    client.force_login(cast.alice)
    assert client.get(url).status_code == 404
