from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import AnyUser, Permission
from brobygger.accounts.fields import MunicipalityFieldMixin
from brobygger.core.forms import Form, ModelForm
from brobygger.outreach.models import OutreachMethod
from brobygger.partnerships.models import Municipality

from .models import (
    PLACEMENT_MAX,
    PLACEMENT_MIN,
    LibraryCategory,
    MethodEntry,
    SuccessStory,
    Survey,
    SurveyStatement,
)
from .statements import PICKS_PER_SIDE


class MethodEntryForm(ModelForm):
    class Meta:
        model = MethodEntry
        fields = [
            "title",
            "category",
            "tags",
            "summary",
            "steps",
            "pros",
            "cons",
            "resources",
            "source",
            "outreach_method",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "steps": forms.Textarea(attrs={"rows": 8}),
            "pros": forms.Textarea(attrs={"rows": 4}),
            "cons": forms.Textarea(attrs={"rows": 4}),
            "resources": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["outreach_method"]
        # Methods in use, and the one the entry links to even if it has been retired.
        methods = Q(is_active=True)
        if self.instance.outreach_method_id is not None:
            methods |= Q(pk=self.instance.outreach_method_id)
        field.queryset = OutreachMethod.objects.filter(methods)  # type: ignore[attr-defined]
        field.label_from_instance = (  # type: ignore[attr-defined]
            lambda method: f"{method.get_category_display()}: {method.name}"
        )


class LibraryFilterForm(Form):
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *LibraryCategory.choices],
    )
    tag = forms.CharField(label=_("Tag"), required=False, max_length=50)


class SuccessStoryForm(MunicipalityFieldMixin, ModelForm):
    municipality_permission = Permission.SHARE_KNOWLEDGE
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects)

    class Meta:
        model = SuccessStory
        fields = [
            "municipality",
            "title",
            "text",
            "status",
            "consent_given_on",
            "consent_method",
            "consent_scope",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {
            "consent_given_on": _("As dd.mm.yyyy."),
            "consent_scope": _(
                "A story is published to the partnership only with a consent that covers "
                "the partnership or the public."
            ),
        }

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_municipality(user)
        if self.instance.pk:
            # A story stays in its municipality.
            self.fields["municipality"].initial = self.instance.municipality_id
            self.fields["municipality"].disabled = True


class SurveyForm(MunicipalityFieldMixin, ModelForm):
    """A round's title and dates; a new round also its municipality, among ``municipalities``
    (hidden when there is only one to choose)."""

    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects)

    class Meta:
        model = Survey
        fields = ["municipality", "title", "opens_on", "closes_on"]
        help_texts = {"opens_on": _("As dd.mm.yyyy."), "closes_on": _("As dd.mm.yyyy.")}

    def __init__(
        self, *args: Any, municipalities: QuerySet[Municipality] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.only_municipality: Municipality | None = None
        if municipalities is None:
            del self.fields["municipality"]
            return
        self.offer_municipalities(municipalities)


class SurveyAnswerForm(Form):
    """Seed 001's exercise: the statements one agrees with most and least, and a place on the
    scale from sceptical to enthusiastic."""

    most_agreed: forms.ModelMultipleChoiceField[SurveyStatement] = forms.ModelMultipleChoiceField(
        label=_("The statements you agree with most"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    least_agreed: forms.ModelMultipleChoiceField[SurveyStatement] = forms.ModelMultipleChoiceField(
        label=_("The statements you agree with least"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    self_placement = forms.TypedChoiceField(
        label=_("Where are you between sceptical and enthusiastic?"),
        coerce=int,
        choices=[(value, str(value)) for value in range(PLACEMENT_MIN, PLACEMENT_MAX + 1)],
        widget=forms.RadioSelect,
        help_text=_("1: sceptical · 4: expectant · 7: enthusiastic"),
    )

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("most_agreed", "least_agreed"):
            self.fields[name].help_text = gettext("Pick up to %(limit)s.") % {
                "limit": PICKS_PER_SIDE
            }
            self.fields[name].queryset = survey.statements.order_by(  # type: ignore[attr-defined]
                "position", "pk"
            )
