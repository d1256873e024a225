"""Speed dating between associations and companies: who sits at which table in which round.

At the event (issue 6; "speed dating" in the ministry's guide to cooperation with civil
society) every table seats one association and one company per round. Both sides say
beforehand whom they want to meet; the schedule meets as many of those wishes as possible,
with no pair meeting twice and nobody at two tables in one round.

    event = Event(rounds=8, tables=40, associations=[...], companies=[...], wishes=[...])
    schedule = schedule_event(event)
    schedule.rounds[0]            # round 1: (table, association, company) per table
    schedule.programme("A-17")    # one line per round, for the printed programme
    schedule.statistics           # wishes met, and an upper bound to judge them by

How: the schedule is optimal, not a heuristic. It is found in two exact steps.

1. **Which pairs meet.** A set of pairs can be laid out in rounds if and only if nobody is in
   more than ``rounds`` of them and there are at most ``rounds × usable tables`` of them
   (step 2 shows "if"; "only if" is plain). So choosing the pairs is a maximum-weight
   b-matching with one extra total: a 0/1 programme whose constraint system is that of a
   network flow (source → association → company → sink, with the total through the source;
   a guaranteed ``min_meetings`` is a lower bound on the first and last arcs), so its
   linear relaxation already has an integer optimum. HiGHS solves it through
   ``scipy.optimize.milp`` in milliseconds for 40 × 40.
2. **Which round and table.** A bipartite graph in which nobody has more than ``rounds``
   edges can be edge-coloured with ``rounds`` colours (König), and the colour classes can
   be made equal in size to within one (de Werra): one colour is one round, and no round
   needs more than ``ceil(pairs / rounds) <= tables`` tables. Both are done with
   alternating paths.

Weights: a mutual wish (both sides asked) is worth ``MUTUAL_WEIGHT = 3``, a one-sided wish
``ONE_SIDED_WEIGHT = 1``. A mutual meeting meets two wishes and is the likeliest to become a
cooperation (the guide: both parties' interests must be met for it to succeed), so it beats
the two one-sided meetings it could displace (3 > 1 + 1); a one-sided wish still counts,
since the other side may not yet know what it could gain. Both are settings of the event.

Idle seats: pairs nobody wished fill seats that would otherwise stay empty (on by default,
``fill_idle_seats``): meeting someone new is the point of speed dating. They add nothing to
the wish value; the solver maximises the wish value first and only then the number of
meetings, so a filled seat never costs a wish.

Deterministic: participants and wishes are sorted by id before the model is built, so the
same event gives the same schedule whatever the input order. Among schedules of equal value
HiGHS's choice on that canonical model decides (the same every run); the rounds are then
ordered by value and tables follow the associations' order by id.

Where this breaks down: every association-company pair is a 0/1 variable, so 200 × 200
takes a few seconds; an event is a few dozen per side.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import numpy as np

MUTUAL_WEIGHT = 3
ONE_SIDED_WEIGHT = 1
# Keeps the solver's objective (weight × seats + 1 per pair) exact in floating point.
MAX_WEIGHT = 100


class ScheduleError(ValueError):
    """The event cannot be scheduled as entered; the message says what to change."""


@dataclass(frozen=True)
class Event:
    """One speed-dating event as the coordinator entered it.

    Ids are strings (a primary key as text, or a name) and unique across both sides. A wish
    is ``(from_id, to_id)`` between an association and a company, in either direction; a
    wish entered twice counts once. Each side must fit at the tables (an association or
    company without a table would sit out every round) unless ``sit_outs`` allows them to
    take turns. Taking turns can leave a participant nobody wished for at the side-line all
    evening; ``min_meetings`` guarantees everyone that many meetings (with idle seats
    filled, any minimum the seats allow can be met).
    """

    rounds: int
    tables: int
    associations: Sequence[str]
    companies: Sequence[str]
    wishes: Iterable[tuple[str, str]] = ()
    fill_idle_seats: bool = True
    sit_outs: bool = False
    min_meetings: int = 0
    mutual_weight: int = MUTUAL_WEIGHT
    one_sided_weight: int = ONE_SIDED_WEIGHT

    def __post_init__(self) -> None:
        # Frozen, and the same whatever container the caller used.
        object.__setattr__(self, "associations", tuple(self.associations))
        object.__setattr__(self, "companies", tuple(self.companies))
        object.__setattr__(self, "wishes", tuple((str(a), str(b)) for a, b in self.wishes))
        self._validate()

    def _validate(self) -> None:  # noqa: C901  (one check per rule of a schedule)
        if self.rounds < 1:
            raise ScheduleError("An event needs at least one round.")
        if self.tables < 1:
            raise ScheduleError("An event needs at least one table.")
        if not 1 <= self.one_sided_weight <= self.mutual_weight <= MAX_WEIGHT:
            raise ScheduleError(
                f"Wish weights are whole numbers from 1 to {MAX_WEIGHT}, and a mutual wish is "
                "worth at least as much as a one-sided one (now "
                f"{self.mutual_weight} and {self.one_sided_weight})."
            )
        if not self.associations or not self.companies:
            raise ScheduleError("An event needs at least one association and one company.")
        for side, ids in (("associations", self.associations), ("companies", self.companies)):
            seen: set[str] = set()
            for participant in ids:
                if participant in seen:
                    raise ScheduleError(f"{participant} is listed twice among the {side}.")
                seen.add(participant)
        both = sorted(set(self.associations) & set(self.companies))
        if both:
            raise ScheduleError(
                f"{both[0]} is listed both as an association and as a company; "
                "each participant takes part on one side only."
            )
        associations, companies = set(self.associations), set(self.companies)
        for source, target in self.wishes:
            if source == target:
                raise ScheduleError(f"{source} cannot wish to meet themselves.")
            for participant in (source, target):
                if participant not in associations and participant not in companies:
                    raise ScheduleError(
                        f"The wish from {source} to {target} names {participant}, "
                        "who is not registered for the event."
                    )
            if (source in associations) == (target in associations):
                side = "associations" if source in associations else "companies"
                raise ScheduleError(
                    f"The wish from {source} to {target} is between two {side}; "
                    "wishes go between an association and a company."
                )
        if not self.sit_outs:
            for count, side, each in (
                (len(self.associations), "associations", "association"),
                (len(self.companies), "companies", "company"),
            ):
                if count > self.tables:
                    raise ScheduleError(
                        f"{count} {side} but only {self.tables} tables: each round needs a "
                        f"table per {each}. Add tables, or allow sit-outs so the {side} "
                        "take turns."
                    )
        self._validate_minimum()

    def _validate_minimum(self) -> None:
        k, n_a, n_c = self.min_meetings, len(self.associations), len(self.companies)
        if k < 0:
            raise ScheduleError("The minimum number of meetings cannot be negative.")
        if k > self.rounds:
            raise ScheduleError(f"{_meetings(k)} each need at least {k} rounds, not {self.rounds}.")
        if k > min(n_a, n_c):
            raise ScheduleError(
                f"{_meetings(k)} each are more than there are partners: "
                f"{n_a} associations and {n_c} companies."
            )
        seats = self.rounds * self.seats_per_round
        if k * max(n_a, n_c) > seats:
            raise ScheduleError(
                f"{_meetings(k)} for each of {max(n_a, n_c)} participants on one side need "
                f"{k * max(n_a, n_c)} seats, but {self.rounds} rounds give only {seats}. "
                "Lower the minimum, or add rounds or tables."
            )

    @property
    def seats_per_round(self) -> int:
        """Meetings one round can hold: a table each, and one partner per participant."""
        return min(self.tables, len(self.associations), len(self.companies))


class Meeting(NamedTuple):
    """One table in one round."""

    table: int
    association: str
    company: str


@dataclass(frozen=True)
class Appointment:
    """One line of a participant's printed programme; a break has no table and no partner."""

    round: int
    table: int | None
    partner: str | None
    you_wished: bool = False
    partner_wished: bool = False

    @property
    def is_break(self) -> bool:
        return self.partner is None


@dataclass(frozen=True)
class Statistics:
    """How good the schedule is, against what any schedule could reach.

    A wish is one participant's wish for one partner: a mutual pair holds two. ``value`` is
    the weighted sum the schedule maximises (mutual and one-sided weights of the event).
    ``fewest_meetings`` is the shortest programme anyone has: with sit-outs, see
    ``Event.min_meetings``.

    The bounds relax the round structure: only "each pair at most once", "each participant
    in at most ``rounds`` meetings" and "at most ``rounds × seats per round`` meetings" are
    kept. Every schedule's met pairs satisfy these, so the optimum of the relaxation (a
    linear programme, rounded down because a schedule's total is a whole number) is at
    least what any schedule reaches. So are the trivial bounds: all wishes met; every seat
    of every round at the top weight; each participant's ``rounds`` best wishes on either
    side. With ``min_meetings`` the relaxation keeps that too (the trivial bounds hold
    anyway). Each bound reported is the lowest of these; the relaxation's is never above
    the trivial ones, which are kept as a check. ``value_bound`` is for the weights
    being maximised and is reached exactly (see the module docstring); ``wishes_met_bound``
    counts wishes, which the weighting trades for mutual meetings, so the schedule may meet
    a few fewer wishes than that bound.
    """

    wishes_total: int
    wishes_met: int
    mutual_pairs_total: int
    mutual_pairs_met: int
    meetings: int
    unwished_meetings: int
    fewest_meetings: int
    value: int
    value_bound: int
    wishes_met_bound: int

    @property
    def share_met(self) -> float:
        return self.wishes_met / self.wishes_total if self.wishes_total else 1.0

    @property
    def share_of_bound(self) -> float:
        return self.wishes_met / self.wishes_met_bound if self.wishes_met_bound else 1.0

    @property
    def value_share_of_bound(self) -> float:
        return self.value / self.value_bound if self.value_bound else 1.0


@dataclass(frozen=True)
class Schedule:
    """``rounds[0]`` is round 1: its meetings by table number."""

    event: Event
    rounds: tuple[tuple[Meeting, ...], ...]
    statistics: Statistics

    def programme(self, participant: str) -> tuple[Appointment, ...]:
        """One appointment per round for ``participant``, breaks included."""
        try:
            return self.programmes[participant]
        except KeyError:
            raise ScheduleError(f"{participant} is not registered for the event.") from None

    @cached_property
    def programmes(self) -> dict[str, tuple[Appointment, ...]]:
        """Every participant's programme, associations first, in the order entered."""
        wishes = frozenset(self.event.wishes)
        seats: dict[str, dict[int, tuple[int, str]]] = defaultdict(dict)
        for number, meetings in enumerate(self.rounds, start=1):
            for table, association, company in meetings:
                seats[association][number] = (table, company)
                seats[company][number] = (table, association)
        programmes = {}
        for participant in (*self.event.associations, *self.event.companies):
            lines = []
            for number in range(1, len(self.rounds) + 1):
                seat = seats[participant].get(number)
                if seat is None:
                    lines.append(Appointment(number, None, None))
                else:
                    table, partner = seat
                    lines.append(
                        Appointment(
                            number,
                            table,
                            partner,
                            you_wished=(participant, partner) in wishes,
                            partner_wished=(partner, participant) in wishes,
                        )
                    )
            programmes[participant] = tuple(lines)
        return programmes


def schedule_event(event: Event) -> Schedule:
    """The schedule with the highest wish value for ``event`` (see the module docstring)."""
    associations = sorted(event.associations)
    companies = sorted(event.companies)
    a_index = {a: i for i, a in enumerate(associations)}
    c_index = {c: j for j, c in enumerate(companies)}
    n_a, n_c = len(associations), len(companies)

    wishes = frozenset(event.wishes)
    by_association = np.zeros((n_a, n_c), dtype=bool)
    by_company = np.zeros((n_a, n_c), dtype=bool)
    for source, target in sorted(wishes):
        if source in a_index:
            by_association[a_index[source], c_index[target]] = True
        else:
            by_company[a_index[target], c_index[source]] = True
    mutual = by_association & by_company
    one_sided = np.where(by_association | by_company, event.one_sided_weight, 0)
    weight = np.where(mutual, event.mutual_weight, one_sided).astype(np.int64)
    count = by_association.astype(np.int64) + by_company.astype(np.int64)

    limits = _Limits(event.rounds, event.seats_per_round, event.min_meetings)
    allowed = np.ones_like(weight, dtype=bool) if event.fill_idle_seats else weight > 0
    pairs = _choose_pairs(weight, allowed, limits)
    colours = _equalise(pairs, _colour(pairs, n_a + n_c, n_a, event.rounds), event.rounds)

    classes: list[list[tuple[int, int]]] = [[] for _ in range(event.rounds)]
    for pair, colour in zip(pairs, colours, strict=True):
        classes[colour].append(pair)
    # The round with the most wish value first, while everyone is fresh.
    classes.sort(key=lambda cls: (-sum(int(weight[p]) for p in cls), -len(cls), sorted(cls)))
    rounds = tuple(
        tuple(
            Meeting(table, associations[i], companies[j])
            for table, i, j in _tables(sorted(cls), event.tables)
        )
        for cls in classes
    )

    met = np.zeros((n_a, n_c), dtype=bool)
    for i, j in pairs:
        met[i, j] = True
    statistics = Statistics(
        wishes_total=int(count.sum()),
        wishes_met=int(count[met].sum()),
        mutual_pairs_total=int(mutual.sum()),
        mutual_pairs_met=int(mutual[met].sum()),
        meetings=len(pairs),
        unwished_meetings=int((met & (count == 0)).sum()),
        fewest_meetings=int(min(met.sum(axis=1).min(), met.sum(axis=0).min())),
        value=int(weight[met].sum()),
        value_bound=upper_bound(weight, allowed, limits),
        wishes_met_bound=upper_bound(count, allowed, limits),
    )
    return Schedule(event=event, rounds=rounds, statistics=statistics)


class _Limits(NamedTuple):
    """What any schedule's set of met pairs obeys (the relaxation without rounds)."""

    rounds: int  # meetings per participant, at most
    seats_per_round: int  # so at most rounds × seats_per_round meetings in all
    min_meetings: int = 0  # meetings per participant, at least


def upper_bound(weight: np.ndarray, allowed: np.ndarray, limits: _Limits) -> int:
    """The most total ``weight`` (associations × companies) any schedule can meet.

    ``allowed`` marks the pairs that may meet at all. The lowest of the linear relaxation
    without rounds and the trivial bounds; why each is an upper bound is in the docstring of
    :class:`Statistics`.
    """
    w = np.where(allowed, np.asarray(weight, dtype=np.int64), 0)
    top = int(w.max(initial=0))
    if top == 0:
        return 0
    r = limits.rounds
    trivial = min(
        int(w.sum()),
        r * limits.seats_per_round * top,
        int(-np.sort(-w, axis=1)[:, :r].sum()),
        int(-np.sort(-w, axis=0)[:r, :].sum()),
    )
    # Without a minimum, pairs of weight 0 change nothing and are left out of the programme.
    candidates = allowed if limits.min_meetings else w > 0
    optimum = _solve(w.astype(float), candidates, limits, integral=False)[1]
    return min(trivial, math.floor(optimum + 1e-6))


def _choose_pairs(
    weight: np.ndarray, allowed: np.ndarray, limits: _Limits
) -> list[tuple[int, int]]:
    """The pairs that meet: most wish value first, then most meetings (step 1)."""
    # Lexicographic in one objective: one unit of wish value outweighs every seat filled.
    scale = limits.rounds * limits.seats_per_round + 1
    chosen = _solve(weight.astype(float) * scale + 1.0, allowed, limits, integral=True)[0]
    rows, cols = np.nonzero(chosen)
    return list(zip(rows.tolist(), cols.tolist(), strict=True))


def _solve(
    score: np.ndarray, allowed: np.ndarray, limits: _Limits, *, integral: bool
) -> tuple[np.ndarray, float]:
    """The b-matching over the ``allowed`` pairs of highest total ``score``, and its score.

    Each participant in ``min_meetings`` to ``rounds`` pairs, at most ``rounds × seats per
    round`` pairs in all. ``integral=False`` solves the linear relaxation (the bound); its
    optimum is integral anyway (a network flow), ``integral=True`` only makes sure.
    """
    # SciPy's solver is imported here, not with the module: the events app imports this
    # module's weights, and every Django start would load SciPy's optimiser (about 0.3 s).
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix, vstack

    n_a, n_c = score.shape
    rows, cols = np.nonzero(allowed)
    n = len(rows)
    if n == 0:
        if limits.min_meetings:
            raise ScheduleError(_NO_MINIMUM.format(meetings=_meetings(limits.min_meetings)))
        return np.zeros(score.shape, dtype=bool), 0.0
    incidence = coo_matrix(
        (np.ones(2 * n), (np.concatenate([rows, n_a + cols]), np.tile(np.arange(n), 2))),
        shape=(n_a + n_c, n),
    )
    lower = np.full(n_a + n_c, limits.min_meetings, dtype=float)
    upper = np.full(n_a + n_c, limits.rounds, dtype=float)
    if limits.seats_per_round < min(n_a, n_c):  # otherwise the degrees imply the total
        incidence = vstack([incidence, np.ones((1, n))])
        lower = np.append(lower, -np.inf)
        upper = np.append(upper, limits.rounds * limits.seats_per_round)
    result = milp(
        c=-score[rows, cols],
        integrality=np.full(n, 1 if integral else 0),
        bounds=Bounds(0, 1),
        constraints=LinearConstraint(incidence.tocsr(), lower, upper),
        options={"mip_rel_gap": 0.0},
    )
    if result.status == 2:  # infeasible: only possible with a minimum and few pairs allowed
        raise ScheduleError(_NO_MINIMUM.format(meetings=_meetings(limits.min_meetings)))
    if result.x is None:
        raise RuntimeError(f"speed-dating solver failed: {result.message}")
    chosen = np.zeros(score.shape, dtype=bool)
    chosen[rows, cols] = result.x > 0.5
    return chosen, float(-result.fun)


_NO_MINIMUM = (
    "The wished pairs alone cannot give everyone at least {meetings}; fill idle seats with "
    "other pairs, or lower the minimum."
)


def _meetings(k: int) -> str:
    return f"{k} meeting" if k == 1 else f"{k} meetings"


def _colour(pairs: list[tuple[int, int]], nodes: int, n_a: int, colours: int) -> list[int]:
    """A proper edge colouring (colour = round) of a bipartite graph of degree <= colours.

    For each pair take a colour alpha free at its association and beta free at its company.
    If alpha is taken at the company, swap alpha and beta along the alternating path that
    starts there; in a bipartite graph that path cannot reach the association (it would
    arrive on an alpha edge, and alpha is free there), so alpha becomes free at both.
    """
    at: list[dict[int, int]] = [{} for _ in range(nodes)]
    ends = [(i, n_a + j) for i, j in pairs]
    colour = [-1] * len(pairs)
    for edge, (u, v) in enumerate(ends):
        alpha = next(c for c in range(colours) if c not in at[u])
        if alpha in at[v]:
            beta = next(c for c in range(colours) if c not in at[v])
            path, node, want = [], v, alpha
            while want in at[node]:
                step = at[node][want]
                path.append(step)
                node = ends[step][0] + ends[step][1] - node
                want = beta if want == alpha else alpha
            _recolour(path, ends, colour, at, {alpha: beta, beta: alpha})
        colour[edge] = alpha
        at[u][alpha] = at[v][alpha] = edge
    return colour


def _equalise(pairs: list[tuple[int, int]], colour: list[int], colours: int) -> list[int]:
    """Make the colour classes differ in size by at most one (de Werra).

    Colours ``big`` and ``small`` together form alternating paths and even cycles; when
    ``big`` has more edges, some path starts and ends with a ``big`` edge, and swapping the
    two colours along it moves one edge from ``big`` to ``small`` and keeps it proper.
    """
    colour = list(colour)
    ends = [(i, -1 - j) for i, j in pairs]  # companies as negative nodes: no clash
    while True:
        sizes = [colour.count(c) for c in range(colours)]
        big, small = sizes.index(max(sizes)), sizes.index(min(sizes))
        if sizes[big] - sizes[small] <= 1:
            return colour
        at: dict[int, dict[int, int]] = defaultdict(dict)
        for edge, (u, v) in enumerate(ends):
            if colour[edge] in (big, small):
                at[u][colour[edge]] = at[v][colour[edge]] = edge
        for start in sorted(at):
            if big not in at[start] or small in at[start]:
                continue
            path, node, want = [], start, big
            while want in at[node]:
                step = at[node][want]
                path.append(step)
                node = ends[step][0] + ends[step][1] - node
                want = small if want == big else big
            if len(path) % 2 == 1:
                for step in path:
                    colour[step] = small if colour[step] == big else big
                break
        else:  # pragma: no cover - impossible by the counting argument above
            raise RuntimeError("no alternating path to balance the rounds")


def _recolour(
    path: list[int],
    ends: list[tuple[int, int]],
    colour: list[int],
    at: list[dict[int, int]],
    swap: dict[int, int],
) -> None:
    for step in path:
        for node in ends[step]:
            del at[node][colour[step]]
    for step in path:
        colour[step] = swap[colour[step]]
        for node in ends[step]:
            at[node][colour[step]] = step


def _tables(meetings: list[tuple[int, int]], tables: int) -> list[tuple[int, int, int]]:
    """Table numbers 1..tables for one round's (association, company) pairs.

    An association keeps its own table (its position by id, modulo the tables) whenever it
    is free, so associations stay seated and companies move; with enough tables for every
    association that holds all evening.
    """
    taken: set[int] = set()
    seated: dict[int, int] = {}
    for i, _ in meetings:
        home = i % tables + 1
        if home not in taken:
            seated[i] = home
            taken.add(home)
    free = iter(t for t in range(1, tables + 1) if t not in taken)
    for i, _ in meetings:
        if i not in seated:
            seated[i] = next(free)
    return sorted((seated[i], i, j) for i, j in meetings)
