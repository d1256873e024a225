from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.core.http import AuthedRequest

from .forms import AccessLogFilterForm
from .selectors import access_log_list


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
    }
    template = "audit/access_log.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)
