"""Writes of the outreach catalogue: activities and their campaign links, places of local
presence, methods and the public form's texts. Nothing here knows a person."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.models import AccessAction
from brobygger.audit.services import access_record
from brobygger.audit.writes import record_save
from brobygger.partnerships.models import Municipality

from .models import (
    ActivityStatus,
    OutreachActivity,
    OutreachLocation,
    OutreachMethod,
    PublicFormText,
)

ACTIVITY_FIELDS = (
    "method",
    "title",
    "place",
    "planned_on",
    "responsible",
    "partner",
    "hours",
    "cost",
    "notes",
)


@transaction.atomic
def activity_save(
    *,
    actor: User,
    municipality: Municipality,
    values: dict[str, object],
    activity: OutreachActivity | None = None,
) -> OutreachActivity:
    """Create an activity, or change one; ``values`` holds ``ACTIVITY_FIELDS``."""
    require_permission(actor, Permission.MANAGE_OUTREACH, municipality_id=municipality.pk)
    return record_save(
        actor=actor,
        record=activity or OutreachActivity(municipality=municipality),
        values=values,
        fields=ACTIVITY_FIELDS,
        municipality_id=municipality.pk,
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
    *, actor: User, texts: PublicFormText, values: dict[str, object]
) -> PublicFormText:
    require_permission(actor, Permission.MANAGE_CONFIGURATION)
    return record_save(actor=actor, record=texts, values=values, fields=values.keys())


@transaction.atomic
def location_save(
    *,
    actor: User,
    municipality: Municipality,
    values: dict[str, object],
    location: OutreachLocation | None = None,
) -> OutreachLocation:
    require_permission(actor, Permission.MANAGE_OUTREACH, municipality_id=municipality.pk)
    return record_save(
        actor=actor,
        record=location or OutreachLocation(municipality=municipality),
        values=values,
        fields=("name", "kind", "address", "housing_area", "opening_hours", "is_active"),
        municipality_id=municipality.pk,
    )


@transaction.atomic
def method_save(
    *, actor: User, values: dict[str, object], method: OutreachMethod | None = None
) -> OutreachMethod:
    """Add a method to the catalogue or change one. Methods in use are switched off rather
    than deleted, so first-touch statistics keep their history."""
    require_permission(actor, Permission.MANAGE_CONFIGURATION)
    return record_save(
        actor=actor,
        record=method or OutreachMethod(),
        values=values,
        fields=("name", "name_en", "category", "description", "is_active", "position"),
    )
