"""The forms of the referral link: staff make a link; a referrer sends a woman through it."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from brobygger.accounts.access import Permission
from brobygger.accounts.fields import MunicipalityFieldMixin
from brobygger.accounts.models import User
from brobygger.core.forms import Form, HoneypotMixin, ModelForm
from brobygger.outreach.models import OutreachMethod
from brobygger.partners.models import Organisation
from brobygger.partnerships.models import Municipality

from .link_models import ReferralLink

DATE_HELP = _("As dd.mm.yyyy")


def _user_label(user: User) -> str:
    return user.get_full_name() or user.username


class LinkForm(MunicipalityFieldMixin, ModelForm):
    """A new link: a department's or a partner's, the method its people count under, who
    contacts them and within how many days, and the referrer's reminders."""

    municipality_permission = Permission.CHANGE_PEOPLE
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects)

    class Meta:
        model = ReferralLink
        fields = [
            "municipality",
            "label",
            "department",
            "organisation",
            "method",
            "owner",
            "contact_within_days",
            "expires_on",
            "referrer_email",
            "reminder_schedule",
        ]
        help_texts = {"expires_on": _("As dd.mm.yyyy. Empty: until it is revoked.")}

    def __init__(
        self,
        *args: Any,
        user: User,
        owners: QuerySet[User],
        organisations: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.limit_municipality(user)
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owner.queryset = owners
        owner.label_from_instance = _user_label  # type: ignore[method-assign,assignment]
        organisation = cast(forms.ModelChoiceField, self.fields["organisation"])
        organisation.queryset = organisations
        method = cast(forms.ModelChoiceField, self.fields["method"])
        method.queryset = OutreachMethod.objects.filter(is_active=True)


CONSENT_METHODS = [("oral", _("Orally")), ("written", _("In writing"))]


class LinkReferralForm(HoneypotMixin, Form):
    """What the referrer writes: herself, the woman, what she needs, and her consent."""

    referrer_name = forms.CharField(label=_("Your name"), max_length=200)
    referrer_organisation = forms.CharField(
        label=_("Your workplace or association"), max_length=200
    )
    first_name = forms.CharField(label=_("Her first name"), max_length=100)
    last_name = forms.CharField(label=_("Her last name"), max_length=100, required=False)
    phone = PhoneNumberField(
        label=_("Her phone number"),
        region="DK",
        required=False,
        help_text=_("E.g. 12 34 56 78"),
        error_messages={"invalid": _("Write a valid phone number.")},
    )
    email = forms.EmailField(label=_("Her e-mail"), required=False)
    needs = forms.CharField(
        label=_("What does she need?"),
        max_length=2_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "E.g. a job, Danish lessons, an internship, a network. Only what she agrees to."
        ),
    )
    consent_confirmed = forms.BooleanField(
        label=_("She has agreed that the municipality contacts her."), required=False
    )
    consent_given_on = forms.DateField(label=_("When did she agree?"), help_text=DATE_HELP)
    consent_method = forms.ChoiceField(
        label=_("How did she agree?"), choices=[("", "---------"), *CONSENT_METHODS]
    )
    consent_taken_by = forms.CharField(
        label=_("Who asked her?"),
        max_length=200,
        required=False,
        help_text=_("Empty: you did."),
    )
    receipt_email = forms.EmailField(
        label=_("Your e-mail, if you want a receipt"),
        required=False,
        help_text=_("The receipt says that we received a referral, nothing about her."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "dir": "ltr"})
        self.fields["referrer_name"].widget.attrs.update({"autocomplete": "name"})

    def clean_phone(self) -> str:
        """Her number as kept (E.164), or empty."""
        number = self.cleaned_data.get("phone")
        return str(number.as_e164) if number else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("referrer_name", "referrer_organisation", "first_name", "last_name"):
            if name in cleaned:
                cleaned[name] = " ".join(str(cleaned[name]).split())
        return cleaned
