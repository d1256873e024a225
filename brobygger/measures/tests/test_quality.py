"""The data-quality page: each rule finds the people who weaken a figure, and nobody else; the
page counts within one municipality the viewer may see, and its people pages are logged."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from brobygger.audit.models import AccessLogEntry
from brobygger.interventions.tests.factories import ConfidenceMeasureFactory
from brobygger.measures import quality
from brobygger.outreach.tests.factories import ContactAttemptFactory
from brobygger.people.models import Person, PipelineStatus
from brobygger.people.selectors import person_list
from brobygger.people.tests.factories import (
    PersonFactory,
    PersonSourceFactory,
    StatusEventFactory,
)
from brobygger.testing import Cast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("suite_today")]

TODAY = date(2026, 11, 23)
COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def _found(cast: Cast, key: str, months: int = 3) -> set[Person]:
    people = person_list(user=cast.alice)
    return set(quality.BY_KEY[key].select(people, quality.Settings(TODAY, months)))


def test_without_a_method_finds_only_people_with_no_source(cast: Cast) -> None:
    found = PersonFactory(last_name="Uden-kilde")
    PersonSourceFactory(person=PersonFactory(last_name="Med-kilde"))
    assert _found(cast, "no-method") == {found}


def test_no_baseline_counts_from_the_first_conversation_on(cast: Cast) -> None:
    missing = PersonFactory(status=PipelineStatus.FIRST_CONVERSATION)
    answered = PersonFactory(in_intervention=True)
    ConfidenceMeasureFactory(person=answered)
    PersonFactory(contacted=True)  # not yet asked: no conversation held
    assert _found(cast, "no-baseline") == {missing}


def test_a_status_standing_still_depends_on_the_months_chosen(cast: Cast) -> None:
    four_months = StatusEventFactory(occurred_on=date(2026, 7, 20)).person
    two_months = StatusEventFactory(occurred_on=date(2026, 9, 20)).person
    StatusEventFactory(person=PersonFactory(in_job=True), occurred_on=date(2025, 1, 1))
    assert _found(cast, "standing-still", months=3) == {four_months}
    assert _found(cast, "standing-still", months=6) == set()
    assert two_months not in _found(cast, "standing-still", months=3)


def test_not_informed_after_the_deadline(cast: Cast) -> None:
    overdue = PersonFactory(inform_due_on=date(2026, 11, 1))
    PersonFactory(inform_due_on=date(2026, 11, 1), informed_on=date(2026, 10, 20))
    PersonFactory(inform_due_on=date(2026, 12, 1))
    assert _found(cast, "not-informed") == {overdue}


def test_unanswered_attempts_older_than_fourteen_days(cast: Cast) -> None:
    old = PersonFactory(status=PipelineStatus.CONTACT_ATTEMPTED)
    ContactAttemptFactory(person=old, occurred_at=datetime(2026, 11, 2, 10, tzinfo=COPENHAGEN))
    recent = PersonFactory(status=PipelineStatus.CONTACT_ATTEMPTED)
    ContactAttemptFactory(person=recent, occurred_at=datetime(2026, 11, 2, 10, tzinfo=COPENHAGEN))
    ContactAttemptFactory(person=recent, occurred_at=datetime(2026, 11, 20, 10, tzinfo=COPENHAGEN))
    assert _found(cast, "unanswered") == {old}


def test_the_page_counts_one_municipality_and_opens_its_people(cast: Cast) -> None:
    mine = PersonFactory(last_name="Viborgsen", municipality=cast.viborg)
    PersonFactory(last_name="Hedenstedsen", municipality=cast.hedensted)
    client = Client()
    client.force_login(cast.alice)
    page = client.get(reverse("measures:data-quality"))
    assert page.status_code == 200
    assert page.context["municipality_id"] == cast.viborg.pk
    assert dict((rule.key, count) for rule, count in page.context["rows"])["no-method"] == 1

    url = reverse("measures:data-quality-people", kwargs={"key": "no-method"})
    people = client.get(url, {"municipality": cast.viborg.pk})
    assert people.status_code == 200
    assert people.context["people"] == [mine]
    assert "Hedenstedsen" not in people.content.decode()
    entry = AccessLogEntry.objects.filter(search_criterion__startswith="data-quality=").get()
    assert entry.row_count == 1


def test_another_municipality_or_rule_is_a_404(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.alice)
    page = reverse("measures:data-quality")
    assert client.get(page, {"municipality": cast.hedensted.pk}).status_code == 404
    assert client.get(page, {"municipality": "x"}).status_code == 404
    unknown = reverse("measures:data-quality-people", kwargs={"key": "nonsense"})
    assert client.get(unknown).status_code == 404
    client.force_login(cast.kim)  # the coordinator sees no people
    assert client.get(page).status_code in {403, 404}


def test_an_unknown_number_of_months_is_refused_at_its_field(cast: Cast) -> None:
    client = Client()
    client.cookies["brobygger_language"] = "en"
    client.force_login(cast.alice)
    page = client.get(reverse("measures:data-quality"), {"months": "7"})
    assert page.status_code == 200
    assert "months" in page.context["form"].errors
    assert page.context["months"] == 3
