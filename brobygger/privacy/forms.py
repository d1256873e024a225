from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brobygger.core.forms import Form, ModelForm

from .models import RetentionRule

CONFIRMATION_WORD = "SLET"


class RequestForm(Form):
    """When the person's request came: the one-month deadline is counted from it."""

    received_on = forms.DateField(
        label=_("The request was received on"), help_text=_("As dd.mm.yyyy")
    )

    def clean_received_on(self) -> date:
        received_on: date = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return received_on


class ErasureForm(RequestForm):
    confirmation = forms.CharField(
        label=_("Type SLET to confirm"),
        max_length=10,
        help_text=_("The erasure cannot be undone."),
    )

    def clean_confirmation(self) -> str:
        word: str = self.cleaned_data["confirmation"].strip().upper()
        if word != CONFIRMATION_WORD:
            raise forms.ValidationError(_("Type SLET to confirm the erasure."))
        return word


class RetentionRuleForm(ModelForm):
    class Meta:
        model = RetentionRule
        fields = ["never_contacted_months", "after_last_activity_months", "import_row_days"]
        widgets = {
            "never_contacted_months": forms.NumberInput(attrs={"min": 1, "max": 120}),
            "after_last_activity_months": forms.NumberInput(attrs={"min": 1, "max": 240}),
            "import_row_days": forms.NumberInput(attrs={"min": 1, "max": 3650}),
        }

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        for name, most in (
            ("never_contacted_months", 120),
            ("after_last_activity_months", 240),
            ("import_row_days", 3650),
        ):
            value = cleaned.get(name)
            if value is not None and not 1 <= value <= most:
                self.add_error(name, _("Between 1 and %(most)s.") % {"most": most})
        return cleaned
