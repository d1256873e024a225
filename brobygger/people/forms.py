from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import AnyUser, Permission, scope_for
from brobygger.core.forms import Form
from brobygger.outreach.models import OutreachMethod
from brobygger.partnerships.models import Municipality

from .cpr import normalise_cpr
from .models import PipelineStatus


class MethodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_category_display()}: {obj.name}"


class PersonRegistrationForm(Form):
    """The quick registration: a name as she spells it and the method that found her."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects)
    method = MethodChoiceField(
        label=_("How did we find her or him?"),
        queryset=OutreachMethod.objects.filter(is_active=True),
        help_text=_("The outreach method that led to the contact."),
    )
    source_note = forms.CharField(
        label=_("Where, more precisely"),
        max_length=200,
        required=False,
        help_text=_("E.g. the name of the association or the place of the poster."),
    )
    cpr = forms.CharField(
        label=_("CPR number"),
        max_length=20,
        required=False,
        help_text=_("If known. Written as DDMMYY-XXXX."),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, help_text=_("As dd.mm.yyyy")
    )
    confirmed_new = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = scope_for(user, Permission.CHANGE_PEOPLE)
        municipalities = Municipality.objects.filter(scope.q("pk"))
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        self.only_municipality = municipalities.first() if len(scope.ids) == 1 else None
        if self.only_municipality is not None:
            # One municipality: nothing to choose, so the field is not shown at all.
            self.fields["municipality"].required = False
            self.fields["municipality"].widget = forms.HiddenInput()
        self.fields["cpr"].widget.attrs["autocomplete"] = "off"

    def clean_municipality(self) -> Municipality | None:
        municipality: Municipality | None = self.cleaned_data.get("municipality")
        if self.only_municipality is not None:
            return self.only_municipality
        return municipality

    def clean_cpr(self) -> str:
        value: str = self.cleaned_data["cpr"].strip()
        return normalise_cpr(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        cpr, birth_date = data.get("cpr"), data.get("birth_date")
        if cpr and birth_date:
            from .cpr import cpr_birth_date

            if cpr_birth_date(cpr) != birth_date:
                self.add_error("birth_date", _("The date of birth does not match the CPR number."))
        return data


class StatusChangeForm(Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=PipelineStatus.choices)
    occurred_on = forms.DateField(
        label=_("Date"), required=False, help_text=_("As dd.mm.yyyy. Empty: today.")
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
