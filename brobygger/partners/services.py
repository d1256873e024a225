"""Writes of partners, visits, volunteers, referrals and mentorships: check → do → log."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.writes import record_save
from brobygger.people.models import Person

from .models import (
    ContactPerson,
    DeclinedMatch,
    Mentorship,
    MentorshipStatus,
    Organisation,
    Referral,
    ReferralStatus,
    Review,
    Visit,
    Volunteer,
)
from .validators import normalise_cvr

ORGANISATION_FIELDS = (
    "name",
    "kind",
    "cvr",
    "street",
    "postal_code",
    "city",
    "website",
    "email",
    "phone",
    "activities",
    "target_groups",
    "languages",
    "offers_text",
    "needs_text",
    "internship_places",
    "mentor_slots",
    "relationship",
    "notes",
)
VISIT_FIELDS = (
    "visited_on",
    "what_they_do",
    "target_groups",
    "new_ideas",
    "challenges",
    "can_contribute",
    "municipality_role",
    "next_step",
)
VOLUNTEER_FIELDS = (
    "organisation",
    "first_name",
    "last_name",
    "gender",
    "phone",
    "email",
    "postal_code",
    "languages",
    "interests",
    "availability",
    "max_distance_km",
    "women_only",
    "max_mentees",
    "trained_on",
    "record_check_on",
    "status",
    "notes",
)
REFERRAL_FIELDS = ("languages", "postal_code", "interests", "wants_woman_mentor", "note")


def _set_many(record: Any, values: Mapping[str, Any], names: Iterable[str]) -> None:
    for name in names:
        if name in values:
            getattr(record, name).set(values[name])


@transaction.atomic
def organisation_save(
    *,
    actor: User,
    municipality_id: int,
    values: Mapping[str, Any],
    organisation: Organisation | None = None,
) -> Organisation:
    require_permission(actor, Permission.MANAGE_PARTNERS, municipality_id=municipality_id)
    values = {**values, "cvr": normalise_cvr(values.get("cvr", "") or "")}
    record = organisation or Organisation(municipality_id=municipality_id, created_by=actor)
    saved = record_save(actor=actor, record=record, values=values, fields=ORGANISATION_FIELDS)
    _set_many(saved, values, ("offers", "needs"))
    return saved


@transaction.atomic
def contact_person_save(
    *,
    actor: User,
    organisation: Organisation,
    values: Mapping[str, Any],
    contact: ContactPerson | None = None,
) -> ContactPerson:
    require_permission(
        actor, Permission.MANAGE_PARTNERS, municipality_id=organisation.municipality_id
    )
    return record_save(
        actor=actor,
        record=contact or ContactPerson(organisation=organisation),
        values=values,
        fields=("name", "role", "phone", "email"),
        municipality_id=organisation.municipality_id,
    )


@transaction.atomic
def visit_record(*, actor: User, organisation: Organisation, values: Mapping[str, Any]) -> Visit:
    require_permission(
        actor, Permission.MANAGE_PARTNERS, municipality_id=organisation.municipality_id
    )
    if values.get("visited_on") and values["visited_on"] > timezone.localdate():
        raise ValidationError({"visited_on": _("The date cannot be in the future.")})
    return record_save(
        actor=actor,
        record=Visit(organisation=organisation, visited_by=actor),
        values=values,
        fields=VISIT_FIELDS,
    )


@transaction.atomic
def review_decide(*, actor: User, record: Organisation | Volunteer, approve: bool) -> None:
    """Staff approve (or reject) a public sign-up before it shows anywhere."""
    require_permission(
        actor,
        Permission.MANAGE_VOLUNTEERS
        if isinstance(record, Volunteer)
        else Permission.MANAGE_PARTNERS,
        municipality_id=record.municipality_id,
    )
    record_save(
        actor=actor,
        record=record,
        values={"review": Review.APPROVED if approve else Review.REJECTED},
        fields=("review",),
    )


@transaction.atomic
def volunteer_save(
    *,
    actor: User,
    municipality_id: int,
    values: Mapping[str, Any],
    volunteer: Volunteer | None = None,
) -> Volunteer:
    require_permission(actor, Permission.MANAGE_VOLUNTEERS, municipality_id=municipality_id)
    record = volunteer or Volunteer(municipality_id=municipality_id, created_by=actor)
    max_mentees = values.get("max_mentees")
    if max_mentees is not None and max_mentees < record.active_mentees:
        raise ValidationError(
            {
                "max_mentees": _(
                    "She has %(n)s mentees now; end a mentorship before lowering the number."
                )
                % {"n": record.active_mentees}
            }
        )
    organisation = values.get("organisation")
    if organisation is not None and organisation.municipality_id != municipality_id:
        raise ValidationError({"organisation": _("The organisation is in another municipality.")})
    saved = record_save(actor=actor, record=record, values=values, fields=VOLUNTEER_FIELDS)
    _set_many(saved, values, ("skills",))
    return saved


@transaction.atomic
def referral_create(*, actor: User, person: Person, values: Mapping[str, Any]) -> Referral:
    """A caseworker asks the volunteer coordinator for a mentor for this citizen."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    if Referral.objects.filter(person=person, status=ReferralStatus.WAITING).exists():
        raise ValidationError(_("She is already waiting for a mentor."))
    referral = Referral(person=person, first_name=person.first_name, referred_by=actor)
    saved = record_save(actor=actor, record=referral, values=values, fields=REFERRAL_FIELDS)
    _set_many(saved, values, ("topics",))
    return saved


@transaction.atomic
def referral_withdraw(*, actor: User, referral: Referral) -> None:
    require_permission(
        actor, Permission.MANAGE_VOLUNTEERS, municipality_id=referral.person.municipality_id
    )
    record_save(
        actor=actor,
        record=referral,
        values={"status": ReferralStatus.WITHDRAWN},
        fields=("status",),
    )


class MatchRefused(ValidationError):
    """The proposal can no longer be accepted (taken meanwhile, or no longer allowed)."""


@transaction.atomic
def mentorship_start(
    *,
    actor: User,
    volunteer: Volunteer,
    referral: Referral,
    score: float | None = None,
    reasons: list[dict[str, Any]] | None = None,
    today: date | None = None,
) -> Mentorship:
    """Accept a proposal. The volunteer's free slot is taken with one conditional UPDATE, so
    two coordinators accepting at once cannot give her more mentees than she offered (the
    check constraint would refuse it too), and a citizen gets one active mentor (a unique
    constraint)."""
    municipality_id = volunteer.municipality_id
    require_permission(actor, Permission.MANAGE_VOLUNTEERS, municipality_id=municipality_id)
    today = today or timezone.localdate()
    if referral.person.municipality_id != municipality_id:
        raise MatchRefused(_("The volunteer and the citizen are in different municipalities."))
    if referral.status != ReferralStatus.WAITING:
        raise MatchRefused(_("She is no longer waiting for a mentor."))
    from .matching import blocking_reason

    blocked = blocking_reason(volunteer, today=today)
    if blocked:
        raise MatchRefused(blocked)
    taken = Volunteer.objects.filter(pk=volunteer.pk, active_mentees__lt=F("max_mentees")).update(
        active_mentees=F("active_mentees") + 1
    )
    if not taken:
        raise MatchRefused(_("%(name)s has no free mentee slot any more.") % {"name": volunteer})
    try:
        with transaction.atomic():
            mentorship = Mentorship.objects.create(
                volunteer=volunteer,
                referral=referral,
                started_on=today,
                score=score,
                reasons=reasons or [],
                created_by=actor,
            )
    except IntegrityError:
        raise MatchRefused(_("She has just been given a mentor by someone else.")) from None
    Referral.objects.filter(pk=referral.pk).update(status=ReferralStatus.MATCHED)
    record_save(actor=actor, record=mentorship, values={}, fields=())
    volunteer.refresh_from_db(fields=["active_mentees"])
    return mentorship


@transaction.atomic
def mentorship_end(*, actor: User, mentorship: Mentorship, ended_on: date) -> None:
    volunteer = mentorship.volunteer
    require_permission(
        actor, Permission.MANAGE_VOLUNTEERS, municipality_id=volunteer.municipality_id
    )
    if mentorship.status != MentorshipStatus.ACTIVE:
        raise ValidationError(_("The mentorship has already ended."))
    if ended_on < mentorship.started_on:
        raise ValidationError({"ended_on": _("The end cannot be before the start.")})
    record_save(
        actor=actor,
        record=mentorship,
        values={"status": MentorshipStatus.ENDED, "ended_on": ended_on},
        fields=("status", "ended_on"),
    )
    Volunteer.objects.filter(pk=volunteer.pk, active_mentees__gt=0).update(
        active_mentees=F("active_mentees") - 1
    )


@transaction.atomic
def proposal_decline(*, actor: User, volunteer: Volunteer, referral: Referral) -> None:
    require_permission(
        actor, Permission.MANAGE_VOLUNTEERS, municipality_id=volunteer.municipality_id
    )
    if referral.person.municipality_id != volunteer.municipality_id:
        raise ValidationError(_("The volunteer and the citizen are in different municipalities."))
    declined, created = DeclinedMatch.objects.get_or_create(
        volunteer=volunteer, referral=referral, defaults={"declined_by": actor}
    )
    if created:
        record_save(actor=actor, record=declined, values={}, fields=())
