"""The method page's sections on channels, people gone quiet and the adjusted comparison: the
tables as a viewer may see them (small numbers hidden, nothing derivable, checked for random
figures as ``test_disclosure`` checks the other tables), and the page for the roles that read
it."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from brobygger.accounts.models import User
from brobygger.measures.adjusted import Adjusted, Estimate, Fit, Model, Touch
from brobygger.measures.channels import (
    ChannelReach,
    ChannelRow,
    GoneQuiet,
    QuietRow,
    Reach,
    bands,
)
from brobygger.measures.disclosure import ShownEffectiveness, Viewer
from brobygger.measures.effectiveness import NO_METHOD
from brobygger.measures.periods import Period
from brobygger.measures.sections import (
    figures_of,
    shown_adjusted,
    shown_channels,
    shown_gone_quiet,
)
from brobygger.measures.tests.test_disclosure import Recording, _check
from brobygger.outreach.models import OutreachMethod
from brobygger.people.models import ContactAttempt, PersonSource
from brobygger.people.tests.factories import PersonFactory
from brobygger.testing import Cast

SMALL = "&lt;5"
counts = st.integers(min_value=0, max_value=9)


def _reach(draw: st.DrawFn) -> Reach:
    tried = draw(counts)
    attempts = tried + draw(counts)
    return Reach(attempts, draw(st.integers(0, attempts)), tried, draw(st.integers(0, tried)))


@st.composite
def channel_figures(draw: st.DrawFn) -> ChannelReach:
    """Channels whose languages add up to them (people) and whose times of day add up to them
    (attempts), as the queries give them."""
    languages = [(1, "a"), (2, "b"), (0, "not recorded")]
    rows = []
    for key in ("phone", "sms", "letter"):
        by_language = {pk: _reach(draw) for pk, _label in languages}
        by_band = {band: _reach(draw) for band, _label in bands()}
        reach = Reach(
            attempts=sum(r.attempts for r in by_band.values()),
            reached_attempts=sum(r.reached_attempts for r in by_band.values()),
            people=sum(r.people for r in by_language.values()),
            reached_people=sum(r.reached_people for r in by_language.values()),
        )
        rows.append(ChannelRow(key, key, reach, by_language, by_band))
    total = Reach(
        sum(r.reach.attempts for r in rows),
        sum(r.reach.reached_attempts for r in rows),
        max(r.reach.people for r in rows) + draw(counts),
        max(r.reach.reached_people for r in rows),
    )
    return ChannelReach(rows, total, languages)


@settings(max_examples=40, deadline=None)
@given(channel_figures())
def test_channel_tables(reach: ChannelReach) -> None:
    viewer = Recording(frozenset())
    shown = shown_channels(reach, False, viewer)
    _check(viewer)
    for row, line in zip(reach.rows, shown.channels, strict=True):
        assert line.attempts.value == row.reach.attempts
        if 0 < row.reach.people < 5:
            assert line.people.suppressed and line.per_person.rate is None
    exact = shown_channels(reach, True, Recording(frozenset()))
    assert not any(c.people.suppressed or c.attempts.suppressed for c in exact.channels)


def _quiet_row(draw: st.DrawFn, key: str) -> QuietRow:
    tried = draw(counts)
    return QuietRow(key, key, tried, draw(st.integers(0, tried)), draw(st.integers(0, tried)))


@st.composite
def quiet_figures(draw: st.DrawFn) -> GoneQuiet:
    methods = [_quiet_row(draw, key) for key in ("1", "2", "none")]
    total = QuietRow(
        "all",
        "all",
        sum(r.tried for r in methods),
        sum(r.no_answer for r in methods),
        sum(r.silent for r in methods),
    )
    return GoneQuiet(3, 60, methods, total, [_quiet_row(draw, key) for key in ("phone", "sms")])


@settings(max_examples=40, deadline=None)
@given(quiet_figures())
def test_gone_quiet_tables(quiet: GoneQuiet) -> None:
    viewer = Recording(frozenset())
    shown = shown_gone_quiet(quiet, False, viewer)
    _check(viewer)
    for row, line in zip(quiet.methods, shown.methods, strict=True):
        if 0 < row.no_answer < 5:
            assert line.no_answer.hidden and line.no_answer.rate is None


@pytest.mark.django_db
def test_the_adjusted_table_hides_small_counts_and_flags_too_few() -> None:
    lists, posters = OutreachMethod.objects.order_by("category", "position")[:2]
    fitted = Model(
        Fit.FITTED,
        {lists.pk: Estimate(100, 40, 0.41, 0.3, 0.5), posters.pk: Estimate(12, 3)},
        people=100,
    )
    adjusted = Adjusted(
        contacted=fitted,
        intervention=Model(Fit.SEPARATED, {lists.pk: Estimate(100, 20)}),
        touches={
            lists.pk: Touch(100, 103, 42, 101.5, 41.0),
            posters.pk: Touch(12, 3, 2, 1.5, 1.0),
        },
    )
    viewer = Recording(frozenset())
    shown = shown_adjusted(adjusted, ShownEffectiveness([], [], None), False, viewer)  # type: ignore[arg-type]
    _check(viewer)
    rows = {row.key: row for row in shown.rows}
    first, second = rows[str(lists.pk)], rows[str(posters.pk)]
    assert first.contacted_adjusted.shown == Estimate(100, 40, 0.41, 0.3, 0.5)
    assert first.intervention_adjusted.shown is None  # the model of interventions failed
    assert shown.intervention == Fit.SEPARATED
    assert second.contacted_adjusted.too_few and second.contacted_adjusted.shown is None
    # Three people any source of it met: hidden, and the shared credit with them.
    assert second.touched.suppressed and second.fractional is None
    assert first.fractional == 101.5
    own = shown_adjusted(adjusted, ShownEffectiveness([], [], None), True, Viewer(frozenset()))  # type: ignore[arg-type]
    assert str({r.key: r for r in own.rows}[str(posters.pk)].touched) == "3"


# The page ----------------------------------------------------------------------------------


@pytest.fixture
def client(client: Client) -> Client:
    client.cookies["brobygger_language"] = "en"
    return client


@pytest.fixture
def tried(cast: Cast, suite_today: None) -> None:
    """Three people in Viborg called (one reached), twelve in Hedensted sent a letter."""
    method = OutreachMethod.objects.order_by("category", "position").first()
    for n in range(3):
        person = PersonFactory(municipality=cast.viborg)
        PersonSource.objects.create(person=person, method=method)
        outcome = "reached" if n == 0 else "no_answer"
        ContactAttempt.objects.create(
            person=person, channel="phone", outcome=outcome, occurred_at=timezone.now()
        )
    for _n in range(12):
        person = PersonFactory(municipality=cast.hedensted)
        ContactAttempt.objects.create(
            person=person, channel="letter", outcome="sent", occurred_at=timezone.now()
        )


PERIOD = {"start": "01.01.2026", "end": "23.11.2026"}


def _page(client: Client, user: User, cast: Cast, **params: str) -> str:
    client.force_login(user)
    url = reverse("measures:methods", kwargs={"partnership_id": cast.partnership.pk})
    response = client.get(url, {**PERIOD, **params})
    assert response.status_code == 200
    return response.content.decode()


def _row(page: str, table: str, attribute: str) -> str:
    found = re.search(rf'data-testid="{table}".*?<tr {attribute}>(.*?)</tr>', page, re.S)
    assert found, (table, attribute)
    return found[1]


@pytest.mark.django_db
@pytest.mark.usefixtures("tried")
def test_the_method_page_shows_the_sections_to_every_role_that_reads_it(
    client: Client, cast: Cast
) -> None:
    method = OutreachMethod.objects.order_by("category", "position").first()
    assert method is not None
    for user in (cast.kim, cast.eva):  # the coordinator and the evaluator
        page = _page(client, user, cast)
        assert SMALL in _row(page, "channels", 'data-channel="phone"')
        assert "12" in _row(page, "channels", 'data-channel="letter"')
        assert 'data-testid="channel-bands"' in page and 'data-testid="quiet-methods"' in page
        assert 'data-testid="adjusted-explanation"' in page
        # Three people: too few for the model.
        adjusted = _row(page, "adjusted", f'data-method="{method.pk}"')
        assert "too few to say anything" in adjusted
    # Viborg's lead sees her own municipality's exact figures, not the partnership's.
    own = _page(client, cast.lene, cast, municipality=str(cast.viborg.pk))
    phone = _row(own, "channels", 'data-channel="phone"')
    assert ">3<" in phone and SMALL not in phone
    assert "33,3" in phone or "33.3" in phone  # one of three attempts reached her
    assert SMALL in _row(_page(client, cast.lene, cast), "channels", 'data-channel="phone"')
    # The explanation says what the comparison does not show.
    assert "not as proof of effect" in own


@pytest.mark.django_db
@pytest.mark.usefixtures("tried")
def test_the_figures_are_kept_in_the_cache_until_the_data_change(cast: Cast) -> None:
    cache.clear()
    ids = [cast.viborg.pk, cast.hedensted.pk]
    period = Period(date(2026, 1, 1), date(2026, 11, 23))
    first = figures_of(municipality_ids=ids, period=period)
    assert first.reach.total.attempts == 15
    with CaptureQueriesContext(connection) as queries:
        assert figures_of(municipality_ids=ids, period=period) == first
    assert len(queries) == 6  # the stamp only: no figure is computed again
    person = PersonFactory(municipality=cast.viborg)
    ContactAttempt.objects.create(
        person=person, channel="sms", outcome="reached", occurred_at=timezone.now()
    )
    again = figures_of(municipality_ids=ids, period=period)
    assert again.reach.total.attempts == 16
    assert again.adjusted.touches[NO_METHOD].touched == 13  # Hedensted's twelve and her


@pytest.mark.django_db
@pytest.mark.usefixtures("tried")
def test_a_period_with_no_data_shows_a_dash_never_zero_percent(client: Client, cast: Cast) -> None:
    page = _page(client, cast.lene, cast, start="01.01.2025", end="31.03.2025")
    channels = page[page.index('data-testid="channels"') : page.index('id="gone-quiet"')]
    assert "—" in channels
    assert "0,0" not in channels and "0.0" not in channels
    assert 'data-testid="channel-languages-empty"' in page


@pytest.mark.django_db
@pytest.mark.usefixtures("tried")
def test_the_page_in_danish(client: Client, cast: Cast) -> None:
    client.cookies["brobygger_language"] = "da"
    page = _page(client, cast.kim, cast)
    assert "for få til at sige noget" in page
    assert "Hvilke kontaktformer" in page
