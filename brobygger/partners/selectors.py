"""Reads of partners, volunteers, referrals and mentorships, through the access policy."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Count, Q

from brobygger.accounts.access import AnyUser, get_visible_or_404

from .models import (
    DeclinedMatch,
    Mentorship,
    MentorshipStatus,
    Organisation,
    Referral,
    ReferralStatus,
    Review,
    Volunteer,
    VolunteerStatus,
)


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
            status=ReferralStatus.WAITING,
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
