"""The interventions of the demo: true to life, within the model's rules, and proportionate."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.utils import timezone

from brobygger.interventions.models import Completion, Enrolment, Outcome, OutcomeKind
from brobygger.people.models import Person, PipelineStatus

pytestmark = pytest.mark.django_db


def test_small_demo_enrolments_follow_the_way_of_seed_004() -> None:
    call_command("demo", "--scale", "small", "--seed", "4")
    today = timezone.localdate()
    demo = Enrolment.objects.filter(person__is_demo=True)
    people = Person.objects.filter(is_demo=True).count()

    # About two enrolments a person, as on the national demo (200,000 for 100,000 people).
    assert 1.4 * people <= demo.count() <= 2.8 * people
    assert not demo.filter(Q(started_on__gt=today) | Q(ended_on__gt=today)).exists()
    assert not demo.filter(ended_on__lt=F("started_on")).exists()
    assert not demo.filter(completion=Completion.ONGOING, ended_on__isnull=False).exists()
    assert not demo.exclude(completion=Completion.ONGOING).filter(ended_on__isnull=True).exists()
    # Nobody who was never reached takes part in anything.
    assert not demo.filter(
        person__status__in=[PipelineStatus.IDENTIFIED, PipelineStatus.CONTACT_ATTEMPTED]
    ).exists()
    # Someone in an intervention has several, one after another.
    several = (
        Person.objects.filter(is_demo=True, status=PipelineStatus.IN_INTERVENTION)
        .annotate(n=Count("enrolments"))
        .filter(n__gte=3)
    )
    assert several.exists()
    # The way to a job (internship, wage subsidy, ...) is closed before the job starts.
    jobs = Outcome.objects.filter(kind=OutcomeKind.ORDINARY_JOB, person__is_demo=True)
    assert jobs.exists()
    for job in jobs:
        assert job.started_on <= today
        track = demo.filter(person=job.person_id, intervention_type__company_oriented=True)
        assert not track.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=job.started_on))


def test_demo_interventions_are_deterministic_for_a_seed() -> None:
    def snapshot() -> list[tuple[object, ...]]:
        order = {
            pk: number
            for number, pk in enumerate(Person.objects.order_by("pk").values_list("pk", flat=True))
        }
        return sorted(
            (order[person_id], *rest)
            for person_id, *rest in Enrolment.objects.values_list(
                "person", "intervention_type__name", "started_on", "ended_on", "completion"
            )
        )

    call_command("demo", "--scale", "small", "--seed", "5")
    first = snapshot()
    call_command("demo", "--scale", "small", "--seed", "5")

    assert snapshot() == first
