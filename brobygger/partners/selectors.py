"""Reads of partners, volunteers, referrals and mentorships, through the access policy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Count, Q

from brobygger.accounts.access import AnyUser, Permission, get_visible_or_404

from .models import (
    OPEN_REFERRAL_STATUSES,
    DeclinedMatch,
    Mentorship,
    MentorshipStatus,
    Organisation,
    Referral,
    ReferralEvent,
    ReferralReason,
    ReferralStatus,
    Review,
    Volunteer,
    VolunteerStatus,
)

if TYPE_CHECKING:
    from brobygger.people.models import Person


def organisation_list(
    *, user: AnyUser, query: str = "", kind: str = "", relationship: str = ""
) -> models.QuerySet[Organisation]:
    organisations = (
        Organisation.objects.visible_to(user)
        .filter(review=Review.APPROVED)
        .select_related("municipality")
        .annotate(visit_count=Count("visits", distinct=True))
    )
    if query:
        organisations = organisations.filter(
            Q(name__icontains=query)
            | Q(activities__icontains=query)
            | Q(offers_text__icontains=query)
            | Q(needs_text__icontains=query)
        )
    if kind:
        organisations = organisations.filter(kind=kind)
    if relationship:
        organisations = organisations.filter(relationship=relationship)
    return organisations


def partners_offered(municipality_ids: Iterable[int]) -> models.QuerySet[Organisation]:
    """The approved partners of these municipalities, to choose on a form (an activity's
    partner, the partner she was found through, an enrolment's provider): their names
    only, for whoever may write that form."""
    return (
        Organisation.objects.filter(municipality_id__in=list(municipality_ids))
        .filter(review=Review.APPROVED)
        .select_related("municipality")
        .only("pk", "name", "municipality_id", "municipality__name")
    )


def organisation_get(*, user: AnyUser, pk: int) -> Organisation:
    """An approved partner; a public sign-up waiting for review is opened only from the
    review queue."""
    organisations = Organisation.objects.visible_to(user).filter(review=Review.APPROVED)
    return get_visible_or_404(organisations.select_related("municipality"), user=user, pk=pk)


def pending_signups(*, user: AnyUser) -> tuple[list[Organisation], list[Volunteer]]:
    organisations = list(Organisation.objects.visible_to(user).filter(review=Review.PENDING))
    volunteers = list(Volunteer.objects.visible_to(user).filter(review=Review.PENDING))
    return organisations, volunteers


def volunteer_list(*, user: AnyUser, status: str = "") -> models.QuerySet[Volunteer]:
    volunteers = (
        Volunteer.objects.visible_to(user)
        .filter(review=Review.APPROVED)
        .select_related("municipality", "organisation")
    )
    return volunteers.filter(status=status) if status else volunteers


def volunteer_get(*, user: AnyUser, pk: int) -> Volunteer:
    """An approved volunteer (a pending sign-up is opened from the review queue)."""
    volunteers = Volunteer.objects.visible_to(user).filter(review=Review.APPROVED)
    return get_visible_or_404(
        volunteers.select_related("municipality", "organisation"), user=user, pk=pk
    )


def available_mentors(*, user: AnyUser, municipality_id: int) -> models.QuerySet[Volunteer]:
    """Active, approved volunteers of one municipality with a free slot; whether a record
    check or training blocks them is decided by ``matching.blocking_reason``."""
    return (
        volunteer_list(user=user, status=VolunteerStatus.ACTIVE)
        .filter(municipality_id=municipality_id, active_mentees__lt=models.F("max_mentees"))
        .prefetch_related("skills")
    )


def waiting_referrals(*, user: AnyUser, municipality_id: int) -> models.QuerySet[Referral]:
    return (
        Referral.objects.visible_to(user)
        .filter(
            status__in=[ReferralStatus.WAITING, ReferralStatus.ACCEPTED],
            target__isnull=True,
            person__municipality_id=municipality_id,
            person__merged_into__isnull=True,
        )
        .select_related("person")
    )


def referral_get(*, user: AnyUser, pk: int) -> Referral:
    return get_visible_or_404(
        Referral.objects.visible_to(user).select_related("person"), user=user, pk=pk
    )


def mentorship_list(*, user: AnyUser, active_on: date | None = None) -> models.QuerySet[Mentorship]:
    mentorships = Mentorship.objects.visible_to(user).select_related("volunteer", "referral")
    if active_on is not None:
        mentorships = mentorships.filter(status=MentorshipStatus.ACTIVE)
    return mentorships


def mentorship_get(*, user: AnyUser, pk: int) -> Mentorship:
    return get_visible_or_404(
        Mentorship.objects.visible_to(user).select_related("volunteer", "referral"),
        user=user,
        pk=pk,
    )


def declined_pairs(*, municipality_id: int) -> set[tuple[int, int]]:
    """(volunteer id, referral id) of the proposals declined in this municipality."""
    return set(
        DeclinedMatch.objects.filter(volunteer__municipality_id=municipality_id).values_list(
            "volunteer_id", "referral_id"
        )
    )


@dataclass(frozen=True)
class PersonMentoring:
    """What her page shows of the mentor side: her mentorships (the mentor's name and
    contact, start and end) and her referrals with their history."""

    mentorships: list[Mentorship]
    referrals: list[Referral]


def person_mentoring(*, user: AnyUser, person: Person) -> PersonMentoring:
    """Her mentors and her referrals (to the volunteer coordinator or a partner), each with
    its status history, for whoever may see her. Referrals and mentorships are otherwise the
    volunteer coordinator's (``MANAGE_VOLUNTEERS``); her caseworker sees them through her
    own permission to see the person, in the person's municipality."""
    referrals = Referral.objects.visible_to(user, Permission.VIEW_PEOPLE).filter(person=person)
    events = ReferralEvent.objects.visible_to(user, Permission.VIEW_PEOPLE).select_related(
        "recorded_by"
    )
    return PersonMentoring(
        mentorships=list(
            Mentorship.objects.visible_to(user, Permission.VIEW_PEOPLE)
            .filter(referral__in=referrals)
            .select_related("volunteer")
        ),
        referrals=list(
            referrals.select_related("referred_by", "target")
            .prefetch_related(models.Prefetch("events", queryset=events))
            .order_by("-created_at", "-id")
        ),
    )


def person_mentoring_panel(user: AnyUser, person: Person) -> dict[str, PersonMentoring]:
    """The mentor and referrals card of her page (``people.panels``)."""
    return {"mentoring": person_mentoring(user=user, person=person)}


def referrals_sent_by(*, user: AnyUser) -> models.QuerySet[Referral]:
    """The referrals she sent that are still under way (sent, accepted, started), for her
    work list."""
    return (
        Referral.objects.visible_to(user, Permission.VIEW_PEOPLE)
        .filter(
            referred_by_id=user.pk,
            status__in=OPEN_REFERRAL_STATUSES,
            person__merged_into__isnull=True,
        )
        .select_related("person", "target")
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class ReasonCount:
    status: str
    reason: str
    count: int

    @property
    def status_label(self) -> str:
        return str(ReferralStatus(self.status).label)

    @property
    def reason_label(self) -> str:
        return str(ReferralReason(self.reason).label) if self.reason else ""


def referral_overview(
    *, user: AnyUser, municipality_id: int
) -> tuple[list[Referral], list[ReasonCount]]:
    """A municipality's referrals under way (to the volunteer coordinator and to partners),
    and how many were declined and ended, by reason (each referral counted once, by its
    present status)."""
    referrals = Referral.objects.visible_to(user).filter(person__municipality_id=municipality_id)
    open_referrals = list(
        referrals.filter(status__in=OPEN_REFERRAL_STATUSES)
        .select_related("target", "referred_by")
        .order_by("created_at", "id")
    )
    counts = [
        ReasonCount(status=row["status"], reason=row["reason"], count=row["n"])
        for row in referrals.filter(status__in=[ReferralStatus.DECLINED, ReferralStatus.ENDED])
        .values("status", "reason")
        .annotate(n=Count("id"))
        .order_by("status", "-n", "reason")
    ]
    return open_referrals, counts
