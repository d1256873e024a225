from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from brobygger.core.concurrency import VersionedFormMixin
from brobygger.core.forms import Form, ModelForm
from brobygger.outreach.partner_picking import PartnerFieldsMixin

from .models import (
    Assessor,
    ConfidenceMeasure,
    Enrolment,
    InterventionType,
    Outcome,
    ProgressionDimension,
)
from .selectors import intervention_types


class EnrolmentForm(PartnerFieldsMixin, VersionedFormMixin, ModelForm):
    """A new enrolment, or a change of one (which carries the version it was opened from).
    The provider is one of the partners of her municipality, or a new one written here."""

    partner_field = "provider"

    class Meta:
        model = Enrolment
        fields = [
            "intervention_type",
            "provider",
            "provider_note",
            "started_on",
            "ended_on",
            "completion",
            "result",
        ]
        help_texts = {"started_on": _("As dd.mm.yyyy"), "ended_on": _("Empty while it runs")}

    def __init__(self, *args: Any, municipality_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["intervention_type"].queryset = intervention_types()  # type: ignore[attr-defined]
        self.fields["intervention_type"].label_from_instance = (  # type: ignore[attr-defined]
            lambda kind: f"{kind.get_category_display()}: {kind.name}"
        )
        self.fields["provider"].empty_label = _("The job centre itself")  # type: ignore[attr-defined]
        self.add_partner_fields([municipality_id])
        self.style_widgets()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.check_partner_choice()
        return data


class OutcomeForm(ModelForm):
    class Meta:
        model = Outcome
        fields = ["kind", "started_on", "organisation", "weekly_hours"]
        help_texts = {"started_on": _("As dd.mm.yyyy")}
        localized_fields = ("weekly_hours",)


class ConfidenceForm(ModelForm):
    score = forms.TypedChoiceField(
        label=_(
            "How much do you believe you can get an ordinary job? (1 = not at all, 10 = fully)"
        ),
        choices=[(n, str(n)) for n in range(1, 11)],
        coerce=int,
    )

    class Meta:
        model = ConfidenceMeasure
        fields = ["measured_on", "score", "note"]
        help_texts = {"measured_on": _("As dd.mm.yyyy")}


class ProgressionForm(Form):
    """The progression card: who assessed, when, and 1–5 for each line (blank: not assessed)."""

    assessed_on = forms.DateField(label=_("Date"), help_text=_("As dd.mm.yyyy"))
    assessor = forms.ChoiceField(label=_("Assessed by"), choices=Assessor.choices)
    assessor_name = forms.CharField(label=_("Name of the assessor"), max_length=200, required=False)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, dimensions: list[ProgressionDimension], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dimensions = dimensions
        choices = [("", _("— not assessed —")), *[(str(n), str(n)) for n in range(1, 6)]]
        for dimension in dimensions:
            self.fields[f"score_{dimension.pk}"] = forms.TypedChoiceField(
                label=dimension.name,
                help_text=dimension.description,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"note_{dimension.pk}"] = forms.CharField(
                label=_("Comment on “%(name)s”") % {"name": dimension.name},
                max_length=500,
                required=False,
            )
        self.style_widgets()

    def lines(self) -> list[tuple[Any, Any]]:
        return [(self[f"score_{d.pk}"], self[f"note_{d.pk}"]) for d in self.dimensions]

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            d.pk: (self.cleaned_data[f"score_{d.pk}"], self.cleaned_data[f"note_{d.pk}"])
            for d in self.dimensions
            if self.cleaned_data.get(f"score_{d.pk}") is not None
        }


class InterventionTypeForm(ModelForm):
    class Meta:
        model = InterventionType
        fields = [
            "name",
            "name_en",
            "category",
            "network_oriented",
            "company_oriented",
            "education",
            "citizenship",
            "capacity_kind",
            "description",
            "is_active",
            "position",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "network_oriented": _("Counts for the criterion on network-oriented interventions."),
            "company_oriented": _("Counts for the criterion on company-oriented interventions."),
        }


class DimensionForm(ModelForm):
    class Meta:
        model = ProgressionDimension
        fields = ["name", "description", "is_active", "position"]
