from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from brobygger.accounts.access import Permission, has_permission
from brobygger.accounts.decorators import permission_required
from brobygger.accounts.http import AuthedRequest

from .forms import AccessLogFilterForm
from .selectors import access_log_list, access_volumes


@permission_required(Permission.VIEW_ACCESS_LOG)
def access_log(request: AuthedRequest) -> HttpResponse:
    form = AccessLogFilterForm(request.GET or None)
    entries = access_log_list(user=request.user, filters=form.filters())
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "extra_query": f"{query.urlencode()}&" if query else "",
        "can_view_privacy": has_permission(request.user, Permission.VIEW_PRIVACY_RECORDS),
    }
    template = "audit/access_log.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


@permission_required(Permission.VIEW_ACCESS_LOG)
def volumes(request: AuthedRequest) -> HttpResponse:
    """Who used how much personal data, per day: the unusual days first."""
    days, threshold = access_volumes(user=request.user)
    return render(
        request, "audit/volumes.html", {"days": days[:200], "threshold": threshold, "period": 30}
    )
