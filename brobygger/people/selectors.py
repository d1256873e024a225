"""Reads of person-level data. Every function starts from ``Person.objects.visible_to(user)``."""

from __future__ import annotations

import operator
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import reduce

import phonenumbers
from django.db import models
from django.db.models import Case, Count, OuterRef, Subquery, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import Abs, Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext

from brobygger.accounts.access import AnyUser, Permission, get_visible_or_404, scope_for
from brobygger.accounts.models import User
from brobygger.core.crypto import decrypt
from brobygger.outreach.models import OutreachLocation

from .cpr import cpr_lookup_hash
from .duplicates import (
    MAX_CANDIDATES,
    MAX_SAME_NAME,
    MAX_SHOWN,
    birth_dates_alike,
    scorer,
    skeleton_keys,
)
from .filters import AGE_BANDS, PersonFilters, months_before, years_before
from .models import (
    ContactAttempt,
    DropInVisit,
    Person,
    PersonMerge,
    PersonNameKey,
    PersonSource,
    PipelineStatus,
    StatusEvent,
)
from .names import name_words

# DDMMYYXXXX, DDMMYY-XXXX or DDMMYY XXXX: a CPR number, however it was typed.
_CPR_QUERY = re.compile(r"^\d{6}[- ]?\d{4}$")
_PHONE_QUERY = re.compile(r"^\+?[\d\s()-]{8,20}$")


def person_list(
    *,
    user: AnyUser,
    query: str = "",
    status: str = "",
    municipality_id: int | None = None,
    method_id: int | None = None,
    caseworker_id: int | None = None,
    filters: PersonFilters | None = None,
) -> models.QuerySet[Person]:
    """People visible to the user, optionally searched and filtered (``filters``: the
    list's other filters, ``filters.PersonFilters``; its search words are ``query``).

    The query is a CPR number (exact, through its keyed hash), a phone number (exact, in
    E.164), or name words in any script: each word must match a name of the person by the
    start of the word, its phonetic key or its romanisation skeleton, so "Mohamed" finds
    "Muhammad", "Maxamed" and "محمد", closest first (``_name_search``). A query with no word
    that romanises (a script ICU cannot read, symbols) finds nobody."""
    people: models.QuerySet[Person] = Person.objects.visible_to(user).select_related(
        "municipality", "assigned_caseworker"
    )
    query = query.strip()
    if query and _CPR_QUERY.match(query):
        people = people.filter(cpr_hash=cpr_lookup_hash(re.sub(r"[- ]", "", query)))
    elif query and _PHONE_QUERY.match(query):
        people = people.filter(phone=_as_e164(query))
    elif query:
        people = _name_search(people, query)
    if status:
        people = people.filter(status=status)
    if municipality_id is not None:
        people = people.filter(municipality_id=municipality_id)
    if method_id is not None:
        people = people.filter(
            pk__in=PersonSource.objects.filter(method_id=method_id).values("person_id")
        )
    if caseworker_id is not None:
        people = people.filter(assigned_caseworker_id=caseworker_id)
    if filters is not None:
        people = people_filtered(people, filters)
    return people


def people_filtered(
    people: models.QuerySet[Person], filters: PersonFilters
) -> models.QuerySet[Person]:
    """The list's filters other than the search words (``person_list`` reads those)."""
    return people.filter(_filters_q(filters))


def _filters_q(filters: PersonFilters) -> models.Q:
    q = models.Q()
    if filters.status:
        q &= models.Q(status=filters.status)
    if filters.method is not None:
        q &= models.Q(
            pk__in=PersonSource.objects.filter(method_id=filters.method).values("person_id")
        )
    if filters.partner is not None:
        q &= models.Q(
            pk__in=PersonSource.objects.filter(partner_id=filters.partner).values("person_id")
        ) | models.Q(
            pk__in=Person.objects.filter(enrolments__provider_id=filters.partner).values("pk")
        )
    if filters.caseworker is not None:
        q &= models.Q(assigned_caseworker_id=filters.caseworker)
    if filters.housing_area:
        q &= models.Q(housing_area__iexact=filters.housing_area)
    if filters.language is not None:
        q &= models.Q(preferred_language_id=filters.language)
    if filters.country:
        q &= models.Q(country_of_origin=filters.country)
    return q & _dated_filters_q(filters)


def _dated_filters_q(filters: PersonFilters) -> models.Q:
    """The filters that count from today: follow-up, age band, months without contact."""
    q = models.Q()
    today = timezone.localdate()
    if filters.follow_up == "due":
        q &= models.Q(follow_up_on__lte=today)
    elif filters.follow_up == "planned":
        q &= models.Q(follow_up_on__gt=today)
    elif filters.follow_up == "none":
        q &= models.Q(follow_up_on__isnull=True)
    if filters.age_band:
        youngest, oldest = AGE_BANDS[filters.age_band]
        if youngest is not None:
            q &= models.Q(birth_date__lte=years_before(today, youngest))
        if oldest is not None:
            q &= models.Q(birth_date__gt=years_before(today, oldest + 1))
    if filters.not_contacted_months is not None:
        cutoff = datetime.combine(
            months_before(today, filters.not_contacted_months),
            time.min,
            tzinfo=timezone.get_current_timezone(),
        )
        recent = ContactAttempt.objects.filter(occurred_at__gte=cutoff).values("person_id")
        q &= ~models.Q(pk__in=recent)
    return q


def people_counts(*, user: AnyUser, searches: Mapping[int, PersonFilters]) -> dict[int, int]:
    """How many people each of ``searches`` finds for the user, in one query."""
    if not searches:
        return {}
    counts = {}
    for key, filters in searches.items():
        q = _filters_q(filters)
        if filters.query:
            found = person_list(user=user, query=filters.query).order_by().values("pk")
            q &= models.Q(pk__in=found)
        counts[f"n{key}"] = Count("pk", filter=q)
    found_counts = Person.objects.visible_to(user).aggregate(**counts)
    return {key: found_counts[f"n{key}"] for key in searches}


def people_visible(*, user: AnyUser, permission: Permission) -> models.QuerySet[Person]:
    """The people ``user`` holds ``permission`` for (a bulk action's selection starts here)."""
    return Person.objects.visible_to(user, permission)


# How closely a query word met a name word, best first: the same folded word, a word it
# begins, the same phonetic key (a close spelling), the same phonetic key once the article is
# taken off ("Hassan" for "Al-Hassan"), the same skeleton only (a coarse match).
RANK_EXACT, RANK_PREFIX, RANK_PHONETIC, RANK_ARTICLE, RANK_SKELETON = 0, 1, 2, 3, 4
# Equal ranks in the list's usual order (``Person.Meta.ordering``).
NAME_ORDER = ("last_name", "first_name", "id")


def _name_search(people: models.QuerySet[Person], query: str) -> models.QuerySet[Person]:
    """People every query word (at most five) matches, ordered by ``match_rank``: the sum
    over the words of the closest match's rank, then by name. "Hussein" lists the Husseins,
    then the Husains and Hussains, then the Hassans whom only the skeleton joins."""
    words = name_words(query)[:5]
    if not words:
        return people.none()
    ranks: list[Combinable] = []
    for word in words:
        phonetic = f"p:{word.phonetic_key()}"
        # Her name has the article and the query not, or the other way round, or both
        # with other spellings.
        article = {f"a:{word.phonetic_key()}"}
        if word.bare:
            article |= {f"p:{word.bare_phonetic_key()}", f"a:{word.bare_phonetic_key()}"}
        skeletons = sorted(f"s:{key}" for key in word.skeleton_keys())
        matches = PersonNameKey.objects.filter(
            _key_prefix(f"n:{word.word}")
            | models.Q(key=phonetic)
            | models.Q(key__in=sorted(article))
            | models.Q(key__in=skeletons)
        )
        people = people.filter(pk__in=matches.values("person_id"))
        rank = Case(
            When(key=f"n:{word.word}", then=Value(RANK_EXACT)),
            When(key=phonetic, then=Value(RANK_PHONETIC)),
            When(key__in=sorted(article), then=Value(RANK_ARTICLE)),
            When(key__in=skeletons, then=Value(RANK_SKELETON)),
            default=Value(RANK_PREFIX),
        )
        closest = (
            matches.filter(person=OuterRef("pk"))
            .annotate(rank=rank)
            .order_by("rank")
            .values("rank")[:1]
        )
        ranks.append(Subquery(closest, output_field=models.IntegerField()))
    total = ranks[0]
    for rank_of_word in ranks[1:]:
        total = total + rank_of_word
    return people.annotate(match_rank=total).order_by("match_rank", *NAME_ORDER)


def housing_areas_of(*, user: AnyUser) -> list[str]:
    """The housing areas of the people the user sees, for the list's filter."""
    return list(
        Person.objects.visible_to(user)
        .exclude(housing_area="")
        .order_by("housing_area")
        .values_list("housing_area", flat=True)
        .distinct()[:200]
    )


def countries_of(*, user: AnyUser) -> list[str]:
    """The countries of origin of the people the user sees, for the list's filter."""
    return list(
        Person.objects.visible_to(user)
        .exclude(country_of_origin="")
        .order_by("country_of_origin")
        .values_list("country_of_origin", flat=True)
        .distinct()
    )


def caseworkers_of(*, user: AnyUser) -> models.QuerySet[User]:
    """Staff who can hold a caseload in the municipalities whose people the user sees."""
    scope = scope_for(user, Permission.VIEW_PEOPLE)
    return (
        User.objects.filter(is_active=True, memberships__role="caseworker")
        .filter(scope.q("memberships__municipality"))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _key_prefix(prefix: str) -> models.Q:
    """Keys that start with ``prefix``, as a range the (key, person) index answers directly.

    Keys are plain ASCII ("n:", "s:" and [0-9a-z]); SQLite's LIKE is case-insensitive and
    cannot use an ordinary index, while a range comparison can, on both databases."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return models.Q(key__gte=prefix, key__lt=upper)


def search_is_readable(query: str) -> bool:
    """A CPR number, a phone number or a name with a word that romanises: a search that is
    none of these finds nobody, and the list says why."""
    query = query.strip()
    return bool(_CPR_QUERY.match(query) or _PHONE_QUERY.match(query) or name_words(query))


def looks_like_cpr(text: str) -> bool:
    return bool(_CPR_QUERY.match(text.strip()))


def _as_e164(text: str) -> str:
    try:
        number = phonenumbers.parse(text, "DK")
    except phonenumbers.NumberParseException:
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def person_get(*, user: AnyUser, pk: int) -> Person:
    return get_visible_or_404(person_list(user=user), user=user, pk=pk)


def person_lock(*, user: AnyUser, person: Person) -> Person:
    """The person's row, locked for the rest of the transaction (for writes that read first)."""
    return get_visible_or_404(
        Person.objects.visible_to(user).select_for_update(), user=user, pk=person.pk
    )


def person_contact_attempts(*, user: AnyUser, person: Person) -> list[ContactAttempt]:
    return list(
        ContactAttempt.objects.visible_to(user).filter(person=person).select_related("made_by")
    )


def person_sources(*, user: AnyUser, person: Person) -> models.QuerySet[PersonSource]:
    return (
        PersonSource.objects.visible_to(user)
        .filter(person=person)
        .select_related("method", "activity__method", "partner", "recorded_by")
    )


def possible_duplicates(
    *,
    user: AnyUser,
    municipality_id: int,
    first_name: str,
    last_name: str = "",
    cpr: str = "",
    phone: str = "",
    birth_date: date | None = None,
) -> list[Person]:
    """People of the municipality, among those the user sees, who may be the one being
    registered, by the rule in ``duplicates.py``: the same CPR number, the same phone number,
    a name word in common and the same birth date, or the same name with a birth date alike
    or missing. One query over the indexed keys gives the candidates; the linkage model's
    scorer (``duplicates.scorer``) keeps those it finds likely, the likeliest first. At most
    ``MAX_SHOWN`` people."""
    people = person_list(user=user, municipality_id=municipality_id)
    return _scored(
        people, municipality_id, first_name, last_name, cpr=cpr, phone=phone, birth_date=birth_date
    )


def door_candidates(*, person: Person) -> list[Person]:
    """A person who has just signed herself up (the public form, no user): the people of her
    municipality the warning's rule finds (its candidates, to be scored by the linkage)."""
    people = Person.objects.filter(
        municipality_id=person.municipality_id, merged_into__isnull=True
    ).exclude(pk=person.pk)
    return _candidates(
        people,
        person.municipality_id,
        person.first_name,
        person.last_name,
        cpr=decrypt(person.cpr_ciphertext) if person.cpr_ciphertext else "",
        phone=str(person.phone or ""),
        birth_date=person.birth_date,
    )


def _scored(
    people: models.QuerySet[Person],
    municipality_id: int,
    first_name: str,
    last_name: str,
    *,
    cpr: str,
    phone: str,
    birth_date: date | None,
) -> list[Person]:
    scoring = scorer()
    if scoring is None:
        alike = _alike(first_name, last_name, cpr=cpr, phone=phone, birth_date=birth_date)
        return list(people.filter(alike)[:MAX_SHOWN])
    candidates = _candidates(
        people,
        municipality_id,
        first_name,
        last_name,
        cpr=cpr,
        phone=phone,
        birth_date=birth_date,
    )
    record: dict[str, object] = {
        "first_name": first_name,
        "last_name": last_name,
        "birth_date": birth_date,
        "cpr": cpr,
        "phone": _as_e164(phone) if phone else "",
    }
    return [person for person, _p in scoring(municipality_id, record, candidates)][:MAX_SHOWN]


def _candidates(
    people: models.QuerySet[Person],
    municipality_id: int,
    first_name: str,
    last_name: str,
    *,
    cpr: str,
    phone: str,
    birth_date: date | None,
) -> list[Person]:
    """The people the linkage model scores at the door, each rule its own indexed query.

    The narrow rules (CPR, phone, a name key with a birth date alike, and the same birth date
    whatever the name, which catches a name the keys do not join, as the engine's blocking on
    the date does) give few people. The same name whatever the date can give hundreds in a
    national registry ("Sahra Ahmed"): it has its own cap, the nearest birth years first (a
    missing one as one year off), so that a common name neither crowds out the narrow rules
    nor loses the duplicate in an arbitrary cut (the engine splits such a block by birth
    year, ``linkage.model.BLOCKING_REFINEMENTS``). Each rule reads its own index (the CPR
    hash, the phone, the name keys, the municipality's birth dates) and only the people found
    are read; one query with all rules OR'ed walked the whole municipality."""
    keys = skeleton_keys(first_name, last_name)
    dated = birth_date is not None and (birth_date.month, birth_date.day) != (1, 1)
    # CPR, phone and birth date in one query: each term has its index (SQLite unites them).
    direct = []
    if cpr:
        direct.append(models.Q(cpr_hash=cpr_lookup_hash(cpr)))
    if phone and (number := _as_e164(phone)):
        direct.append(models.Q(phone=number))
    if birth_date is not None and dated:
        direct.append(models.Q(municipality_id=municipality_id, birth_date=birth_date))
    narrow = _ids(Person.objects.filter(reduce(operator.or_, direct))) if direct else set()
    if keys and birth_date is not None and dated:
        narrow |= set(
            PersonNameKey.objects.filter(
                key__in=keys, person__birth_date__in=birth_dates_alike(birth_date)
            ).values_list("person_id", flat=True)
        )
    found = list(people.filter(pk__in=narrow).order_by("pk")[:MAX_CANDIDATES]) if narrow else []
    if not keys:
        return found
    same_name = people.filter(_same_name_ids(keys)).exclude(pk__in=narrow)
    if birth_date is not None:
        distance = Coalesce(Abs(ExtractYear("birth_date") - birth_date.year), Value(1))
        same_name = same_name.order_by(distance, "pk")
    else:
        same_name = same_name.order_by("pk")
    return found + list(same_name[:MAX_SAME_NAME])


def _ids(people: models.QuerySet[Person]) -> set[int]:
    return set(people.order_by().values_list("pk", flat=True))


def _same_name_ids(keys: set[str]) -> models.Q:
    """People whose name is hers, from the name keys alone: those with every one of ``keys``,
    and those with two or more of them and no romanisation key outside them ("Hang Dang" for
    "Hang Thi Dang"). ``_same_name`` also takes a one-word name inside hers; here one shared
    word is not enough, because a one-letter key ("s:t") is shared by thousands."""
    if len(keys) == 1:
        return models.Q(pk__in=PersonNameKey.objects.filter(key__in=keys).values("person_id"))
    shared = (
        PersonNameKey.objects.filter(key__in=keys)
        .values("person_id")
        .annotate(shared=Count("key"))
        .filter(shared__gte=2)
        .values_list("person_id", "shared")
    )
    found: set[int] = set()
    partly: set[int] = set()
    for person_id, count in shared:
        (found if count == len(keys) else partly).add(person_id)
    if not partly:
        return models.Q(pk__in=found)
    other_words = set(
        PersonNameKey.objects.filter(_key_prefix("s:"), person_id__in=partly)
        .exclude(key__in=keys)
        .values_list("person_id", flat=True)
    )
    return models.Q(pk__in=found | (partly - other_words))


def _alike(
    first_name: str,
    last_name: str,
    *,
    cpr: str,
    phone: str,
    birth_date: date | None,
) -> models.Q:
    """The candidates of the duplicate warning's rule, over the indexed keys."""
    alike = models.Q(pk__in=[])
    if cpr:
        alike |= models.Q(cpr_hash=cpr_lookup_hash(cpr))
    if phone and (number := _as_e164(phone)):
        alike |= models.Q(phone=number)
    keys = skeleton_keys(first_name, last_name)
    if keys:
        # The same name whatever the birth date: the model weighs the date, as the import's
        # blocking on both name keys does.
        alike |= _same_name(keys)
        if birth_date is not None and (birth_date.month, birth_date.day) != (1, 1):
            sharing = PersonNameKey.objects.filter(key__in=keys).values("person_id")
            alike |= models.Q(pk__in=sharing, birth_date__in=birth_dates_alike(birth_date))
    return alike


def _same_name(keys: set[str]) -> models.Q:
    """Every word of the shorter name matches the other's: the person has all of ``keys``,
    or has some of them and no key outside them."""
    has_all = models.Q()
    for key in sorted(keys):
        has_all &= models.Q(pk__in=PersonNameKey.objects.filter(key=key).values("person_id"))
    other_words = PersonNameKey.objects.filter(
        _key_prefix("s:"), person=models.OuterRef("pk")
    ).exclude(key__in=keys)
    has_only = models.Q(
        models.Q(pk__in=PersonNameKey.objects.filter(key__in=keys).values("person_id")),
        ~models.Exists(other_words),
    )
    return has_all | has_only


def people_status_counts_by_municipality(
    *, municipality_ids: Iterable[int]
) -> dict[int, dict[str, int]]:
    """Counts per municipality and status. Aggregates only: callers show figures, not people.
    A record merged into another is counted once, as the record it was merged into."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Person.objects.filter(municipality_id__in=list(municipality_ids), merged_into__isnull=True)
        .values("municipality_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        counts[row["municipality_id"]][row["status"]] = row["n"]
    return counts


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened. ``when`` is the moment, or midnight of ``day`` when only the
    date is known (``has_time`` is then false and the page shows the date alone)."""

    when: datetime
    kind: str  # "source", "status" or "attempt"
    title: str
    detail: str
    by: str
    has_time: bool = True
    recorded: datetime | None = None
    # A contact attempt the viewer logged herself: she may correct or remove it.
    own_attempt_id: int | None = None

    @property
    def day(self) -> date:
        return timezone.localdate(self.when)

    def sort_key(self) -> tuple[date, bool, datetime, datetime, int]:
        """Newest first by day; within a day, what has a time before what has only a date;
        ties in the order things were recorded, and a registration's status after its source
        (the service writes them in that order)."""
        recorded = self.recorded or self.when
        return (self.day, self.has_time, self.when, recorded, _KIND_ORDER.get(self.kind, 0))


_KIND_ORDER = {"source": 0, "status": 1, "attempt": 2}

# What apps above ``people`` add to her timeline (her text replies, from messaging): each
# registers a source when it starts, as the person page's cards do (panels.py).
TimelineSource = Callable[[AnyUser, Person], Iterable[TimelineEntry]]
_TIMELINE_SOURCES: list[TimelineSource] = []


def timeline_source_register(source: TimelineSource) -> None:
    if source not in _TIMELINE_SOURCES:
        _TIMELINE_SOURCES.append(source)


def person_timeline(*, user: AnyUser, person: Person) -> list[TimelineEntry]:
    """Everything that happened to a person, newest first, within the viewer's access."""
    entries = [
        TimelineEntry(
            when=source.created_at,
            kind="source",
            title=gettext("Found through: %(method)s") % {"method": source.method},
            detail=" · ".join(
                text
                for text in (
                    source.partner.name if source.partner else "",
                    source.referred_by,
                    source.note,
                )
                if text
            ),
            by=str(source.recorded_by or ""),
            recorded=source.created_at,
        )
        for source in person_sources(user=user, person=person)
    ]
    events = (
        StatusEvent.objects.visible_to(user)
        .filter(person=person)
        .select_related("recorded_by")
        .order_by("recorded_at", "id")
    )
    entries.extend(_status_entry(event) for event in _without_merged_registrations(events))
    attempts = (
        ContactAttempt.objects.visible_to(user).filter(person=person).select_related("made_by")
    )
    entries.extend(
        TimelineEntry(
            when=attempt.occurred_at,
            kind="attempt",
            title=f"{attempt.get_channel_display()}: {attempt.get_outcome_display()}",
            detail=attempt.note,
            by=str(attempt.made_by or ""),
            recorded=attempt.created_at,
            own_attempt_id=attempt.pk if attempt.made_by_id == getattr(user, "pk", None) else None,
        )
        for attempt in attempts
    )
    for source in _TIMELINE_SOURCES:
        entries.extend(source(user, person))
    entries.sort(key=TimelineEntry.sort_key, reverse=True)
    return entries


def _status_entry(event: StatusEvent) -> TimelineEntry:
    """A status event has the day it happened; it was recorded at a moment. Recorded on that
    same day, the moment is when it happened; recorded later (a date typed in the form), only
    the day is known."""
    recorded = event.recorded_at
    same_day = timezone.localdate(recorded) == event.occurred_on
    when = (
        recorded if same_day else timezone.make_aware(datetime.combine(event.occurred_on, time()))
    )
    return TimelineEntry(
        when=when,
        kind="status",
        title=gettext("Status: %(status)s") % {"status": event.get_to_status_display()},
        detail=event.note,
        by=str(event.recorded_by or ""),
        has_time=same_day,
        recorded=recorded,
    )


def _without_merged_registrations(events: Iterable[StatusEvent]) -> Iterator[StatusEvent]:
    """A record's registration is its event without a from-status. After a merge the survivor
    holds the merged record's registration too: she was identified once, at the first."""
    registered = False
    for event in sorted(events, key=lambda event: (event.occurred_on, event.recorded_at)):
        if not event.from_status:
            if registered:
                continue
            registered = True
        yield event


@dataclass(frozen=True)
class Caseload:
    status_counts: list[tuple[str, str, int]]  # (status, label, count) for the pipeline
    total: int
    overdue: list[Person]
    coming_up: list[Person]
    inform_due: list[Person]
    unassigned: list[Person]


CASELOAD_LIST_LENGTH = 25


def caseload(*, user: User) -> Caseload:
    """A caseworker's working list: her people by status, follow-ups that are overdue or
    due within a week, people to inform (GDPR art. 14) within a week, and newly identified
    people in the municipality that nobody has taken yet."""
    today = timezone.localdate()
    week = today + timedelta(days=7)
    visible = person_list(user=user)
    mine = visible.filter(assigned_caseworker=user)
    counts = dict(mine.order_by().values_list("status").annotate(n=Count("id")))
    limit = CASELOAD_LIST_LENGTH
    return Caseload(
        status_counts=[
            (value, str(label), counts.get(value, 0)) for value, label in PipelineStatus.choices
        ],
        total=sum(counts.values()),
        overdue=list(mine.filter(follow_up_on__lt=today).order_by("follow_up_on")[:limit]),
        coming_up=list(
            mine.filter(follow_up_on__range=(today, week)).order_by("follow_up_on")[:limit]
        ),
        inform_due=list(
            visible.filter(
                models.Q(assigned_caseworker=user) | models.Q(assigned_caseworker__isnull=True),
                informed_on__isnull=True,
                inform_due_on__lte=week,
            ).order_by("inform_due_on")[:limit]
        ),
        unassigned=list(
            visible.filter(
                assigned_caseworker__isnull=True, status=PipelineStatus.IDENTIFIED
            ).order_by("-created_at")[:limit]
        ),
    )


def registry_rows(*, municipality_id: int) -> Iterator[tuple[int, dict[str, object]]]:
    """The municipality's people as list rows (the standard columns), for linking a list.

    Not narrowed by a user: the import service has checked that its actor may import into
    this municipality, and the command line runs with the server's own rights."""
    people = (
        Person.objects.filter(municipality_id=municipality_id, merged_into__isnull=True)
        .only(
            "first_name",
            "last_name",
            "birth_date",
            "cpr_ciphertext",
            "phone",
            "email",
            "street",
            "floor_door",
            "postal_code",
            "city",
        )
        .order_by("pk")
    )
    for person in people.iterator(chunk_size=2000):
        yield person.pk, person_row(person)


def person_row(person: Person) -> dict[str, object]:
    """A person as a list row (the standard columns): what the linkage compares."""
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "birth_date": person.birth_date,
        "cpr": decrypt(person.cpr_ciphertext) if person.cpr_ciphertext else "",
        "phone": str(person.phone or ""),
        "email": person.email,
        "address": f"{person.street} {person.floor_door}".strip(),
        "postal_code": person.postal_code,
        "city": person.city,
    }


def registry_names(*, municipality_id: int) -> Iterator[tuple[str, str]]:
    """The first and last names of the municipality's people (a merged record once), for the
    name frequencies the duplicate warning weighs exact names by. Names only: no person is
    shown, and the frequencies are counts."""
    return (
        Person.objects.filter(municipality_id=municipality_id, merged_into__isnull=True)
        .order_by()
        .values_list("first_name", "last_name")
        .iterator(chunk_size=20_000)
    )


def people_by_ids(*, municipality_id: int, ids: set[int]) -> dict[int, Person]:
    """The named people of one municipality, locked for the import's transaction."""
    people = Person.objects.select_for_update().filter(
        municipality_id=municipality_id, merged_into__isnull=True, pk__in=ids
    )
    return {person.pk: person for person in people}


def person_merges(*, user: AnyUser, person: Person) -> models.QuerySet[PersonMerge]:
    """The records merged into this person (and not undone), with the review pair of each."""
    return (
        PersonMerge.objects.visible_to(user)
        .filter(survivor=person, undone_at__isnull=True)
        .select_related("merged", "merged_by")
        .prefetch_related("candidates")
    )


def people_for_aggregates(
    *, municipality_ids: Iterable[int], where: models.Q | None = None
) -> models.QuerySet[Person]:
    """The people of these municipalities, for counts only (success criteria, reports). The
    caller has checked an aggregate permission; a list of people goes through ``visible_to``.
    ``where`` narrows them first (a target-group definition: ``targetgroups``)."""
    people = Person.objects.filter(municipality_id__in=list(municipality_ids))
    return people if where is None else people.filter(where)


def own_contact_attempt_get(*, user: AnyUser, pk: int) -> ContactAttempt:
    """An attempt the user logged herself, of a person she may see: only its author corrects
    or removes it. Anybody else's, or another municipality's, is a 404."""
    attempts = (
        ContactAttempt.objects.visible_to(user)
        .filter(made_by_id=getattr(user, "pk", None))
        .select_related("person", "person__municipality")
    )
    return get_visible_or_404(attempts, user=user, pk=pk)


def location_visits(*, user: AnyUser, location: OutreachLocation) -> list[DropInVisit]:
    return list(
        DropInVisit.objects.visible_to(user)
        .filter(location=location)
        .select_related("person", "recorded_by")[:50]
    )


def registry_count(*, municipality_id: int, at_most: int | None = None) -> int:
    """How many people the municipality's registry holds (a merged record counts once): the
    number a new record is compared with; with ``at_most``, counted no further than that.
    A count, no person."""
    people = Person.objects.filter(municipality_id=municipality_id, merged_into__isnull=True)
    return (people if at_most is None else people.order_by()[:at_most]).count()
