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
from brobygger.targetgroups import rules

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


class TargetGroupDefinitionForm(Form):
    """A target-group definition (or a new version of one): its name, the day it is valid
    from, and up to ``ROWS`` conditions that must all hold (none: everyone)."""

    ROWS = 5

    name = forms.CharField(label=_("Name"), max_length=200)
    valid_from = forms.DateField(label=_("Valid from"), help_text=_("As dd.mm.yyyy"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = [("", "—")] + [(name, field.label) for name, field in rules.FIELDS.items()]
        operators = [("", "—")] + [
            (str(op), str(label)) for op, label in rules.OPERATOR_LABELS.items()
        ]
        for row in range(1, self.ROWS + 1):
            self.fields[f"field_{row}"] = forms.ChoiceField(
                label=_("Condition %(n)s: field") % {"n": row}, choices=fields, required=False
            )
            self.fields[f"operator_{row}"] = forms.ChoiceField(
                label=_("Condition %(n)s: comparison") % {"n": row},
                choices=operators,
                required=False,
            )
            self.fields[f"value_{row}"] = forms.CharField(
                label=_("Condition %(n)s: value") % {"n": row},
                required=False,
                max_length=500,
                help_text=_(
                    "Yes or no, a number, or one of the field's choices; several choices "
                    "separated by commas."
                ),
            )

    @classmethod
    def initial_from(cls, name: str, rule: list[dict[str, Any]]) -> dict[str, Any]:
        initial: dict[str, Any] = {"name": name}
        for row, condition in enumerate(rule[: cls.ROWS], start=1):
            initial[f"field_{row}"] = condition.get("field", "")
            initial[f"operator_{row}"] = condition.get("operator", "")
            initial[f"value_{row}"] = rules.value_as_text(condition)
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in range(1, self.ROWS + 1):
            parts = [data.get(f"{part}_{row}") for part in ("field", "operator", "value")]
            if any(parts) and not all(parts[:2]):
                self.add_error(
                    f"field_{row}",
                    _("Choose both a field and a comparison, or leave the row empty."),
                )
        return data

    def rule(self) -> list[dict[str, Any]]:
        """The conditions as a rule (the service validates it and names what is wrong)."""
        data = self.cleaned_data
        conditions = []
        for row in range(1, self.ROWS + 1):
            name, operator = data.get(f"field_{row}"), data.get(f"operator_{row}")
            if name and operator:
                text = data.get(f"value_{row}") or ""
                conditions.append(
                    {
                        "field": name,
                        "operator": operator,
                        "value": rules.value_from_text(name, operator, text),
                    }
                )
        return conditions
