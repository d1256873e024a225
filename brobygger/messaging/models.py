"""Text messages (SMS): templates per language, her consent to be texted, the messages sent to
her and the replies that came back.

A message is a row before it is anything else: the service creates it (status "queued", with
a unique idempotency key) in the same transaction that enqueues its task, and the task sends
only a row that is still queued, with the key as the provider's reference. So one request is
never sent twice, and nothing the caseworker asked for is lost when the provider is down."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from brobygger.accounts.access import MunicipalQuerySet, Permission, Scoping
from brobygger.core.models import TimeStampedModel

# Merge fields a template may use, written in braces: "Hej {first_name}".
MERGE_FIELDS: dict[str, Any] = {
    "first_name": _("her first name"),
    "full_name": _("her full name"),
    "caseworker_name": _("the caseworker's name"),
    "caseworker_phone": _("the caseworker's direct phone"),
    "meeting_date": _("the meeting's date"),
    "meeting_time": _("the meeting's time"),
    "meeting_place": _("the meeting's place"),
}
MEETING_FIELDS = frozenset({"meeting_date", "meeting_time", "meeting_place"})
MERGE_FIELD = re.compile(r"\{([^{}]*)\}")


def merge_fields_in(body: str) -> set[str]:
    return {match.strip() for match in MERGE_FIELD.findall(body)}


def validate_merge_fields(body: str) -> None:
    unknown = sorted(merge_fields_in(body) - set(MERGE_FIELDS))
    if unknown:
        raise ValidationError(
            _("Unknown merge fields: %(unknown)s. A text may use %(known)s, written in braces."),
            params={
                "unknown": ", ".join(f"{{{name}}}" for name in unknown),
                "known": ", ".join(f"{{{name}}}" for name in MERGE_FIELDS),
            },
            code="unknown_merge_field",
        )


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")


class ConsentHow(models.TextChoices):
    ORAL = "oral", _("Orally")
    WRITTEN = "written", _("In writing")
    FORM = "form", _("On a form")


class WithdrawnHow(models.TextChoices):
    STOP_REPLY = "stop_reply", _("Replied STOP")
    ORAL = "oral", _("Orally")
    WRITTEN = "written", _("In writing")
    FORM = "form", _("On a form")


class Encoding(models.TextChoices):
    GSM7 = "gsm7", _("GSM-7 (160 characters a part)")
    UCS2 = "ucs2", _("UCS-2 (70 characters a part)")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    REFUSED = "refused", _("Refused by the provider")


class MessageTemplate(TimeStampedModel):
    """A text message in one language. Texts of the same name in other languages are its
    translations: a message picks her preferred language and falls back to Danish."""

    name = models.CharField(_("name"), max_length=100)
    language = models.ForeignKey(
        "languages.Language",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("language"),
    )
    body = models.TextField(
        _("text"),
        max_length=1_000,
        validators=[validate_merge_fields],
        help_text=_("Merge fields in braces, e.g. {first_name}."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name", "language__position", "id"]
        verbose_name = _("text message template")
        verbose_name_plural = _("text message templates")
        constraints = [
            models.UniqueConstraint(fields=["name", "language"], name="sms_template_language"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language.code})"

    def save(self, *args: object, **kwargs: object) -> None:
        # Refused however it is saved (a form, the shell, a data load).
        validate_merge_fields(self.body)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class OptOutWord(models.Model):
    """A reply that withdraws her consent to text messages ("STOP"), per language: data that
    an administrator extends with a new language, not a list in code."""

    language = models.ForeignKey(
        "languages.Language",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("language"),
    )
    word = models.CharField(_("word"), max_length=50)

    class Meta:
        ordering = ["language__position", "word"]
        verbose_name = _("opt-out word")
        verbose_name_plural = _("opt-out words")
        constraints = [
            models.UniqueConstraint(fields=["language", "word"], name="sms_optout_word"),
        ]

    def __str__(self) -> str:
        return self.word


class StaffPhone(TimeStampedModel):
    """A staff member's direct phone, for the {caseworker_phone} merge field."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sms_phone"
    )
    phone = PhoneNumberField(_("your direct phone"), region="DK")

    class Meta:
        verbose_name = _("direct phone")
        verbose_name_plural = _("direct phones")

    def __str__(self) -> str:
        return str(self.phone)


class SmsConsent(TimeStampedModel):
    """Her consent to be contacted on one channel: when and how given, when and how withdrawn.
    At most one consent per channel is in force at a time; a withdrawn one stays as record."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="channel_consents",
        verbose_name=_("person"),
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.SMS
    )
    given_on = models.DateField(_("given on"))
    given_how = models.CharField(_("given"), max_length=10, choices=ConsentHow.choices)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_how = models.CharField(
        _("withdrawn how"), max_length=12, choices=WithdrawnHow.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    scoping = Scoping(municipality="person__municipality", person="person")
    objects = MunicipalQuerySet["SmsConsent"].as_manager()

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("consent to text messages")
        verbose_name_plural = _("consents to text messages")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "channel"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="sms_consent_one_in_force",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.given_on}"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.person_id, self.person.municipality_id


class OutboundMessage(TimeStampedModel):
    """One text message to one person, from the moment it is asked for."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="text_messages",
        verbose_name=_("person"),
    )
    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    to_number = models.CharField(_("sent to"), max_length=20, db_index=True)
    body = models.TextField(_("text"), max_length=2_000)
    template = models.ForeignKey(
        MessageTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("template"),
    )
    language = models.ForeignKey(
        "languages.Language",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("language"),
    )
    segments = models.PositiveSmallIntegerField(_("parts"))
    encoding = models.CharField(_("encoding"), max_length=4, choices=Encoding.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MessageStatus.choices,
        default=MessageStatus.QUEUED,
        db_index=True,
    )
    provider_id = models.CharField(_("provider's id"), max_length=64, blank=True, db_index=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts to send"), default=0)
    # The provider's reference (GatewayAPI's userref): one request, one key, one message.
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    status_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    contact_attempt = models.OneToOneField(
        "people.ContactAttempt",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="text_message",
        verbose_name=_("contact attempt"),
    )

    scoping = Scoping(person="person")
    objects = MunicipalQuerySet["OutboundMessage"].as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        indexes = [
            models.Index(fields=["to_number", "-created_at"], name="sms_out_number_time"),
        ]

    def __str__(self) -> str:
        return f"{self.to_number}: {self.get_status_display()}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.person_id, self.municipality_id


class InboundMessage(TimeStampedModel):
    """A text message that came back. Matched to a person by her number within the
    municipality that texted that number last; unmatched, it waits in the municipality's
    inbox (or, when no municipality texted the number, nowhere but the log)."""

    from_number = models.CharField(_("from"), max_length=20, db_index=True)
    to_number = models.CharField(_("to"), max_length=20, blank=True)
    body = models.TextField(_("text"), max_length=2_000)
    received_at = models.DateTimeField(_("received"))
    provider_id = models.CharField(_("provider's id"), max_length=64, blank=True)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="text_replies",
        verbose_name=_("person"),
    )
    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    is_opt_out = models.BooleanField(_("opt-out"), default=False)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    scoping = Scoping(person="person", permission=Permission.VIEW_PEOPLE)
    objects = MunicipalQuerySet["InboundMessage"].as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("text reply")
        verbose_name_plural = _("text replies")
        constraints = [
            # The provider delivers a webhook again until it is answered: one row per message.
            models.UniqueConstraint(
                fields=["provider_id"],
                condition=~models.Q(provider_id=""),
                name="sms_in_provider_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_number}: {self.body[:30]}"

    @property
    def handled(self) -> bool:
        return self.handled_at is not None

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.person_id, self.municipality_id
