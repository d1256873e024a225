"""Writes of public sign-ups: a pending volunteer or partner with its consent and answers, and
the staff's decision on it.

Data minimisation on rejection: a rejected sign-up has no purpose left (GDPR art. 5(1)(c) and
(e)), so it is deleted, with everything that came with it (contact persons, the answers, the
consent record, a volunteer's skills) and with the field history the change log kept of it
(django-auditlog copies every field it saves). What remains is the access log: who created,
viewed, rejected and deleted which record id, when, without its content."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.audit.writes import record_save
from brobygger.core.inputs import as_values
from brobygger.partners.models import (
    ContactPerson,
    Organisation,
    Relationship,
    Review,
    Volunteer,
    VolunteerStatus,
)
from brobygger.partners.services import (
    ContactPersonData,
    OrganisationProfileData,
    VolunteerProfileData,
    review_decide,
)
from brobygger.partners.validators import normalise_cvr
from brobygger.partnerships.models import Municipality

from .models import Signup, SignupKind


def _signup(
    *, kind: str, language: str, consent_text: str, answers: Mapping[str, str], **record: Any
) -> Signup:
    signup = Signup(
        kind=kind,
        language=language,
        consent_text=consent_text,
        consent_given_at=timezone.now(),
        answers=dict(answers),
        **record,
    )
    signup.full_clean()
    signup.save()
    return signup


@transaction.atomic
def volunteer_signup(
    *,
    municipality: Municipality,
    data: VolunteerProfileData,
    language: str,
    consent_text: str,
) -> Volunteer:
    """A volunteer signs up: she waits for review, as "applied" (the volunteer coordinator
    makes her active after the record check and the mentor training). She writes only her
    profile, never what the coordinator keeps."""
    values = as_values(data)
    del values["skills"]  # set once she is saved
    volunteer = Volunteer(
        municipality=municipality,
        review=Review.PENDING,
        status=VolunteerStatus.APPLIED,
        consent_given_on=timezone.localdate(),
        **values,
    )
    volunteer.full_clean()
    volunteer.save()
    volunteer.skills.set(data.skills)
    _signup(
        kind=SignupKind.VOLUNTEER,
        volunteer=volunteer,
        language=language,
        consent_text=consent_text,
        answers={},
    )
    access_record(user=None, action=AccessAction.CREATE, obj=volunteer, purpose="signup:volunteer")
    return volunteer


@transaction.atomic
def organisation_signup(
    *,
    municipality: Municipality,
    kind: str,
    data: OrganisationProfileData,
    contact: ContactPersonData,
    answers: Mapping[str, str],
    language: str,
    consent_text: str,
) -> Organisation:
    """An association or a company signs up: a partner waiting for review, its contact
    person, the questionnaire's answers and the consent. It writes only its profile, never
    the staff's relationship or notes."""
    values = as_values(data)
    del values["offers"], values["needs"]  # set once it is saved
    organisation = Organisation(
        municipality=municipality,
        review=Review.PENDING,
        signed_up_publicly=True,
        relationship=Relationship.PROSPECT,
        **values,
    )
    organisation.cvr = normalise_cvr(organisation.cvr)
    organisation.full_clean()
    organisation.save()
    organisation.offers.set(data.offers)
    organisation.needs.set(data.needs)
    person = ContactPerson(organisation=organisation, **as_values(contact))
    person.full_clean()
    person.save()
    _signup(
        kind=kind,
        organisation=organisation,
        language=language,
        consent_text=consent_text,
        answers=answers,
    )
    access_record(user=None, action=AccessAction.CREATE, obj=organisation, purpose=f"signup:{kind}")
    return organisation


class AlreadyDecided(ValidationError):
    """Someone else approved or rejected the sign-up meanwhile."""


@transaction.atomic
def signup_decide(*, actor: User, record: Organisation | Volunteer, approve: bool) -> None:
    """Approve a pending sign-up (it shows among the partners or volunteers from now on), or
    reject it (it is deleted, see the module's docstring). The permission is checked by
    ``partners.services.review_decide``: partners need MANAGE_PARTNERS, volunteers
    MANAGE_VOLUNTEERS, in the record's municipality."""
    model = type(record)
    locked = model.objects.select_for_update().filter(pk=record.pk, review=Review.PENDING).first()
    if locked is None:
        raise AlreadyDecided(_("Someone has already decided on this sign-up."))
    review_decide(actor=actor, record=locked, approve=approve)
    if not approve:
        _erase(actor=actor, record=locked)


def _erase(*, actor: User, record: Organisation | Volunteer) -> None:
    access_record(user=actor, action=AccessAction.DELETE, obj=record, purpose="signup:reject")
    LogEntry.objects.get_for_object(record).delete()
    try:
        with transaction.atomic(), disable_auditlog():
            record.delete()
    except ProtectedError:
        raise ValidationError(
            _("Other records refer to this sign-up; it cannot be rejected any more.")
        ) from None


@transaction.atomic
def signup_answers_save(*, actor: User, signup: Signup, answers: Mapping[str, str]) -> Signup:
    """Staff change an approved partner's answers to its questionnaire (what it wants from a
    cooperation, its "appetitvækker"). The consent as given stays as it was."""
    organisation = signup.organisation
    if organisation is None:
        raise ValidationError(_("A volunteer's sign-up has no questionnaire."))
    require_permission(
        actor, Permission.MANAGE_PARTNERS, municipality_id=organisation.municipality_id
    )
    return record_save(
        actor=actor,
        record=signup,
        values={"answers": dict(answers)},
        municipality_id=organisation.municipality_id,
    )
