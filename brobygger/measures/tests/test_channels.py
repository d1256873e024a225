"""Contact channels against hand-computed fixtures: reach per attempt and per person, per
language and per time of day in Danish time, and who has gone quiet."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Q
from django.test import override_settings

from brobygger.interventions.models import Enrolment, InterventionType
from brobygger.languages.tests.factories import LanguageFactory
from brobygger.measures.adjusted import people_of
from brobygger.measures.channels import Band, Reach, channel_reach, gone_quiet
from brobygger.measures.periods import Period
from brobygger.measures.services import refresh_facts
from brobygger.outreach.models import OutreachMethod
from brobygger.people.models import ContactAttempt, Person, PersonSource
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

pytestmark = pytest.mark.django_db

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
Q3 = Period(date(2026, 7, 1), date(2026, 9, 30))


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=COPENHAGEN)


def _try(person: Person, channel: str, outcome: str, when: datetime) -> None:
    ContactAttempt.objects.create(person=person, channel=channel, outcome=outcome, occurred_at=when)


def test_reach_per_channel_language_and_time_of_day(cast: Cast) -> None:
    thai = LanguageFactory(code="xth", name_en="Testish", name_da="Testisk")
    a = PersonFactory(municipality=cast.viborg, preferred_language=thai)
    b = PersonFactory(municipality=cast.viborg, preferred_language=thai)
    c = PersonFactory(municipality=cast.viborg)
    elsewhere = PersonFactory(municipality=cast.hedensted)
    _try(a, "phone", "no_answer", _at(date(2026, 7, 5), 9))
    _try(a, "phone", "reached", _at(date(2026, 7, 6), 14))
    # 17:30 in Copenhagen is 15:30 UTC: evening here, whatever the database's clock says.
    _try(a, "sms", "sent", _at(date(2026, 7, 7), 17, 30))
    _try(b, "phone", "no_answer", _at(date(2026, 7, 8), 10))
    _try(b, "phone", "reached", _at(date(2026, 10, 2), 10))  # after the period
    _try(c, "letter", "sent", _at(date(2026, 8, 1), 10))
    _try(c, "home_visit", "meeting_agreed", _at(date(2026, 8, 2), 18, 30))
    _try(elsewhere, "phone", "reached", _at(date(2026, 7, 9), 10))

    found = channel_reach(municipality_ids=[cast.viborg.pk], period=Q3)
    rows = {row.key: row for row in found.rows}
    assert list(rows) == [
        "phone",
        "sms",
        "letter",
        "email",
        "home_visit",
        "meeting",
        "via_partner",
        "drop_in",
    ]
    assert rows["phone"].reach == Reach(attempts=3, reached_attempts=1, people=2, reached_people=1)
    assert rows["sms"].reach == Reach(1, 0, 1, 0)
    assert rows["home_visit"].reach == Reach(1, 1, 1, 1)
    assert rows["phone"].reach.per_attempt.rate == pytest.approx(1 / 3)
    assert rows["phone"].reach.per_person.interval is not None
    # A channel nobody used has no rate ("—"), never 0 %.
    assert rows["meeting"].reach.per_person.rate is None
    assert found.total == Reach(attempts=6, reached_attempts=2, people=3, reached_people=2)
    # The language's name in the interface language (Danish here); "not recorded" last.
    assert [pk for pk, _name in found.languages] == [thai.pk, 0]
    assert found.languages[0][1] == "Testisk"
    assert rows["phone"].by_language == {thai.pk: Reach(3, 1, 2, 1)}
    assert rows["letter"].by_language == {0: Reach(1, 0, 1, 0)}
    assert rows["phone"].by_band == {
        Band.MORNING: Reach(2, 0, 2, 0),
        Band.AFTERNOON: Reach(1, 1, 1, 1),
    }
    assert rows["sms"].by_band == {Band.EVENING: Reach(1, 0, 1, 0)}
    assert rows["home_visit"].by_band == {Band.EVENING: Reach(1, 1, 1, 1)}

    both = channel_reach(municipality_ids=[cast.viborg.pk, cast.hedensted.pk], period=Q3)
    assert both.total == Reach(attempts=7, reached_attempts=3, people=4, reached_people=3)
    empty = channel_reach(
        municipality_ids=[cast.viborg.pk], period=Period(date(2025, 1, 1), date(2025, 3, 31))
    )
    assert empty.total == Reach() and empty.total.per_attempt.rate is None
    assert empty.languages == []


@override_settings(BROBYGGER_GONE_QUIET_ATTEMPTS=3, BROBYGGER_GONE_QUIET_DAYS=60)
def test_gone_quiet_per_method_and_channel(cast: Cast) -> None:
    lists, posters = OutreachMethod.objects.order_by("category", "position")[:2]

    def person(day: int, method: OutreachMethod) -> Person:
        found = PersonFactory(municipality=cast.viborg)
        Person.objects.filter(pk=found.pk).update(created_at=_at(date(2026, 7, day), 10))
        refresh_facts([found.pk])  # the update went behind the services' back
        PersonSource.objects.create(person=found, method=method)
        return found

    # The cut-off: 60 days before the end of 30 September is 2 August.
    q1 = person(2, lists)  # three calls, no answer, all in July: both
    for day in (3, 4, 5):
        _try(q1, "phone", "no_answer", _at(date(2026, 7, day), 10))
    q2 = person(3, lists)  # reached at home on 10 July, nothing since: no contact for 60 days
    _try(q2, "home_visit", "reached", _at(date(2026, 7, 10), 10))
    q3 = person(4, posters)  # reached by text in September: neither
    _try(q3, "phone", "no_answer", _at(date(2026, 7, 5), 10))
    _try(q3, "sms", "reached", _at(date(2026, 9, 20), 10))
    q4 = person(5, posters)  # three texts unanswered in September: no answer only
    for day in (1, 2, 3):
        _try(q4, "sms", "no_answer", _at(date(2026, 9, day), 10))
    q5 = person(6, lists)  # in an internship: not quiet, whatever the calls say
    for day in (7, 8, 9):
        _try(q5, "phone", "no_answer", _at(date(2026, 7, day), 10))
    Enrolment.objects.create(
        person=q5,
        intervention_type=InterventionType.objects.get(name="Virksomhedspraktik"),
        started_on=date(2026, 8, 1),
    )
    person(7, lists)  # never tried: not counted

    quiet = gone_quiet(municipality_ids=[cast.viborg.pk], period=Q3)
    assert (quiet.attempts, quiet.days) == (3, 60)
    methods = {row.key: row for row in quiet.methods}
    assert [row.key for row in quiet.methods] == [str(lists.pk), str(posters.pk)]
    assert (methods[str(lists.pk)].tried, methods[str(lists.pk)].no_answer) == (2, 1)
    assert methods[str(lists.pk)].silent == 2
    assert (methods[str(posters.pk)].tried, methods[str(posters.pk)].no_answer) == (2, 1)
    assert methods[str(posters.pk)].silent == 0
    assert (quiet.total.tried, quiet.total.no_answer, quiet.total.silent) == (4, 2, 2)
    channels = {row.key: row for row in quiet.channels}
    assert (channels["phone"].tried, channels["phone"].no_answer, channels["phone"].silent) == (
        2,
        1,
        1,
    )
    assert (channels["sms"].tried, channels["sms"].no_answer, channels["sms"].silent) == (2, 1, 0)
    assert (channels["home_visit"].tried, channels["home_visit"].silent) == (1, 1)
    assert channels["letter"].tried == 0 and channels["letter"].no_answer_share.rate is None

    with override_settings(BROBYGGER_GONE_QUIET_ATTEMPTS=4, BROBYGGER_GONE_QUIET_DAYS=12):
        stricter = gone_quiet(municipality_ids=[cast.viborg.pk], period=Q3)
    assert (stricter.total.no_answer, stricter.total.silent) == (0, 3)


def test_a_target_group_definition_narrows_channels_and_gone_quiet(cast: Cast) -> None:
    """The method page's sections count the people of the chosen definition, as its table."""
    lists = OutreachMethod.objects.order_by("category", "position").first()
    for known in (False, True, True):
        found = PersonFactory(municipality=cast.viborg, known_in_municipal_systems=known)
        Person.objects.filter(pk=found.pk).update(created_at=_at(date(2026, 7, 2), 10))
        refresh_facts([found.pk])  # the update went behind the services' back
        PersonSource.objects.create(person=found, method=lists)
        for day in (3, 4, 5):
            _try(found, "phone", "no_answer", _at(date(2026, 7, day), 10))
    unknown = Q(known_in_municipal_systems=False)
    ids = [cast.viborg.pk]

    everyone, narrowed = (
        channel_reach(municipality_ids=ids, period=Q3, where=where) for where in (None, unknown)
    )
    assert (everyone.total.people, narrowed.total.people) == (3, 1)
    assert (everyone.total.attempts, narrowed.total.attempts) == (9, 3)
    everyone_quiet, narrowed_quiet = (
        gone_quiet(municipality_ids=ids, period=Q3, where=where) for where in (None, unknown)
    )
    assert (everyone_quiet.total.tried, narrowed_quiet.total.tried) == (3, 1)
    assert [len(people_of(municipality_ids=ids, period=Q3, where=w)) for w in (None, unknown)] == [
        3,
        1,
    ]
