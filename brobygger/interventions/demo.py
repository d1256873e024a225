"""Demo data for interventions: people past "first conversation" get enrolments, people in a
job or education their outcome, the contacted the confidence question (often asked twice),
and internships a progression card, at rates that make the criteria dashboard look like a
real project's (most criteria below target, as in seed 004's status reports)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Min

from brobygger.demo.generator import DEMO_CLEANUPS, DemoContext, step
from brobygger.people.models import Person, PipelineStatus, StatusEvent

from .criteria import CONTACT_REACHED
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
PROVIDERS = [
    "Netto",
    "Rema 1000",
    "Plejecenter Solgården",
    "Sprogcenter",
    "Kommunen",
    "Foreningen Kvindekraft",
]
BATCH = 20_000


@step(60)
def interventions(context: DemoContext) -> None:
    rng = context.rng
    types = list(InterventionType.objects.filter(is_active=True).order_by("pk"))
    # Network-oriented meetings are common, internships next, education least.
    weights = [4 if t.network_oriented else 3 if t.company_oriented else 1 for t in types]
    internship = next(t for t in types if t.name == "Virksomhedspraktik")
    dimensions = list(ProgressionDimension.objects.filter(is_active=True))
    contacted_on = dict(
        StatusEvent.objects.filter(person__is_demo=True, to_status__in=CONTACT_REACHED)
        .values("person")
        .annotate(first=Min("occurred_on"))
        .values_list("person", "first")
    )
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
        contact = contacted_on.get(person_id)
        if contact is None:
            continue
        days_since = max(1, (context.today - contact).days)
        first_score = rng.randint(2, 6)
        measures.append(
            ConfidenceMeasure(person_id=person_id, measured_on=contact, score=first_score)
        )
        if status in ENROLLED or rng.random() < 0.3:
            later = min(context.today, contact + timedelta(days=rng.randint(1, days_since)))
            change = rng.choice([-1, 0, 0, 1, 1, 2, 2, 3])
            measures.append(
                ConfidenceMeasure(
                    person_id=person_id,
                    measured_on=later,
                    score=max(1, min(10, first_score + change)),
                )
            )
        if status in ENROLLED:
            for _ in range(rng.choice([1, 1, 2, 3])):
                kind = rng.choices(types, weights)[0]
                started = min(
                    context.today, contact + timedelta(days=rng.randint(3, days_since + 3))
                )
                ended = started + timedelta(days=rng.randint(14, 120))
                finished = ended <= context.today and rng.random() < 0.8
                enrolments.append(
                    Enrolment(
                        person_id=person_id,
                        intervention_type=kind,
                        provider=rng.choice(PROVIDERS),
                        started_on=started,
                        ended_on=ended if finished else None,
                        completion=(
                            (Completion.COMPLETED if rng.random() < 0.8 else Completion.DROPPED_OUT)
                            if finished
                            else Completion.ONGOING
                        ),
                    )
                )
        if status in {PipelineStatus.ORDINARY_JOB, PipelineStatus.ORDINARY_EDUCATION}:
            job = status == PipelineStatus.ORDINARY_JOB
            outcomes.append(
                Outcome(
                    person_id=person_id,
                    kind=OutcomeKind.ORDINARY_JOB if job else OutcomeKind.ORDINARY_EDUCATION,
                    started_on=min(context.today, contact + timedelta(days=rng.randint(30, 200))),
                    organisation=rng.choice(PROVIDERS[:3]) if job else "VUC",
                    weekly_hours=rng.choice([15, 20, 25, 30, 37]) if job else None,
                )
            )
        flush()
    flush(final=True)

    # A progression card for internships: scores that mostly rise, fortnight by fortnight.
    assessments: list[ProgressionAssessment] = []
    plans: list[list[int]] = []
    for enrolment in Enrolment.objects.filter(person__is_demo=True, intervention_type=internship):
        for number in range(rng.randint(1, 4)):
            day = enrolment.started_on + timedelta(days=7 + 14 * number)
            if day > context.today:
                break
            assessments.append(
                ProgressionAssessment(
                    enrolment=enrolment, assessed_on=day, assessor=Assessor.MENTOR
                )
            )
            plans.append([min(5, rng.randint(1, 3) + number) for _ in dimensions])
    ProgressionAssessment.objects.bulk_create(assessments, batch_size=5000)
    ProgressionScore.objects.bulk_create(
        [
            ProgressionScore(assessment=assessment, dimension=dimension, score=score)
            for assessment, scores in zip(assessments, plans, strict=True)
            for dimension, score in zip(dimensions, scores, strict=True)
        ],
        batch_size=10_000,
    )
    counts["progression cards filled in"] = len(assessments)
    context.counts.update(counts)


def _delete_demo_interventions() -> None:
    ProgressionScore.objects.filter(assessment__enrolment__person__is_demo=True).delete()
    ProgressionAssessment.objects.filter(enrolment__person__is_demo=True).delete()
    Enrolment.objects.filter(person__is_demo=True).delete()
    Outcome.objects.filter(person__is_demo=True).delete()
    ConfidenceMeasure.objects.filter(person__is_demo=True).delete()


DEMO_CLEANUPS.append(_delete_demo_interventions)
