"""The speed-dating schedule: hard rules, optimality against brute force, messages."""

from __future__ import annotations

import random
from collections import Counter
from itertools import combinations, combinations_with_replacement

import pytest

from brobygger.scheduling.speeddating import (
    Event,
    Schedule,
    ScheduleError,
    schedule_event,
)


def random_event(
    rng: random.Random, *, max_side: int, max_rounds: int, any_minimum: bool = False
) -> Event:
    """A random event that passes validation; with idle seats filled the minimum is always
    reachable, and only ``any_minimum`` keeps one that the wished pairs alone may not give.
    """
    n_a, n_c = rng.randint(1, max_side), rng.randint(1, max_side)
    associations = [f"a{i}" for i in range(n_a)]
    companies = [f"c{j}" for j in range(n_c)]
    density = rng.choice([0.0, 0.2, 0.5, 0.9])
    wishes = [(a, c) for a in associations for c in companies if rng.random() < density]
    wishes += [(c, a) for a in associations for c in companies if rng.random() < density]
    tables = rng.randint(1, max(n_a, n_c) + 1)
    rounds = rng.randint(1, max_rounds)
    seats = min(tables, n_a, n_c)
    minimum = rng.choice([0, 0, rng.randint(0, min(rounds, n_a, n_c))])
    fill = rng.random() < 0.6
    if minimum * max(n_a, n_c) > rounds * seats or not (fill or any_minimum):
        minimum = 0
    return Event(
        rounds=rounds,
        tables=tables,
        associations=associations,
        companies=companies,
        wishes=wishes,
        fill_idle_seats=fill,
        sit_outs=tables < max(n_a, n_c),
        min_meetings=minimum,
        mutual_weight=rng.choice([3, 3, 2, 5]),
    )


def pair_value(event: Event, association: str, company: str) -> tuple[int, int]:
    """(weight, wishes) of a pair, computed here independently of the module."""
    wishes = set(event.wishes)
    count = ((association, company) in wishes) + ((company, association) in wishes)
    weight = {0: 0, 1: event.one_sided_weight, 2: event.mutual_weight}[count]
    return weight, count


def check_rules(schedule: Schedule) -> None:
    """Every hard rule, and statistics and programmes recounted from the rounds."""
    event = schedule.event
    assert len(schedule.rounds) == event.rounds
    pairs: list[tuple[str, str]] = []
    for meetings in schedule.rounds:
        assert len(meetings) <= event.tables
        tables = [m.table for m in meetings]
        assert len(set(tables)) == len(tables)
        assert all(1 <= t <= event.tables for t in tables)
        assert tables == sorted(tables)
        people = [m.association for m in meetings] + [m.company for m in meetings]
        assert len(set(people)) == len(people), "someone is at two tables"
        assert {m.association for m in meetings} <= set(event.associations)
        assert {m.company for m in meetings} <= set(event.companies)
        pairs += [(m.association, m.company) for m in meetings]
    assert len(set(pairs)) == len(pairs), "a pair meets twice"
    sizes = [len(meetings) for meetings in schedule.rounds]
    assert max(sizes) - min(sizes) <= 1, "rounds are not balanced"

    stats = schedule.statistics
    values = [pair_value(event, a, c) for a, c in pairs]
    assert stats.meetings == len(pairs)
    assert stats.value == sum(w for w, _ in values)
    assert stats.wishes_met == sum(n for _, n in values)
    assert stats.unwished_meetings == sum(1 for _, n in values if n == 0)
    assert stats.wishes_total == len(set(event.wishes))
    assert stats.value <= stats.value_bound
    assert stats.wishes_met <= stats.wishes_met_bound <= stats.wishes_total
    if not event.fill_idle_seats:
        assert stats.unwished_meetings == 0
    per_person = Counter(p for pair in pairs for p in pair)
    fewest = min(per_person[p] for p in (*event.associations, *event.companies))
    assert stats.fewest_meetings == fewest >= event.min_meetings

    for participant in (*event.associations, *event.companies):
        programme = schedule.programme(participant)
        assert [line.round for line in programme] == list(range(1, event.rounds + 1))
        for line, meetings in zip(programme, schedule.rounds, strict=True):
            mine = [m for m in meetings if participant in (m.association, m.company)]
            if line.is_break:
                assert not mine and line.table is None
            else:
                (meeting,) = mine
                assert line.table == meeting.table
                assert line.partner in (meeting.association, meeting.company)
                assert line.you_wished == ((participant, line.partner) in set(event.wishes))
    if event.tables >= len(event.associations):
        # Associations stay seated: one table each all evening.
        home = {a: i + 1 for i, a in enumerate(sorted(event.associations))}
        assert all(m.table == home[m.association] for r in schedule.rounds for m in r)


def brute_force(event: Event) -> tuple[int, int, int] | None:
    """(best value, most meetings at that value, most wishes met) over every schedule.

    Rounds are interchangeable, so a schedule is a multiset of partial matchings; only the
    empty matching can occur twice. None when no schedule gives everyone the minimum.
    """
    allowed = [
        (a, c)
        for a in event.associations
        for c in event.companies
        if event.fill_idle_seats or pair_value(event, a, c)[1]
    ]
    matchings: list[frozenset[tuple[str, str]]] = []
    for size in range(min(event.tables, len(event.associations), len(event.companies)) + 1):
        for chosen in combinations(allowed, size):
            firsts, seconds = {a for a, _ in chosen}, {c for _, c in chosen}
            if len(firsts) == len(seconds) == size:
                matchings.append(frozenset(chosen))
    best: tuple[int, int] | None = None
    most_wishes = -1
    for rounds in combinations_with_replacement(matchings, event.rounds):
        pairs = [p for m in rounds for p in m]
        if len(set(pairs)) < len(pairs):
            continue
        per_person = Counter(p for pair in pairs for p in pair)
        everyone = (*event.associations, *event.companies)
        if min(per_person[p] for p in everyone) < event.min_meetings:
            continue
        values = [pair_value(event, a, c) for a, c in pairs]
        score = (sum(w for w, _ in values), len(pairs))
        best = score if best is None else max(best, score)
        most_wishes = max(most_wishes, sum(n for _, n in values))
    return None if best is None else (*best, most_wishes)


def test_hard_rules_and_bound_reached_on_random_events() -> None:
    rng = random.Random(6)
    for _ in range(300):
        event = random_event(rng, max_side=9, max_rounds=6)
        schedule = schedule_event(event)
        check_rules(schedule)
        # Exact by construction: the bound of the relaxation without rounds is reached.
        assert schedule.statistics.value == schedule.statistics.value_bound


def test_optimal_against_brute_force_on_tiny_events() -> None:
    rng = random.Random(7)
    checked = 0
    while checked < 120:
        event = random_event(rng, max_side=3, max_rounds=3, any_minimum=True)
        expected = brute_force(event)
        if expected is None:
            assert not event.fill_idle_seats, "a validated minimum is always reachable"
            with pytest.raises(ScheduleError, match="cannot give everyone"):
                schedule_event(event)
            continue
        best_value, most_meetings, most_wishes = expected
        stats = schedule_event(event).statistics
        assert stats.value == best_value
        assert stats.meetings == most_meetings  # idle seats filled, never at wishes' cost
        assert stats.value_bound >= best_value
        assert stats.wishes_met_bound >= most_wishes
        checked += 1


def test_hand_made_event() -> None:
    event = Event(
        rounds=2,
        tables=2,
        associations=["Ældresagen", "B73"],
        companies=["KPMG", "Bageriet"],
        wishes=[("Ældresagen", "KPMG"), ("KPMG", "Ældresagen"), ("B73", "Bageriet")],
    )
    schedule = schedule_event(event)
    # Ids sort as "B73" < "Ældresagen": B73 has table 1. The round with the wishes is first.
    assert schedule.rounds == (
        ((1, "B73", "Bageriet"), (2, "Ældresagen", "KPMG")),
        ((1, "B73", "KPMG"), (2, "Ældresagen", "Bageriet")),
    )
    (first, second) = schedule.programme("Bageriet")
    assert (first.table, first.partner, first.you_wished, first.partner_wished) == (
        1,
        "B73",
        False,
        True,
    )
    assert (second.table, second.partner, second.you_wished) == (2, "Ældresagen", False)
    stats = schedule.statistics
    assert (stats.wishes_total, stats.wishes_met, stats.mutual_pairs_met) == (3, 3, 1)
    assert (stats.value, stats.value_bound, stats.meetings, stats.unwished_meetings) == (
        4,
        4,
        4,
        2,
    )
    assert stats.share_met == stats.share_of_bound == 1.0


def test_a_mutual_wish_beats_two_one_sided() -> None:
    event = Event(
        rounds=1,
        tables=2,
        associations=["a1", "a2"],
        companies=["c1", "c2"],
        wishes=[("a1", "c1"), ("c1", "a1"), ("a1", "c2"), ("a2", "c1")],
    )
    (only,) = schedule_event(event).rounds
    assert {(m.association, m.company) for m in only} == {("a1", "c1"), ("a2", "c2")}


def test_filling_idle_seats_never_costs_a_wish() -> None:
    rng = random.Random(8)
    for _ in range(40):
        event = random_event(rng, max_side=8, max_rounds=5)
        if event.min_meetings:
            continue
        kwargs = {f: getattr(event, f) for f in ("rounds", "tables", "sit_outs")}
        people = {"associations": event.associations, "companies": event.companies}
        filled = schedule_event(Event(**kwargs, **people, wishes=event.wishes))
        empty = schedule_event(
            Event(**kwargs, **people, wishes=event.wishes, fill_idle_seats=False)
        )
        assert filled.statistics.value == empty.statistics.value
        assert filled.statistics.meetings >= empty.statistics.meetings
        assert empty.statistics.unwished_meetings == 0


def test_everyone_meets_everyone_when_rounds_allow() -> None:
    people = [f"a{i}" for i in range(5)], [f"c{i}" for i in range(5)]
    schedule = schedule_event(Event(5, 5, *people))
    met = {(m.association, m.company) for r in schedule.rounds for m in r}
    assert len(met) == 25
    assert all(len(r) == 5 for r in schedule.rounds)


def test_sit_outs_take_turns_with_a_minimum() -> None:
    associations = [f"a{i}" for i in range(6)]
    companies = [f"c{i}" for i in range(6)]
    wishes = [(a, "c0") for a in associations] + [("c0", "a0"), ("a0", "c1")]
    event = Event(4, 3, associations, companies, wishes, sit_outs=True, min_meetings=2)
    schedule = schedule_event(event)
    check_rules(schedule)
    assert [len(r) for r in schedule.rounds] == [3, 3, 3, 3]
    assert schedule.statistics.fewest_meetings == 2
    assert schedule.statistics.value == schedule.statistics.value_bound


def test_a_break_in_the_programme() -> None:
    event = Event(2, 2, ["a1", "a2"], ["c1"], [("a1", "c1")], fill_idle_seats=False)
    schedule = schedule_event(event)
    assert [line.is_break for line in schedule.programme("a2")] == [True, True]
    assert [line.is_break for line in schedule.programme("a1")] == [False, True]
    with pytest.raises(ScheduleError, match="not registered"):
        schedule.programme("c9")


def test_same_schedule_whatever_the_input_order() -> None:
    rng = random.Random(9)
    for _ in range(20):
        event = random_event(rng, max_side=10, max_rounds=5)
        first = schedule_event(event)
        shuffled = [list(event.associations), list(event.companies), list(event.wishes)]
        for items in shuffled:
            rng.shuffle(items)
        again = Event(
            event.rounds,
            event.tables,
            *shuffled,
            fill_idle_seats=event.fill_idle_seats,
            sit_outs=event.sit_outs,
            min_meetings=event.min_meetings,
            mutual_weight=event.mutual_weight,
        )
        assert schedule_event(again).rounds == first.rounds
        assert schedule_event(event).rounds == first.rounds


def test_bound_is_below_the_trivial_bounds() -> None:
    rng = random.Random(10)
    for _ in range(50):
        event = random_event(rng, max_side=8, max_rounds=4)
        stats = schedule_event(event).statistics
        seats = event.rounds * event.seats_per_round
        assert stats.value_bound <= seats * event.mutual_weight
        assert stats.wishes_met_bound <= min(stats.wishes_total, 2 * seats)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rounds": 0}, "at least one round"),
        ({"tables": 0}, "at least one table"),
        ({"associations": []}, "at least one association and one company"),
        ({"associations": ["a1", "a1"]}, "a1 is listed twice among the associations"),
        ({"companies": ["c1", "a1"]}, "a1 is listed both as an association and as a company"),
        ({"wishes": [("a1", "c9")]}, "names c9, who is not registered"),
        ({"wishes": [("a1", "a1")]}, "a1 cannot wish to meet themselves"),
        ({"wishes": [("a1", "a2")]}, "between two associations"),
        ({"wishes": [("c1", "c2")]}, "between two companies"),
        (
            {"associations": [f"a{i}" for i in range(40)], "tables": 30},
            "40 associations but only 30 tables: each round needs a table per association. "
            "Add tables, or allow sit-outs so the associations take turns.",
        ),
        ({"companies": ["c1", "c2", "c3"]}, "3 companies but only 2 tables"),
        ({"mutual_weight": 0}, "Wish weights are whole numbers from 1 to 100"),
        ({"mutual_weight": 101}, r"now 101 and 1\)"),
        ({"min_meetings": 3}, "3 meetings each need at least 3 rounds"),
        ({"min_meetings": -1}, "cannot be negative"),
        (
            {"associations": ["a1", "a2", "a3"], "sit_outs": True, "min_meetings": 2},
            "2 meetings for each of 3 participants on one side need 6 seats",
        ),
    ],
)
def test_clear_messages(kwargs: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {
        "rounds": 2,
        "tables": 2,
        "associations": ["a1", "a2"],
        "companies": ["c1", "c2"],
    }
    with pytest.raises(ScheduleError, match=message):
        Event(**{**fields, **kwargs})  # type: ignore[arg-type]


def test_a_minimum_the_wishes_cannot_give() -> None:
    event = Event(2, 2, ["a1", "a2"], ["c1", "c2"], [("a1", "c1")], False, min_meetings=1)
    with pytest.raises(ScheduleError, match="cannot give everyone at least 1 meeting;"):
        schedule_event(event)


def test_sit_outs_are_fair_only_when_asked() -> None:
    """Without a minimum, taking turns may leave someone out; the minimum prevents it."""
    associations = [f"a{i}" for i in range(4)]
    wishes = [(a, c) for a in associations[:2] for c in ("c0", "c1")]
    base = {"rounds": 2, "tables": 2, "companies": ["c0", "c1"], "wishes": wishes}
    loose = schedule_event(Event(associations=associations, sit_outs=True, **base))
    assert loose.statistics.fewest_meetings == 0
    fair = schedule_event(Event(associations=associations, sit_outs=True, min_meetings=1, **base))
    assert fair.statistics.fewest_meetings == 1


def test_brute_force_itself() -> None:
    """The reference must be right too: 2 × 2 × 1, two crossing one-sided wishes."""
    event = Event(1, 2, ["a1", "a2"], ["c1", "c2"], [("a1", "c2"), ("a2", "c1")])
    assert brute_force(event) == (2, 2, 2)
    only_wishes = Event(1, 2, ["a1", "a2"], ["c1", "c2"], [("a1", "c1")], False, min_meetings=1)
    assert brute_force(only_wishes) is None
