from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import AnyUser, Permission
from brobygger.accounts.fields import MunicipalityFieldMixin
from brobygger.accounts.models import User
from brobygger.core.forms import Form, ModelForm
from brobygger.partnerships.models import Municipality

from .models import (
    OutreachActivity,
    OutreachLocation,
    OutreachMethod,
    PublicFormText,
)


class ActivityForm(MunicipalityFieldMixin, ModelForm):
    municipality_permission = Permission.MANAGE_OUTREACH
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects)

    class Meta:
        model = OutreachActivity
        fields = [
            "municipality",
            "method",
            "title",
            "place",
            "planned_on",
            "responsible",
            "partner",
            "hours",
            "cost",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"planned_on": _("As dd.mm.yyyy")}
        # Danish users write decimal commas: 3,5 hours.
        localized_fields = ("hours", "cost")

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_municipality(user)
        municipalities = self.fields["municipality"].queryset  # type: ignore[attr-defined]
        self.fields["method"].queryset = OutreachMethod.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        )
        self.fields["method"].label_from_instance = (  # type: ignore[attr-defined]
            lambda method: f"{method.get_category_display()}: {method.name}"
        )
        self.fields["responsible"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True, memberships__municipality__in=municipalities
        ).distinct()
        if self.instance.pk:
            # An activity stays in its municipality.
            self.fields["municipality"].initial = self.instance.municipality_id
            self.fields["municipality"].disabled = True


class ActivityDoneForm(Form):
    done_on = forms.DateField(
        label=_("Done on"), required=False, help_text=_("As dd.mm.yyyy. Empty: today.")
    )
    hours = forms.DecimalField(
        label=_("Hours used"),
        required=False,
        min_value=0,
        max_value=10_000,
        decimal_places=1,
        localize=True,
    )
    cost = forms.DecimalField(
        label=_("Cost (kr.)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        localize=True,
    )


class PublicFormTextForm(ModelForm):
    class Meta:
        model = PublicFormText
        fields = [
            "title",
            "intro",
            "name_label",
            "phone_label",
            "phone_hint",
            "consent_text",
            "submit_label",
            "thanks_title",
            "thanks_text",
            "error_required",
            "error_phone",
            "error_consent",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("intro", "consent_text", "thanks_text")
        }
        help_texts = {
            "intro": _('"{municipality}" is replaced by the name of the municipality.'),
            "consent_text": _('"{municipality}" is replaced by the name of the municipality.'),
        }


class LocationForm(MunicipalityFieldMixin, ModelForm):
    municipality_permission = Permission.MANAGE_OUTREACH
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects)

    class Meta:
        model = OutreachLocation
        fields = [
            "municipality",
            "name",
            "kind",
            "address",
            "housing_area",
            "opening_hours",
            "is_active",
        ]

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_municipality(user)
        if self.instance.pk:
            self.fields["municipality"].initial = self.instance.municipality_id
            self.fields["municipality"].disabled = True


class MethodForm(ModelForm):
    class Meta:
        model = OutreachMethod
        fields = ["name", "name_en", "category", "description", "is_active", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
