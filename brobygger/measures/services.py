"""Writes of the measures: a partnership's own targets for the success criteria."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission, require_permission
from brobygger.accounts.models import User
from brobygger.audit.writes import record_save
from brobygger.partnerships.models import Partnership

from .criteria import BY_KEY
from .models import CriterionTarget


@transaction.atomic
def targets_save(*, actor: User, partnership: Partnership, targets: Mapping[str, Decimal]) -> None:
    """Set a partnership's targets (shares 0–1) for the success criteria."""
    require_permission(actor, Permission.MANAGE_CONFIGURATION)
    for key, target in targets.items():
        if key not in BY_KEY:
            raise ValidationError({key: _("There is no such criterion.")})
        record = CriterionTarget.objects.filter(partnership=partnership, key=key).first()
        record_save(
            actor=actor,
            record=record or CriterionTarget(partnership=partnership, key=key),
            values={"target": target, "changed_by": actor},
            fields=("target", "changed_by"),
        )
