"""Forms of the agreement pages: parse and validate, then hand ``cleaned_data`` to a service."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import AnyUser, Permission
from brobygger.accounts.fields import MunicipalityFieldMixin
from brobygger.core.concurrency import VersionedFormMixin
from brobygger.core.forms import Form, ModelForm
from brobygger.partners.models import Organisation
from brobygger.partnerships.models import Municipality

from .models import AGENDA, Agreement, StatusMeeting
from .services import PartyValues

DATE_HELP = _("As dd.mm.yyyy")
MAX_PARTIES = 20

TEXT_ROWS = {
    "municipality_resources": 2,
    "purpose": 3,
    "what": 3,
    "when": 2,
    "how_often": 2,
    "how_long": 2,
    "how": 3,
    "where": 2,
    "how_much": 2,
    "challenges": 3,
    "too_few_volunteers": 3,
}


# The form's sections, in seed 002's order (the parties' own rows come in ``PartyFormSet``).
SECTIONS = {
    "header": ("municipality", "title"),
    "municipality": (
        "municipality_is_party",
        "municipality_resources",
        "municipality_signatory_name",
        "municipality_signatory_role",
        "municipality_signed_on",
    ),
    "cooperation": (
        "purpose",
        "what",
        "when",
        "where",
        "how_often",
        "how_long",
        "how",
        "how_much",
        "progress_responsible",
        "is_csr",
    ),
    "meetings": ("meeting_every_months", "first_meeting_on", "meeting_place"),
    "challenges": ("challenges", "too_few_volunteers"),
    "period": ("starts_on", "ends_on"),
}


class AgreementForm(MunicipalityFieldMixin, VersionedFormMixin, ModelForm):
    """The agreement's own fields, in seed 002's order; the parties come in ``PartyFormSet``.
    A change carries the version it was opened from."""

    municipality_permission = Permission.MANAGE_PARTNERS
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects)

    class Meta:
        model = Agreement
        fields = [
            "municipality",
            "title",
            "municipality_is_party",
            "municipality_resources",
            "municipality_signatory_name",
            "municipality_signatory_role",
            "municipality_signed_on",
            "purpose",
            "what",
            "when",
            "how_often",
            "how_long",
            "how",
            "where",
            "how_much",
            "progress_responsible",
            "is_csr",
            "meeting_every_months",
            "first_meeting_on",
            "meeting_place",
            "challenges",
            "too_few_volunteers",
            "starts_on",
            "ends_on",
        ]
        help_texts = {
            "municipality_signed_on": DATE_HELP,
            "starts_on": DATE_HELP,
            "ends_on": DATE_HELP,
        }
        widgets = {name: forms.Textarea(attrs={"rows": rows}) for name, rows in TEXT_ROWS.items()}

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_municipality(user)
        if self.instance.pk:
            self.fields["municipality"].initial = self.instance.municipality_id
            self.fields["municipality"].disabled = True
        # The model's check reads "0 is an error" in words a user understands.
        self.fields["meeting_every_months"].error_messages["min_value"] = str(
            _("Status meetings are held every 1 to 12 months.")
        )

    def sections(self) -> dict[str, list[forms.BoundField]]:
        """The page's sections (see ``SECTIONS``) with their fields."""
        return {
            section: [self[name] for name in names if name in self.fields]
            for section, names in SECTIONS.items()
        }


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: models.Model) -> str:
        assert isinstance(obj, Organisation)  # nosec B101  # narrows a type for mypy
        return f"{obj.name} ({obj.municipality.name})"


class PartyForm(Form):
    """One party. A row without a partner is no party (clear a row to remove one)."""

    organisation = OrganisationChoiceField(
        label=_("Partner"), queryset=Organisation.objects.none(), required=False
    )
    resources = forms.CharField(
        label=_("Resources"),
        help_text=_("What the party can and will put into the cooperation."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5_000,
        required=False,
    )
    signatory_name = forms.CharField(label=_("Signs for the party"), max_length=200, required=False)
    signatory_role = forms.CharField(label=_("Signatory's role"), max_length=200, required=False)
    signed_on = forms.DateField(label=_("Signed on"), help_text=DATE_HELP, required=False)
    gains = forms.CharField(
        label=_("What the party gains"),
        help_text=_("In a CSR cooperation: what the party gets out of it."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2_000,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        organisations: models.QuerySet[Organisation],
        choices: list[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)  # nosec B101  # narrows a type for mypy
        field.queryset = organisations
        if choices is not None:
            # The options, read once for all rows of the formset (``party_formset``).
            field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_other = any(data.get(name) for name in data if name != "organisation")
        if data.get("organisation") is None and has_other:
            self.add_error("organisation", _("Choose the partner, or empty the row."))
        return data

    def party(self) -> PartyValues | None:
        data = self.cleaned_data
        if not data or data.get("organisation") is None:
            return None
        return PartyValues(
            organisation=data["organisation"],
            resources=data.get("resources", ""),
            signatory_name=data.get("signatory_name", ""),
            signatory_role=data.get("signatory_role", ""),
            signed_on=data.get("signed_on"),
            gains=data.get("gains", ""),
        )


if TYPE_CHECKING:
    _PartyFormSetBase = forms.BaseFormSet[PartyForm]
else:
    _PartyFormSetBase = forms.BaseFormSet


class BasePartyFormSet(_PartyFormSetBase):
    def parties(self) -> list[PartyValues]:
        return [party for form in self.forms if (party := form.party()) is not None]


def party_formset(
    data: Any,
    *,
    organisations: models.QuerySet[Organisation],
    initial: list[dict[str, Any]],
) -> BasePartyFormSet:
    """The party rows: the parties given, and empty rows to add more (at least three rows)."""
    extra = max(1, 3 - len(initial))
    formset_class = forms.formset_factory(
        PartyForm,
        formset=BasePartyFormSet,
        extra=extra,
        max_num=MAX_PARTIES,
        validate_max=True,
    )
    # Every row offers the same partners: read them once, not once per row.
    field = OrganisationChoiceField(queryset=organisations, required=False)
    choices = list(field.iterator(field))
    formset = formset_class(
        data,
        initial=initial,
        prefix="party",
        form_kwargs={"organisations": organisations, "choices": choices},
    )
    assert isinstance(formset, BasePartyFormSet)  # nosec B101  # narrows a type for mypy
    return formset


class StatusMeetingForm(ModelForm):
    """The meeting's date and place, who took part, and the minutes of each agenda item."""

    class Meta:
        model = StatusMeeting
        fields = [
            "date",
            "time",
            "place",
            "participants",
            *(name for name, _question in AGENDA),
            "held",
        ]
        help_texts = {"date": DATE_HELP, "time": _("As hh:mm")}
        widgets = {
            "participants": forms.Textarea(attrs={"rows": 2}),
            **{name: forms.Textarea(attrs={"rows": 4}) for name, _question in AGENDA},
        }
