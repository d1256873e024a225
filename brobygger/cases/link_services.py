"""Writes of the referral link (issue 17): staff make and revoke links; a referrer without a
login hands a woman over through one (she arrives as identified, credited to the link's
department or partner, with her consent to be contacted and a task for the municipality);
the referrers are reminded of their link on the municipality's schedule."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import Role, User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.audit.writes import record_save
from brobygger.core.crypto import decrypt, encrypt, lookup_hash
from brobygger.outreach.models import OutreachMethod
from brobygger.partners.models import Organisation
from brobygger.partnerships.models import Municipality
from brobygger.people.models import Person
from brobygger.people.services import Consent, NewPerson, Origin, person_build, person_create

from .link_models import REMINDER_DAYS, ReferralLink, ReminderSchedule
from .models import Task, TaskSource
from .selectors import assignable_users

# The purpose that keys the hash of a link's secret (not a secret itself).
TOKEN_PURPOSE = "referral-link"  # noqa: S105  # nosec B105


def token_hash(token: str) -> str:
    return lookup_hash(token, purpose=TOKEN_PURPOSE)


@dataclass(frozen=True, kw_only=True)
class LinkData:
    """What ``link_create`` writes: whose link it is (a department or a partner), the method
    credited, who contacts the people referred and within how many days, when it expires,
    and whom to remind how often."""

    label: str
    method: OutreachMethod
    owner: User
    department: str = ""
    organisation: Organisation | None = None
    contact_within_days: int = 5
    expires_on: date | None = None
    referrer_email: str = ""
    reminder_schedule: str = ReminderSchedule.NONE


@dataclass(frozen=True, kw_only=True)
class LinkReferral:
    """What a referrer sends through a link: who she is, the woman's name and how to reach
    her, what she needs, and the confirmation that she agreed to be contacted (when, how,
    and who asked her)."""

    referrer_name: str
    referrer_organisation: str
    first_name: str
    last_name: str = ""
    phone: str = ""
    email: str = ""
    needs: str = ""
    consent_confirmed: bool
    consent_given_on: date | None = None
    consent_method: str = ""
    consent_taken_by: str = ""
    receipt_email: str = ""


@transaction.atomic
def link_create(
    *, actor: User, municipality: Municipality, data: LinkData
) -> tuple[ReferralLink, str]:
    """A new link of ``municipality``, and its secret address part (shown to staff, kept
    only as a hash to find it and encrypted to print it again)."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=municipality.pk)
    if not data.department.strip() and data.organisation is None:
        raise ValidationError({"department": _("Write the department, or choose a partner.")})
    if data.organisation is not None and data.organisation.municipality_id != municipality.pk:
        raise ValidationError({"organisation": _("The partner belongs to another municipality.")})
    if not assignable_users(municipality_id=municipality.pk).filter(pk=data.owner.pk).exists():
        raise ValidationError({"owner": _("Choose a staff member of the municipality.")})
    if data.expires_on is not None and data.expires_on < timezone.localdate():
        raise ValidationError({"expires_on": _("The date cannot be in the past.")})
    token = secrets.token_urlsafe(12)
    link = ReferralLink(
        municipality=municipality,
        token_hash=token_hash(token),
        token_ciphertext=encrypt(token),
        created_by=actor,
    )
    return record_save(actor=actor, record=link, data=data), token


def link_token(link: ReferralLink) -> str:
    """The secret part of the link's address, for staff who print it."""
    return decrypt(link.token_ciphertext)


def link_path(link: ReferralLink) -> str:
    """The link's address on the site (the public form)."""
    return reverse("referral-link:form", kwargs={"token": link_token(link)})


@transaction.atomic
def link_revoke(*, actor: User, link: ReferralLink) -> ReferralLink:
    """The link stops working at once; what came through it stays."""
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=link.municipality_id)
    if link.revoked_at is None:
        link.revoked_at, link.revoked_by = timezone.now(), actor
        link.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        access_record(user=actor, action=AccessAction.CHANGE, obj=link)
    return link


def link_usable(token: str, *, today: date | None = None) -> ReferralLink | None:
    """The link of this address if it works today; None for a revoked, expired or unknown
    one (the public page answers all three alike)."""
    if not token or len(token) > 64:
        return None
    link = (
        ReferralLink.objects.select_related("municipality", "organisation", "method", "owner")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if link is None or not link.usable_on(today or timezone.localdate()):
        return None
    return link


def _contact_assignee(link: ReferralLink) -> User | None:
    """The link's owner, or else a municipal lead, or else anyone who works with people in
    the municipality: the first of them still active there."""
    staff = assignable_users(municipality_id=link.municipality_id)
    owner = staff.filter(pk=link.owner_id).first()
    if owner is not None:
        return owner
    lead = staff.filter(memberships__role=Role.MUNICIPAL_LEAD).first()
    return lead or staff.first()


def _checked(data: LinkReferral, today: date) -> None:
    if not data.consent_confirmed:
        raise ValidationError(
            {
                "consent_confirmed": _(
                    "Confirm that she agreed to be contacted by the municipality. Without her "
                    "consent we cannot receive the referral."
                )
            }
        )
    if data.consent_given_on is None:
        raise ValidationError({"consent_given_on": _("Write when she agreed.")})
    if data.consent_given_on > today:
        raise ValidationError({"consent_given_on": _("The date cannot be in the future.")})
    if not data.consent_method:
        raise ValidationError({"consent_method": _("Choose how she agreed.")})
    if not data.phone and not data.email:
        raise ValidationError({"phone": _("Write her phone number or her e-mail.")})


@transaction.atomic
def link_referral_submit(*, link: ReferralLink, data: LinkReferral) -> Person:
    """A woman handed over through ``link``: she is registered as identified (the data came
    from the referrer, so she must be informed within a month), with her consent to be
    contacted, credited to the link's method and its department or partner, and a task for
    the municipality to contact her within the link's days. Nothing is saved without the
    confirmation of her consent."""
    today = timezone.localdate()
    if not link.usable_on(today):
        raise ValidationError(_("The link is not in use."))
    _checked(data, today)
    assignee = _contact_assignee(link)
    if assignee is None:
        raise ValidationError(_("The municipality cannot receive referrals right now."))
    with translation.override(settings.LANGUAGE_CODE):
        referrer = f"{data.referrer_name}, {data.referrer_organisation}"
        scope = _(
            "To be contacted by the municipality about job, education and activities; "
            "referred by %(referrer)s; asked by %(taken_by)s."
        ) % {"referrer": referrer, "taken_by": data.consent_taken_by or data.referrer_name}
        notes = _(
            "Referred through the link %(link)s by %(referrer)s. What she needs: %(needs)s"
        ) % {
            "link": link.label,
            "referrer": referrer,
            "needs": data.needs or "–",
        }
        title = _("Contact %(name)s: referred by %(source)s") % {
            "name": data.first_name,
            "source": link.source_name,
        }
    person = person_build(
        NewPerson(
            first_name=data.first_name,
            last_name=data.last_name,
            phone=data.phone,
            email=data.email,
        ),
        municipality=link.municipality,
        from_third_party=True,
        consent=Consent(
            given_on=data.consent_given_on,  # type: ignore[arg-type]
            method=data.consent_method,
            scope=scope[:500],
        ),
        today=today,
    )
    person.notes = notes[:20_000]
    origin = Origin(
        method=link.method,
        partner=link.organisation,
        referred_by=data.referrer_name[:200],
        note=f"{link.source_name} ({link.label})"[:200],
        event_note=_("Referred through a referral link"),
    )
    person_create(person, actor=None, origin=origin, purpose="referral link")
    task = Task(
        municipality=link.municipality,
        title=title[:200],
        assignee=assignee,
        due_on=today + timedelta(days=link.contact_within_days),
        person=person,
        source=TaskSource.REFERRAL_LINK,
    )
    task.full_clean()
    task.save()
    access_record(user=None, action=AccessAction.CREATE, obj=task, username="referral link")
    if data.receipt_email:
        _receipt_send(link=link, to=data.receipt_email, today=today)
    return person


def _receipt_send(*, link: ReferralLink, to: str, today: date) -> None:
    """The referrer's receipt: the day, the link and the days to contact, never the woman."""
    subject = _("Your referral is received")
    body = render_to_string(
        "cases/links/receipt_email.txt",
        {"link": link, "today": today, "municipality": link.municipality},
    )
    transaction.on_commit(lambda: send_mail(subject, body, None, [to]))


def reminders_due(*, today: date) -> list[ReferralLink]:
    """Links in use whose referrer is due a reminder today on the link's schedule."""
    links = ReferralLink.objects.filter(
        revoked_at__isnull=True, reminder_schedule__in=list(REMINDER_DAYS)
    ).exclude(referrer_email="")
    due = []
    for link in links.select_related("municipality", "organisation"):
        last = link.last_reminded_on or link.created_at.date()
        if (
            link.usable_on(today)
            and last + timedelta(days=REMINDER_DAYS[ReminderSchedule(link.reminder_schedule)])
            <= today
        ):
            due.append(link)
    return due


def reminders_send(*, today: date | None = None, base_url: str = "") -> int:
    """E-mail each referrer due a reminder ("Kender du nogen, der kunne have gavn af ...")
    with her link; each link is claimed for today before its e-mail goes, so a second run
    the same day (or a run beside it) sends nothing twice. Returns how many were sent."""
    today = today or timezone.localdate()
    sent = 0
    for link in reminders_due(today=today):
        with transaction.atomic():
            claimed = ReferralLink.objects.filter(
                pk=link.pk, last_reminded_on=link.last_reminded_on
            ).update(last_reminded_on=today)
            if not claimed:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Do you know someone who could benefit from Brobygger?")
                body = render_to_string(
                    "cases/links/reminder_email.txt",
                    {
                        "link": link,
                        "municipality": link.municipality,
                        "url": base_url.rstrip("/") + link_path(link),
                    },
                )
            to = link.referrer_email
            transaction.on_commit(
                lambda subject=subject, body=body, to=to: send_mail(  # type: ignore[misc]
                    subject, body, None, [to]
                )
            )
        sent += 1
    return sent
