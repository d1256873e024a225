"""Reads of matchmaking events, through the access policy (``Permission.MANAGE_PARTNERS``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.db.models import Count, Q

from brobygger.accounts.access import AnyUser, get_visible_or_404
from brobygger.partners.models import Organisation, Review

from .models import SIDE_OF_KIND, Event, FollowUp, Participant, ScheduledMeeting, Side, Wish


def event_list(*, user: AnyUser) -> models.QuerySet[Event]:
    return (
        Event.objects.visible_to(user)
        .select_related("municipality")
        .annotate(
            association_count=Count(
                "participants", filter=Q(participants__side=Side.ASSOCIATION), distinct=True
            ),
            company_count=Count(
                "participants", filter=Q(participants__side=Side.COMPANY), distinct=True
            ),
        )
    )


def event_get(*, user: AnyUser, pk: int) -> Event:
    return get_visible_or_404(
        Event.objects.visible_to(user).select_related("municipality"), user=user, pk=pk
    )


def participant_list(*, event: Event) -> list[Participant]:
    """The event's participants, associations first, by name. The event was read through
    ``event_get``, so its participants are the user's to see."""
    return list(
        event.participants.select_related("organisation").order_by(
            "side", "organisation__name", "pk"
        )
    )


def participant_get(*, user: AnyUser, event: Event, pk: int) -> Participant:
    return get_visible_or_404(
        Participant.objects.visible_to(user).filter(event=event).select_related("organisation"),
        user=user,
        pk=pk,
    )


def meeting_get(*, user: AnyUser, event: Event, pk: int) -> ScheduledMeeting:
    return get_visible_or_404(
        ScheduledMeeting.objects.visible_to(user)
        .filter(event=event)
        .select_related("association__organisation", "company__organisation"),
        user=user,
        pk=pk,
    )


def candidate_organisations(
    *, user: AnyUser, event: Event, kind: str = ""
) -> models.QuerySet[Organisation]:
    """Approved partners of the event's municipality that can take part and are not in yet."""
    kinds = [kind] if kind in SIDE_OF_KIND else list(SIDE_OF_KIND)
    return (
        Organisation.objects.visible_to(user)
        .filter(municipality_id=event.municipality_id, review=Review.APPROVED, kind__in=kinds)
        .exclude(event_participations__event=event)
        .order_by("name", "pk")
    )


def wish_pairs(*, event: Event) -> set[tuple[int, int]]:
    """(from participant id, to participant id) of every wish of the event."""
    return set(event.wishes.values_list("from_participant_id", "to_participant_id"))


@dataclass
class WishSummary:
    participant: Participant
    wants: list[Participant] = field(default_factory=list)
    wanted_by: list[Participant] = field(default_factory=list)

    @property
    def mutual(self) -> list[Participant]:
        wanted_by = {p.pk for p in self.wanted_by}
        return [p for p in self.wants if p.pk in wanted_by]


def wish_overview(*, event: Event) -> list[WishSummary]:
    """Per participant: whom they want to meet and who wants to meet them."""
    participants = participant_list(event=event)
    by_id = {p.pk: p for p in participants}
    rows = {p.pk: WishSummary(p) for p in participants}
    for source, target in sorted(
        wish_pairs(event=event), key=lambda pair: (by_id[pair[1]].organisation.name, pair)
    ):
        rows[source].wants.append(by_id[target])
        rows[target].wanted_by.append(by_id[source])
    return [rows[p.pk] for p in participants]


@dataclass(frozen=True)
class Seat:
    """One line of a participant's programme; a break has no table and no partner."""

    round: int
    starts_at: datetime
    table: int | None = None
    partner: Participant | None = None
    you_wished: bool = False
    partner_wished: bool = False


@dataclass(frozen=True)
class Round:
    number: int
    starts_at: datetime
    meetings: list[ScheduledMeeting]
    sitting_out: list[Participant]


@dataclass
class ScheduleView:
    """The stored schedule as the pages and the printout show it."""

    event: Event
    rounds: list[Round]
    programmes: list[tuple[Participant, list[Seat]]]

    @property
    def is_empty(self) -> bool:
        return not any(each.meetings for each in self.rounds)

    @property
    def meeting_count(self) -> int:
        return sum(len(each.meetings) for each in self.rounds)


def schedule_view(*, event: Event) -> ScheduleView:
    meetings = list(
        event.meetings.select_related("association__organisation", "company__organisation")
    )
    by_round: dict[int, list[ScheduledMeeting]] = defaultdict(list)
    seats: dict[int, dict[int, Seat]] = defaultdict(dict)
    for meeting in meetings:
        by_round[meeting.round].append(meeting)
        start = event.round_starts_at(meeting.round)
        seats[meeting.association_id][meeting.round] = Seat(
            meeting.round,
            start,
            meeting.table,
            meeting.company,
            you_wished=meeting.association_wished,
            partner_wished=meeting.company_wished,
        )
        seats[meeting.company_id][meeting.round] = Seat(
            meeting.round,
            start,
            meeting.table,
            meeting.association,
            you_wished=meeting.company_wished,
            partner_wished=meeting.association_wished,
        )
    participants = participant_list(event=event)
    numbers = range(1, event.rounds + 1) if meetings else range(0)
    rounds = [
        Round(
            n,
            event.round_starts_at(n),
            by_round.get(n, []),
            [p for p in participants if n not in seats[p.pk]],
        )
        for n in numbers
    ]
    programmes = [
        (p, [seats[p.pk].get(n) or Seat(n, event.round_starts_at(n)) for n in numbers])
        for p in participants
    ]
    return ScheduleView(event=event, rounds=rounds, programmes=programmes)


@dataclass(frozen=True)
class FollowUpRow:
    meeting: ScheduledMeeting
    follow_up: FollowUp | None

    @property
    def both_continue(self) -> bool:
        return self.follow_up is not None and self.follow_up.both_continue


def follow_up_rows(*, event: Event) -> list[FollowUpRow]:
    """Every pair that met (once each), with what is known about continuing."""
    follow_ups = {(f.association_id, f.company_id): f for f in event.follow_ups.all()}
    meetings = event.meetings.select_related(
        "association__organisation", "company__organisation"
    ).order_by("association__organisation__name", "company__organisation__name", "pk")
    return [FollowUpRow(m, follow_ups.get((m.association_id, m.company_id))) for m in meetings]


def follow_up_for(*, meeting: ScheduledMeeting) -> FollowUp | None:
    return FollowUp.objects.filter(
        event_id=meeting.event_id, association=meeting.association, company=meeting.company
    ).first()


def wish_count(*, event: Event) -> int:
    return Wish.objects.filter(event=event).count()
