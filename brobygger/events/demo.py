"""Demo data for matchmaking events: in every demo municipality, one speed-dating evening a
few weeks ago between the demo associations and companies, with wishes from both sides, the
schedule the scheduler makes for them, and the follow-up of part of the pairs (pairs that
both asked for the meeting want to continue more often)."""

from __future__ import annotations

import dataclasses
from datetime import time, timedelta

from django.db.models import Q
from django.utils import timezone

from brobygger.demo.generator import DEMO_CLEANUPS, DemoContext, step
from brobygger.partners.models import Organisation, Review

from .models import (
    SIDE_OF_KIND,
    Event,
    EventStatus,
    FollowUp,
    Participant,
    ScheduledMeeting,
    Side,
    Wish,
)
from .schedules import build_schedule

PLACES = ["Jobcentret, mødesal 1", "Medborgerhuset", "Biblioteket, salen", "Erhvervshuset"]


@step(86)
def speed_dating(context: DemoContext) -> None:
    rng = context.rng
    counts = {
        "speed-dating events": 0,
        "speed-dating wishes": 0,
        "speed-dating meetings": 0,
        "follow-ups of meetings": 0,
    }
    for municipality in context.municipalities:
        organisations = list(
            Organisation.objects.filter(
                is_demo=True,
                municipality=municipality,
                review=Review.APPROVED,
                kind__in=list(SIDE_OF_KIND),
            ).order_by("pk")
        )
        sides = {org.pk: SIDE_OF_KIND[org.kind] for org in organisations}
        associations = [o for o in organisations if sides[o.pk] == Side.ASSOCIATION]
        companies = [o for o in organisations if sides[o.pk] == Side.COMPANY]
        if not associations or not companies:
            continue
        caseworkers = context.caseworkers.get(municipality.pk, [])
        event = Event.objects.create(
            municipality=municipality,
            title=f"Speed dating: foreninger møder virksomheder i {municipality.name}",
            held_on=context.today - timedelta(days=rng.randint(14, 60)),
            starts_at=time(16, 0),
            place=rng.choice(PLACES),
            # A table per participant of the bigger side: nobody sits out.
            tables=max(len(associations), len(companies)),
            rounds=min(6, max(len(associations), len(companies))),
            minutes_per_round=8,
            changeover_minutes=2,
            created_by=caseworkers[0] if caseworkers else None,
            is_demo=True,
        )
        participants = Participant.objects.bulk_create(
            Participant(
                event=event,
                organisation=org,
                side=sides[org.pk],
                contact_name="Formand" if sides[org.pk] == Side.ASSOCIATION else "HR-ansvarlig",
            )
            for org in organisations
        )
        by_side = {
            side: [p for p in participants if p.side == side]
            for side in (Side.ASSOCIATION, Side.COMPANY)
        }
        wishes: list[Wish] = []
        for participant in participants:
            other = by_side[
                Side.COMPANY if participant.side == Side.ASSOCIATION else Side.ASSOCIATION
            ]
            wishes.extend(
                Wish(event=event, from_participant=participant, to_participant=target)
                for target in rng.sample(other, min(len(other), rng.randint(1, 3)))
            )
        Wish.objects.bulk_create(wishes)

        meetings, statistics = build_schedule(event)
        ScheduledMeeting.objects.bulk_create(meetings)
        Event.objects.filter(pk=event.pk).update(
            status=EventStatus.HELD,
            statistics=dataclasses.asdict(statistics),
            scheduled_at=timezone.now() - timedelta(days=(context.today - event.held_on).days + 7),
        )
        follow_ups = []
        for meeting in meetings:
            if rng.random() < 0.4:
                continue  # not asked yet
            likely = 0.75 if meeting.association_wished and meeting.company_wished else 0.4
            follow_ups.append(
                FollowUp(
                    event=event,
                    association_id=meeting.association_id,
                    company_id=meeting.company_id,
                    association_continues=rng.random() < likely,
                    company_continues=rng.random() < likely,
                    note="Aftalt at mødes igen på virksomheden." if rng.random() < 0.3 else "",
                )
            )
        FollowUp.objects.bulk_create(follow_ups)
        counts["speed-dating events"] += 1
        counts["speed-dating wishes"] += len(wishes)
        counts["speed-dating meetings"] += len(meetings)
        counts["follow-ups of meetings"] += len(follow_ups)
    context.counts.update(counts)


def _delete_demo_events() -> None:
    # Events that reach demo partners go too: a participant protects its partner, and the
    # partners' own cleanup runs after this one.
    Event.objects.filter(
        Q(is_demo=True) | Q(participants__organisation__is_demo=True)
    ).distinct().delete()


DEMO_CLEANUPS.append(_delete_demo_events)
