from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils.translation import gettext as _

from brobygger.accounts.access import Permission
from brobygger.accounts.decorators import permission_required
from brobygger.core.forms import apply_errors
from brobygger.core.http import AuthedRequest
from brobygger.people.selectors import person_get
from brobygger.people.views import render_activity

from . import services
from .forms import ContactAttemptForm


@permission_required(Permission.CHANGE_PEOPLE)
def contact_attempt_create(request: AuthedRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, pk=person_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ContactAttemptForm(request.POST)
    if form.is_valid():
        try:
            attempt = services.contact_attempt_record(
                actor=request.user,
                person=person,
                channel=form.cleaned_data["channel"],
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            form = ContactAttemptForm(initial={"channel": attempt.channel})
            messages.success(request, _("The contact attempt was logged."))
    return render_activity(request, person, attempt_form=form)
