"""Forms of the session pages: parse and validate, then hand ``cleaned_data`` to a service."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.access import AnyUser, Permission
from brobygger.accounts.fields import MunicipalityFieldMixin
from brobygger.core.concurrency import VersionedFormMixin
from brobygger.core.forms import Form, ModelForm
from brobygger.interventions.selectors import intervention_types
from brobygger.languages.selectors import language_list
from brobygger.messaging.models import MessageTemplate
from brobygger.messaging.selectors import template_choices
from brobygger.partners.models import Organisation, Review
from brobygger.partnerships.models import Municipality

from .models import Channel, Reply, Session
from .services import CHANNELS_AVAILABLE

DATE_HELP = _("As dd.mm.yyyy")
TIME_HELP = _("As hh:mm")


class SessionForm(MunicipalityFieldMixin, VersionedFormMixin, ModelForm):
    municipality_permission = Permission.CHANGE_PEOPLE
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects)

    class Meta:
        model = Session
        fields = [
            "municipality",
            "kind",
            "title",
            "date",
            "starts_at",
            "ends_at",
            "place",
            "address",
            "languages",
            "interpreter",
            "interpreter_language",
            "capacity",
            "host",
            "intervention_type",
            "notes",
        ]
        help_texts = {"date": DATE_HELP, "starts_at": TIME_HELP, "ends_at": TIME_HELP}
        widgets = {
            "starts_at": forms.TimeInput(format="%H:%M"),
            "ends_at": forms.TimeInput(format="%H:%M"),
            "languages": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_municipality(user)
        if self.instance.pk:
            self.fields["municipality"].initial = self.instance.municipality_id
            self.fields["municipality"].disabled = True
        self.fields["languages"].queryset = language_list()  # type: ignore[attr-defined]
        self.fields["interpreter_language"].queryset = language_list()  # type: ignore[attr-defined]
        self.fields["intervention_type"].queryset = intervention_types()  # type: ignore[attr-defined]
        municipalities = self.fields["municipality"].queryset  # type: ignore[attr-defined]
        self.fields["host"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.filter(review=Review.APPROVED, municipality__in=municipalities)
            .select_related("municipality")
            .order_by("name")
        )
        self.style_widgets()


class InviteForm(Form):
    """The people ticked in a search (or posted from a list) and the channel."""

    person = forms.TypedMultipleChoiceField(
        label=_("People"),
        coerce=int,
        choices=(),
        error_messages={"required": _("Tick at least one person.")},
    )
    channel = forms.ChoiceField(label=_("Invite by"), widget=forms.RadioSelect)
    template = forms.ModelChoiceField(
        label=_("Text message"),
        queryset=MessageTemplate.objects.none(),
        required=False,
        help_text=_(
            "Sent in her own language where the text has it, with the session's date, time and "
            "place. Only to people who consented to text messages."
        ),
    )

    def __init__(self, *args: Any, person_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(pk, pk) for pk in person_ids]  # type: ignore[attr-defined]
        self.fields["channel"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Channel.choices if value in CHANNELS_AVAILABLE
        ]
        self.fields["channel"].initial = Channel.LETTER
        template = cast(forms.ModelChoiceField, self.fields["template"])
        template.queryset = MessageTemplate.objects.filter(
            pk__in=[t.pk for t in template_choices()]
        )
        self.style_widgets()


class ReplyForm(Form):
    reply = forms.ChoiceField(
        label=_("Reply"), choices=[("", _("No answer yet")), *Reply.choices], required=False
    )


class WordsField(forms.CharField):
    """Words or short phrases, one per line or separated by commas."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        # The field's own null-character check sees the list, whose repr hides the byte; a
        # NUL must be refused here, before it reaches a JSON column (PostgreSQL refuses it).
        ProhibitNullCharactersValidator()(text)
        parts = [p.strip() for line in text.splitlines() for p in line.split(",")]
        return list(dict.fromkeys(p for p in parts if p))

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value


WORDS_HELP = _("One word or phrase a line. Case and accents do not matter.")


class WordingForm(Form):
    heading = forms.CharField(label=_("Heading of the letter"), max_length=200)
    body = forms.CharField(
        label=_("Invitation text"),
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Merge fields: {name}, {title}, {date}, {start}, {end}, {place} and {address}."
        ),
    )
    reminder_heading = forms.CharField(label=_("Heading of the reminder"), max_length=200)
    yes_words = WordsField(
        label=_("Words for yes"), help_text=WORDS_HELP, widget=forms.Textarea(attrs={"rows": 3})
    )
    no_words = WordsField(
        label=_("Words for no"), help_text=WORDS_HELP, widget=forms.Textarea(attrs={"rows": 3})
    )
    maybe_words = WordsField(
        label=_("Words for maybe"),
        help_text=WORDS_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    checked_by_translator = forms.BooleanField(
        label=_("A translator has checked the texts"), required=False
    )
