from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from brobygger.accounts.access import AnyUser, Permission
from brobygger.accounts.fields import MunicipalityFieldMixin
from brobygger.core.concurrency import VersionedFormMixin
from brobygger.core.forms import Form, ModelForm
from brobygger.languages.models import Language
from brobygger.outreach.models import LetterTemplate, OutreachActivity, OutreachMethod
from brobygger.outreach.partner_picking import PartnerFieldsMixin
from brobygger.outreach.selectors import activity_choices
from brobygger.partnerships.models import Municipality

from .cpr import normalise_cpr
from .models import ContactChannel, ContactOutcome, Person, PipelineStatus
from .names import strip_invisible

StrOrPromise = str | Promise


class MethodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_category_display()}: {obj.name}"


class VisibleNamesMixin:
    """Names keep only characters that show: a right-to-left override or a zero-width space
    would make a name in a list read other than it is stored (the list import does the same)."""

    cleaned_data: dict[str, Any]

    def _visible(self, name: str) -> str:
        return strip_invisible(self.cleaned_data.get(name) or "").strip()

    def clean_first_name(self) -> str:
        return self._visible("first_name")

    def clean_last_name(self) -> str:
        return self._visible("last_name")

    def clean_name_variants(self) -> str:
        return self._visible("name_variants")


class PersonRegistrationForm(PartnerFieldsMixin, VisibleNamesMixin, MunicipalityFieldMixin, Form):
    """The quick registration: a name as she spells it, the method that found her, and what
    else was written down at the meeting (usually a phone number).

    The method is required unless an activity is chosen (its method is then used); the form
    marks the method field required only then, so the labels say what the intro says."""

    municipality_permission = Permission.CHANGE_PEOPLE

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    phone = PhoneNumberField(
        label=_("Phone number"),
        region="DK",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
        help_text=_("E.g. 20 12 34 56 or +45 20 12 34 56."),
        error_messages={
            "invalid": _("Write a Danish number of 8 digits, or + and the country code first.")
        },
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects,
        empty_label=_("Choose a municipality"),
    )
    method = MethodChoiceField(
        label=_("How did we find her or him?"),
        queryset=OutreachMethod.objects.filter(is_active=True),
        help_text=_("The outreach method that led to the contact."),
        empty_label=_("Choose a method"),
        error_messages={"required": _("Choose the method, or the activity, that found her.")},
    )
    activity = forms.ModelChoiceField(
        label=_("At which outreach activity?"),
        queryset=OutreachActivity.objects.none(),
        required=False,
        empty_label=_("Not at a planned activity"),
        help_text=_("If she or he was met at a planned activity; its method is then used."),
    )
    partner = forms.ModelChoiceField(
        label=_("Through which partner?"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("Not through a partner"),
        help_text=_("E.g. the association or the company that put us in touch."),
    )
    referred_by = forms.CharField(
        label=_("Or referred by a person"),
        max_length=200,
        required=False,
        help_text=_("A named person, where no partner organisation is behind it."),
    )
    source_note = forms.CharField(
        label=_("Where, more precisely"),
        max_length=200,
        required=False,
        help_text=_("E.g. the place of the poster."),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, help_text=_("As dd.mm.yyyy")
    )
    cpr = forms.CharField(
        label=_("CPR number"),
        max_length=20,
        required=False,
        help_text=_("If known. Written as DDMMYY-XXXX."),
    )
    from_third_party = forms.BooleanField(
        label=_("The information did not come from her or him (e.g. from a list or a partner)"),
        required=False,
        help_text=_("She or he must then be informed within one month (GDPR art. 14)."),
    )
    confirmed_new = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_municipality(user)
        # An activity brings its method, so the method is optional only when one is chosen.
        if self.is_bound and self.data.get(self.add_prefix("activity")):
            self.fields["method"].required = False
        self.fields["cpr"].widget.attrs["autocomplete"] = "off"
        activities = activity_choices(user=user, around=timezone.localdate())
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]
        self.fields["activity"].label_from_instance = (  # type: ignore[attr-defined]
            lambda activity: f"{activity.planned_on:%d.%m.%Y} {activity.title}"
        )
        municipalities = self.fields["municipality"].queryset  # type: ignore[attr-defined]
        self.add_partner_fields(municipalities.values_list("pk", flat=True))
        self.style_widgets()

    def clean_cpr(self) -> str:
        value: str = self.cleaned_data["cpr"].strip()
        return normalise_cpr(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        activity = data.get("activity")
        if activity is not None and not data.get("method"):
            data["method"] = activity.method
        if not data.get("method") and "method" not in self.errors:
            self.add_error("method", _("Choose the method, or the activity, that found her."))
        cpr, birth_date = data.get("cpr"), data.get("birth_date")
        if cpr and birth_date:
            from .cpr import cpr_birth_date

            if cpr_birth_date(cpr) != birth_date:
                self.add_error("birth_date", _("The date of birth does not match the CPR number."))
        self.check_partner_choice()
        return data


class StatusChangeForm(Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=PipelineStatus.choices)
    occurred_on = forms.DateField(
        label=_("Date"), required=False, help_text=_("As dd.mm.yyyy. Empty: today.")
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


# The sections of the person form, as on the edit page and the person page.
PERSON_SECTIONS: tuple[tuple[StrOrPromise, tuple[str, ...]], ...] = (
    (
        _("Name and birth"),
        ("first_name", "last_name", "name_variants", "birth_date", "gender", "country_of_origin"),
    ),
    (
        _("Contact"),
        ("phone", "email", "street", "floor_door", "postal_code", "city", "housing_area"),
    ),
    (
        _("Language and background"),
        (
            "preferred_language",
            "interpreter_needed",
            "languages",
            "danish_programme",
            "danish_module",
            "danish_exam",
            "year_of_arrival",
            "integration_period",
            "known_in_municipal_systems",
        ),
    ),
    (_("Household"), ("provider_name", "children_count")),
    (
        _("Legal basis and consent"),
        ("legal_basis", "consent_given_on", "consent_method", "consent_language", "consent_scope"),
    ),
    (_("Duty to inform (GDPR art. 14)"), ("inform_due_on", "informed_on", "informed_how")),
    (_("Follow-up"), ("follow_up_on", "next_action")),
    (_("Notes"), ("notes",)),
)


class PersonForm(VisibleNamesMixin, VersionedFormMixin, ModelForm):
    """Everything known about a person, filled in over time. It carries the version it was
    opened from, so a save after someone else's is a conflict, not an overwrite."""

    SECTIONS = PERSON_SECTIONS

    class Meta:
        model = Person
        fields = [name for _title, names in PERSON_SECTIONS for name in names]
        widgets = {
            "phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
            "notes": forms.Textarea(attrs={"rows": 5}),
            "known_in_municipal_systems": forms.NullBooleanSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country_of_origin"].help_text = _("Two-letter country code, e.g. TH, SY, SO")
        # The languages in use, and hers if it has been retired since.
        languages = Language.objects.filter(
            Q(is_active=True) | Q(pk=self.instance.preferred_language_id)
        )
        self.fields["preferred_language"].queryset = languages  # type: ignore[attr-defined]

    def clean_postal_code(self) -> str:
        code: str = self.cleaned_data["postal_code"].strip()
        if code and not (code.isdigit() and len(code) == 4):
            raise forms.ValidationError(_("A Danish postal code has four digits."))
        return code

    def clean_country_of_origin(self) -> str:
        code: str = self.cleaned_data["country_of_origin"].strip().upper()
        if code and not (len(code) == 2 and code.isalpha()):
            raise forms.ValidationError(_("Use the two-letter country code, e.g. TH."))
        return code

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(title), [self[name] for name in names]) for title, names in self.SECTIONS]


class CprLookupForm(Form):
    cpr = forms.CharField(
        label=_("Find by CPR number"), max_length=20, help_text=_("Written as DDMMYY-XXXX.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cpr"].widget.attrs["autocomplete"] = "off"

    def clean_cpr(self) -> str:
        return normalise_cpr(self.cleaned_data["cpr"])


class ContactAttemptForm(Form):
    """Two clicks: the channel (pre-set to phone), then the outcome button."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=ContactChannel.choices,
        initial=ContactChannel.PHONE,
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ContactOutcome.choices)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up_on = forms.DateField(
        label=_("Next follow-up"),
        required=False,
        help_text=_(
            "Optional, as dd.mm.yyyy: e.g. call again on Tuesday. It goes on your work list."
        ),
    )
    next_action = forms.CharField(label=_("What then"), required=False, max_length=200)


class ContactAttemptCorrectionForm(Form):
    """A wrongly clicked attempt, corrected by its author."""

    channel = forms.ChoiceField(
        label=_("Channel"), choices=ContactChannel.choices, widget=forms.RadioSelect
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=ContactOutcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 3})
    )


class LetterForm(Form):
    # Any letter in use; each person gets its version in her preferred language.
    template = forms.ModelChoiceField(
        label=_("Letter"), queryset=LetterTemplate.objects.filter(is_active=True)
    )
    person_ids = forms.TypedMultipleChoiceField(coerce=int, choices=[], required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any whole number is accepted here; the selector decides who the user may reach.
        submitted = self.data.getlist("person_ids") if hasattr(self.data, "getlist") else []
        self.fields["person_ids"].choices = [  # type: ignore[attr-defined]
            (value, value) for value in submitted[:500] if str(value).isdigit()
        ]


class DropInForm(Form):
    occurred_on = forms.DateField(
        label=_("Date"), required=False, help_text=_("As dd.mm.yyyy. Empty: today.")
    )
    person_number = forms.IntegerField(
        label=_("Person number in Brobygger"),
        required=False,
        min_value=1,
        help_text=_("For a person who is registered: the number on her page."),
    )
    anonymous_count = forms.IntegerField(
        label=_("Or: number of anonymous visitors"), required=False, min_value=1, max_value=500
    )
    topic = forms.CharField(label=_("Topic"), required=False, max_length=200)
