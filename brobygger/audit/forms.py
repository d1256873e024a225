from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from brobygger.core.forms import Form

from .models import AccessAction
from .selectors import AccessLogFilters


class AccessLogFilterForm(Form):
    username = forms.CharField(label=_("User name"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Type of use"),
        required=False,
        choices=[("", _("All types"))] + list(AccessAction.choices),
    )
    person_id = forms.IntegerField(
        label=_("Person number in Brobygger"), required=False, min_value=1
    )
    date_from = forms.DateField(label=_("From date"), required=False, help_text=_("As dd.mm.yyyy"))
    date_to = forms.DateField(label=_("To date"), required=False, help_text=_("As dd.mm.yyyy"))

    def filters(self) -> AccessLogFilters:
        if not self.is_valid():
            return AccessLogFilters()
        data = self.cleaned_data
        return AccessLogFilters(
            username=data["username"].strip(),
            action=data["action"],
            person_id=data["person_id"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
