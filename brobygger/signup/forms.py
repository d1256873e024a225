"""The public sign-up forms: a volunteer, an association (with seed 002's CSR questionnaire)
and a company. Every form has a honeypot and a consent that must be ticked; the texts are
English in the code and Danish through the catalogue."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.validators import RegexValidator
from django.db import models
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from brobygger.core.forms import Form, HoneypotMixin
from brobygger.core.inputs import from_cleaned_data
from brobygger.languages.selectors import language_list
from brobygger.matching.taxonomy import BY_KEY
from brobygger.partners.models import (
    ASSOCIATION_KINDS,
    MAX_MENTEES,
    Competence,
    OrganisationKind,
)
from brobygger.partners.services import (
    ContactPersonData,
    OrganisationProfileData,
    VolunteerProfileData,
)
from brobygger.partners.validators import normalise_cvr, validate_cvr

from .questionnaire import ANSWER_MAX_LENGTH, QUESTIONNAIRES, Question

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Languages volunteers often speak that the language catalogue may not hold (it holds the
# target group's languages, kept by administrators). Stored as codes ("da, ar").
OTHER_LANGUAGE_CHOICES = [
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("pl", _("Polish")),
    ("ro", _("Romanian")),
    ("bs", _("Bosnian")),
    ("de", _("German")),
    ("fr", _("French")),
    ("es", _("Spanish")),
]


def language_choices() -> list[tuple[str, StrOrPromise]]:
    """The catalogue's languages in use (the target group's, in the administrators' order),
    then the common European ones it does not hold."""
    choices: list[tuple[str, StrOrPromise]] = [
        (language.code, language.name) for language in language_list()
    ]
    known = {code for code, _name in choices}
    return choices + [(code, name) for code, name in OTHER_LANGUAGE_CHOICES if code not in known]


LANGUAGES_MAX_LENGTH = 200  # Volunteer.languages and Organisation.languages

postal_code_validator = RegexValidator(
    r"^[0-9]{4}$", _("A Danish postal code has 4 digits."), code="postal_code"
)


def _mentees_help() -> str:
    return gettext("From 1 to %(max)s.") % {"max": MAX_MENTEES}


def _mentees_error() -> str:
    return gettext("Choose a number from 1 to %(max)s.") % {"max": MAX_MENTEES}


# Translated when shown, not when this module is imported.
MENTEES_HELP = lazy(_mentees_help, str)()
MENTEES_ERROR = lazy(_mentees_error, str)()
PHONE_ERROR = _("Enter a Danish phone number of 8 digits, or + and the country code first.")


class CompetenceField(forms.ModelMultipleChoiceField):
    """Ticked competences, named in English on an English page (the taxonomy's own names)."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: models.Model) -> str:
        assert isinstance(obj, Competence)  # nosec B101  # narrows the type for mypy only
        term = BY_KEY.get(obj.key)
        language = translation.get_language() or ""
        return term.en if term is not None and language.startswith("en") else obj.name


def _phone(**kwargs: Any) -> PhoneNumberField:
    return PhoneNumberField(
        region="DK",
        error_messages={"invalid": PHONE_ERROR},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        **kwargs,
    )


def answer_field(question: Question) -> forms.CharField:
    """The field that asks one question of the questionnaire."""
    return forms.CharField(
        label=question.label,
        help_text=question.help_text,
        required=question.required,
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SignupForm(HoneypotMixin, Form):
    """What every public sign-up form shares: the spoken languages, a consent to tick, and
    the fieldsets that the template shows."""

    fieldsets: tuple[tuple[StrOrPromise, tuple[str, ...]], ...] = ()

    def __init__(self, *args: Any, consent_text: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.consent_text = consent_text
        self.fields["consent"] = forms.BooleanField(
            label=consent_text,
            error_messages={
                "required": _(
                    "Tick the box to give your consent. Without it we cannot keep your sign-up."
                )
            },
        )
        self.style_widgets()

    def sections(self) -> list[tuple[StrOrPromise, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]

    def _languages(self, *, required: bool) -> str:
        codes: list[str] = list(self.cleaned_data.get("languages") or [])
        other = self.cleaned_data.get("other_languages", "")
        for name in other.replace(";", ",").split(","):
            name = " ".join(name.split()).lower()
            if name and name not in codes:
                codes.append(name)
        if required and not codes:
            self.add_error("languages", _("Choose at least one language."))
        text = ", ".join(codes)
        if len(text) > LANGUAGES_MAX_LENGTH:
            self.add_error("other_languages", _("Please write fewer languages."))
        return text

    def clean_other_languages(self) -> str:
        value: str = self.cleaned_data.get("other_languages", "")
        if any(not (c.isalpha() or c in " ,;-") for c in value):
            raise forms.ValidationError(_("Write the names of the languages, separated by commas."))
        return value


def _languages_fields(label: StrOrPromise, *, at_least_one: bool) -> dict[str, forms.Field]:
    languages = forms.MultipleChoiceField(
        label=label,
        choices=language_choices,
        # Not required as a field: a language written under "Other languages" is enough.
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at least one, or write it under Other languages.")
        if at_least_one
        else "",
    )
    # Shown without "(optional)" when one language is asked for (clean() checks it).
    languages.show_as_required = at_least_one  # type: ignore[attr-defined]
    return {
        "languages": languages,
        "other_languages": forms.CharField(
            label=_("Other languages"),
            required=False,
            max_length=100,
            help_text=_("Separate them with commas."),
        ),
    }


class VolunteerSignupForm(SignupForm):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        required=False,
        choices=[("female", _("Woman")), ("male", _("Man"))],
        widget=forms.RadioSelect,
        help_text=_("Some citizens ask for a mentor of their own gender."),
    )
    phone = _phone(
        label=_("Phone number"),
        required=False,
        help_text=_("A phone number, an e-mail address or both: we need one of them."),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=4,
        validators=[postal_code_validator],
        help_text=_("Where you live; we look for citizens near you."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    skills = CompetenceField(
        label=_("What can you help with?"),
        queryset=Competence.objects.filter(group="person"),
        required=False,
    )
    interests = forms.CharField(
        label=_("Your interests"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Work, hobbies, what you like to do with others."),
    )
    availability = forms.CharField(
        label=_("When do you have time?"),
        required=False,
        max_length=200,
        help_text=_("For example weekday evenings, or Saturdays."),
    )
    max_mentees = forms.IntegerField(
        label=_("How many citizens could you be a mentor for at the same time?"),
        min_value=1,
        max_value=MAX_MENTEES,
        initial=1,
        help_text=MENTEES_HELP,
        error_messages={
            "required": MENTEES_ERROR,
            "invalid": MENTEES_ERROR,
            "min_value": MENTEES_ERROR,
            "max_value": MENTEES_ERROR,
        },
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_MENTEES}),
    )
    women_only = forms.BooleanField(label=_("I want to be a mentor for women only"), required=False)

    fieldsets = (
        (_("About you"), ("first_name", "last_name", "gender", "postal_code")),
        (_("How we reach you"), ("phone", "email")),
        (_("Languages"), ("languages", "other_languages")),
        (
            _("Being a mentor"),
            ("skills", "interests", "availability", "max_mentees", "women_only"),
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_languages_fields(_("Which languages do you speak?"), at_least_one=True))
        self.style_widgets()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("phone") and not cleaned.get("email") and not self.has_error("phone"):
            self.add_error("phone", _("Give a phone number or an e-mail address."))
        cleaned["languages"] = self._languages(required=True)
        return cleaned

    def volunteer_values(self) -> VolunteerProfileData:
        data = self.cleaned_data
        return from_cleaned_data(
            VolunteerProfileData,
            data,
            first_name=" ".join(data["first_name"].split()),
            last_name=" ".join(data["last_name"].split()),
            phone=data["phone"].as_e164 if data["phone"] else "",
            skills=list(data["skills"]),
        )


class OrganisationSignupForm(SignupForm):
    """An association or a company: the organisation, its contact person, what it offers or
    needs, and its questionnaire (``questionnaire.QUESTIONNAIRES``)."""

    # The organisation has a real "website" field; the honeypot takes another name.
    honeypot_name = "homepage"
    signup_kind = ""
    kinds: Iterable[str] = ()

    name = forms.CharField(label=_("Name"), max_length=200)
    cvr = forms.CharField(label=_("CVR number"), max_length=20, required=False)
    street = forms.CharField(
        label=_("Address"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=4,
        validators=[postal_code_validator],
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("E-mail of the organisation"), required=False)
    phone = _phone(label=_("Phone number of the organisation"), required=False)
    contact_name = forms.CharField(
        label=_("Name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_role = forms.CharField(
        label=_("Role"),
        max_length=200,
        required=False,
        help_text=_("For example chair, volunteer coordinator or HR manager."),
    )
    contact_phone = _phone(
        label=_("Phone number"),
        required=False,
        help_text=_("A phone number, an e-mail address or both: we need one of them."),
    )
    contact_email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    activities = forms.CharField(
        max_length=5_000, widget=forms.Textarea(attrs={"rows": 3}), label=_("What do you do?")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions: tuple[Question, ...] = QUESTIONNAIRES[self.signup_kind]
        for question in self.questions:
            self.fields[self.answer_field(question)] = answer_field(question)
        self.style_widgets()

    @staticmethod
    def answer_field(question: Question) -> str:
        return f"answer_{question.key}"

    def sections(self) -> list[tuple[StrOrPromise, list[forms.BoundField]]]:
        sections = super().sections()
        answers = [self[self.answer_field(q)] for q in self.questions]
        return [*sections, (self.questionnaire_title, answers)] if answers else sections

    questionnaire_title: StrOrPromise = ""

    def clean_cvr(self) -> str:
        """Accept "DK 13 58 56 28" as typed; keep the 8 digits."""
        value = normalise_cvr(self.cleaned_data.get("cvr", "").strip())
        if value:
            validate_cvr(value)
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            not cleaned.get("contact_phone")
            and not cleaned.get("contact_email")
            and not self.has_error("contact_phone")
        ):
            self.add_error(
                "contact_phone", _("Give the contact person's phone number or e-mail address.")
            )
        if "languages" in self.fields:
            cleaned["languages"] = self._languages(required=False)
        return cleaned

    def organisation_values(self, **given: Any) -> OrganisationProfileData:
        """The partner's profile as the form has it (a field the form of this kind does not
        ask for keeps its default); ``given`` sets what the kind's form works out itself."""
        data = self.cleaned_data
        return from_cleaned_data(
            OrganisationProfileData,
            data,
            fill_defaults=True,
            **{
                "name": " ".join(data["name"].split()),
                "phone": data["phone"].as_e164 if data.get("phone") else "",
                "kind": data.get("kind") or OrganisationKind.COMPANY,
                **given,
            },
        )

    def contact_values(self) -> ContactPersonData:
        data = self.cleaned_data
        return ContactPersonData(
            name=" ".join(data["contact_name"].split()),
            role=data["contact_role"],
            phone=data["contact_phone"].as_e164 if data["contact_phone"] else "",
            email=data["contact_email"],
        )

    def answers(self) -> dict[str, str]:
        return {
            q.key: self.cleaned_data[self.answer_field(q)].strip()
            for q in self.questions
            if self.cleaned_data.get(self.answer_field(q), "").strip()
        }


class AssociationSignupForm(OrganisationSignupForm):
    signup_kind = "association"
    questionnaire_title = _("What you want from a cooperation with a company")

    kind = forms.ChoiceField(
        label=_("What kind of organisation are you?"),
        choices=[(k.value, k.label) for k in ASSOCIATION_KINDS],
        widget=forms.RadioSelect,
    )
    target_groups = forms.CharField(
        label=_("For whom?"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    offers = CompetenceField(
        label=_("What could you help other associations with?"),
        queryset=Competence.objects.filter(group="organisation"),
        required=False,
    )
    needs = CompetenceField(
        label=_("What would you like help with?"),
        queryset=Competence.objects.filter(group="organisation"),
        required=False,
    )

    fieldsets = (
        (
            _("The association"),
            ("name", "kind", "cvr", "street", "postal_code", "city", "website", "email", "phone"),
        ),
        (_("Contact person"), ("contact_name", "contact_role", "contact_phone", "contact_email")),
        (
            _("What you do"),
            ("activities", "target_groups", "languages", "other_languages", "offers", "needs"),
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cvr"].help_text = _("If the association has one: 8 digits.")
        self.fields.update(
            _languages_fields(_("Which languages do your members speak?"), at_least_one=False)
        )
        self.style_widgets()

    def organisation_values(self, **given: Any) -> OrganisationProfileData:
        # Matching reads what a partner needs from its own words too.
        return super().organisation_values(
            needs_text=self.answers().get("competences", ""), **given
        )


class CompanySignupForm(OrganisationSignupForm):
    signup_kind = "company"
    questionnaire_title = _("What you could offer an association")

    offers = CompetenceField(
        label=_("What could your company help associations with?"),
        queryset=Competence.objects.filter(group="organisation"),
        required=False,
    )
    internship_places = forms.IntegerField(
        label=_("Internship places you could offer (virksomhedspraktik)"),
        min_value=0,
        max_value=500,
        initial=0,
        required=False,
    )
    mentor_slots = forms.IntegerField(
        label=_("Employees who could be a mentor"),
        min_value=0,
        max_value=500,
        initial=0,
        required=False,
    )

    fieldsets = (
        (
            _("The company"),
            ("name", "cvr", "street", "postal_code", "city", "website", "email", "phone"),
        ),
        (_("Contact person"), ("contact_name", "contact_role", "contact_phone", "contact_email")),
        (
            _("What you do"),
            ("activities", "offers", "internship_places", "mentor_slots"),
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cvr"].required = True
        self.fields["cvr"].help_text = _("8 digits.")
        self.fields["cvr"].error_messages["required"] = _("A company needs its CVR number.")

    def organisation_values(self, **given: Any) -> OrganisationProfileData:
        data = self.cleaned_data
        return super().organisation_values(
            kind=OrganisationKind.COMPANY,
            internship_places=data.get("internship_places") or 0,
            mentor_slots=data.get("mentor_slots") or 0,
            offers_text=self.answers().get("core_competences", ""),
            **given,
        )


class AnswersForm(Form):
    """Staff edit a partner's answers to its questionnaire (and its "appetitvækker") after
    the sign-up is approved; an answer to a question no longer asked is kept as it is."""

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions: tuple[Question, ...] = QUESTIONNAIRES[kind]
        for question in self.questions:
            self.fields[question.key] = answer_field(question)
        self.style_widgets()

    def answers(self) -> dict[str, str]:
        return {
            q.key: self.cleaned_data[q.key].strip()
            for q in self.questions
            if self.cleaned_data.get(q.key, "").strip()
        }
