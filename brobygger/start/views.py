from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from brobygger.accounts.access import Permission, has_permission, partnership_scope_for
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest
from brobygger.accounts.selectors import partnership_list
from brobygger.agreements.selectors import meetings_due
from brobygger.cases.selectors import tasks_due
from brobygger.messaging.selectors import replies_waiting
from brobygger.partners.selectors import referrals_sent_by
from brobygger.people.selectors import caseload, person_list

from .navigation import settings_for


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """The start page: what the user's roles make relevant, nothing more."""
    user = request.user
    partnerships = list(partnership_list(user=user))
    extract_scope = partnership_scope_for(user, Permission.EXPORT_PSEUDONYMISED)
    context: dict[str, object] = {
        "partnerships": partnerships,
        # The pseudonymised extract, offered only on the partnerships the user evaluates.
        "extract_partnership_ids": {p.pk for p in partnerships if extract_scope.allows(p.pk)},
        "can_view_people": has_permission(user, Permission.VIEW_PEOPLE),
        "can_manage_users": has_permission(user, Permission.MANAGE_USERS),
        "can_view_access_log": has_permission(user, Permission.VIEW_ACCESS_LOG),
        "can_view_privacy": has_permission(user, Permission.VIEW_PRIVACY_RECORDS),
    }
    if context["can_view_people"]:
        # Her work list: follow-ups overdue and due, art. 14 deadlines, people nobody has taken.
        context["work"] = caseload(user=user)
        # Her tasks overdue and due within the week (cases).
        context["tasks_due"] = tasks_due(user=user)
        context["visible_people_count"] = person_list(user=user).count()
        context["can_change_people"] = has_permission(user, Permission.CHANGE_PEOPLE)
        # Text replies from her people, not yet handled.
        context["sms_replies"] = replies_waiting(user=user)
        # The referrals she sent that are under way (partners).
        context["referrals"] = list(referrals_sent_by(user=user)[:50])
    if has_permission(user, Permission.MANAGE_PARTNERS):
        # Status meetings of the next two weeks, and those overdue (seed 002).
        today = timezone.localdate()
        context["today"] = today
        context["meetings_due"] = meetings_due(user=user, today=today)
    return render(request, "start/home.html", context)


@permission_required(Permission.MANAGE_CONFIGURATION)
def settings_page(request: AuthedRequest) -> HttpResponse:
    """The administrator's catalogues and texts, one link each (the menu has one entry)."""
    return render(request, "start/settings.html", {"entries": settings_for(request.user)})
