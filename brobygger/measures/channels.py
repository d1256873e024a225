"""Which contact channels reach people (issue 19, point 5), and who has gone quiet. Defined
here and nowhere else.

* **Channels** are those a contact attempt records (``people.ContactChannel``): phone, text
  message (SMS), letter, e-mail, home visit, meeting, via a partner and drop-in.
* **Reached**: an attempt whose outcome means we got through to her
  (``people.models.contact.REACHED_OUTCOMES``: reached, meeting agreed, declined).
* **Reach per attempt**: of the attempts made by a channel in the period, the share that
  reached her. **Reach per person**: of the people tried by a channel in the period, the share
  that the channel reached at least once. Both with Wilson 95 % intervals
  (``effectiveness.Share``). The row of all channels counts each person once.
* **Language**: the person's preferred language (``Person.preferred_language``); "not
  recorded" when none is set. **Time of day**: the attempt's time in Danish local time
  (Europe/Copenhagen): morning before 12, afternoon 12 to 17, evening from 17.
* **Gone quiet**: of the people identified in the period (the method page's people) who were
  tried at least once by the end of the period and have started no intervention, job or
  education by then, those with **no answer after N attempts** (at least N attempts, none of
  which reached her; ``BROBYGGER_GONE_QUIET_ATTEMPTS``, 3) and those with **no contact for N
  days** (her last attempt that reached her, or her first attempt if none did, lies more than
  ``BROBYGGER_GONE_QUIET_DAYS`` (60) days before the period's end). Per method (of her first
  touch) and per channel: for a channel, "no answer" counts the attempts by that channel
  only, and "no contact" is any channel's silence among the people that channel tried.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, Max, Min, Q, Value, When
from django.db.models.functions import Coalesce, ExtractHour
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from brobygger.languages.models import Language
from brobygger.outreach.models import MethodCategory, OutreachMethod
from brobygger.people.models import ContactAttempt, ContactChannel
from brobygger.people.models.contact import REACHED_OUTCOMES
from brobygger.people.selectors import people_for_aggregates

from .effectiveness import Share, intake_facts, method_key, reached_by
from .periods import Period

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
NOT_RECORDED = 0  # the language key of people without a preferred language


class Band(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


BAND_LABELS: dict[Band, Promise] = {
    Band.MORNING: _("Morning (before 12)"),
    Band.AFTERNOON: _("Afternoon (12–17)"),
    Band.EVENING: _("Evening (from 17)"),
}


def quiet_after_attempts() -> int:
    return int(getattr(settings, "BROBYGGER_GONE_QUIET_ATTEMPTS", 3))


def quiet_after_days() -> int:
    return int(getattr(settings, "BROBYGGER_GONE_QUIET_DAYS", 60))


@dataclass(frozen=True)
class Reach:
    """Attempts and people of one channel (or one cell of a channel's breakdown)."""

    attempts: int = 0
    reached_attempts: int = 0
    people: int = 0
    reached_people: int = 0

    @property
    def per_attempt(self) -> Share:
        return Share(self.reached_attempts, self.attempts)

    @property
    def per_person(self) -> Share:
        return Share(self.reached_people, self.people)


@dataclass(frozen=True)
class ChannelRow:
    key: str
    label: str | Promise
    reach: Reach
    by_language: dict[int, Reach]
    by_band: dict[Band, Reach]


@dataclass(frozen=True)
class ChannelReach:
    rows: list[ChannelRow]
    total: Reach
    languages: list[tuple[int, str | Promise]]


def _reach_counts() -> dict[str, Count]:
    reached = Q(outcome__in=REACHED_OUTCOMES)
    return {
        "attempts": Count("pk"),
        "reached_attempts": Count("pk", filter=reached),
        "people": Count("person", distinct=True),
        "reached_people": Count("person", distinct=True, filter=reached),
    }


def _reach(line: Mapping[str, Any]) -> Reach:
    return Reach(line["attempts"], line["reached_attempts"], line["people"], line["reached_people"])


def attempts_in(
    municipality_ids: Iterable[int], period: Period, where: Q | None = None
) -> models.QuerySet[ContactAttempt]:
    """The attempts made in the period to people of these municipalities (for counts only);
    ``where`` (a target-group definition's filter) narrows the people first."""
    ids = list(municipality_ids)
    attempts = ContactAttempt.objects.filter(
        person__municipality_id__in=ids,
        person__merged_into__isnull=True,
        occurred_at__gte=period.starts_at,
        occurred_at__lt=period.ends_before,
    ).order_by()
    if where is not None:
        chosen = people_for_aggregates(municipality_ids=ids, where=where)
        attempts = attempts.filter(person__in=chosen.order_by().values("pk"))
    return attempts


def channel_reach(
    *, municipality_ids: Iterable[int], period: Period, where: Q | None = None
) -> ChannelReach:
    """Reach per channel, per channel and language, and per channel and time of day: four
    grouped queries and one for the languages' names. ``where`` as for ``attempts_in``."""
    attempts = attempts_in(municipality_ids, period, where)
    counts = _reach_counts()
    by_channel = {
        line["channel"]: _reach(line) for line in attempts.values("channel").annotate(**counts)
    }
    by_language: dict[str, dict[int, Reach]] = defaultdict(dict)
    for line in attempts.values("channel", "person__preferred_language").annotate(**counts):
        language = line["person__preferred_language"] or NOT_RECORDED
        by_language[line["channel"]][language] = _reach(line)
    hour = ExtractHour("occurred_at", tzinfo=COPENHAGEN)
    band = Case(
        When(hour__lt=12, then=Value(Band.MORNING.value)),
        When(hour__lt=17, then=Value(Band.AFTERNOON.value)),
        default=Value(Band.EVENING.value),
        output_field=models.CharField(),
    )
    by_band: dict[str, dict[Band, Reach]] = defaultdict(dict)
    timed = attempts.annotate(hour=hour, band=band).values("channel", "band")
    for cell in timed.annotate(**counts):
        by_band[cell["channel"]][Band(cell["band"])] = _reach(cell)
    total = _reach(attempts.aggregate(**counts))
    language_ids = sorted({pk for per in by_language.values() for pk in per if pk})
    found = Language.objects.filter(pk__in=language_ids)
    languages: list[tuple[int, str | Promise]] = sorted(
        ((language.pk, _language_name(language)) for language in found),
        key=lambda item: str(item[1]),
    )
    if any(NOT_RECORDED in per for per in by_language.values()):
        languages.append((NOT_RECORDED, _("Not recorded")))
    rows = [
        ChannelRow(
            key=str(channel.value),
            label=channel.label,
            reach=by_channel.get(channel.value, Reach()),
            by_language=by_language.get(channel.value, {}),
            by_band=by_band.get(channel.value, {}),
        )
        for channel in ContactChannel
    ]
    return ChannelReach(rows=rows, total=total, languages=languages)


def _name_now(language: Language) -> str:
    return language.name


# The language's name in the language of the page that shows it (the figures may be cached).
_language_name = lazy(_name_now, str)


# Gone quiet ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuietRow:
    """People tried, and of them those with no answer after N attempts and those with no
    contact for N days."""

    key: str
    label: str | Promise
    tried: int = 0
    no_answer: int = 0
    silent: int = 0

    @property
    def no_answer_share(self) -> Share:
        return Share(self.no_answer, self.tried)

    @property
    def silent_share(self) -> Share:
        return Share(self.silent, self.tried)


@dataclass(frozen=True)
class GoneQuiet:
    attempts: int
    days: int
    methods: list[QuietRow]  # each person counts once, for the method of her first touch
    total: QuietRow
    channels: list[QuietRow]  # a person counts for each channel she was tried by


@dataclass
class _Tally:
    tried: int = 0
    no_answer: int = 0
    silent: int = 0

    def add(self, *, no_answer: bool, silent: bool) -> None:
        self.tried += 1
        self.no_answer += no_answer
        self.silent += silent

    def row(self, key: str, label: str | Promise) -> QuietRow:
        return QuietRow(key, label, self.tried, self.no_answer, self.silent)


def gone_quiet(
    *, municipality_ids: Iterable[int], period: Period, where: Q | None = None
) -> GoneQuiet:
    """Who has gone quiet among the period's people (module docstring), per method and per
    channel: two grouped queries and one for the method catalogue. ``where`` (a target-group
    definition's filter) narrows the people first."""
    ids = sorted(set(municipality_ids))
    limit, days = quiet_after_attempts(), quiet_after_days()
    cutoff = period.ends_before - timedelta(days=days)
    attempt = "person__contact_attempts"
    by_end = Q(**{f"{attempt}__occurred_at__lt": period.ends_before})
    reached = by_end & Q(**{f"{attempt}__outcome__in": REACHED_OUTCOMES})
    people = intake_facts(ids, period, where).exclude(reached_by(period).moved_on)
    per_person = (
        people.annotate(
            method_key=method_key(),
            tries=Count(attempt, filter=by_end),
            hits=Count(attempt, filter=reached),
            last_contact=Coalesce(
                Max(f"{attempt}__occurred_at", filter=reached),
                Min(f"{attempt}__occurred_at", filter=by_end),
            ),
        )
        .filter(tries__gt=0)
        .values_list("person_id", "method_key", "tries", "hits", "last_contact")
    )
    silent: dict[int, bool] = {}
    methods: dict[int, _Tally] = defaultdict(_Tally)
    total = _Tally()
    for pk, method, tries, hits, last_contact in per_person.iterator(chunk_size=20_000):
        quiet = _before(last_contact, cutoff)
        silent[pk] = quiet
        no_answer = tries >= limit and not hits
        methods[method].add(no_answer=no_answer, silent=quiet)
        total.add(no_answer=no_answer, silent=quiet)
    per_channel = (
        ContactAttempt.objects.filter(
            person__in=people.values("person_id"),
            occurred_at__lt=period.ends_before,
        )
        .order_by()
        .values_list("person_id", "channel")
        .annotate(tries=Count("pk"), hits=Count("pk", filter=Q(outcome__in=REACHED_OUTCOMES)))
    )
    channels: dict[str, _Tally] = defaultdict(_Tally)
    for pk, channel, tries, hits in per_channel.iterator(chunk_size=20_000):
        channels[channel].add(no_answer=tries >= limit and not hits, silent=silent.get(pk, False))
    return GoneQuiet(
        attempts=limit,
        days=days,
        methods=[methods[pk].row(key, label) for pk, key, label in method_order(methods)],
        total=total.row("all", _("All methods")),
        channels=[channels[c.value].row(str(c.value), c.label) for c in ContactChannel],
    )


def _before(moment: datetime | None, cutoff: datetime) -> bool:
    return moment is not None and moment < cutoff


def method_order(pks: Iterable[int]) -> list[tuple[int, str, str | Promise]]:
    """Methods (id, key, label) in the catalogue's order (category, then position), "no method
    recorded" (``NO_METHOD``, key "none") last: the method page's keys and order."""
    pks = list(pks)
    order = list(MethodCategory.values)
    found = {m.pk: m for m in OutreachMethod.objects.filter(pk__in=pks)}
    rows: list[tuple[tuple[int, int, str], int, str, str | Promise]] = []
    for pk in pks:
        method = found.get(pk)
        if method is None:
            rows.append(((len(order), 0, ""), pk, "none", _("No method recorded")))
        else:
            place = (order.index(method.category), method.position, method.name)
            rows.append((place, pk, str(pk), str(method)))
    return [(pk, key, label) for _place, pk, key, label in sorted(rows, key=lambda r: r[0])]


def bands() -> Sequence[tuple[Band, Promise]]:
    return list(BAND_LABELS.items())
