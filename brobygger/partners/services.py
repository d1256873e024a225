"""Writes of partners, visits, volunteers, referrals and mentorships: check → do → log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.writes import record_save, write_municipality_id
from brobygger.outreach.partner_picking import NewPartner
from brobygger.partnerships.models import Municipality
from brobygger.people.models import Person

from .links import name_key
from .models import (
    Competence,
    ContactPerson,
    DeclinedMatch,
    Mentorship,
    MentorshipStatus,
    Organisation,
    Referral,
    ReferralEvent,
    ReferralReason,
    ReferralStatus,
    Relationship,
    Review,
    Visit,
    Volunteer,
    VolunteerStatus,
    VolunteerStatusChange,
)
from .signals import referral_status_changed
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
    course_seats: int = 0


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
    target: Organisation | None = None
    postal_code: str = ""
    topics: Iterable[Competence] = ()
    interests: str = ""
    wants_woman_mentor: bool = True
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class ReferralStatusData:
    """What ``referral_status_set`` writes: the new status, why (required when declined or
    ended), a note, the day it happened, and for an acceptance the day agreed to follow up."""

    status: str
    occurred_on: date
    reason: str = ""
    note: str = ""
    follow_up_on: date | None = None


# The moves a referral may make; "matched" (started) is reached by a mentorship's start, or
# recorded by hand for a partner's course or place.
REFERRAL_MOVES: dict[str, frozenset[str]] = {
    ReferralStatus.WAITING: frozenset(
        {
            ReferralStatus.ACCEPTED,
            ReferralStatus.DECLINED,
            ReferralStatus.MATCHED,
            ReferralStatus.WITHDRAWN,
        }
    ),
    ReferralStatus.ACCEPTED: frozenset(
        {ReferralStatus.MATCHED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN}
    ),
    ReferralStatus.MATCHED: frozenset({ReferralStatus.ENDED}),
}


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


# A field of ``Organisation`` and the field of the inline "new partner" that fed it.
INLINE_FIELDS = {"name": "new_partner_name", "kind": "new_partner_kind", "cvr": "new_partner_cvr"}


def organisation_create_inline(actor: User, municipality_id: int, new: NewPartner) -> Organisation:
    """A partner written as "new partner" on another form (an activity, a source, an
    enrolment), in that form's transaction: its name and kind (and a company's CVR number),
    in the municipality of the record it is written on. A name the municipality's partners
    already have (the same apart from case, spaces and ApS, A/S and the like) is refused:
    the form offers that partner instead."""
    key = name_key(new.name)
    names = Organisation.objects.filter(municipality_id=municipality_id).values_list(
        "name", flat=True
    )
    existing = next((name for name in names if name_key(name) == key), None)
    if existing is not None:
        raise ValidationError(
            {
                "new_partner_name": _("%(name)s is already a partner: choose it in the list.")
                % {"name": existing}
            }
        )
    organisation = Organisation(
        municipality_id=municipality_id,
        created_by=actor,
        name=new.name,
        kind=new.kind,
        cvr=normalise_cvr(new.cvr),
        relationship=Relationship.ACTIVE,
    )
    try:
        return record_save(actor=actor, record=organisation, municipality_id=municipality_id)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {
                INLINE_FIELDS.get(name, NON_FIELD_ERRORS): errors
                for name, errors in error.error_dict.items()
            }
        ) from error


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
    """A caseworker refers this citizen to the volunteer coordinator for a mentor, or to a
    partner of her municipality; the history starts with "sent"."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    if data.target is not None and data.target.municipality_id != person.municipality_id:
        raise ValidationError({"target": _("The partner belongs to another municipality.")})
    waiting = Referral.objects.filter(
        person=person, status=ReferralStatus.WAITING, target__isnull=True
    )
    if data.target is None and waiting.exists():
        raise ValidationError(_("She is already waiting for a mentor."))
    referral = Referral(person=person, first_name=person.first_name, referred_by=actor)
    record_save(actor=actor, record=referral, data=data)
    _event_add(actor=actor, referral=referral, status=ReferralStatus.WAITING)
    return referral


def _event_add(
    *,
    actor: User | None,
    referral: Referral,
    status: str,
    reason: str = "",
    note: str = "",
    occurred_on: date | None = None,
) -> ReferralEvent:
    event = ReferralEvent(
        referral=referral,
        status=status,
        reason=reason,
        note=note,
        occurred_on=occurred_on or timezone.localdate(),
        recorded_by=actor,
    )
    event.full_clean()
    event.save()
    return event


def _referral_permission(actor: User, referral: Referral) -> None:
    """The volunteer coordinator records the answers, a mentor's or a partner's."""
    require_permission(
        actor, Permission.MANAGE_VOLUNTEERS, municipality_id=referral.person.municipality_id
    )


@transaction.atomic
def referral_status_set(
    *, actor: User, referral: Referral, data: ReferralStatusData, check: bool = True
) -> ReferralEvent:
    """Move a referral to ``data.status``, keep the move in its history, and tell the apps
    above (``signals.referral_status_changed``: her caseworker gets a task)."""
    if check:
        _referral_permission(actor, referral)
    stored = Referral.objects.select_for_update().get(pk=referral.pk)
    if data.status not in REFERRAL_MOVES.get(stored.status, frozenset()):
        raise ValidationError(
            _("A referral that is %(now)s cannot become %(new)s.")
            % {
                "now": stored.get_status_display().lower(),
                "new": ReferralStatus(data.status).label.lower(),
            }
        )
    if data.occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
    needs_reason = data.status in (ReferralStatus.DECLINED, ReferralStatus.ENDED)
    if needs_reason and not data.reason:
        raise ValidationError({"reason": _("Choose the reason.")})
    if data.reason and data.reason not in ReferralReason.values:
        raise ValidationError({"reason": _("Choose the reason.")})
    if data.status == ReferralStatus.ACCEPTED and data.follow_up_on is None:
        raise ValidationError({"follow_up_on": _("Write the day agreed to follow up.")})
    values: dict[str, object] = {
        "status": data.status,
        "reason": data.reason if needs_reason else "",
    }
    if data.status == ReferralStatus.ACCEPTED:
        values["follow_up_on"] = data.follow_up_on
    record_save(actor=actor, record=stored, values=values)
    event = _event_add(
        actor=actor,
        referral=stored,
        status=data.status,
        reason=values["reason"],  # type: ignore[arg-type]
        note=data.note,
        occurred_on=data.occurred_on,
    )
    referral.status, referral.reason = stored.status, stored.reason
    referral.follow_up_on = stored.follow_up_on
    referral_status_changed.send(sender=Referral, referral=stored, event=event, actor=actor)
    return event


@transaction.atomic
def referral_withdraw(*, actor: User, referral: Referral) -> None:
    _referral_permission(actor, referral)
    referral_status_set(
        actor=actor,
        referral=referral,
        data=ReferralStatusData(status=ReferralStatus.WITHDRAWN, occurred_on=timezone.localdate()),
        check=False,
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
    if referral.status not in (ReferralStatus.WAITING, ReferralStatus.ACCEPTED):
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
    record_save(actor=actor, record=mentorship)
    _status_move(actor, referral, ReferralStatus.MATCHED, today)
    volunteer.refresh_from_db(fields=["active_mentees"])
    return mentorship


def _status_move(
    actor: User,
    referral: Referral,
    status: str,
    day: date,
    *,
    reason: str = "",
) -> None:
    """A move that a mentorship's start or end makes, its permission already checked."""
    referral_status_set(
        actor=actor,
        referral=referral,
        data=ReferralStatusData(status=status, occurred_on=day, reason=reason),
        check=False,
    )


@transaction.atomic
def mentorship_end(
    *,
    actor: User,
    mentorship: Mentorship,
    ended_on: date,
    reason: str = ReferralReason.OTHER,
) -> None:
    """End a mentorship: the volunteer's place is freed and her referral ends with
    ``reason`` (her caseworker is told through a task)."""
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
    referral = mentorship.referral
    if referral.status == ReferralStatus.MATCHED:
        _status_move(actor, referral, ReferralStatus.ENDED, ended_on, reason=reason)


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
