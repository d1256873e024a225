"""Writes of partners, visits, volunteers, referrals and mentorships: check → do → log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.writes import record_save, write_municipality_id
from brobygger.partnerships.models import Municipality
from brobygger.people.models import Person

from .models import (
    Competence,
    ContactPerson,
    DeclinedMatch,
    Mentorship,
    MentorshipStatus,
    Organisation,
    Referral,
    ReferralStatus,
    Relationship,
    Review,
    Visit,
    Volunteer,
    VolunteerStatus,
    VolunteerStatusChange,
)
from .validators import normalise_cvr


@dataclass(frozen=True, kw_only=True)
class OrganisationProfileData:
    """What a partner tells of itself: who it is, what it does, offers and needs. A public
    sign-up writes only these (``signup.services``)."""

    name: str
    kind: str
    cvr: str = ""
    street: str = ""
    postal_code: str = ""
    city: str = ""
    website: str = ""
    email: str = ""
    phone: str = ""
    activities: str = ""
    target_groups: str = ""
    languages: str = ""
    offers: Iterable[Competence] = ()
    offers_text: str = ""
    needs: Iterable[Competence] = ()
    needs_text: str = ""
    internship_places: int = 0
    mentor_slots: int = 0


@dataclass(frozen=True, kw_only=True)
class OrganisationData(OrganisationProfileData):
    """What ``organisation_save`` writes: the profile, and the staff's relationship and notes."""

    relationship: str = Relationship.PROSPECT
    notes: str = ""


@dataclass(frozen=True, kw_only=True)
class ContactPersonData:
    """What ``contact_person_save`` writes: a partner's contact person."""

    name: str
    role: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, kw_only=True)
class VisitData:
    """What ``visit_record`` writes: the date, and the answers to seed 002's questions."""

    visited_on: date
    what_they_do: str = ""
    target_groups: str = ""
    new_ideas: str = ""
    challenges: str = ""
    can_contribute: str = ""
    municipality_role: str = ""
    next_step: str = ""


@dataclass(frozen=True, kw_only=True)
class VolunteerProfileData:
    """What a volunteer tells of herself: who she is, how to reach her, what she can help
    with, and for how many. A public sign-up writes only these (``signup.services``)."""

    first_name: str
    last_name: str = ""
    gender: str = ""
    phone: str = ""
    email: str = ""
    postal_code: str = ""
    languages: str
    skills: Iterable[Competence] = ()
    interests: str = ""
    availability: str = ""
    women_only: bool = False
    max_mentees: int = 1


@dataclass(frozen=True, kw_only=True)
class VolunteerData(VolunteerProfileData):
    """What ``volunteer_save`` writes: the profile, and what the volunteer coordinator keeps
    (her organisation, training, record check, status and notes)."""

    organisation: Organisation | None = None
    max_distance_km: int = 15
    trained_on: date | None = None
    record_check_on: date | None = None
    status: str = VolunteerStatus.ACTIVE
    notes: str = ""


@dataclass(frozen=True, kw_only=True)
class ReferralData:
    """What ``referral_create`` writes: what the volunteer coordinator matches a mentor by."""

    languages: str
    postal_code: str = ""
    topics: Iterable[Competence] = ()
    interests: str = ""
    wants_woman_mentor: bool = True
    note: str = ""


@transaction.atomic
def organisation_save(
    *,
    actor: User,
    data: OrganisationData,
    municipality: Municipality | None = None,
    organisation: Organisation | None = None,
) -> Organisation:
    """Add a partner in ``municipality``, or change one (it stays in its own)."""
    municipality_id = write_municipality_id(
        actor=actor, permission=Permission.MANAGE_PARTNERS, record=organisation, chosen=municipality
    )
    data = replace(data, cvr=normalise_cvr(data.cvr))
    record = organisation or Organisation(municipality_id=municipality_id, created_by=actor)
    return record_save(actor=actor, record=record, data=data)


@transaction.atomic
def contact_person_save(
    *,
    actor: User,
    organisation: Organisation,
    data: ContactPersonData,
    contact: ContactPerson | None = None,
) -> ContactPerson:
    require_permission(
        actor, Permission.MANAGE_PARTNERS, municipality_id=organisation.municipality_id
    )
    return record_save(
        actor=actor,
        record=contact or ContactPerson(organisation=organisation),
        data=data,
        municipality_id=organisation.municipality_id,
    )


@transaction.atomic
def visit_record(*, actor: User, organisation: Organisation, data: VisitData) -> Visit:
    require_permission(
        actor, Permission.MANAGE_PARTNERS, municipality_id=organisation.municipality_id
    )
    if data.visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("The date cannot be in the future.")})
    return record_save(
        actor=actor,
        record=Visit(organisation=organisation, visited_by=actor),
        data=data,
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
    )


@transaction.atomic
def volunteer_save(
    *,
    actor: User,
    data: VolunteerData,
    municipality: Municipality | None = None,
    volunteer: Volunteer | None = None,
) -> Volunteer:
    """Add a volunteer in ``municipality``, or change one (she stays in her own)."""
    municipality_id = write_municipality_id(
        actor=actor, permission=Permission.MANAGE_VOLUNTEERS, record=volunteer, chosen=municipality
    )
    record = volunteer or Volunteer(municipality_id=municipality_id, created_by=actor)
    if data.max_mentees < record.active_mentees:
        raise ValidationError(
            {
                "max_mentees": _(
                    "She has %(n)s mentees now; end a mentorship before lowering the number."
                )
                % {"n": record.active_mentees}
            }
        )
    organisation = data.organisation
    if organisation is not None and organisation.municipality_id != municipality_id:
        raise ValidationError({"organisation": _("The organisation is in another municipality.")})
    # Read from the table: a form has already copied the new status onto ``volunteer``.
    status_before = Volunteer.objects.filter(pk=record.pk).values_list("status", flat=True).first()
    saved = record_save(actor=actor, record=record, data=data)
    if saved.status != status_before:
        # Dated for the pipeline; a step with a dropout reason is recorded on her care page.
        VolunteerStatusChange.objects.create(
            volunteer=saved, status=saved.status, changed_on=timezone.localdate(), recorded_by=actor
        )
    return saved


@transaction.atomic
def referral_create(*, actor: User, person: Person, data: ReferralData) -> Referral:
    """A caseworker asks the volunteer coordinator for a mentor for this citizen."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    if Referral.objects.filter(person=person, status=ReferralStatus.WAITING).exists():
        raise ValidationError(_("She is already waiting for a mentor."))
    referral = Referral(person=person, first_name=person.first_name, referred_by=actor)
    return record_save(actor=actor, record=referral, data=data)


@transaction.atomic
def referral_withdraw(*, actor: User, referral: Referral) -> None:
    require_permission(
        actor, Permission.MANAGE_VOLUNTEERS, municipality_id=referral.person.municipality_id
    )
    record_save(
        actor=actor,
        record=referral,
        values={"status": ReferralStatus.WITHDRAWN},
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
    record_save(actor=actor, record=mentorship)
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
        record_save(actor=actor, record=declined)
