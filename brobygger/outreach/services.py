"""Writes of the outreach catalogue: activities and their campaign links, places of local
presence, methods and the public form's texts. Nothing here knows a person."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.audit.writes import record_save, write_municipality_id
from brobygger.languages.models import Language
from brobygger.partnerships.models import Municipality

from .models import (
    LOGO_MAX_BYTES,
    LOGO_TYPES,
    ActivityStatus,
    LetterTemplate,
    MunicipalityProfile,
    OutreachActivity,
    OutreachLocation,
    OutreachMethod,
    PublicFormText,
    ReviewState,
)
from .partner_picking import NewPartner, PartnerRecord, partner_resolve


@dataclass(frozen=True, kw_only=True)
class ActivityData:
    """What ``activity_save`` writes: the plan of an activity and what it cost."""

    method: OutreachMethod
    title: str
    place: str = ""
    planned_on: date
    responsible: User | None = None
    partner: PartnerRecord | None = None
    partner_note: str = ""
    hours: Decimal | None = None
    cost: Decimal | None = None
    notes: str = ""


@dataclass(frozen=True, kw_only=True)
class LocationData:
    """What ``location_save`` writes: a place where outreach staff meet citizens."""

    name: str
    kind: str
    address: str = ""
    housing_area: str = ""
    opening_hours: str = ""
    is_active: bool = True


@dataclass(frozen=True, kw_only=True)
class MethodData:
    """What ``method_save`` writes: an outreach method of the shared catalogue."""

    name: str
    name_en: str = ""
    category: str
    description: str = ""
    is_active: bool = True
    position: int = 0


@dataclass(frozen=True, kw_only=True)
class PublicFormTextData:
    """What ``public_form_text_save`` writes: the public interest form's texts in a language."""

    title: str
    intro: str
    name_label: str
    phone_label: str
    phone_hint: str = ""
    consent_text: str
    submit_label: str
    thanks_title: str
    thanks_text: str
    error_required: str
    error_phone: str
    error_consent: str
    error_summary: str = ""
    privacy_label: str = ""
    accessibility_label: str = ""
    poster_title: str = ""
    poster_text: str = ""


@dataclass(frozen=True, kw_only=True)
class LetterTemplateData:
    """What ``letter_template_save`` writes: a letter in one language."""

    name: str
    subject: str
    body: str
    is_active: bool = True


@dataclass(frozen=True, kw_only=True)
class ProfileData:
    """What ``profile_save`` writes: the municipality's face on public pages."""

    accessibility_url: str = ""
    controller_address: str = ""
    controller_email: str = ""
    controller_phone: str = ""
    dpo_name: str = ""
    dpo_email: str = ""
    dpo_phone: str = ""


@transaction.atomic
def activity_save(
    *,
    actor: User,
    data: ActivityData,
    municipality: Municipality | None = None,
    activity: OutreachActivity | None = None,
    new_partner: NewPartner | None = None,
) -> OutreachActivity:
    """Create an activity in ``municipality``, or change one (it stays in its own); its
    partner is one of the municipality's, or ``new_partner`` created with it."""
    municipality_id = write_municipality_id(
        actor=actor, permission=Permission.MANAGE_OUTREACH, record=activity, chosen=municipality
    )
    partner = partner_resolve(
        actor=actor,
        municipality_id=municipality_id,
        partner=data.partner,
        new_partner=new_partner,
        field="partner",
    )
    data = replace(data, partner=partner)
    return record_save(
        actor=actor,
        record=activity or OutreachActivity(municipality_id=municipality_id),
        data=data,
        municipality_id=municipality_id,
    )


@transaction.atomic
def activity_mark_done(
    *,
    actor: User,
    activity: OutreachActivity,
    done_on: date | None = None,
    hours: Decimal | None = None,
    cost: Decimal | None = None,
) -> OutreachActivity:
    require_permission(actor, Permission.MANAGE_OUTREACH, municipality_id=activity.municipality_id)
    activity.status = ActivityStatus.DONE
    activity.done_on = done_on or timezone.localdate()
    if activity.done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    if hours is not None:
        activity.hours = hours
    if cost is not None:
        activity.cost = cost
    activity.full_clean()
    activity.save()
    access_record(
        user=actor,
        action=AccessAction.CHANGE,
        obj=activity,
        municipality_id=activity.municipality_id,
    )
    return activity


CAMPAIGN_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off a poster


@transaction.atomic
def campaign_enable(*, actor: User, activity: OutreachActivity) -> OutreachActivity:
    """Give the activity a public short link (kept if it had one) and switch it on."""
    require_permission(actor, Permission.MANAGE_OUTREACH, municipality_id=activity.municipality_id)
    if not activity.campaign_code:
        code = "".join(secrets.choice(CAMPAIGN_ALPHABET) for _ in range(8))
        while OutreachActivity.objects.filter(campaign_code=code).exists():
            code = "".join(secrets.choice(CAMPAIGN_ALPHABET) for _ in range(8))
        activity.campaign_code = code
    activity.campaign_active = True
    activity.save(update_fields=["campaign_code", "campaign_active", "updated_at"])
    access_record(
        user=actor,
        action=AccessAction.CHANGE,
        obj=activity,
        municipality_id=activity.municipality_id,
    )
    return activity


@transaction.atomic
def campaign_disable(*, actor: User, activity: OutreachActivity) -> OutreachActivity:
    require_permission(actor, Permission.MANAGE_OUTREACH, municipality_id=activity.municipality_id)
    activity.campaign_active = False
    activity.save(update_fields=["campaign_active", "updated_at"])
    access_record(
        user=actor,
        action=AccessAction.CHANGE,
        obj=activity,
        municipality_id=activity.municipality_id,
    )
    return activity


@transaction.atomic
def public_form_text_save(
    *,
    actor: User,
    data: PublicFormTextData,
    texts: PublicFormText | None = None,
    language: Language | None = None,
) -> PublicFormText:
    """Change a language's texts, or write them for a language that has none (``language``).
    New texts wait for a translator's check like the machine-drafted ones."""
    require_permission(actor, Permission.MANAGE_CONFIGURATION)
    if texts is None:
        if language is None:
            raise ValueError("public_form_text_save needs the texts or a language")
        texts = PublicFormText(language=language, review_state=ReviewState.MACHINE_DRAFTED)
    return record_save(actor=actor, record=texts, data=data)


@transaction.atomic
def letter_template_save(
    *,
    actor: User,
    data: LetterTemplateData,
    letter: LetterTemplate | None = None,
    language: Language | None = None,
) -> LetterTemplate:
    """Change a letter, or write one in ``language``."""
    require_permission(actor, Permission.MANAGE_CONFIGURATION)
    if letter is None:
        if language is None:
            raise ValueError("letter_template_save needs the letter or a language")
        if LetterTemplate.objects.filter(name=data.name, language=language).exists():
            raise ValidationError({"name": _("This letter already exists in this language.")})
        letter = LetterTemplate(language=language, review_state=ReviewState.MACHINE_DRAFTED)
    return record_save(actor=actor, record=letter, data=data)


@transaction.atomic
def text_approve(
    *, actor: User, text: PublicFormText | LetterTemplate
) -> PublicFormText | LetterTemplate:
    """A translator has checked the text: an administrator marks it approved (who, when)."""
    require_permission(actor, Permission.MANAGE_CONFIGURATION)
    text.review_state = ReviewState.APPROVED
    text.approved_by = actor
    text.approved_at = timezone.now()
    text.save(update_fields=["review_state", "approved_by", "approved_at", "updated_at"])
    access_record(user=actor, action=AccessAction.CHANGE, obj=text)
    return text


def logo_check(content: bytes) -> str:
    """The logo's MIME type, when ``content`` is a PNG, JPEG or WebP image of at most
    ``LOGO_MAX_BYTES``; else a ValidationError on ``logo``."""
    if len(content) > LOGO_MAX_BYTES:
        raise ValidationError(
            {"logo": _("The logo may be at most %(kb)s KB.") % {"kb": LOGO_MAX_BYTES // 1024}}
        )
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
            kind = image.format or ""
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        kind = ""
    if kind not in LOGO_TYPES:
        raise ValidationError({"logo": _("Upload the logo as a PNG, JPEG or WebP image.")})
    return LOGO_TYPES[kind]


@transaction.atomic
def profile_save(
    *,
    actor: User,
    profile: MunicipalityProfile,
    data: ProfileData,
    logo: bytes | None = None,
    remove_logo: bool = False,
) -> MunicipalityProfile:
    """Save the municipality's public profile; a new logo is checked first."""
    require_permission(actor, Permission.MANAGE_CONFIGURATION)
    if logo is not None:
        profile.logo_type = logo_check(logo)
        profile.logo = logo
    elif remove_logo:
        profile.logo, profile.logo_type = None, ""
    return record_save(
        actor=actor, record=profile, data=data, municipality_id=profile.municipality_id
    )


@transaction.atomic
def location_save(
    *,
    actor: User,
    data: LocationData,
    municipality: Municipality | None = None,
    location: OutreachLocation | None = None,
) -> OutreachLocation:
    """Add a place in ``municipality``, or change one (it stays in its own)."""
    municipality_id = write_municipality_id(
        actor=actor, permission=Permission.MANAGE_OUTREACH, record=location, chosen=municipality
    )
    return record_save(
        actor=actor,
        record=location or OutreachLocation(municipality_id=municipality_id),
        data=data,
        municipality_id=municipality_id,
    )


@transaction.atomic
def method_save(
    *, actor: User, data: MethodData, method: OutreachMethod | None = None
) -> OutreachMethod:
    """Add a method to the catalogue or change one. Methods in use are switched off rather
    than deleted, so first-touch statistics keep their history."""
    require_permission(actor, Permission.MANAGE_CONFIGURATION)
    return record_save(actor=actor, record=method or OutreachMethod(), data=data)
