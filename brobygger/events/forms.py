"""Forms of matchmaking events: they parse and validate; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import AnyUser, Permission
from brobygger.accounts.fields import MunicipalityFieldMixin
from brobygger.core.forms import Form, ModelForm
from brobygger.partners.models import Organisation
from brobygger.partnerships.models import Municipality

from .models import Event, FollowUp, Participant


class EventForm(MunicipalityFieldMixin, ModelForm):
    municipality_permission = Permission.MANAGE_PARTNERS
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects)

    class Meta:
        model = Event
        fields = [
            "municipality",
            "title",
            "held_on",
            "starts_at",
            "place",
            "rounds",
            "tables",
            "minutes_per_round",
            "changeover_minutes",
            "fill_empty_seats",
            "allow_sit_outs",
            "min_meetings",
            "mutual_weight",
            "one_sided_weight",
            "notes",
        ]
        help_texts = {
            "held_on": _("As dd.mm.yyyy"),
            "starts_at": _("As hh:mm, e.g. 16:00."),
            "tables": _(
                "Each table seats one association and one company per round. Without "
                "sit-outs, each side needs a table per participant."
            ),
            "fill_empty_seats": _(
                "Pairs nobody asked for fill the seats that would otherwise stay empty: "
                "meeting someone new is the point of speed dating. They never cost a wish."
            ),
            "allow_sit_outs": _(
                "When one side has more participants than there are tables, they take turns "
                "and some sit out a round."
            ),
            "min_meetings": _(
                "When one side has more participants than there are seats, some sit out "
                "rounds: this many meetings are guaranteed to everyone. 0: no guarantee."
            ),
            "mutual_weight": _(
                "How much a meeting both sides asked for counts. Empty: 3, so it beats two "
                "one-sided meetings."
            ),
            "one_sided_weight": _("How much a meeting one side asked for counts. Empty: 1."),
        }
        widgets = {
            "starts_at": forms.TimeInput(format="%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_municipality(user)
        if self.instance.pk:
            self.fields["municipality"].initial = self.instance.municipality_id
            self.fields["municipality"].disabled = True


class OrganisationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: models.Model) -> str:
        assert isinstance(obj, Organisation)  # nosec B101  # narrows the type for mypy only
        return f"{obj.name} ({obj.get_kind_display()})"


class ParticipantAddForm(Form):
    """Partners of the event's municipality to add: approved, of a kind that takes part,
    and not in the event yet (the choices come from ``selectors.candidate_organisations``)."""

    organisations = OrganisationChoiceField(
        label=_("Partners"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _(
                "%(value)s cannot be added: only approved associations and companies of the "
                "event's municipality that are not in the event yet."
            ),
        },
    )

    def __init__(
        self, *args: Any, candidates: models.QuerySet[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = candidates  # type: ignore[attr-defined]


class PartnerChoiceField(forms.ModelMultipleChoiceField):
    """The other side's participants; the label says who already wants to meet this one,
    which helps spot mutual wishes."""

    def __init__(self, *args: Any, wished_by: set[int], **kwargs: Any) -> None:
        self.wished_by = wished_by
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: models.Model) -> str:
        assert isinstance(obj, Participant)  # nosec B101  # narrows the type for mypy only
        if obj.pk in self.wished_by:
            return str(_("%(name)s (wants to meet you)") % {"name": obj.organisation.name})
        return obj.organisation.name


class ParticipantForm(Form):
    """Who comes for the participant, and whom they want to meet on the other side."""

    contact_name = forms.CharField(
        label=_("Who comes"),
        max_length=200,
        required=False,
        help_text=_("The person who sits at the table, for the printed programme."),
    )

    def __init__(
        self,
        *args: Any,
        others: models.QuerySet[Participant],
        wished_by: set[int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wants"] = PartnerChoiceField(
            label=_("Wants to meet"),
            queryset=others,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            wished_by=wished_by,
            help_text=_("Tick everyone on the other side this participant wants to meet."),
        )
        self.style_widgets()


YES_NO_UNKNOWN = [("", _("Not asked yet")), ("true", _("Yes")), ("false", _("No"))]


class FollowUpForm(ModelForm):
    association_continues = forms.TypedChoiceField(
        choices=YES_NO_UNKNOWN,
        coerce=lambda value: value == "true",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    company_continues = forms.TypedChoiceField(
        choices=YES_NO_UNKNOWN,
        coerce=lambda value: value == "true",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = FollowUp
        fields = ["association_continues", "company_continues", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, association: str, company: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["association_continues"].label = _("Does %(name)s want to continue?") % {
            "name": association
        }
        self.fields["company_continues"].label = _("Does %(name)s want to continue?") % {
            "name": company
        }
        for name in ("association_continues", "company_continues"):
            value = getattr(self.instance, name)
            self.initial[name] = "" if value is None else ("true" if value else "false")
