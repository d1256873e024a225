from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from brobygger.core.forms import Form

from .models import ConsentHow, MessageTemplate, WithdrawnHow, validate_merge_fields
from .selectors import template_choices


class SendForm(Form):
    template = forms.ModelChoiceField(
        label=_("Template"),
        queryset=MessageTemplate.objects.filter(is_active=True),
        required=False,
        help_text=_("Sent in her preferred language; in Danish where the template has none."),
    )
    body = forms.CharField(
        label=_("Or write the message"),
        required=False,
        max_length=1_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Merge fields in braces, e.g. {first_name} or {caseworker_name}."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["template"]
        field.choices = [("", _("Choose a template"))] + [  # type: ignore[attr-defined]
            (t.pk, t.name) for t in template_choices()
        ]

    def clean_body(self) -> str:
        body: str = self.cleaned_data.get("body", "").strip()
        if body:
            validate_merge_fields(body)
        return body

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("template")) == bool(data.get("body")):
            raise forms.ValidationError(_("Choose a template or write the message (one of them)."))
        return data


class BulkSendForm(SendForm):
    person_ids = forms.TypedMultipleChoiceField(
        label=_("People"), coerce=int, choices=[], required=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any whole number is accepted here; the selector decides who the user may reach.
        submitted = self.data.getlist("person_ids") if hasattr(self.data, "getlist") else []
        self.fields["person_ids"].choices = [  # type: ignore[attr-defined]
            (value, value) for value in submitted[:1_000] if str(value).isdigit()
        ]


class ConsentForm(Form):
    given_on = forms.DateField(
        label=_("Consent given on"), help_text=_("As dd.mm.yyyy."), initial=timezone.localdate
    )
    given_how = forms.ChoiceField(label=_("How"), choices=ConsentHow.choices)


class WithdrawForm(Form):
    withdrawn_how = forms.ChoiceField(
        label=_("How she withdrew it"),
        choices=[c for c in WithdrawnHow.choices if c[0] != WithdrawnHow.STOP_REPLY],
    )


class StaffPhoneForm(Form):
    phone = PhoneNumberField(
        label=_("Your direct phone"),
        region="DK",
        help_text=_("Shown in text messages where the template says {caseworker_phone}."),
    )
