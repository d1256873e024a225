"""Reads of cooperation agreements and status meetings, through the access policy
(``Permission.MANAGE_PARTNERS`` in the agreement's municipality)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.utils import timezone

from brobygger.accounts.access import AnyUser, get_visible_or_404
from brobygger.partners.models import Organisation, Review

from .models import (
    Agreement,
    AgreementStatus,
    CalendarToken,
    Party,
    StatusMeeting,
    calendar_token_hash,
)

# The start page reminds of the meetings of the next two weeks (and of those overdue).
DUE_WITHIN_DAYS = 14
# The calendar feed carries the meetings from a year back on.
CALENDAR_DAYS_BACK = 365


def agreement_list(*, user: AnyUser, status: str = "") -> models.QuerySet[Agreement]:
    agreements = (
        Agreement.objects.visible_to(user)
        .select_related("municipality")
        .prefetch_related("parties__organisation")
    )
    return agreements.filter(status=status) if status else agreements


def agreement_get(*, user: AnyUser, pk: int) -> Agreement:
    return get_visible_or_404(
        Agreement.objects.visible_to(user).select_related("municipality", "created_by"),
        user=user,
        pk=pk,
    )


def agreement_parties(*, agreement: Agreement) -> list[Party]:
    return list(agreement.parties.select_related("organisation"))


def party_choices(
    *, user: AnyUser, municipality_id: int | None = None
) -> models.QuerySet[Organisation]:
    """The partners the user may name as parties (approved, in her municipalities)."""
    organisations = (
        Organisation.objects.visible_to(user)
        .filter(review=Review.APPROVED)
        .select_related("municipality")
    )
    if municipality_id is not None:
        organisations = organisations.filter(municipality_id=municipality_id)
    return organisations


def meeting_get(*, user: AnyUser, pk: int) -> StatusMeeting:
    return get_visible_or_404(
        StatusMeeting.objects.visible_to(user).select_related(
            "agreement", "agreement__municipality"
        ),
        user=user,
        pk=pk,
    )


def meetings_due(
    *, user: AnyUser, today: date, within_days: int = DUE_WITHIN_DAYS
) -> list[StatusMeeting]:
    """Meetings not yet held of the user's active agreements: overdue ones and those of the
    next ``within_days`` days, oldest first."""
    return list(
        StatusMeeting.objects.visible_to(user)
        .filter(
            held=False,
            agreement__status=AgreementStatus.ACTIVE,
            date__lte=today + timedelta(days=within_days),
        )
        .select_related("agreement")
        .order_by("date", "time", "pk")[:50]
    )


def calendar_meetings(*, user: AnyUser, today: date) -> models.QuerySet[StatusMeeting]:
    """What the user's calendar feed carries: the meetings of the agreements she may see now
    (the access policy is asked again on every request), drafts excluded."""
    return (
        StatusMeeting.objects.visible_to(user)
        .filter(
            agreement__status__in=[AgreementStatus.ACTIVE, AgreementStatus.ENDED],
            date__gte=today - timedelta(days=CALENDAR_DAYS_BACK),
        )
        .select_related("agreement")
        .order_by("date", "time", "pk")
    )


def calendar_token_of(*, user: AnyUser) -> CalendarToken | None:
    if not user.is_authenticated:
        return None
    return CalendarToken.objects.filter(user_id=user.pk).first()


def calendar_token_find(*, token: str) -> CalendarToken | None:
    """The token's record when it exists, has not expired and its user is still active; None
    otherwise. Found by the secret's hash: the secret itself is not stored."""
    if not token or len(token) > 64:
        return None
    return (
        CalendarToken.objects.select_related("user")
        .filter(
            token_hash=calendar_token_hash(token),
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )
