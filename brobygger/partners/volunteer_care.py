"""Volunteer care after the match (issue 17, point 5): check-ins on a mentorship, support and
incident requests, the end of a mentorship with its reason, the waiting time of citizens who
need a mentor, the training calendar with attendance, anniversaries, and the volunteer
pipeline with its dropout reasons. Writes (check → do → log) and reads (through the access
policy) of these, beside ``services.py`` and ``selectors.py``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import AnyUser, Permission, get_visible_or_404, require_permission
from brobygger.accounts.models import User
from brobygger.audit.writes import record_save, write_municipality_id
from brobygger.partnerships.models import Municipality

from . import selectors, services
from .models import (
    DropoutReason,
    Mentorship,
    MentorshipCheckIn,
    MentorshipEnd,
    MentorshipEndReason,
    MentorshipStatus,
    Referral,
    ReferralReason,
    SupportRequest,
    TrainingAttendance,
    TrainingCourse,
    TrainingEnrolment,
    TrainingSession,
    Volunteer,
    VolunteerStatus,
    VolunteerStatusChange,
)

if TYPE_CHECKING:
    from brobygger.people.models import Person

ANNIVERSARY_YEARS = (1, 2, 5)
ANNIVERSARY_WITHIN_DAYS = 30
LEAVING = (VolunteerStatus.PAUSED, VolunteerStatus.ENDED)
# The steps a volunteer may take from each step of the pipeline.
NEXT_STEPS: dict[str, tuple[str, ...]] = {
    VolunteerStatus.APPLIED: (VolunteerStatus.CHECKED, VolunteerStatus.ENDED),
    VolunteerStatus.CHECKED: (VolunteerStatus.TRAINED, VolunteerStatus.ENDED),
    VolunteerStatus.TRAINED: (
        VolunteerStatus.ACTIVE,
        VolunteerStatus.PAUSED,
        VolunteerStatus.ENDED,
    ),
    VolunteerStatus.ACTIVE: (VolunteerStatus.PAUSED, VolunteerStatus.ENDED),
    VolunteerStatus.PAUSED: (VolunteerStatus.ACTIVE, VolunteerStatus.ENDED),
    VolunteerStatus.ENDED: (VolunteerStatus.APPLIED,),
}


# --- typed inputs ---------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CheckInData:
    held_on: date
    rating: int
    next_step: str = ""
    follow_up_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class MentorshipEndData:
    ended_on: date
    reason: str
    text: str = ""


@dataclass(frozen=True, kw_only=True)
class SupportRequestData:
    received_on: date
    kind: str
    severity: str
    description: str


@dataclass(frozen=True, kw_only=True)
class SupportHandledData:
    handled_on: date
    handling: str = ""


@dataclass(frozen=True, kw_only=True)
class StatusChangeData:
    status: str
    changed_on: date
    reason: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class CourseData:
    title: str
    description: str = ""
    required_sessions: int = 1


@dataclass(frozen=True, kw_only=True)
class SessionData:
    date: date
    place: str = ""


# --- writes ---------------------------------------------------------------------------------


def not_in_future(field: str, day: date) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _require(actor: User, municipality_id: int) -> None:
    require_permission(actor, Permission.MANAGE_VOLUNTEERS, municipality_id=municipality_id)


@transaction.atomic
def check_in_record(*, actor: User, mentorship: Mentorship, data: CheckInData) -> MentorshipCheckIn:
    """The coordinator's check-in: how the mentorship goes, the next step, a follow-up date.
    An ended mentorship takes no check-in."""
    _require(actor, mentorship.volunteer.municipality_id)
    if mentorship.status != MentorshipStatus.ACTIVE:
        raise ValidationError(_("The mentorship has ended; a check-in cannot be added."))
    not_in_future("held_on", data.held_on)
    if data.held_on < mentorship.started_on:
        raise ValidationError(
            {"held_on": _("The check-in cannot be before the mentorship started.")}
        )
    if data.follow_up_on is not None and data.follow_up_on < data.held_on:
        raise ValidationError({"follow_up_on": _("The follow-up cannot be before the check-in.")})
    record = MentorshipCheckIn(mentorship=mentorship, recorded_by=actor)
    return record_save(actor=actor, record=record, data=data)


# How a mentorship's end reason is counted as the end of her referral.
END_TO_REFERRAL_REASON: dict[str, str] = {
    MentorshipEndReason.GOAL_REACHED: ReferralReason.GOAL_REACHED,
    MentorshipEndReason.JOB_OR_EDUCATION: ReferralReason.JOB_OR_EDUCATION,
    MentorshipEndReason.CITIZEN_STOPPED: ReferralReason.SHE_STOPPED,
    MentorshipEndReason.VOLUNTEER_STOPPED: ReferralReason.HELPER_STOPPED,
    MentorshipEndReason.NO_CHEMISTRY: ReferralReason.NOT_SUITABLE,
    MentorshipEndReason.MOVED: ReferralReason.MOVED,
    MentorshipEndReason.OTHER: ReferralReason.OTHER,
}


@transaction.atomic
def mentorship_close(
    *, actor: User, mentorship: Mentorship, data: MentorshipEndData
) -> MentorshipEnd:
    """End a mentorship with its reason. A mentorship that has ended already keeps its date;
    its one end record is given (or changed to) this reason and text, never a second one."""
    _require(actor, mentorship.volunteer.municipality_id)
    if mentorship.status == MentorshipStatus.ACTIVE:
        not_in_future("ended_on", data.ended_on)
        services.mentorship_end(
            actor=actor,
            mentorship=mentorship,
            ended_on=data.ended_on,
            reason=END_TO_REFERRAL_REASON.get(data.reason, ReferralReason.OTHER),
        )
    record = MentorshipEnd.objects.filter(mentorship=mentorship).first() or MentorshipEnd(
        mentorship=mentorship
    )
    return record_save(
        actor=actor,
        record=record,
        values={"reason": data.reason, "text": data.text, "recorded_by": actor},
    )


@transaction.atomic
def support_request_record(
    *, actor: User, volunteer: Volunteer, data: SupportRequestData
) -> SupportRequest:
    """A volunteer's call for support, or an incident she tells of, as the coordinator heard it."""
    _require(actor, volunteer.municipality_id)
    not_in_future("received_on", data.received_on)
    record = SupportRequest(volunteer=volunteer, recorded_by=actor)
    return record_save(actor=actor, record=record, data=data)


@transaction.atomic
def support_request_handle(
    *, actor: User, request: SupportRequest, data: SupportHandledData
) -> SupportRequest:
    """Mark a request handled, once (read again under a lock: the form has already copied
    its values onto ``request``)."""
    _require(actor, request.volunteer.municipality_id)
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if request.handled_on is not None:
        raise ValidationError(_("The request is already handled."))
    not_in_future("handled_on", data.handled_on)
    if data.handled_on < request.received_on:
        raise ValidationError({"handled_on": _("It cannot be handled before it was received.")})
    return record_save(actor=actor, record=request, data=data)


def _last_change_on(volunteer: Volunteer) -> date | None:
    last: date | None = VolunteerStatusChange.objects.filter(volunteer=volunteer).aggregate(
        last=Max("changed_on")
    )["last"]
    return last


@transaction.atomic
def volunteer_status_change(
    *, actor: User, volunteer: Volunteer, data: StatusChangeData
) -> VolunteerStatusChange:
    """Move a volunteer one step along the pipeline, dated; pausing or ending her needs a
    dropout reason and no mentee left. The check and training steps fill in her record check
    and training dates when they are empty, so matching sees them."""
    _require(actor, volunteer.municipality_id)
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if data.status not in NEXT_STEPS.get(volunteer.status, ()):
        raise ValidationError(
            {
                "status": _("A volunteer who is %(now)s cannot become %(next)s.")
                % {
                    "now": volunteer.get_status_display().lower(),
                    "next": VolunteerStatus(data.status).label.lower()
                    if data.status in VolunteerStatus.values
                    else data.status,
                }
            }
        )
    not_in_future("changed_on", data.changed_on)
    last = _last_change_on(volunteer)
    if last is not None and data.changed_on < last:
        raise ValidationError(
            {
                "changed_on": _("The date cannot be before her last change (%(day)s).")
                % {"day": last.strftime("%d.%m.%Y")}
            }
        )
    leaving = data.status in LEAVING
    if leaving and not data.reason:
        raise ValidationError({"reason": _("Give the reason she pauses or stops.")})
    if not leaving and data.reason:
        raise ValidationError({"reason": _("A reason is given only when she pauses or stops.")})
    if leaving and volunteer.active_mentees:
        raise ValidationError(
            _("She has %(n)s mentees now; end the mentorships first.")
            % {"n": volunteer.active_mentees}
        )
    values: dict[str, object] = {"status": data.status}
    if data.status == VolunteerStatus.CHECKED and volunteer.record_check_on is None:
        values["record_check_on"] = data.changed_on
    if data.status == VolunteerStatus.TRAINED and volunteer.trained_on is None:
        values["trained_on"] = data.changed_on
    record_save(actor=actor, record=volunteer, values=values)
    change = VolunteerStatusChange(volunteer=volunteer, recorded_by=actor)
    return record_save(
        actor=actor, record=change, data=data, municipality_id=volunteer.municipality_id
    )


@transaction.atomic
def course_save(
    *,
    actor: User,
    data: CourseData,
    municipality: Municipality | None = None,
    course: TrainingCourse | None = None,
) -> TrainingCourse:
    municipality_id = write_municipality_id(
        actor=actor, permission=Permission.MANAGE_VOLUNTEERS, record=course, chosen=municipality
    )
    record = course or TrainingCourse(municipality_id=municipality_id, created_by=actor)
    return record_save(actor=actor, record=record, data=data)


@transaction.atomic
def session_add(*, actor: User, course: TrainingCourse, data: SessionData) -> TrainingSession:
    _require(actor, course.municipality_id)
    return record_save(
        actor=actor,
        record=TrainingSession(course=course),
        data=data,
        municipality_id=course.municipality_id,
    )


@transaction.atomic
def course_enrol(*, actor: User, course: TrainingCourse, volunteer: Volunteer) -> TrainingEnrolment:
    _require(actor, course.municipality_id)
    if volunteer.municipality_id != course.municipality_id:
        raise ValidationError(_("The volunteer and the course are in different municipalities."))
    if TrainingEnrolment.objects.filter(course=course, volunteer=volunteer).exists():
        raise ValidationError(_("%(name)s is already enrolled.") % {"name": volunteer})
    return record_save(
        actor=actor,
        record=TrainingEnrolment(course=course, volunteer=volunteer),
        municipality_id=course.municipality_id,
    )


def _trained_on(course: TrainingCourse, volunteer: Volunteer) -> date | None:
    """The date of the session at which she reached the course's required number, if she did."""
    dates = list(
        TrainingAttendance.objects.filter(session__course=course, volunteer=volunteer)
        .order_by("session__date")
        .values_list("session__date", flat=True)
    )
    return dates[course.required_sessions - 1] if len(dates) >= course.required_sessions else None


@transaction.atomic
def attendance_record(
    *, actor: User, session: TrainingSession, present: Iterable[Volunteer]
) -> list[Volunteer]:
    """Who came to a session (of those enrolled). A volunteer who has now attended the
    course's required sessions is trained: her training date is set, and one who was
    applied or checked moves to trained. Returns the volunteers trained by this record."""
    course = session.course
    _require(actor, course.municipality_id)
    if session.date > timezone.localdate():
        raise ValidationError(_("Attendance is recorded on the day of the session or after."))
    present = list(present)
    enrolled = set(
        TrainingEnrolment.objects.filter(course=course).values_list("volunteer_id", flat=True)
    )
    if any(v.pk not in enrolled for v in present):
        raise ValidationError(_("Only volunteers enrolled in the course can attend."))
    TrainingAttendance.objects.filter(session=session).exclude(
        volunteer__in=[v.pk for v in present]
    ).delete()
    known = set(
        TrainingAttendance.objects.filter(session=session).values_list("volunteer_id", flat=True)
    )
    TrainingAttendance.objects.bulk_create(
        [TrainingAttendance(session=session, volunteer=v) for v in present if v.pk not in known]
    )
    record_save(actor=actor, record=session, municipality_id=course.municipality_id)
    trained = []
    for volunteer in present:
        day = _trained_on(course, volunteer)
        if day is None or volunteer.trained_on is not None:
            continue
        trained.append(volunteer)
        if volunteer.status in (VolunteerStatus.APPLIED, VolunteerStatus.CHECKED):
            if volunteer.status == VolunteerStatus.APPLIED:
                volunteer_status_change(
                    actor=actor,
                    volunteer=volunteer,
                    data=StatusChangeData(status=VolunteerStatus.CHECKED, changed_on=day),
                )
            volunteer_status_change(
                actor=actor,
                volunteer=volunteer,
                data=StatusChangeData(status=VolunteerStatus.TRAINED, changed_on=day),
            )
        else:
            record_save(actor=actor, record=volunteer, values={"trained_on": day})
    return trained


# --- reads ----------------------------------------------------------------------------------


def mentorship_care_get(*, user: AnyUser, pk: int) -> Mentorship:
    """A mentorship with its volunteer, referral and end record, for the care page."""
    mentorships = Mentorship.objects.visible_to(user).select_related("volunteer", "referral", "end")
    return get_visible_or_404(mentorships, user=user, pk=pk)


def check_ins_of(*, user: AnyUser, mentorship: Mentorship) -> list[MentorshipCheckIn]:
    return list(
        MentorshipCheckIn.objects.visible_to(user)
        .filter(mentorship=mentorship)
        .select_related("recorded_by")
    )


def support_requests_of(*, user: AnyUser, volunteer: Volunteer) -> list[SupportRequest]:
    return list(SupportRequest.objects.visible_to(user).filter(volunteer=volunteer))


def support_request_get(*, user: AnyUser, pk: int) -> SupportRequest:
    return get_visible_or_404(
        SupportRequest.objects.visible_to(user).select_related("volunteer"), user=user, pk=pk
    )


def status_changes_of(*, user: AnyUser, volunteer: Volunteer) -> list[VolunteerStatusChange]:
    return list(VolunteerStatusChange.objects.visible_to(user).filter(volunteer=volunteer))


@dataclass(frozen=True)
class Waiting:
    referral: Referral
    days: int
    alert: bool


def waiting_times(*, user: AnyUser, municipality_id: int, today: date) -> list[Waiting]:
    """Citizens referred and not yet matched, longest waiting first, with the days they have
    waited; over ``MENTOR_WAIT_ALERT_DAYS`` is an alert."""
    limit = settings.MENTOR_WAIT_ALERT_DAYS
    referrals = selectors.waiting_referrals(user=user, municipality_id=municipality_id).order_by(
        "created_at", "pk"
    )
    rows = []
    for referral in referrals:
        days = (today - timezone.localdate(referral.created_at)).days
        rows.append(Waiting(referral=referral, days=days, alert=days > limit))
    return rows


def _volunteers(user: AnyUser, municipality_id: int) -> models.QuerySet[Volunteer]:
    return selectors.volunteer_list(user=user).filter(municipality_id=municipality_id)


def pipeline_counts(*, user: AnyUser, municipality_id: int) -> list[tuple[str, str, int]]:
    """(status, label, volunteers) for every step of the pipeline, in its order."""
    counts = dict(
        _volunteers(user, municipality_id)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [(value, str(label), counts.get(value, 0)) for value, label in VolunteerStatus.choices]


def dropout_reasons(*, user: AnyUser, municipality_id: int) -> list[tuple[str, int]]:
    """Why volunteers paused or stopped: (reason, times), most frequent first."""
    rows = (
        VolunteerStatusChange.objects.visible_to(user)
        .filter(volunteer__municipality_id=municipality_id, status__in=LEAVING)
        .exclude(reason="")
        .values_list("reason", flat=True)
    )
    labels = dict(DropoutReason.choices)
    return [(str(labels[reason]), n) for reason, n in Counter(rows).most_common()]


def mentorship_end_reasons(*, user: AnyUser, municipality_id: int) -> list[tuple[str, int]]:
    rows = (
        MentorshipEnd.objects.visible_to(user)
        .filter(mentorship__volunteer__municipality_id=municipality_id)
        .values_list("reason", flat=True)
    )
    labels = dict(MentorshipEndReason.choices)
    return [(str(labels[reason]), n) for reason, n in Counter(rows).most_common()]


def active_since(volunteer: Volunteer) -> date:
    """The first day she was active (the pipeline's date), or the day she was added."""
    first: date | None = getattr(volunteer, "first_active_on", None)
    return first or timezone.localdate(volunteer.created_at)


def _anniversary(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


@dataclass(frozen=True)
class Anniversary:
    volunteer: Volunteer
    years: int
    on: date


def anniversaries(*, user: AnyUser, municipality_id: int, today: date) -> list[Anniversary]:
    """Active volunteers with a 1, 2 or 5 years' anniversary from today and the next
    ``ANNIVERSARY_WITHIN_DAYS`` days, soonest first."""
    volunteers = (
        _volunteers(user, municipality_id)
        .filter(status=VolunteerStatus.ACTIVE)
        .annotate(
            first_active_on=Min(
                "status_changes__changed_on",
                filter=Q(status_changes__status=VolunteerStatus.ACTIVE),
            )
        )
    )
    found = []
    for volunteer in volunteers:
        start = active_since(volunteer)
        for years in ANNIVERSARY_YEARS:
            on = _anniversary(start, years)
            if 0 <= (on - today).days <= ANNIVERSARY_WITHIN_DAYS:
                found.append(Anniversary(volunteer=volunteer, years=years, on=on))
    return sorted(found, key=lambda a: (a.on, str(a.volunteer)))


def volunteer_for_letter(*, user: AnyUser, pk: int) -> Volunteer:
    """A volunteer with the first day she was active, for her thank-you letter."""
    volunteers = (
        selectors.volunteer_list(user=user)
        .select_related("municipality")
        .annotate(
            first_active_on=Min(
                "status_changes__changed_on",
                filter=Q(status_changes__status=VolunteerStatus.ACTIVE),
            ),
            mentorship_count=Count("mentorships", distinct=True),
        )
    )
    return get_visible_or_404(volunteers, user=user, pk=pk)


def open_support_requests(*, user: AnyUser, municipality_id: int) -> list[SupportRequest]:
    return list(
        SupportRequest.objects.visible_to(user)
        .filter(volunteer__municipality_id=municipality_id, handled_on__isnull=True)
        .select_related("volunteer")
        .order_by("received_on", "pk")
    )


def follow_ups_due(*, user: AnyUser, municipality_id: int, today: date) -> list[Mentorship]:
    """Active mentorships whose latest check-in asked for a follow-up by today, or that
    never had a check-in."""
    mentorships = (
        selectors.mentorship_list(user=user, active_on=today)
        .filter(volunteer__municipality_id=municipality_id)
        .annotate(
            last_check_in=Max("check_ins__held_on"),
            next_follow_up=Max("check_ins__follow_up_on"),
        )
        .filter(Q(last_check_in__isnull=True) | Q(next_follow_up__lte=today))
        .order_by("started_on", "pk")
    )
    return list(mentorships)


def course_list(*, user: AnyUser) -> models.QuerySet[TrainingCourse]:
    return (
        TrainingCourse.objects.visible_to(user)
        .select_related("municipality")
        .annotate(
            session_count=Count("sessions", distinct=True),
            enrolled_count=Count("enrolments", distinct=True),
            first_session=Min("sessions__date"),
        )
    )


def course_get(*, user: AnyUser, pk: int) -> TrainingCourse:
    return get_visible_or_404(
        TrainingCourse.objects.visible_to(user).select_related("municipality"), user=user, pk=pk
    )


@dataclass(frozen=True)
class CourseRow:
    """One enrolled volunteer: the sessions she attended, and whether she is trained."""

    volunteer: Volunteer
    attended: list[bool]
    count: int
    trained: bool


def course_grid(
    *, user: AnyUser, course: TrainingCourse
) -> tuple[list[TrainingSession], list[CourseRow]]:
    """The attendance grid of a course: sessions across, enrolled volunteers down."""
    sessions = list(TrainingSession.objects.visible_to(user).filter(course=course))
    enrolments = (
        TrainingEnrolment.objects.visible_to(user).filter(course=course).select_related("volunteer")
    )
    present = set(
        TrainingAttendance.objects.visible_to(user)
        .filter(session__course=course)
        .values_list("session_id", "volunteer_id")
    )
    rows = []
    for enrolment in enrolments:
        volunteer = enrolment.volunteer
        attended = [(s.pk, volunteer.pk) in present for s in sessions]
        count = sum(attended)
        rows.append(
            CourseRow(
                volunteer=volunteer,
                attended=attended,
                count=count,
                trained=count >= course.required_sessions,
            )
        )
    return sessions, rows


def enrollable_volunteers(*, user: AnyUser, course: TrainingCourse) -> models.QuerySet[Volunteer]:
    return (
        selectors.volunteer_list(user=user)
        .filter(municipality_id=course.municipality_id)
        .exclude(status=VolunteerStatus.ENDED)
        .exclude(training_enrolments__course=course)
    )


def person_mentor_care_panel(user: AnyUser, person: Person) -> dict[str, object] | None:
    """Her mentorships as the caseworker follows them (``people.panels``): since when, the
    first check-in and how many there were, and the end with its reason. Read through her
    caseworker's own permission to see the person, like the mentor card; nothing when she
    has had no mentor."""
    referrals = Referral.objects.visible_to(user, Permission.VIEW_PEOPLE).filter(person=person)
    mentorships = list(
        Mentorship.objects.filter(referral__in=referrals)
        .select_related("volunteer", "end")
        .annotate(first_check_in=Min("check_ins__held_on"), check_in_count=Count("check_ins"))
        .order_by("-started_on", "-pk")
    )
    return {"mentorships": mentorships} if mentorships else None
