"""The period a page's figures are counted over, a partnership's own targets, and the choices
of the data-quality page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from brobygger.core.forms import Form
from brobygger.partnerships.models import Municipality

from .criteria import CRITERIA
from .quality import MONTHS_CHOICES


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


class QualityForm(Form):
    """Which municipality's data quality, and how long a status may stand still."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none(), empty_label=None
    )
    months = forms.TypedChoiceField(
        label=_("Status unchanged for at least"),
        choices=[(m, _("%(months)s months") % {"months": m}) for m in MONTHS_CHOICES],
        coerce=int,
        initial=MONTHS_CHOICES[0],
    )

    def __init__(self, *args: Any, municipalities: QuerySet[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["municipality"])
        field.queryset = municipalities
        first = municipalities.first()
        field.initial = first.pk if first else None
