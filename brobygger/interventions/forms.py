from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from brobygger.core.forms import ModelForm

from .models import ConfidenceMeasure, Enrolment, Outcome
from .selectors import intervention_types


class EnrolmentForm(ModelForm):
    class Meta:
        model = Enrolment
        fields = ["intervention_type", "provider", "started_on", "ended_on", "completion", "result"]
        help_texts = {"started_on": _("As dd.mm.yyyy"), "ended_on": _("Empty while it runs")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["intervention_type"].queryset = intervention_types()  # type: ignore[attr-defined]
        self.fields["intervention_type"].label_from_instance = (  # type: ignore[attr-defined]
            lambda kind: f"{kind.get_category_display()}: {kind.name}"
        )


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
