from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from brobygger.accounts.access import Permission, has_permission
from brobygger.core.http import AuthedRequest
from brobygger.partnerships.selectors import partnership_list
from brobygger.people.selectors import person_list


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """The start page: what the user's roles make relevant, nothing more."""
    user = request.user
    context: dict[str, object] = {
        "partnerships": list(partnership_list(user=user)),
        "can_view_people": has_permission(user, Permission.VIEW_PEOPLE),
        "can_manage_users": has_permission(user, Permission.MANAGE_USERS),
        "can_view_access_log": has_permission(user, Permission.VIEW_ACCESS_LOG),
    }
    if context["can_view_people"]:
        mine = person_list(user=user).filter(assigned_caseworker=user)
        context["my_caseload_count"] = mine.count()
        context["visible_people_count"] = person_list(user=user).count()
    return render(request, "core/home.html", context)
