"""Demo data for interventions: the contacted get the confidence question (often asked twice),
enrolments that follow the way seed 004's municipalities worked, outcomes for people in a job or
education, and internships a progression card.

The way is the same at every scale, so the national demo (about 100,000 people) has about
200,000 enrolments and the smaller scales proportionally fewer. Someone contacted is invited to
an information meeting; after the first conversation come network meetings (one enrolment each),
and for those in an intervention a women's network group, a food club, an association or
volunteer work, language school (danskuddannelse, module after module), a clarification course,
and a company track (company visit, internship, mentor, wage subsidy) or an education track
(guidance, preparatory education). An ordinary job starts when the company track ends, often at
the same workplace. Nothing starts after today, and what would end after today is ongoing. The
rates make the criteria dashboard look like a real project's: network-oriented interventions for
about 40 % of the target group, most criteria below target, as in seed 004's status reports."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from brobygger.demo.generator import DEMO_CLEANUPS, DemoContext, step
from brobygger.people.models import PIPELINE_ORDER, Person, PipelineStatus, StatusEvent

from .models import (
    Assessor,
    Completion,
    ConfidenceMeasure,
    Enrolment,
    InterventionType,
    Outcome,
    OutcomeKind,
    ProgressionAssessment,
    ProgressionDimension,
    ProgressionScore,
)

ENROLLED = {
    PipelineStatus.IN_INTERVENTION,
    PipelineStatus.ORDINARY_JOB,
    PipelineStatus.ORDINARY_EDUCATION,
    PipelineStatus.ACTIVE_CITIZEN,
}
EXITS = {PipelineStatus.DECLINED, PipelineStatus.MOVED_AWAY, PipelineStatus.NOT_IN_TARGET_GROUP}
# "Contacted" and each step forward from it to the outcomes, as the success criteria count
# contact (a test in brobygger/measures holds the two together; the demo stands below them).
REACHED = tuple(
    PIPELINE_ORDER[
        PIPELINE_ORDER.index(PipelineStatus.CONTACTED) : PIPELINE_ORDER.index(
            PipelineStatus.ACTIVE_CITIZEN
        )
        + 1
    ]
)

# The catalogue of migration 0002; a kind renamed or retired by an administrator is left out.
INFORMATION_MEETING = "Informationsmøde"
NETWORK_MEETING = "Netværksmøde"
WOMENS_GROUP = "Netværksgruppe for kvinder"
FOOD_CLUB = "Madklub og sociale aktiviteter"
ASSOCIATION = "Fritidsaktivitet i forening"
VOLUNTEERING = "Frivilligt arbejde"
LANGUAGE_SCHOOL = "Sprogskole (danskuddannelse)"
CLARIFICATION = "Afklarings- og vejledningsforløb"
COMPANY_VISIT = "Virksomhedsbesøg"
INTERNSHIP = "Virksomhedspraktik"
MENTOR = "Mentorforløb i virksomhed"
WAGE_SUBSIDY = "Løntilskud"
EDUCATION_GUIDANCE = "Vejledning om uddannelse"
PREPARATORY = "Forberedende uddannelse (FVU, AMU o.l.)"
# Network-oriented activities a woman joins and stays in for months.
CIRCLES = (WOMENS_GROUP, FOOD_CLUB, ASSOCIATION, VOLUNTEERING)

EMPLOYERS = (
    "Netto",
    "Rema 1000",
    "Plejecenter Solgården",
    "Kommunens køkken",
    "Hotel Postgården",
    "Rengøringsfirmaet Glans",
    "Danish Crown",
    "Vaskeriet Nord",
)
SCHOOLS = ("VUC", "SOSU-skolen", "Erhvervsskolen", "AMU-centret")


@dataclass(frozen=True)
class Kind:
    """How an intervention runs: its length in days (0: a one-day meeting), how often people
    drop out, and who provides it."""

    days: tuple[int, int]
    dropout: float
    providers: tuple[str, ...]


JOBCENTRE = ("Jobcentret", "Jobcenterfilialen i boligområdet")
KINDS: dict[str, Kind] = {
    INFORMATION_MEETING: Kind((0, 0), 0, JOBCENTRE),
    NETWORK_MEETING: Kind((0, 0), 0, (*JOBCENTRE, "Kvindecaféen", "Beboerhuset")),
    WOMENS_GROUP: Kind((56, 240), 0.2, ("Foreningen Kvindekraft", "Bydelsmødrene")),
    FOOD_CLUB: Kind((42, 180), 0.2, ("Beboerhuset", "Kvindecaféen", "Aktivitetshuset")),
    ASSOCIATION: Kind((60, 270), 0.2, ("Røde Kors", "Idrætsforeningen", "Syklubben")),
    VOLUNTEERING: Kind((60, 300), 0.15, ("Røde Kors", "Frivilligcentret", "Genbrugsbutikken")),
    LANGUAGE_SCHOOL: Kind((90, 200), 0.15, ("Sprogcenter",)),
    CLARIFICATION: Kind((14, 56), 0.05, JOBCENTRE),
    COMPANY_VISIT: Kind((0, 0), 0, EMPLOYERS),
    INTERNSHIP: Kind((28, 91), 0.15, EMPLOYERS),
    MENTOR: Kind((28, 120), 0.1, EMPLOYERS),
    WAGE_SUBSIDY: Kind((91, 182), 0.1, EMPLOYERS),
    EDUCATION_GUIDANCE: Kind((7, 42), 0.05, ("Jobcentret", "Studievalg", "VUC")),
    PREPARATORY: Kind((60, 150), 0.2, SCHOOLS),
}
# A finished enrolment that nobody has closed yet in the records.
NOT_YET_CLOSED = 0.07


@dataclass(frozen=True)
class Profile:
    """What people who reached a status took part in on the way there."""

    network_meetings: tuple[int, ...]  # how many, drawn from these
    circles: tuple[int, ...]
    language_school: float
    clarification: float
    company_track: float
    wage_subsidy: float  # of those on the company track
    education_track: float


PROFILES: dict[str, Profile] = {
    PipelineStatus.IN_INTERVENTION: Profile(
        network_meetings=(1, 2, 3, 4, 4, 5, 6, 8),
        circles=(0, 1, 1, 2),
        language_school=0.55,
        clarification=0.5,
        company_track=0.6,
        wage_subsidy=0.2,
        education_track=0.15,
    ),
    PipelineStatus.ORDINARY_JOB: Profile(
        network_meetings=(1, 1, 2, 2, 3, 4),
        circles=(0, 0, 1, 1),
        language_school=0.5,
        clarification=0.4,
        company_track=0.95,
        wage_subsidy=0.5,
        education_track=0.05,
    ),
    PipelineStatus.ORDINARY_EDUCATION: Profile(
        network_meetings=(1, 1, 2, 2, 3, 4),
        circles=(0, 1, 1),
        language_school=0.8,
        clarification=0.5,
        company_track=0.2,
        wage_subsidy=0.1,
        education_track=0.95,
    ),
    PipelineStatus.ACTIVE_CITIZEN: Profile(
        network_meetings=(1, 2, 3, 4, 5, 6),
        circles=(1, 2, 2, 3),
        language_school=0.5,
        clarification=0.3,
        company_track=0.1,
        wage_subsidy=0.1,
        education_track=0.05,
    ),
}


@dataclass(frozen=True)
class Planned:
    name: str
    started_on: date
    days: int
    provider: str
    leads_to_outcome: bool  # on her way to a job or education: closed when that starts


def _days(rng: random.Random, low: int, high: int) -> timedelta:
    return timedelta(days=rng.randint(low, high))


def _end(item: Planned) -> date:
    return item.started_on + timedelta(days=item.days)


class _Plan:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.items: list[Planned] = []

    def add(
        self,
        name: str,
        started_on: date,
        *,
        days: int | None = None,
        provider: str = "",
        leads: bool = False,
    ) -> Planned:
        kind = KINDS[name]
        if days is None:
            days = self.rng.randint(*kind.days)
        item = Planned(name, started_on, days, provider or self.rng.choice(kind.providers), leads)
        self.items.append(item)
        return item

    def series(self, name: str, first: date, count: int, gap: tuple[int, int] = (14, 35)) -> None:
        day = first
        for _ in range(count):
            self.add(name, day)
            day += _days(self.rng, *gap)

    def company_track(self, started: date, wage_subsidy: float) -> None:
        """Forwards from the start of her intervention: a company visit, an internship (often
        at the company she visited, with a mentor there), perhaps another, a wage subsidy."""
        rng = self.rng
        day = started + _days(rng, 14, 90)
        visited = ""
        if rng.random() < 0.8:
            visited = self.add(COMPANY_VISIT, day).provider
            day += _days(rng, 7, 30)
        internship = self.add(INTERNSHIP, day, provider=visited if rng.random() < 0.5 else "")
        if rng.random() < 0.3:
            self.add(MENTOR, day, days=internship.days, provider=internship.provider)
        if rng.random() < 0.15:
            internship = self.add(INTERNSHIP, _end(internship) + _days(rng, 7, 30))
        if rng.random() < wage_subsidy:
            same = internship.provider if rng.random() < 0.5 else ""
            self.add(WAGE_SUBSIDY, _end(internship) + _days(rng, 7, 30), provider=same)

    def education_track(self, started: date) -> None:
        guidance = self.add(EDUCATION_GUIDANCE, started + _days(self.rng, 7, 60))
        if self.rng.random() < 0.7:
            self.add(PREPARATORY, _end(guidance) + _days(self.rng, 7, 45))

    def way_back(
        self,
        steps: tuple[tuple[str, float], ...],
        started: date,
        outcome_on: date,
        organisation: str,
    ) -> None:
        """Backwards from the day her job or education starts, each step (with its chance)
        ending shortly before the next, often at the same place; a step that would have
        started before her intervention did is left out, and so are those before it."""
        rng = self.rng
        end = outcome_on - _days(rng, 1, 21)
        provider = organisation
        for name, chance in steps:
            if rng.random() >= chance:
                continue
            days = rng.randint(*KINDS[name].days)
            start = end - timedelta(days=days)
            if start < started:
                break
            same = provider if rng.random() < 0.5 else ""
            item = self.add(name, start, days=days, provider=same, leads=True)
            if name == INTERNSHIP and rng.random() < 0.3:
                self.add(MENTOR, start, days=days, provider=item.provider, leads=True)
            provider = item.provider
            end = start - _days(rng, 7, 30)


# Backwards from the job (after a wage subsidy, if any) or the education, with each step's chance.
WAY_TO_A_JOB = ((INTERNSHIP, 1.0), (INTERNSHIP, 0.15), (COMPANY_VISIT, 0.8))
WAY_TO_EDUCATION = ((PREPARATORY, 0.7), (EDUCATION_GUIDANCE, 1.0))


def _outcome_day(rng: random.Random, started: date, today: date) -> date:
    """Most start a job or an education 1½ to 11 months into their intervention; someone who
    started more recently, on any day since."""
    window = max(0, (today - started).days)
    days = rng.randint(45, 330)
    return started + timedelta(days=days if days <= window else rng.randint(0, window))


def _history(  # noqa: C901  (a demo person's whole way through the pipeline, step by step)
    rng: random.Random,
    status: str,
    today: date,
    contacted: date,
    conversation: date | None,
    started: date | None,
) -> tuple[list[Planned], date | None, str]:
    """What a person took part in, and when and where her job or education started."""
    plan = _Plan(rng)
    if status in EXITS:
        if rng.random() < 0.2:
            plan.add(INFORMATION_MEETING, contacted + _days(rng, 0, 21))
        return plan.items, None, ""
    if status == PipelineStatus.CONTACTED:
        # Invitations to information meetings are one of the ways in (seed 004).
        count = rng.choice((0, 0, 0, 1, 1, 2))
        plan.series(INFORMATION_MEETING, contacted + _days(rng, 0, 21), count, gap=(14, 42))
        return plan.items, None, ""
    conversation = conversation or contacted
    before = max(0, (conversation - contacted).days)
    plan.series(
        INFORMATION_MEETING, contacted + _days(rng, 0, before), rng.choice((1, 1, 2)), gap=(7, 35)
    )
    if status == PipelineStatus.FIRST_CONVERSATION:
        plan.series(NETWORK_MEETING, conversation + _days(rng, 7, 28), rng.choice((0, 0, 1, 1, 2)))
        if rng.random() < 0.25:
            plan.add(rng.choice(CIRCLES), conversation + _days(rng, 7, 45))
        if rng.random() < 0.1:
            plan.add(COMPANY_VISIT, conversation + _days(rng, 7, 60))
        return plan.items, None, ""

    profile = PROFILES[status]
    started = started or conversation
    plan.series(
        NETWORK_MEETING, conversation + _days(rng, 3, 21), rng.choice(profile.network_meetings)
    )
    for name in rng.sample(CIRCLES, rng.choice(profile.circles)):
        plan.add(name, started + _days(rng, 0, 90))
    if rng.random() < profile.language_school:
        # Danskuddannelse is taken module by module.
        module = plan.add(LANGUAGE_SCHOOL, started + _days(rng, 0, 45))
        for _ in range(rng.choice((0, 1, 1, 2))):
            module = plan.add(LANGUAGE_SCHOOL, _end(module) + _days(rng, 7, 45))
    job = status == PipelineStatus.ORDINARY_JOB
    education = status == PipelineStatus.ORDINARY_EDUCATION
    if rng.random() < profile.clarification:
        plan.add(CLARIFICATION, started, leads=job or education)
    outcome_on: date | None = None
    organisation = ""
    if job or education:
        outcome_on = _outcome_day(rng, started, today)
        organisation = rng.choice(EMPLOYERS if job else SCHOOLS)
    if rng.random() < profile.company_track:
        if job and outcome_on is not None:
            way = ((WAGE_SUBSIDY, profile.wage_subsidy), *WAY_TO_A_JOB)
            plan.way_back(way, started, outcome_on, organisation)
        else:
            plan.company_track(started, profile.wage_subsidy)
    if rng.random() < profile.education_track:
        if education and outcome_on is not None:
            plan.way_back(WAY_TO_EDUCATION, started, outcome_on, organisation)
        else:
            plan.education_track(started)
    return plan.items, outcome_on, organisation


def _enrolments(
    rng: random.Random,
    person_id: int,
    items: list[Planned],
    types: dict[str, InterventionType],
    today: date,
    outcome_on: date | None,
) -> Iterator[Enrolment]:
    """The plan as it stands today: nothing after today, nothing new after the outcome, and the
    track to the outcome ended when it started."""
    for item in items:
        kind = types.get(item.name)
        if kind is None or item.started_on > today:
            continue
        if outcome_on is not None and item.started_on >= outcome_on:
            continue
        end = _end(item)
        ended: date | None = end
        completion = Completion.COMPLETED
        # The caseworker closes the way to a job or education when she records it.
        closed = outcome_on is not None and item.leads_to_outcome
        if closed and outcome_on is not None and end >= outcome_on:
            ended = max(item.started_on, outcome_on - timedelta(days=1))
        elif end > today:
            ended, completion = None, Completion.ONGOING
        elif item.days:
            draw = rng.random()
            if draw < KINDS[item.name].dropout:
                ended = item.started_on + _days(rng, 0, item.days)
                completion = Completion.DROPPED_OUT
            elif not closed and draw > 1 - NOT_YET_CLOSED:
                ended, completion = None, Completion.ONGOING
        yield Enrolment(
            person_id=person_id,
            intervention_type_id=kind.pk,
            # The job centre itself is no partner; any other provider is matched to a partner
            # record by the partners' demo step (``partners.demo.partner_links``).
            provider_note="" if item.provider in JOBCENTRE else item.provider,
            started_on=item.started_on,
            ended_on=ended,
            completion=completion,
        )


def _milestones() -> dict[int, dict[str, date]]:
    """The day each contacted demo person reached each status from "contacted" on."""
    reached: dict[int, dict[str, date]] = {}
    rows = StatusEvent.objects.filter(person__is_demo=True, to_status__in=REACHED).values_list(
        "person", "to_status", "occurred_on"
    )
    for person_id, status, day in rows.iterator(chunk_size=10_000):
        days = reached.setdefault(person_id, {})
        if status not in days or day < days[status]:
            days[status] = day
    return reached


BATCH = 20_000


@step(60)
def interventions(context: DemoContext) -> None:
    rng = context.rng
    today = context.today
    types = {t.name: t for t in InterventionType.objects.filter(is_active=True, name__in=KINDS)}
    milestones = _milestones()
    enrolments: list[Enrolment] = []
    outcomes: list[Outcome] = []
    measures: list[ConfidenceMeasure] = []
    counts = {"enrolments": 0, "outcomes": 0, "confidence answers": 0}

    def flush(final: bool = False) -> None:
        nonlocal enrolments, outcomes, measures
        if final or len(enrolments) + len(measures) >= BATCH:
            Enrolment.objects.bulk_create(enrolments)
            Outcome.objects.bulk_create(outcomes)
            ConfidenceMeasure.objects.bulk_create(measures)
            counts["enrolments"] += len(enrolments)
            counts["outcomes"] += len(outcomes)
            counts["confidence answers"] += len(measures)
            enrolments, outcomes, measures = [], [], []

    rows = Person.objects.filter(is_demo=True).order_by("pk").values_list("pk", "status")
    for person_id, status in rows.iterator(chunk_size=5000):
        reached = milestones.pop(person_id, None)
        if not reached:
            continue
        contact = min(reached.values())
        days_since = max(1, (today - contact).days)
        first_score = rng.randint(2, 6)
        measures.append(
            ConfidenceMeasure(person_id=person_id, measured_on=contact, score=first_score)
        )
        if status in ENROLLED or rng.random() < 0.3:
            later = min(today, contact + timedelta(days=rng.randint(1, days_since)))
            change = rng.choice([-1, 0, 0, 1, 1, 2, 2, 3])
            measures.append(
                ConfidenceMeasure(
                    person_id=person_id,
                    measured_on=later,
                    score=max(1, min(10, first_score + change)),
                )
            )
        items, outcome_on, organisation = _history(
            rng,
            status,
            today,
            contact,
            reached.get(PipelineStatus.FIRST_CONVERSATION),
            reached.get(PipelineStatus.IN_INTERVENTION),
        )
        if outcome_on is not None:
            job = status == PipelineStatus.ORDINARY_JOB
            outcomes.append(
                Outcome(
                    person_id=person_id,
                    kind=OutcomeKind.ORDINARY_JOB if job else OutcomeKind.ORDINARY_EDUCATION,
                    started_on=outcome_on,
                    organisation=organisation,
                    weekly_hours=rng.choice([15, 20, 25, 30, 37]) if job else None,
                )
            )
        enrolments.extend(_enrolments(rng, person_id, items, types, today, outcome_on))
        flush()
    flush(final=True)
    counts["progression cards filled in"] = _progression_cards(context, types.get(INTERNSHIP))
    context.counts.update(counts)


def _progression_cards(context: DemoContext, internship: InterventionType | None) -> int:
    """A card for internships, fortnight by fortnight while they run: scores that mostly rise."""
    if internship is None:
        return 0
    rng = context.rng
    dimensions = list(ProgressionDimension.objects.filter(is_active=True))
    total = 0
    assessments: list[ProgressionAssessment] = []
    plans: list[list[int]] = []

    def flush() -> None:
        nonlocal assessments, plans, total
        ProgressionAssessment.objects.bulk_create(assessments)
        ProgressionScore.objects.bulk_create(
            [
                ProgressionScore(assessment=assessment, dimension=dimension, score=score)
                for assessment, scores in zip(assessments, plans, strict=True)
                for dimension, score in zip(dimensions, scores, strict=True)
            ],
            batch_size=10_000,
        )
        total += len(assessments)
        assessments, plans = [], []

    rows = (
        Enrolment.objects.filter(person__is_demo=True, intervention_type=internship)
        .order_by("pk")
        .values_list("pk", "started_on", "ended_on")
    )
    for enrolment_id, started_on, ended_on in rows.iterator(chunk_size=5000):
        last_day = min(context.today, ended_on or context.today)
        for number in range(rng.randint(1, 4)):
            day = started_on + timedelta(days=7 + 14 * number)
            if day > last_day:
                break
            assessments.append(
                ProgressionAssessment(
                    enrolment_id=enrolment_id, assessed_on=day, assessor=Assessor.MENTOR
                )
            )
            plans.append([min(5, rng.randint(1, 3) + number) for _ in dimensions])
        if len(assessments) >= 5000:
            flush()
    flush()
    return total


def _delete_demo_interventions() -> None:
    ProgressionScore.objects.filter(assessment__enrolment__person__is_demo=True).delete()
    ProgressionAssessment.objects.filter(enrolment__person__is_demo=True).delete()
    Enrolment.objects.filter(person__is_demo=True).delete()
    Outcome.objects.filter(person__is_demo=True).delete()
    ConfidenceMeasure.objects.filter(person__is_demo=True).delete()


DEMO_CLEANUPS.append(_delete_demo_interventions)
