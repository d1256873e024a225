"""Reads for public sign-ups: the municipalities that take them, and the pending records a
member of staff may review (partners with MANAGE_PARTNERS, volunteers with MANAGE_VOLUNTEERS,
in her municipalities)."""

from __future__ import annotations

from django.db import models
from django.http import Http404

from brobygger.accounts.access import AnyUser, Permission, get_visible_or_404, scope_for
from brobygger.accounts.selectors import municipalities_where
from brobygger.partners.models import Organisation, Review, Volunteer
from brobygger.partners.selectors import organisation_get
from brobygger.partnerships.models import Municipality

from .models import Signup


def signup_municipality(*, code: str) -> Municipality:
    """The municipality of a public sign-up link: one that uses Brobygger (a member of a
    partnership, or with staff of its own); any other code is a 404."""
    municipality = (
        Municipality.objects.filter(code=code)
        .filter(models.Q(partnerships__isnull=False) | models.Q(memberships__isnull=False))
        .distinct()
        .first()
    )
    if municipality is None:
        raise Http404
    return municipality


def review_municipalities(*, user: AnyUser) -> models.QuerySet[Municipality]:
    """Where the user reviews sign-ups of partners, of volunteers, or both."""
    return municipalities_where(user, Permission.MANAGE_PARTNERS) | municipalities_where(
        user, Permission.MANAGE_VOLUNTEERS
    )


def may_review(user: AnyUser) -> bool:
    return not (
        scope_for(user, Permission.MANAGE_PARTNERS).is_empty
        and scope_for(user, Permission.MANAGE_VOLUNTEERS).is_empty
    )


def pending_organisations(*, user: AnyUser) -> models.QuerySet[Organisation]:
    return (
        Organisation.objects.visible_to(user)
        .filter(review=Review.PENDING)
        .select_related("municipality", "signup")
        .prefetch_related("contacts", "offers", "needs")
        .order_by("created_at", "pk")
    )


def pending_volunteers(*, user: AnyUser) -> models.QuerySet[Volunteer]:
    return (
        Volunteer.objects.visible_to(user)
        .filter(review=Review.PENDING)
        .select_related("municipality", "signup")
        .prefetch_related("skills")
        .order_by("created_at", "pk")
    )


def pending_count(*, user: AnyUser) -> int:
    return pending_organisations(user=user).count() + pending_volunteers(user=user).count()


def pending_organisation_get(*, user: AnyUser, pk: int) -> Organisation:
    """A pending partner of the user's municipalities. Another municipality's is a 404 (and
    a refused attempt in the access log); a decided one is a 404 too, as it is no longer in
    the queue."""
    organisation = get_visible_or_404(Organisation.objects.visible_to(user), user=user, pk=pk)
    if organisation.review != Review.PENDING:
        raise Http404
    return pending_organisations(user=user).get(pk=organisation.pk)


def pending_volunteer_get(*, user: AnyUser, pk: int) -> Volunteer:
    volunteer = get_visible_or_404(Volunteer.objects.visible_to(user), user=user, pk=pk)
    if volunteer.review != Review.PENDING:
        raise Http404
    return pending_volunteers(user=user).get(pk=volunteer.pk)


def partner_signup(*, user: AnyUser, organisation_id: int) -> tuple[Organisation, Signup]:
    """An approved partner that came in through the public form, with its sign-up (the
    questionnaire's answers); a partner added by staff has none, and is a 404 here."""
    organisation = organisation_get(user=user, pk=organisation_id)
    signup = Signup.objects.filter(organisation=organisation).first()
    if signup is None:
        raise Http404
    return organisation, signup


def partner_answers(organisation: Organisation) -> Signup | None:
    """The sign-up of a partner the caller already holds (from the access policy)."""
    return Signup.objects.filter(organisation=organisation).first()
