"""Reads of text messages, each starting from the access policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext

from brobygger.accounts.access import AnyUser, Permission, get_visible_or_404, has_permission
from brobygger.accounts.models import User
from brobygger.people.models import Person
from brobygger.people.selectors import TimelineEntry

from .models import Channel, InboundMessage, MessageTemplate, OutboundMessage, SmsConsent
from .phones import danish_mobile

WORK_LIST_LENGTH = 10


@dataclass(frozen=True)
class ThreadEntry:
    """A message to her or a reply from her, for her page."""

    at: datetime
    outbound: OutboundMessage | None = None
    inbound: InboundMessage | None = None


def consent_in_force(*, user: AnyUser, person: Person) -> SmsConsent | None:
    return (
        SmsConsent.objects.visible_to(user)
        .filter(person=person, channel=Channel.SMS, withdrawn_at__isnull=True)
        .first()
    )


def consent_history(*, user: AnyUser, person: Person) -> list[SmsConsent]:
    return list(SmsConsent.objects.visible_to(user).filter(person=person))


def person_thread(*, user: AnyUser, person: Person, limit: int = 20) -> list[ThreadEntry]:
    """Her messages and replies, newest first."""
    sent = (
        OutboundMessage.objects.visible_to(user)
        .filter(person=person)
        .select_related("language", "template", "sent_by")[:limit]
    )
    replies = InboundMessage.objects.visible_to(user).filter(person=person)[:limit]
    entries = [ThreadEntry(at=m.created_at, outbound=m) for m in sent] + [
        ThreadEntry(at=r.received_at, inbound=r) for r in replies
    ]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)[:limit]


def person_replies_timeline(user: AnyUser, person: Person) -> list[TimelineEntry]:
    """Her text replies on her timeline (what was sent to her is there as contact attempts)."""
    return [
        TimelineEntry(
            when=reply.received_at,
            kind="reply",
            title=gettext("Text reply from her"),
            detail=reply.body,
            by="",
            recorded=reply.created_at,
        )
        for reply in InboundMessage.objects.visible_to(user).filter(person=person)
    ]


def person_messages_panel(user: AnyUser, person: Person) -> dict[str, Any] | None:
    """The text-message card of her page (``people.panels``)."""
    if not has_permission(user, Permission.VIEW_PEOPLE, municipality_id=person.municipality_id):
        return None
    return {
        "person": person,
        "consent": consent_in_force(user=user, person=person),
        "mobile": danish_mobile(person.phone),
        "thread": person_thread(user=user, person=person),
        "can_send": has_permission(
            user, Permission.CHANGE_PEOPLE, municipality_id=person.municipality_id
        ),
    }


def templates_to_choose() -> models.QuerySet[MessageTemplate]:
    """One template of each name to choose from (its Danish text, else any), in use."""
    return (
        MessageTemplate.objects.filter(is_active=True)
        .select_related("language")
        .order_by("name", "language__position", "id")
    )


def template_choices() -> list[MessageTemplate]:
    seen: dict[str, MessageTemplate] = {}
    for template in templates_to_choose():
        if template.name not in seen or template.language.code == "da":
            seen[template.name] = template
    return list(seen.values())


def inbox(*, user: AnyUser) -> models.QuerySet[InboundMessage]:
    """Replies that matched no person, in the municipalities where she may contact people."""
    return (
        InboundMessage.objects.visible_to(user, Permission.CHANGE_PEOPLE)
        .filter(person__isnull=True)
        .select_related("municipality", "handled_by")
        .order_by("handled_at", "-received_at")
    )


def reply_get(*, user: AnyUser, pk: int) -> InboundMessage:
    return get_visible_or_404(
        InboundMessage.objects.visible_to(user, Permission.CHANGE_PEOPLE), user=user, pk=pk
    )


def replies_waiting(*, user: User) -> list[InboundMessage]:
    """Her caseworker's work list: unhandled replies from the people in her caseload."""
    return list(
        InboundMessage.objects.visible_to(user)
        .filter(person__assigned_caseworker=user, handled_at__isnull=True)
        .select_related("person")
        .order_by("-received_at")[:WORK_LIST_LENGTH]
    )


def max_segments() -> int:
    return int(settings.SMS_MAX_SEGMENTS)
