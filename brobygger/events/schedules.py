"""The schedule of a matchmaking event as the scheduler makes it: the event's participants and
wishes handed to ``scheduling.speeddating``, the cases a coordinator can meet refused first in
her own language, and the result as unsaved meetings. Writes nothing; ``services.schedule_make``
stores what ``build_schedule`` gives, and the demo uses it too."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from brobygger.scheduling import speeddating

from .models import Event, Participant, ScheduledMeeting, Side


def capacity_problems(*, event: Event, associations: int, companies: int) -> list[str]:
    """Why ``associations`` and ``companies`` cannot sit at the event's tables, if they
    cannot: each side needs a table per participant in every round unless sit-outs are
    allowed. Empty when they fit."""
    if event.allow_sit_outs:
        return []
    problems = []
    if associations > event.tables:
        problems.append(
            _(
                "%(count)s associations but only %(tables)s tables: every round needs a table "
                "per association. Add tables, or allow sit-outs so the associations take turns."
            )
            % {"count": associations, "tables": event.tables}
        )
    if companies > event.tables:
        problems.append(
            _(
                "%(count)s companies but only %(tables)s tables: every round needs a table per "
                "company. Add tables, or allow sit-outs so the companies take turns."
            )
            % {"count": companies, "tables": event.tables}
        )
    return problems


def _scheduler_event(event: Event, participants: list[Participant]) -> speeddating.Event:
    """The event as the scheduler takes it. The cases a coordinator can meet are refused
    first with our own (translated) messages; anything the scheduler still refuses is shown
    in its own words."""
    associations = [str(p.pk) for p in participants if p.side == Side.ASSOCIATION]
    companies = [str(p.pk) for p in participants if p.side == Side.COMPANY]
    if not associations or not companies:
        raise ValidationError(
            _(
                "A schedule needs at least one association and one company; there are "
                "%(associations)s associations and %(companies)s companies."
            )
            % {"associations": len(associations), "companies": len(companies)}
        )
    problems = capacity_problems(
        event=event, associations=len(associations), companies=len(companies)
    )
    if problems:
        raise ValidationError(problems)
    wishes = list(event.wishes.values_list("from_participant_id", "to_participant_id"))
    _check_minimum(event, participants, wishes)
    return speeddating.Event(
        rounds=event.rounds,
        tables=event.tables,
        associations=associations,
        companies=companies,
        wishes=[(str(source), str(target)) for source, target in wishes],
        fill_idle_seats=event.fill_empty_seats,
        sit_outs=event.allow_sit_outs,
        min_meetings=event.min_meetings,
        mutual_weight=event.effective_mutual_weight,
        one_sided_weight=event.effective_one_sided_weight,
    )


def _check_minimum(
    event: Event, participants: list[Participant], wishes: list[tuple[int, int]]
) -> None:
    """Refuse, in the user's language, a guaranteed minimum of meetings the seats (or,
    without filled seats, the wishes) cannot give."""
    minimum = event.min_meetings
    if not minimum:
        return
    sides = [p.side for p in participants]
    associations, companies = sides.count(Side.ASSOCIATION), sides.count(Side.COMPANY)
    if minimum > min(associations, companies):
        raise ValidationError(
            _(
                "Everyone cannot meet %(minimum)s partners: there are %(associations)s "
                "associations and %(companies)s companies. Lower “everyone meets at least”."
            )
            % {"minimum": minimum, "associations": associations, "companies": companies}
        )
    larger = max(associations, companies)
    seats = event.rounds * min(event.tables, associations, companies)
    if minimum * larger > seats:
        raise ValidationError(
            _(
                "%(count)s participants on one side with at least %(minimum)s meetings each "
                "need %(needed)s seats, but %(rounds)s rounds give only %(seats)s. Lower "
                "“everyone meets at least”, or add rounds or participants on the other side."
            )
            % {
                "count": larger,
                "minimum": minimum,
                "needed": minimum * larger,
                "rounds": event.rounds,
                "seats": seats,
            }
        )
    if not event.fill_empty_seats:
        wished = {pk for pair in wishes for pk in pair}
        alone = [str(p) for p in participants if p.pk not in wished]
        if alone:
            raise ValidationError(
                _(
                    "Without filled seats only wished pairs meet, and nobody wished a meeting "
                    "with %(names)s. Fill empty seats, or set “everyone meets at least” to 0."
                )
                % {"names": ", ".join(alone)}
            )


def build_schedule(event: Event) -> tuple[list[ScheduledMeeting], speeddating.Statistics]:
    """The best schedule for the event's participants and wishes as unsaved meetings, with
    its statistics. Writes nothing; raises ValidationError with a message for the user when
    the event cannot be scheduled as it stands. (Used by ``schedule_make`` and the demo.)"""
    participants = list(event.participants.select_related("organisation"))
    try:
        schedule = speeddating.schedule_event(_scheduler_event(event, participants))
    except speeddating.ScheduleError as error:
        raise ValidationError(str(error)) from None
    wishes = frozenset(schedule.event.wishes)
    meetings = [
        ScheduledMeeting(
            event=event,
            round=number,
            table=meeting.table,
            association_id=int(meeting.association),
            company_id=int(meeting.company),
            association_wished=(meeting.association, meeting.company) in wishes,
            company_wished=(meeting.company, meeting.association) in wishes,
        )
        for number, round_meetings in enumerate(schedule.rounds, start=1)
        for meeting in round_meetings
    ]
    return meetings, schedule.statistics
