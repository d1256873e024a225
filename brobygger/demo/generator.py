"""Deterministic synthetic demo data at three scales.

The generator is a list of steps that each add one part of the world (municipalities and
users, people, ...). Later capabilities add their own steps with ``@step(order)``; every step
reads and extends the shared ``DemoContext`` and writes in bulk, so the national scale
(100,000 people) loads in minutes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from auditlog.context import disable_auditlog
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models.functions import Mod
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from brobygger.accounts.models import Membership, Role, User
from brobygger.languages.models import Language
from brobygger.outreach.models import (
    ActivityStatus,
    LocationKind,
    OutreachActivity,
    OutreachLocation,
    OutreachMethod,
)
from brobygger.partnerships.models import Municipality, Partnership
from brobygger.people.models import (
    PIPELINE_ORDER,
    ContactAttempt,
    ContactChannel,
    ContactOutcome,
    DropInVisit,
    Gender,
    Person,
    PersonNameKey,
    PersonSource,
    PipelineStatus,
    StatusEvent,
)
from brobygger.people.names import name_keys
from brobygger.people.signals import tell_records_moved

from .names import COUNTRY_WEIGHTS, DANISH_FIRST_NAMES, DANISH_LAST_NAMES, NAMES

# The partnership of seed 004: Viborg, Hedensted, Haderslev and Ringkøbing-Skjern.
SEED_004_MUNICIPALITIES = ("791", "766", "510", "760")


@dataclass(frozen=True)
class Scale:
    name: str
    municipality_codes: tuple[str, ...] | None  # None: all 98
    people_per_municipality: int
    caseworkers_per_municipality: int
    attempts_per_contacted_person: int  # on average, for people past "identified"


SCALES: dict[str, Scale] = {
    "small": Scale("small", SEED_004_MUNICIPALITIES, 60, 1, 3),
    "municipal": Scale("municipal", SEED_004_MUNICIPALITIES, 1_500, 3, 4),
    # 98 × 1,021 ≈ 100,000 people; 70 % are past "identified", × 14.3 ≈ 1,000,000 attempts.
    "national": Scale("national", None, 1_021, 2, 14),
}

# A realistic spread over the pipeline (identified people dominate; few reach an outcome).
STATUS_WEIGHTS: dict[str, int] = {
    PipelineStatus.IDENTIFIED: 30,
    PipelineStatus.CONTACT_ATTEMPTED: 15,
    PipelineStatus.CONTACTED: 12,
    PipelineStatus.FIRST_CONVERSATION: 10,
    PipelineStatus.IN_INTERVENTION: 15,
    PipelineStatus.ORDINARY_JOB: 6,
    PipelineStatus.ORDINARY_EDUCATION: 3,
    PipelineStatus.ACTIVE_CITIZEN: 3,
    PipelineStatus.DECLINED: 3,
    PipelineStatus.MOVED_AWAY: 2,
    PipelineStatus.NOT_IN_TARGET_GROUP: 1,
}


# The demo's people have mobile numbers from here on, 13 apart: 20 12 34 56, 20 12 34 69, …
FIRST_DEMO_MOBILE = 20_123_456


@dataclass
class DemoContext:
    scale: Scale
    seed: int
    password: str
    rng: random.Random
    today: date
    municipalities: list[Municipality] = field(default_factory=list)
    partnership: Partnership | None = None
    caseworkers: dict[int, list[User]] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


Step = Callable[[DemoContext], None]
_STEPS: list[tuple[int, str, Step]] = []


def step(order: int) -> Callable[[Step], Step]:
    """Register a generator step; steps run in ascending ``order``."""

    def register(function: Step) -> Step:
        _STEPS.append((order, function.__name__, function))
        return function

    return register


class DemoRefused(Exception):
    """The database holds data that is not demo data."""


def non_demo_data_present() -> bool:
    return (
        User.objects.filter(is_demo=False).exists() or Person.objects.filter(is_demo=False).exists()
    )


def demo_data_present() -> bool:
    return User.objects.filter(is_demo=True).exists()


def load_steps() -> None:
    """Import every installed app's ``demo`` module, which registers its steps and clean-ups
    (as the admin site finds ``admin`` modules). Only the demo command needs them, so no app
    loads them when it starts; importing twice registers nothing twice."""
    autodiscover_modules("demo")


def _app_order(function: Callable[..., object]) -> int:
    """Where the app a function belongs to stands in INSTALLED_APPS."""
    names = [config.name for config in apps.get_app_configs()]
    module = function.__module__
    return max((i for i, name in enumerate(names) if module.startswith(f"{name}.")), default=-1)


def cleanups_in_order() -> list[Callable[[], None]]:
    """The apps' clean-ups, later apps first: a later app's rows point at an earlier app's
    (an agreement at a partner), whatever order their modules happened to be imported in."""
    return sorted(DEMO_CLEANUPS, key=_app_order, reverse=True)


def generate(*, scale: str, seed: int, password: str) -> dict[str, int]:
    """Replace all demo data by a freshly generated world. Refuses if real data is present."""
    load_steps()
    if non_demo_data_present():
        raise DemoRefused(
            "the database holds users or people that are not demo data; "
            "demo data is only loaded into an empty or demo-only database"
        )
    context = DemoContext(
        scale=SCALES[scale],
        seed=seed,
        password=password,
        rng=random.Random(seed),  # nosec B311  # reproducible synthetic demo data, no secret
        today=timezone.localdate(),
    )
    # Demo rows are written in bulk; the change history is for real edits, not for them.
    with transaction.atomic(), disable_auditlog():
        _delete_demo_data()
        for _order, _name, function in sorted(_STEPS, key=lambda item: item[0]):
            function(context)
        # The steps write in bulk, which sends no model signals: the fact table is rebuilt
        # from the new records in one statement (measures.receivers).
        tell_records_moved(Person, None)
    # Bulk loads leave the planner without statistics; gather them as a DBA would.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return context.counts


def _delete_demo_data() -> None:
    # Children first; every demo row is marked, nothing else is touched.
    for cleanup in cleanups_in_order():
        cleanup()
    # Leaf tables first, each one DELETE statement, before Django's cascade collector runs.
    ContactAttempt.objects.filter(person__is_demo=True).delete()
    OutreachActivity.objects.filter(municipality__people__is_demo=True).distinct().delete()
    OutreachLocation.objects.filter(municipality__people__is_demo=True).distinct().delete()
    StatusEvent.objects.filter(person__is_demo=True).delete()
    PersonSource.objects.filter(person__is_demo=True).delete()
    PersonNameKey.objects.filter(person__is_demo=True).delete()
    Person.objects.filter(is_demo=True).delete()
    Membership.objects.filter(user__is_demo=True).delete()
    User.objects.filter(is_demo=True).delete()
    Partnership.objects.filter(name=DEMO_PARTNERSHIP_NAME).delete()


# Later capabilities register functions that delete their demo rows before people go.
DEMO_CLEANUPS: list[Callable[[], None]] = []

DEMO_PARTNERSHIP_NAME = "Opsøgende indsats for ledige ægtefælleforsørgede nydanskere"


@step(10)
def municipalities_and_partnership(context: DemoContext) -> None:
    codes = context.scale.municipality_codes
    municipalities = Municipality.objects.all()
    if codes is not None:
        municipalities = municipalities.filter(code__in=codes)
    context.municipalities = sorted(
        municipalities, key=lambda m: (codes or ()).index(m.code) if codes else int(m.code)
    )
    partnership = Partnership.objects.create(
        name=DEMO_PARTNERSHIP_NAME,
        description=(
            "Fire jobcentre finder, kontakter og hjælper ægtefælleforsørgede nydanskere "
            "mod ordinær beskæftigelse, uddannelse og aktivt medborgerskab."
        ),
        starts_on=date(context.today.year - 1, 1, 1),
        ends_on=date(context.today.year + 1, 12, 31),
        coordinator_organisation="Integrationsnet",
        evaluator_organisation="LG Insight",
        journal_number="2012-0018867",
    )
    seed_partnership = [m for m in context.municipalities if m.code in SEED_004_MUNICIPALITIES]
    partnership.municipalities.set(seed_partnership or context.municipalities[:4])
    context.partnership = partnership
    context.counts["municipalities"] = len(context.municipalities)


@step(20)
def users(context: DemoContext) -> None:
    password_hash = make_password(context.password)
    rng = context.rng
    accounts: list[User] = []
    memberships: list[tuple[str, str, Municipality | None, bool]] = []

    def person_name() -> tuple[str, str]:
        return rng.choice(DANISH_FIRST_NAMES), rng.choice(DANISH_LAST_NAMES)

    def add(
        username: str,
        role: str,
        municipality: Municipality | None,
        organisation: str = "",
        partnership_role: bool = False,
    ) -> None:
        first, last = person_name()
        accounts.append(
            User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.brobygger.invalid",
                password=password_hash,
                organisation=organisation,
                is_demo=True,
            )
        )
        memberships.append((username, role, municipality, partnership_role))

    add("admin", Role.ADMINISTRATOR, None, "IT")
    add("coordinator", Role.COORDINATOR, None, "Integrationsnet", partnership_role=True)
    add("evaluator", Role.EVALUATOR, None, "LG Insight", partnership_role=True)
    add("steering", Role.STEERING_MEMBER, None, partnership_role=True)
    for municipality in context.municipalities:
        add(f"cw-{municipality.code}", Role.CASEWORKER, municipality)
        for number in range(2, context.scale.caseworkers_per_municipality + 1):
            add(f"cw{number}-{municipality.code}", Role.CASEWORKER, municipality)
        add(f"lead-{municipality.code}", Role.MUNICIPAL_LEAD, municipality)
        add(f"vc-{municipality.code}", Role.VOLUNTEER_COORDINATOR, municipality)
        add(f"dpo-{municipality.code}", Role.DATA_PROTECTION_OFFICER, municipality)
    User.objects.bulk_create(accounts, batch_size=1000)
    by_name = {u.username: u for u in User.objects.filter(is_demo=True)}
    Membership.objects.bulk_create(
        [
            Membership(
                user=by_name[username],
                role=role,
                municipality=municipality,
                partnership=context.partnership if partnership_role else None,
            )
            for username, role, municipality, partnership_role in memberships
        ],
        batch_size=1000,
    )
    for municipality in context.municipalities:
        context.caseworkers[municipality.pk] = [
            by_name[name]
            for name, role, m, _ in memberships
            if role == Role.CASEWORKER and m is not None and m.pk == municipality.pk
        ]
    context.counts["users"] = len(accounts)


def _spelling(rng: random.Random, variants: tuple[str, ...]) -> str:
    # Most lists use the common spelling; about one in five uses a variant.
    if len(variants) > 1 and rng.random() < 0.2:
        return rng.choice(variants[1:])
    return variants[0]


@step(30)
def people(context: DemoContext) -> None:
    rng = context.rng
    countries = list(COUNTRY_WEIGHTS)
    country_weights = list(COUNTRY_WEIGHTS.values())
    statuses = list(STATUS_WEIGHTS)
    status_weights = list(STATUS_WEIGHTS.values())
    batch: list[Person] = []
    total = 0
    total_made = 0
    for municipality in context.municipalities:
        caseworkers = context.caseworkers.get(municipality.pk, [])
        for _ in range(context.scale.people_per_municipality):
            country = rng.choices(countries, country_weights)[0]
            female, male, surnames = NAMES[country]
            is_female = rng.random() < 0.85  # the target group is mostly women
            first = _spelling(rng, rng.choice(female if is_female else male))
            last = _spelling(rng, rng.choice(surnames))
            birth = context.today - timedelta(days=rng.randint(22 * 365, 58 * 365))
            status = rng.choices(statuses, status_weights)[0]
            batch.append(
                Person(
                    municipality=municipality,
                    first_name=first,
                    last_name=last,
                    # A synthetic Danish mobile number, one per person, from the count
                    # (not the random stream, so the rest of the demo stays as it was):
                    # the first person has 20 12 34 56, which the search benchmark seeks.
                    phone=f"+45{FIRST_DEMO_MOBILE + 13 * total_made}",
                    birth_date=birth if rng.random() < 0.9 else None,
                    gender=Gender.FEMALE if is_female else Gender.MALE,
                    country_of_origin=country,
                    status=status,
                    assigned_caseworker=(
                        rng.choice(caseworkers)
                        if caseworkers and status != PipelineStatus.IDENTIFIED
                        else None
                    ),
                    is_demo=True,
                )
            )
            total_made += 1
            if len(batch) >= 5000:
                Person.objects.bulk_create(batch)
                total += len(batch)
                batch = []
    Person.objects.bulk_create(batch)
    total += len(batch)
    context.counts["people"] = total


ACTIVITY_TITLES = {
    "Opslag i opgange og vaskekældre": "Plakatrunde i vaskekældre",
    "Præsentation i kvindeklub eller kvindecafé": "Oplæg i kvindeklubben",
    "Stand ved arrangement": "Stand ved bydelsfesten",
    "Omtale i lokal ugeavis": "Annonce i ugeavisen",
    "Bydelsmødre": "Møde med bydelsmødrene",
    "Liste over tidligere kursister på sprogskolen": "Invitationer til tidligere kursister",
    "Jobcenterfilial i boligområde (fremskudt indsats)": "Åben rådgivning i beboerhuset",
    "Opslag på bibliotek, borgerservice, svømmehal eller hos læge": "Opslag på biblioteket",
}
PLACES = [
    "Beboerhuset",
    "Biblioteket",
    "Vaskekælderen, blok 3",
    "Sprogcentret",
    "Kvindecaféen",
    "Aktivitetshuset",
    "Borgerservice",
]


# The language a woman from each country is most often written to in (the languages app's
# catalogue). Every fifth keeps none (she reads Danish), and every third of the others needs
# an interpreter: by her number, so the random draws of the other steps stay as they were.
PREFERRED_LANGUAGES = {
    "TH": "th",
    "PH": "tl",
    "SY": "ar",
    "TR": "tr",
    "IQ": "ar",
    "AF": "prs",
    "SO": "so",
    "PK": "ur",
    "ER": "ti",
    "VN": "vi",
}


@step(31)
def preferred_languages(context: DemoContext) -> None:
    languages = {language.code: language for language in Language.objects.all()}
    people = Person.objects.filter(is_demo=True).annotate(fifth=Mod("pk", 5), third=Mod("pk", 3))
    for country, code in PREFERRED_LANGUAGES.items():
        language = languages.get(code)
        if language is None:
            continue
        hers = people.filter(country_of_origin=country).exclude(fifth=0)
        hers.update(preferred_language=language)
        hers.filter(third=0).update(interpreter_needed=True)


@step(35)
def outreach_activities(context: DemoContext) -> None:
    """A plan per municipality: past activities done (with hours and cost), coming ones planned."""
    rng = context.rng
    methods = {m.name: m for m in OutreachMethod.objects.filter(name__in=ACTIVITY_TITLES)}
    per_municipality = {"small": 12, "municipal": 30, "national": 8}[context.scale.name]
    activities = []
    for municipality in context.municipalities:
        caseworkers = context.caseworkers.get(municipality.pk, [])
        for _ in range(per_municipality):
            name = rng.choice(sorted(methods))
            day = context.today + timedelta(days=rng.randint(-120, 50))
            done = day < context.today
            activities.append(
                OutreachActivity(
                    municipality=municipality,
                    method=methods[name],
                    title=ACTIVITY_TITLES[name],
                    place=rng.choice(PLACES),
                    planned_on=day,
                    status=ActivityStatus.DONE if done else ActivityStatus.PLANNED,
                    done_on=day if done else None,
                    responsible=rng.choice(caseworkers) if caseworkers else None,
                    hours=Decimal(rng.randint(2, 16)) / 2 if done else None,
                    cost=Decimal(rng.choice([0, 0, 150, 300, 750, 1200])) if done else None,
                )
            )
    OutreachActivity.objects.bulk_create(activities)
    context.counts["outreach activities"] = len(activities)


@step(36)
def local_presence(context: DemoContext) -> None:
    """A branch office in a housing area per municipality, with some anonymous drop-ins."""
    rng = context.rng
    locations = OutreachLocation.objects.bulk_create(
        OutreachLocation(
            municipality=municipality,
            name=f"Jobcenterfilialen, {rng.choice(PLACES)}",
            kind=LocationKind.BRANCH_OFFICE,
            opening_hours="Tirsdag og torsdag 9–12",
            housing_area="Boligområdet",
        )
        for municipality in context.municipalities
    )
    DropInVisit.objects.bulk_create(
        DropInVisit(
            location=location,
            occurred_on=context.today - timedelta(days=rng.randint(0, 60)),
            anonymous_count=rng.randint(1, 6),
            topic=rng.choice(["Danskuddannelse", "CV", "Praktik", "Spørgsmål om job"]),
        )
        for location in locations
        for _ in range(6)
    )


@step(40)
def first_touch_sources(context: DemoContext) -> None:
    """Every demo person gets the outreach method that found her (the first touch)."""
    rng = context.rng
    methods = list(OutreachMethod.objects.filter(is_active=True).order_by("pk"))
    # Some methods find many more people than others, as in seed 004's experience.
    weights = [rng.choice([1, 2, 4, 8]) for _ in methods]
    sources = []
    for person_id, caseworker_id in (
        Person.objects.filter(is_demo=True).order_by("pk").values_list("pk", "assigned_caseworker")
    ):
        sources.append(
            PersonSource(
                person_id=person_id,
                method=rng.choices(methods, weights)[0],
                recorded_by_id=caseworker_id,
            )
        )
        if len(sources) >= 10_000:
            PersonSource.objects.bulk_create(sources)
            sources = []
    PersonSource.objects.bulk_create(sources)


@step(45)
def search_keys(context: DemoContext) -> None:
    batch: list[PersonNameKey] = []
    rows = Person.objects.filter(is_demo=True).values_list(
        "pk", "first_name", "last_name", "name_variants"
    )
    for person_id, first, last, variants in rows.iterator(chunk_size=5000):
        batch.extend(
            PersonNameKey(person_id=person_id, key=key) for key in name_keys(first, last, variants)
        )
        if len(batch) >= 20_000:
            PersonNameKey.objects.bulk_create(batch)
            batch = []
    PersonNameKey.objects.bulk_create(batch)


@step(50)
def pipeline_histories(context: DemoContext) -> None:
    """Status events along the pipeline and the contact attempts that moved people on.

    A person is identified on a day in the last 18 months; attempts follow over the next
    weeks; whoever is past "contact attempted" was reached by the last attempt."""
    rng = context.rng
    now = timezone.now()
    channels = [c.value for c in ContactChannel]
    channel_weights = [40, 15, 15, 5, 10, 5, 7, 3][: len(channels)]
    failed = [ContactOutcome.NO_ANSWER, ContactOutcome.LEFT_MESSAGE, ContactOutcome.WRONG_DETAILS]
    events: list[StatusEvent] = []
    attempts: list[ContactAttempt] = []
    # The registration date is the day she was identified, so that reports on past quarters
    # and the trend per quarter see her then (``created_at`` is set on insert, hence after).
    registered: list[Person] = []
    total_events = total_attempts = 0

    def flush(final: bool = False) -> None:
        nonlocal events, attempts, registered, total_events, total_attempts
        if final or len(attempts) >= 20_000 or len(events) >= 20_000:
            StatusEvent.objects.bulk_create(events)
            ContactAttempt.objects.bulk_create(attempts)
            Person.objects.bulk_update(registered, ["created_at"], batch_size=2_000)
            total_events += len(events)
            total_attempts += len(attempts)
            events, attempts, registered = [], [], []

    rows = (
        Person.objects.filter(is_demo=True)
        .order_by("pk")
        .values_list("pk", "status", "assigned_caseworker")
    )
    for person_id, status, caseworker_id in rows.iterator(chunk_size=5000):
        identified = now - timedelta(days=rng.randint(20, 540), hours=rng.randint(0, 23))
        registered.append(Person(pk=person_id, created_at=identified))
        path = PIPELINE_ORDER[: PIPELINE_ORDER.index(status) + 1]
        if PIPELINE_ORDER.index(status) > PIPELINE_ORDER.index(PipelineStatus.IN_INTERVENTION):
            # Outcomes and exits come after the way in, not after each other.
            path = (
                PIPELINE_ORDER[:3] + [status]
                if status in EXIT_STATUSES
                else (PIPELINE_ORDER[:5] + [status])
            )
        when = identified
        previous = ""
        for step_status in path:
            if step_status == PipelineStatus.CONTACT_ATTEMPTED or (
                step_status == PipelineStatus.CONTACTED and previous != ""
            ):
                count = (
                    max(1, int(rng.expovariate(1 / context.scale.attempts_per_contacted_person)))
                    if step_status == PipelineStatus.CONTACT_ATTEMPTED
                    else 1
                )
                for number in range(count):
                    when = min(
                        now, when + timedelta(days=rng.randint(1, 9), hours=rng.randint(0, 8))
                    )
                    reached = step_status == PipelineStatus.CONTACTED and number == count - 1
                    attempts.append(
                        ContactAttempt(
                            person_id=person_id,
                            channel=rng.choices(channels, channel_weights)[0],
                            outcome=ContactOutcome.REACHED if reached else rng.choice(failed),
                            occurred_at=when,
                            made_by_id=caseworker_id,
                        )
                    )
            elif previous:
                when = min(now, when + timedelta(days=rng.randint(3, 30)))
            events.append(
                StatusEvent(
                    person_id=person_id,
                    from_status=previous,
                    to_status=step_status,
                    occurred_on=timezone.localdate(when),
                    recorded_by_id=caseworker_id,
                )
            )
            previous = step_status
        flush()
    flush(final=True)
    context.counts["status events"] = total_events
    context.counts["contact attempts"] = total_attempts


EXIT_STATUSES = frozenset(
    {PipelineStatus.DECLINED, PipelineStatus.MOVED_AWAY, PipelineStatus.NOT_IN_TARGET_GROUP}
)


def demo_logins(*, password: str) -> list[tuple[str, str]]:
    """User name and role of each demo login, for the console after `make run`."""
    rows = []
    for membership in (
        Membership.objects.filter(user__is_demo=True)
        .select_related("user", "municipality")
        .order_by("user__username")
    ):
        where = f" ({membership.municipality.name})" if membership.municipality else ""
        rows.append((membership.user.username, f"{membership.get_role_display()}{where}"))
    return rows
