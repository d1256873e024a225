"""Writes of text messages: send (to one person or many), her consent per channel, a
delivery status and a reply from the provider's webhooks, a reply handled, the staff's
direct phone.

``messages_send`` is the one way a message is asked for; the meetings' invitations call it
with their invitees and the meeting's details as ``context``."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.languages.models import Language
from brobygger.people.models import Person

from . import tasks
from .backends import InboundReport, StatusReport
from .models import (
    MEETING_FIELDS,
    MERGE_FIELDS,
    Channel,
    InboundMessage,
    MessageStatus,
    MessageTemplate,
    OutboundMessage,
    SmsConsent,
    StaffPhone,
    WithdrawnHow,
    merge_fields_in,
    validate_merge_fields,
)
from .phones import danish_mobile
from .segments import count_segments
from .signals import reply_received
from .texts import fill, is_opt_out, person_values, template_for

logger = logging.getLogger("brobygger.messaging")


@dataclass(frozen=True)
class Refusal:
    person: Person
    reason: str


@dataclass(frozen=True)
class SendResult:
    queued: list[OutboundMessage] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def _phone_refusal(person: Person) -> str | None:
    if not person.phone:
        return _("She has no phone number.")
    if danish_mobile(person.phone) is None:
        return _(
            "%(number)s is not a Danish mobile number: a landline, a toll-free or foreign "
            "number cannot take a text message."
        ) % {"number": person.phone}
    return None


def _caseworker(person: Person, actor: User) -> tuple[str, str]:
    """Her caseworker's name and direct phone (the sender's when she has none)."""
    caseworker = person.assigned_caseworker or actor
    phone = StaffPhone.objects.filter(user=caseworker).first()
    return caseworker.get_full_name() or caseworker.get_username(), str(
        phone.phone
    ) if phone else ""


def _consented(people: list[Person]) -> set[int]:
    return set(
        SmsConsent.objects.filter(
            person__in=people, channel=Channel.SMS, withdrawn_at__isnull=True
        ).values_list("person_id", flat=True)
    )


def _check_context(bodies: Iterable[str], context: Mapping[str, str]) -> None:
    unknown = set(context) - set(MERGE_FIELDS)
    if unknown:
        raise ValueError(f"unknown merge fields in context: {sorted(unknown)}")
    missing = sorted(
        {name for body in bodies for name in merge_fields_in(body) & MEETING_FIELDS}
        - {name for name, value in context.items() if value}
    )
    if missing:
        raise ValidationError(
            _(
                "The text speaks of a meeting (%(fields)s): send it from the meeting, which "
                "fills in its date, time and place."
            )
            % {"fields": ", ".join(f"{{{name}}}" for name in missing)},
            code="meeting_fields",
        )


def messages_send(
    *,
    actor: User,
    people: Iterable[Person],
    template: MessageTemplate | None = None,
    body: str | None = None,
    context: Mapping[str, str] | None = None,
) -> SendResult:
    """Queue one text message for each person who may be texted, in her language; say for
    each of the others why not.

    Either ``template`` (its text in her preferred language, Danish when missing) or ``body``
    (one text for all). ``context`` fills the meeting's fields ({meeting_date} ...). A person
    the actor may not contact raises PermissionDenied (people come from a selector); one
    without consent, without a Danish mobile number or whose text is too long is refused.
    Each message is a queued row with its idempotency key, created in the same transaction
    that enqueues its task."""
    if (template is None) == (body is None):
        raise ValueError("give either a template or a body")
    people = list(people)
    context = dict(context or {})
    if body is not None:
        body = body.strip()
        if not body:
            raise ValidationError(_("Write the message."), code="empty")
        validate_merge_fields(body)
    for person in people:
        require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    consented = _consented(people)
    chosen = {
        person.pk: template_for(template, person.preferred_language) if template else None
        for person in people
    }
    _check_context(
        [t.body for t in chosen.values() if t is not None] if template else [body or ""], context
    )
    result = SendResult()
    for person in people:
        own = chosen[person.pk]
        reason = (
            _phone_refusal(person)
            if person.pk in consented
            else _("She has not consented to text messages.")
        )
        if reason is not None:
            result.refused.append(Refusal(person, reason))
            continue
        caseworker_name, caseworker_phone = _caseworker(person, actor)
        text_body = own.body if own is not None else body or ""
        if "caseworker_phone" in merge_fields_in(text_body) and not caseworker_phone:
            result.refused.append(
                Refusal(
                    person,
                    _("%(name)s has no direct phone for text messages: add it first.")
                    % {"name": caseworker_name},
                )
            )
            continue
        text = fill(
            text_body,
            {
                **person_values(person),
                "caseworker_name": caseworker_name,
                "caseworker_phone": caseworker_phone,
                **context,
            },
        )
        segments = count_segments(text)
        if segments.count > settings.SMS_MAX_SEGMENTS:
            result.refused.append(
                Refusal(
                    person,
                    _(
                        "The message is %(count)s SMS parts long; at most %(max)s are allowed. "
                        "Shorten it."
                    )
                    % {"count": segments.count, "max": settings.SMS_MAX_SEGMENTS},
                )
            )
            continue
        result.queued.append(
            _queue(
                actor=actor,
                person=person,
                text=text,
                template=own,
                language=own.language if own is not None else person.preferred_language,
                encoding=segments.encoding,
                segments=segments.count,
            )
        )
    return result


@transaction.atomic
def _queue(
    *,
    actor: User,
    person: Person,
    text: str,
    template: MessageTemplate | None,
    language: Language | None,
    encoding: str,
    segments: int,
) -> OutboundMessage:
    message = OutboundMessage.objects.create(
        person=person,
        municipality_id=person.municipality_id,
        to_number=danish_mobile(person.phone) or "",
        body=text,
        template=template,
        language=language,
        segments=segments,
        encoding=encoding,
        sent_by=actor,
    )
    access_record(user=actor, action=AccessAction.CREATE, obj=message)
    # The row and its task are one: the queue's row is written in this transaction too.
    tasks.send_message.enqueue(message.pk)
    return message


@dataclass(frozen=True)
class NewConsent:
    given_on: date
    given_how: str


@transaction.atomic
def sms_consent_give(*, actor: User, person: Person, consent: NewConsent) -> SmsConsent:
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    if consent.given_on > timezone.localdate():
        raise ValidationError({"given_on": _("The consent cannot be given in the future.")})
    existing = SmsConsent.objects.select_for_update().filter(
        person=person, channel=Channel.SMS, withdrawn_at__isnull=True
    )
    if existing.exists():
        raise ValidationError(_("She has already consented to text messages."))
    row = SmsConsent(
        person=person,
        channel=Channel.SMS,
        given_on=consent.given_on,
        given_how=consent.given_how,
        recorded_by=actor,
    )
    row.full_clean()
    row.save()
    access_record(user=actor, action=AccessAction.CREATE, obj=row)
    return row


def _withdraw(person: Person, how: str, actor: User | None) -> SmsConsent | None:
    row = (
        SmsConsent.objects.select_for_update()
        .filter(person=person, channel=Channel.SMS, withdrawn_at__isnull=True)
        .first()
    )
    if row is None:
        return None
    row.withdrawn_at = timezone.now()
    row.withdrawn_how = how
    row.save(update_fields=["withdrawn_at", "withdrawn_how", "updated_at"])
    if actor is not None:
        access_record(user=actor, action=AccessAction.CHANGE, obj=row)
    return row


@transaction.atomic
def sms_consent_withdraw(*, actor: User, person: Person, how: str) -> SmsConsent | None:
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id)
    if how not in WithdrawnHow.values:
        raise ValidationError({"withdrawn_how": _("Choose how she withdrew it.")})
    return _withdraw(person, how, actor)


@transaction.atomic
def staff_phone_set(*, actor: User, phone: str) -> StaffPhone:
    row, _created = StaffPhone.objects.update_or_create(user=actor, defaults={"phone": phone})
    return row


# Ranks of a message's states: a late or repeated status never moves it back.
_RANK = {
    MessageStatus.QUEUED: 0,
    MessageStatus.SENT: 1,
    MessageStatus.DELIVERED: 2,
    MessageStatus.FAILED: 2,
    MessageStatus.REFUSED: 2,
}


@transaction.atomic
def message_status_record(report: StatusReport) -> OutboundMessage | None:
    """A delivery status from the provider's webhook: found by the provider's id, or by our
    reference; the same status twice, or an older one after a newer, changes nothing."""
    messages = OutboundMessage.objects.select_for_update()
    message = (
        messages.filter(provider_id=report.provider_id).first() if report.provider_id else None
    )
    if message is None and report.reference:
        try:
            message = messages.filter(idempotency_key=report.reference).first()
        except ValidationError:
            message = None
    if message is None:
        logger.warning("sms status for an unknown message (provider id %s)", report.provider_id)
        return None
    if (
        not report.status
        or _RANK[MessageStatus(report.status)] <= _RANK[MessageStatus(message.status)]
    ):
        return message
    message.status = report.status
    message.error = report.error
    message.status_at = report.occurred_at or timezone.now()
    message.save(update_fields=["status", "error", "status_at", "updated_at"])
    return message


def _match(from_number: str) -> tuple[int | None, Person | None]:
    """The municipality that texted this number last, and her there (by her number)."""
    last = (
        OutboundMessage.objects.filter(to_number=from_number)
        .select_related("person")
        .order_by("-created_at", "-id")
        .first()
    )
    if last is None:
        return None, None
    candidates = list(
        Person.objects.filter(
            municipality_id=last.municipality_id,
            phone=from_number,
            merged_into__isnull=True,
            erased_at__isnull=True,
        )[:2]
    )
    if last.person in candidates:
        return last.municipality_id, last.person
    return last.municipality_id, candidates[0] if len(candidates) == 1 else None


@transaction.atomic
def reply_receive(report: InboundReport) -> tuple[InboundMessage, bool]:
    """A reply from the provider's webhook: attached to her, or to the municipality's inbox.
    An opt-out word withdraws her consent to text messages. The same reply delivered again
    is the row already made (second value False)."""
    if report.provider_id:
        existing = InboundMessage.objects.filter(provider_id=report.provider_id).first()
        if existing is not None:
            return existing, False
    municipality_id, person = _match(report.from_number)
    opt_out = is_opt_out(report.body)
    reply = InboundMessage.objects.create(
        from_number=report.from_number,
        to_number=report.to_number[:20],
        body=report.body,
        received_at=report.received_at,
        provider_id=report.provider_id,
        person=person,
        municipality_id=municipality_id,
        is_opt_out=opt_out,
    )
    if opt_out and person is not None:
        _withdraw(person, WithdrawnHow.STOP_REPLY, None)
    elif person is not None:
        answers = reply_received.send(sender=InboundMessage, reply=reply, person=person)
        if any(acted for _receiver, acted in answers):
            reply.handled_at = timezone.now()
            reply.save(update_fields=["handled_at", "updated_at"])
    return reply, True


@transaction.atomic
def reply_handle(*, actor: User, reply: InboundMessage) -> InboundMessage:
    if reply.municipality_id is None:
        raise PermissionDenied
    require_permission(actor, Permission.CHANGE_PEOPLE, municipality_id=reply.municipality_id)
    if reply.handled_at is None:
        reply.handled_at = timezone.now()
        reply.handled_by = actor
        reply.save(update_fields=["handled_at", "handled_by", "updated_at"])
        access_record(user=actor, action=AccessAction.CHANGE, obj=reply)
    return reply
