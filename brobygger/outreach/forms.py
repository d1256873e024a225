from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import AnyUser, Permission
from brobygger.accounts.fields import MunicipalityFieldMixin
from brobygger.accounts.models import User
from brobygger.core.forms import Form, ModelForm
from brobygger.languages.models import Language
from brobygger.languages.selectors import language_list
from brobygger.partnerships.models import Municipality

from .models import (
    LOGO_MAX_BYTES,
    LOGO_TYPES,
    LetterTemplate,
    MunicipalityProfile,
    OutreachActivity,
    OutreachLocation,
    OutreachMethod,
    PublicFormText,
)
from .partner_picking import PartnerFieldsMixin


class ActivityForm(PartnerFieldsMixin, MunicipalityFieldMixin, ModelForm):
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
            "partner_note",
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
            self.add_partner_fields([self.instance.municipality_id])
        else:
            self.add_partner_fields(municipalities.values_list("pk", flat=True))
        self.style_widgets()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_partner_choice()
        return data


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
            "error_summary",
            "privacy_label",
            "accessibility_label",
            "poster_title",
            "poster_text",
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


class LetterTemplateForm(ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["name", "subject", "body", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}
        help_texts = {
            "name": _(
                "Letters with the same name are one letter in several languages: each person "
                "gets hers, with the Danish text."
            ),
            "body": _(
                "Merge fields in braces: {first_name}, {last_name}, {full_name}, {address}, "
                "{municipality}, {caseworker}, {date}."
            ),
        }


class ProfileForm(ModelForm):
    logo_upload = forms.ImageField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP, at most %(kb)s KB.") % {"kb": LOGO_MAX_BYTES // 1024},
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    accessibility_url = forms.URLField(
        label=_("Accessibility statement"),
        required=False,
        assume_scheme="https",
        help_text=_("The address of the municipality's accessibility statement (was.digst.dk)."),
    )

    class Meta:
        model = MunicipalityProfile
        fields = [
            "accessibility_url",
            "controller_address",
            "controller_email",
            "controller_phone",
            "dpo_name",
            "dpo_email",
            "dpo_phone",
        ]

    def clean_logo_upload(self) -> bytes | None:
        upload = self.cleaned_data.get("logo_upload")
        if not upload:
            return None
        if upload.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(
                _("The logo may be at most %(kb)s KB.") % {"kb": LOGO_MAX_BYTES // 1024}
            )
        kind = getattr(getattr(upload, "image", None), "format", "")
        if kind not in LOGO_TYPES:
            raise forms.ValidationError(_("Upload the logo as a PNG, JPEG or WebP image."))
        upload.seek(0)
        return bytes(upload.read())


class PosterForm(Form):
    """The languages of a poster or flyer: one to four, in the order chosen."""

    MAX_LANGUAGES = 4

    languages = forms.ModelMultipleChoiceField(
        label=_("Languages"),
        queryset=Language.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One to four languages on one sheet, with one QR code."),
        error_messages={"required": _("Choose at least one language.")},
    )
    size = forms.ChoiceField(
        label=_("Size"),
        choices=[("a4", _("Poster (A4)")), ("a5", _("Flyer (A5)"))],
        initial="a4",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["languages"].queryset = language_list()  # type: ignore[attr-defined]

    def clean_languages(self) -> list[Language]:
        chosen = list(self.cleaned_data["languages"])
        if len(chosen) > self.MAX_LANGUAGES:
            raise forms.ValidationError(
                _("Choose at most %(n)s languages: more do not fit on one sheet.")
                % {"n": self.MAX_LANGUAGES}
            )
        return chosen
