"""The ICS feed: RFC 5545 lines (CRLF, folding at 75 octets, escaping), only the meetings the
token's user may see now, and a 404 for an unknown token or a deactivated user."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.accounts.models import Membership, User
from brobygger.agreements.models import CalendarToken, StatusMeeting
from brobygger.core.ics import Event, calendar_text, escape_text, fold
from brobygger.testing import Cast

from .factories import agreement, organisation

pytestmark = pytest.mark.django_db

TITLE = "Lektiehjælp; børn, unge \\ forældre – et samarbejde mellem Kvindernes Netværk og Viborg"


def unfold(text: str) -> list[str]:
    """The content lines of an iCalendar text (RFC 5545 section 3.1)."""
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    lines: list[str] = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def test_escaping() -> None:
    assert escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_folding_counts_octets_and_keeps_characters_whole() -> None:
    line = "DESCRIPTION:" + "æøå" * 60
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert len(pieces) > 1
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join([pieces[0], *(p[1:] for p in pieces[1:])]) == line
    assert fold("SUMMARY:short") == "SUMMARY:short"


def test_events_with_and_without_a_time() -> None:
    text = calendar_text(
        name="Test",
        events=[
            Event(uid="a@x", summary="Dag", start=date(2027, 3, 1)),
            Event(uid="b@x", summary="Tid", start=datetime(2027, 6, 1, 9, 30, tzinfo=UTC)),
        ],
        stamp=datetime(2027, 1, 1, 12, 0, tzinfo=UTC),
    )
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "DTSTART;VALUE=DATE:20270301" in lines
    assert "DTSTART:20270601T093000Z" in lines
    assert "DTSTAMP:20270101T120000Z" in lines
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 2


@pytest.fixture
def feed_setup(cast: Cast) -> dict[str, object]:
    partners = [
        organisation(cast.viborg, "Kvindernes Netværk"),
        organisation(cast.viborg, "Viborg Idrætsforening"),
    ]
    viborg = agreement(
        cast.alice, partners, activate=True, title=TITLE, meeting_place="Beboerhuset, lokale 2"
    )
    first = viborg.meetings.first()
    assert first is not None
    StatusMeeting.objects.filter(pk=first.pk).update(time=time(14, 0))
    hedensted = agreement(
        cast.charlie,
        [organisation(cast.hedensted, "A"), organisation(cast.hedensted, "B")],
        activate=True,
        title="Hedensteds aftale",
    )
    draft = agreement(cast.alice, partners, title="Et udkast")
    return {"viborg": viborg, "hedensted": hedensted, "draft": draft, "first": first}


FEED_URL = re.compile(r'value="http://testserver(/agreements/calendar/[^"]+\.ics)"')


def _feed_url(client: Client, cast: Cast, user: User | None = None) -> str:
    """Make the user's calendar address on the page, and read it from the page shown."""
    client.force_login(user or cast.alice)
    page = client.post(reverse("agreements:calendar")).content.decode()
    [url] = FEED_URL.findall(page)
    client.logout()
    return url


def test_feed_is_valid_icalendar_with_only_allowed_meetings(
    client: Client, cast: Cast, feed_setup: dict[str, object]
) -> None:
    url = _feed_url(client, cast)

    response = client.get(url)  # no login: calendar apps cannot log in

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    assert raw.count(b"\r\n") == raw.count(b"\n")  # every line ends with CRLF
    physical = raw.decode("utf-8").split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    assert any(line.startswith(" ") for line in physical)  # long lines are folded
    lines = unfold(raw.decode("utf-8"))
    summaries = [line.removeprefix("SUMMARY:") for line in lines if line.startswith("SUMMARY:")]
    escaped = TITLE.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    assert summaries == [escaped] * 4  # Viborg's active agreement; not Hedensted's, no draft
    assert "LOCATION:Beboerhuset\\, lokale 2" in lines
    # 1 March 2027 at 14:00 in Copenhagen (winter time, UTC+1) is 13:00 UTC.
    assert "DTSTART:20270301T130000Z" in lines
    assert "DTSTART;VALUE=DATE:20270601" in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert "\\n1. " in description and "\\n5. " in description
    first = feed_setup["first"]
    assert f"UID:status-meeting-{first.pk}@brobygger" in lines  # type: ignore[attr-defined]
    uids = [line for line in lines if line.startswith("UID:")]
    again = [line for line in unfold(client.get(url).content.decode()) if line.startswith("UID:")]
    assert uids == again and len(set(uids)) == 4  # stable, one per meeting


def test_the_feed_asks_the_access_policy_on_every_request(
    client: Client, cast: Cast, feed_setup: dict[str, object]
) -> None:
    url = _feed_url(client, cast)
    assert b"BEGIN:VEVENT" in client.get(url).content

    Membership.objects.filter(user=cast.alice).delete()

    response = client.get(url)
    assert response.status_code == 200
    assert b"BEGIN:VEVENT" not in response.content  # the calendar empties itself


def test_unknown_token_is_404(client: Client, cast: Cast) -> None:
    assert (
        client.get(reverse("agreements:calendar-feed", args=["no-such-token"])).status_code == 404
    )


def test_a_deactivated_users_token_is_404(
    client: Client, cast: Cast, feed_setup: dict[str, object]
) -> None:
    url = _feed_url(client, cast)
    cast.alice.is_active = False
    cast.alice.save()

    assert client.get(url).status_code == 404


def test_a_new_address_retires_the_old(
    client: Client, cast: Cast, feed_setup: dict[str, object]
) -> None:
    old = _feed_url(client, cast)

    new = _feed_url(client, cast)

    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_charlies_feed_has_only_hedensted(
    client: Client, cast: Cast, feed_setup: dict[str, object]
) -> None:
    url = _feed_url(client, cast, cast.charlie)

    text = client.get(url).content.decode()

    summaries = [line for line in unfold(text) if line.startswith("SUMMARY:")]
    assert summaries and set(summaries) == {"SUMMARY:Hedensteds aftale"}


def test_the_feed_is_read_only(client: Client, cast: Cast, feed_setup: dict[str, object]) -> None:
    url = _feed_url(client, cast)

    assert client.post(url).status_code == 405


def test_only_the_hash_of_the_address_is_stored_and_it_is_shown_once(
    client: Client, cast: Cast, feed_setup: dict[str, object]
) -> None:
    url = _feed_url(client, cast)
    secret = url.removeprefix("/agreements/calendar/").removesuffix(".ics")

    [token] = CalendarToken.objects.filter(user=cast.alice).values()
    assert token["token_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(token)
    client.cookies["brobygger_language"] = "en"
    client.force_login(cast.alice)
    page = client.get(reverse("agreements:calendar")).content.decode()
    assert secret not in page
    assert "cannot be shown again" in page
    client.logout()
    assert client.get(url).status_code == 200


def test_an_address_expires_after_a_year(
    client: Client, cast: Cast, feed_setup: dict[str, object], time_machine: Any
) -> None:
    time_machine.move_to(datetime(2027, 1, 10, 12, 0, tzinfo=UTC), tick=False)
    url = _feed_url(client, cast)
    client.cookies["brobygger_language"] = "en"
    client.force_login(cast.alice)
    page = client.get(reverse("agreements:calendar")).content.decode()
    assert "works until 10.01.2028" in page
    client.logout()

    time_machine.move_to(datetime(2028, 1, 10, 11, 59, tzinfo=UTC), tick=False)
    assert client.get(url).status_code == 200
    time_machine.move_to(datetime(2028, 1, 10, 12, 1, tzinfo=UTC), tick=False)
    assert client.get(url).status_code == 404

    client.force_login(cast.alice)
    client.cookies["brobygger_language"] = "en"  # logging out dropped the cookie
    page = client.get(reverse("agreements:calendar")).content.decode()
    assert "expired on 10.01.2028" in page
    assert "calendar-regenerate" in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_hashes_existing_addresses_so_they_keep_working(client: Client) -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("agreements", "0002_agreement_version")]
    after = [("agreements", "0003_calendar_token_hash_and_expiry")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    user = old_apps.get_model("accounts", "User").objects.create(username="alice")
    old_apps.get_model("agreements", "CalendarToken").objects.create(
        user_id=user.pk, token="an-old-secret-in-clear-text"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)

    token = CalendarToken.objects.get(user_id=user.pk)
    assert token.token_hash == hashlib.sha256(b"an-old-secret-in-clear-text").hexdigest()
    assert token.expires_at == token.created_at + timedelta(days=365)
    feed = reverse("agreements:calendar-feed", args=["an-old-secret-in-clear-text"])
    assert client.get(feed).status_code == 200
