"""What cases does when an app below it tells of something (it imports them; they do not
import cases): a referral accepted, declined or ended becomes a task for her caseworker."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from brobygger.accounts.models import User
from brobygger.audit.writes import record_save
from brobygger.partners.models import Referral, ReferralEvent, ReferralStatus

from .models import Task, TaskSource
from .selectors import assignable_users

# An accepted referral without a day agreed is followed up two weeks later.
FOLLOW_UP_DAYS = 14


def _caseworker(referral: Referral) -> User | None:
    """Who referred her, or else her caseworker: the first of them who still works with
    people in her municipality."""
    staff = assignable_users(municipality_id=referral.person.municipality_id)
    for user_id in (referral.referred_by_id, referral.person.assigned_caseworker_id):
        if user_id is not None:
            found = staff.filter(pk=user_id).first()
            if found is not None:
                return found
    return None


def referral_task_create(
    sender: type[Referral], *, referral: Referral, event: ReferralEvent, actor: User, **_kw: Any
) -> Task | None:
    """The receiver of partners' ``referral_status_changed``: a task for her caseworker
    when the referral was accepted (follow up by the day agreed), declined or ended (look
    at what next, today). Other moves make none."""
    status = event.status
    if status not in (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.ENDED):
        return None
    assignee = _caseworker(referral)
    if assignee is None:
        return None
    today = timezone.localdate()
    # Written in the municipality's language, as the other stored texts.
    with translation.override(settings.LANGUAGE_CODE):
        where = str(referral.target) if referral.target_id else _("a mentor")
        if status == ReferralStatus.ACCEPTED:
            title = _("Follow up: %(name)s's referral to %(where)s was accepted")
            due_on = referral.follow_up_on or today + timedelta(days=FOLLOW_UP_DAYS)
        elif status == ReferralStatus.DECLINED:
            title = _("%(name)s's referral to %(where)s was declined: %(reason)s")
            due_on = today
        else:
            title = _("%(name)s's referral to %(where)s has ended: %(reason)s")
            due_on = today
        reason = event.get_reason_display() if event.reason else "–"
        title = title % {"name": referral.first_name, "where": where, "reason": reason}
    task = Task(
        municipality_id=referral.person.municipality_id,
        title=title[:200],
        assignee=assignee,
        due_on=due_on,
        person=referral.person,
        source=TaskSource.REFERRAL,
        referral=referral,
        created_by=actor,
    )
    return record_save(actor=actor, record=task)
