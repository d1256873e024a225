"""The period a page's figures are counted over, and a partnership's own targets."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from brobygger.core.forms import Form

from .criteria import CRITERIA


class PeriodForm(Form):
    start = forms.DateField(label=_("From"), help_text=_("As dd.mm.yyyy"))
    end = forms.DateField(label=_("To"), help_text=_("As dd.mm.yyyy"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end cannot be before the start."))
        return data


class TargetsForm(Form):
    """A partnership's targets, in per cent as the grant documents state them."""

    def __init__(self, *args: Any, targets: dict[str, Decimal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in CRITERIA:
            self.fields[criterion.key] = forms.DecimalField(
                label=str(criterion.title),
                min_value=Decimal(0),
                max_value=Decimal(100),
                decimal_places=0,
                initial=(targets[criterion.key] * 100).quantize(Decimal(1)),
                help_text=_("Per cent. The grant application's target: %(default)s")
                % {"default": (criterion.target * 100).quantize(Decimal(1))},
            )
        self.style_widgets()

    def shares(self) -> dict[str, Decimal]:
        return {key: value / 100 for key, value in self.cleaned_data.items()}
